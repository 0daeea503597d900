// Command crkit-apiserver runs a real kube-apiserver (built from k8s.io/kubernetes) on top of
// an embedded etcd, both on loopback, for crkit's end-to-end tests and demo.
//
// It generates its own CA, serving certificate, service-account keys and bearer tokens on
// first start, keeps them (and the etcd data) in --data-dir so that a restart with the same
// directory and --port serves the same objects to the same kubeconfig, and prints one line,
// "ready kubeconfig=<path> server=<url>", on stdout once /readyz answers ok.
package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

// shutdownGrace is how long a stop waits for the API server's graceful shutdown. That shutdown
// waits for open watches, which clients hold for minutes (kubectl get -w, crwatch): past the
// grace the process ends anyway, etcd closed first so that its data is on disk.
const shutdownGrace = 2 * time.Second

// state is what a data directory remembers between starts.
type state struct {
	EtcdClientPort int    `json:"etcdClientPort"`
	EtcdPeerPort   int    `json:"etcdPeerPort"`
	APIPort        int    `json:"apiPort"`
	AdminToken     string `json:"adminToken"`
	LimitedToken   string `json:"limitedToken"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("crkit-apiserver: ")
	dataDir := flag.String("data-dir", "", "directory for etcd data, keys and the kubeconfig (default: a new temporary directory)")
	port := flag.Int("port", 0, "secure port of the API server (default: the one this data dir used before, else a free one)")
	compaction := flag.Duration("compaction-interval", 5*time.Minute, "--etcd-compaction-interval of the API server (short values let tests provoke 410 Gone)")
	verbosity := flag.Int("v", 0, "log verbosity of the API server")
	flag.Parse()

	if *dataDir == "" {
		d, err := os.MkdirTemp("", "crkit-apiserver-")
		check(err)
		*dataDir = d
	}
	dir, err := filepath.Abs(*dataDir)
	check(err)
	pki := filepath.Join(dir, "pki")
	check(os.MkdirAll(pki, 0o700))

	st := loadState(dir)
	if *port != 0 {
		st.APIPort = *port
	}
	st.EtcdClientPort = portOrFree(st.EtcdClientPort)
	st.EtcdPeerPort = portOrFree(st.EtcdPeerPort)
	st.APIPort = portOrFree(st.APIPort)
	if st.AdminToken == "" {
		st.AdminToken = randomToken()
		st.LimitedToken = randomToken()
	}
	saveState(dir, st)

	caPEM := ensurePKI(pki)
	tokens := filepath.Join(pki, "tokens.csv")
	writeFile(tokens, fmt.Sprintf("%s,admin,admin,\"system:masters\"\n%s,limited,limited\n", st.AdminToken, st.LimitedToken))
	server := fmt.Sprintf("https://127.0.0.1:%d", st.APIPort)
	kubeconfig := filepath.Join(dir, "kubeconfig")
	writeFile(kubeconfig, renderKubeconfig(server, caPEM, st))

	etcd := startEtcd(filepath.Join(dir, "etcd"), st)
	closeEtcd := sync.OnceFunc(etcd.Close)
	defer closeEtcd()
	go exitAfterGrace(closeEtcd)

	args := []string{
		"--etcd-servers=" + fmt.Sprintf("http://127.0.0.1:%d", st.EtcdClientPort),
		"--etcd-compaction-interval=" + compaction.String(),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(st.APIPort),
		"--cert-dir=" + pki,
		"--tls-cert-file=" + filepath.Join(pki, "serving.crt"),
		"--tls-private-key-file=" + filepath.Join(pki, "serving.key"),
		"--client-ca-file=" + filepath.Join(pki, "ca.crt"),
		"--token-auth-file=" + tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + filepath.Join(pki, "sa.pub"),
		"--service-account-signing-key-file=" + filepath.Join(pki, "sa.key"),
		"--service-cluster-ip-range=10.0.0.0/24",
		// No controller manager runs: admission plugins that wait for controllers
		// (service-account tokens, default storage classes) would reject or stall requests.
		"--disable-admission-plugins=ServiceAccount,DefaultStorageClass,StorageObjectInUseProtection,PersistentVolumeClaimResize,RuntimeClass,DefaultIngressClass",
		"--endpoint-reconciler-type=none",
		"--profiling=false",
		"--shutdown-delay-duration=0s",
		"--shutdown-send-retry-after=false",
		"--v=" + strconv.Itoa(*verbosity),
	}
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()

	ready := make(chan struct{})
	go waitReady(server, caPEM, st.AdminToken, ready, done)
	select {
	case <-ready:
		fmt.Printf("ready kubeconfig=%s server=%s data-dir=%s\n", kubeconfig, server, dir)
		_ = os.Stdout.Sync()
	case err := <-done:
		closeEtcd()
		log.Fatalf("kube-apiserver exited before it was ready: %v", err)
	}
	// The API server's own signal handler cancels its context on SIGINT/SIGTERM; once it has
	// drained, etcd is closed by the deferred call so that its data is flushed.
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		closeEtcd()
		log.Fatalf("kube-apiserver: %v", err)
	}
	fmt.Println("stopped: graceful shutdown complete")
}

// exitAfterGrace ends the process shutdownGrace after SIGTERM or SIGINT when the graceful
// shutdown has not finished by then (open watches hold it), saying so in the log.
func exitAfterGrace(closeEtcd func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	<-sig
	time.Sleep(shutdownGrace)
	fmt.Printf("stopped: requests still open %s after the signal (watches); closing them\n", shutdownGrace)
	_ = os.Stdout.Sync()
	// etcd's own close waits for the API server's watches on it as well: a second at most.
	// What it has not flushed is in its write-ahead log, replayed at the next start.
	closed := make(chan struct{})
	go func() {
		closeEtcd()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(time.Second):
	}
	os.Exit(0)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func loadState(dir string) state {
	var st state
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if err == nil {
		check(json.Unmarshal(b, &st))
	}
	return st
}

func saveState(dir string, st state) {
	b, err := json.MarshalIndent(st, "", "  ")
	check(err)
	writeFile(filepath.Join(dir, "state.json"), string(b)+"\n")
}

func writeFile(path, content string) {
	tmp := path + ".tmp"
	check(os.WriteFile(tmp, []byte(content), 0o600))
	check(os.Rename(tmp, path))
}

// portOrFree keeps a remembered port when it is still free, so that restarts on the same data
// dir keep etcd's member URLs and the kubeconfig valid; otherwise it picks a free one.
func portOrFree(p int) int {
	if p != 0 {
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p)); err == nil {
			_ = l.Close()
			return p
		}
		log.Fatalf("port %d on 127.0.0.1 is in use (is another server running on this data dir?)", p)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func randomToken() string {
	b := make([]byte, 24)
	_, err := rand.Read(b)
	check(err)
	return hex.EncodeToString(b)
}

// ensurePKI creates, once per data dir, a CA, a loopback serving certificate signed by it and
// the service-account key pair; it returns the CA certificate in PEM.
func ensurePKI(pki string) []byte {
	caCrt := filepath.Join(pki, "ca.crt")
	if b, err := os.ReadFile(caCrt); err == nil {
		return b
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	check(err)
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "crkit-test-ca"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	check(err)
	ca, err := x509.ParseCertificate(caDER)
	check(err)

	srvKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	check(err)
	srvTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(10 * 365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.0.0.1")},
	}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, ca, &srvKey.PublicKey, caKey)
	check(err)

	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	check(err)
	saPub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	check(err)

	writeFile(filepath.Join(pki, "serving.crt"), pemOf("CERTIFICATE", srvDER))
	writeFile(filepath.Join(pki, "serving.key"), pemOf("EC PRIVATE KEY", mustEC(srvKey)))
	writeFile(filepath.Join(pki, "sa.key"), pemOf("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(saKey)))
	writeFile(filepath.Join(pki, "sa.pub"), pemOf("PUBLIC KEY", saPub))
	caPEM := pemOf("CERTIFICATE", caDER)
	// The CA is written last: its presence marks a complete PKI.
	writeFile(caCrt, caPEM)
	return []byte(caPEM)
}

func mustEC(k *ecdsa.PrivateKey) []byte {
	b, err := x509.MarshalECPrivateKey(k)
	check(err)
	return b
}

func pemOf(kind string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}))
}

func renderKubeconfig(server string, caPEM []byte, st state) string {
	ca := base64.StdEncoding.EncodeToString(caPEM)
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: crkit
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: admin
  user:
    token: %s
- name: limited
  user:
    token: %s
contexts:
- name: admin
  context:
    cluster: crkit
    user: admin
    namespace: default
- name: limited
  context:
    cluster: crkit
    user: limited
    namespace: default
current-context: admin
preferences: {}
`, server, ca, st.AdminToken, st.LimitedToken)
}

func startEtcd(dir string, st state) *embed.Etcd {
	cfg := embed.NewConfig()
	cfg.Name = "crkit"
	cfg.Dir = dir
	client := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", st.EtcdClientPort)}
	peer := url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", st.EtcdPeerPort)}
	cfg.ListenClientUrls = []url.URL{client}
	cfg.AdvertiseClientUrls = []url.URL{client}
	cfg.ListenPeerUrls = []url.URL{peer}
	cfg.AdvertisePeerUrls = []url.URL{peer}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	// Tests create and delete many objects; keep the backend small and fsync cheap.
	cfg.UnsafeNoFsync = true
	e, err := embed.StartEtcd(cfg)
	check(err)
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		e.Close()
		log.Fatal("etcd did not become ready within 60s")
	case err := <-e.Err():
		log.Fatalf("etcd: %v", err)
	}
	return e
}

func waitReady(server string, caPEM []byte, token string, ready chan<- struct{}, done <-chan error) {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{
		Timeout:   2 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		req, _ := http.NewRequest(http.MethodGet, server+"/readyz", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := client.Do(req); err == nil {
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK && string(body) == "ok" {
				close(ready)
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	log.Fatal("kube-apiserver did not answer /readyz ok within 5 minutes")
}
