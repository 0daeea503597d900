//! A small HTTP `CONNECT` proxy on 127.0.0.1 for end-to-end tests of proxy support: it tunnels
//! each `CONNECT host:port` to the target (or to an address the test maps the name to), counts
//! the requests, records their targets and the bytes it relays, and can be told to refuse.
//! [`crate::socks5_proxy`] is its SOCKS5 sibling; both share the plumbing below.
//!
//! Only tokio's `net` feature is used (readiness and `try_read`/`try_write`), so the module
//! needs nothing beyond what tests/support already enables.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

/// What the proxy does with the next requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Refusal {
    /// Tunnel every request (the default).
    #[default]
    None,
    /// Answer each request with this HTTP status (`403`, `407`, ...) and close; the SOCKS5
    /// proxy answers "connection not allowed by ruleset" instead.
    Status(u16),
    /// Close each connection as soon as the request has been read, without an answer.
    Close,
}

/// One request a proxy received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest {
    /// The target as the client named it: `host:port`, IPv6 in brackets.
    pub target: String,
    /// The `Proxy-Authorization` header (HTTP) or `user:password` (SOCKS5), if sent.
    pub credentials: Option<String>,
}

/// State shared by a proxy's thread and the test.
#[derive(Debug, Default)]
pub(crate) struct ProxyState {
    requests: Mutex<Vec<ProxyRequest>>,
    refusal: Mutex<Refusal>,
    resolve: Mutex<HashMap<String, SocketAddr>>,
    to_client: AtomicU64,
    from_client: AtomicU64,
    /// Bumped to cut every open tunnel.
    epoch: tokio::sync::watch::Sender<u64>,
}

impl ProxyState {
    pub(crate) fn record(&self, request: ProxyRequest) {
        self.requests.lock().expect("proxy requests").push(request);
    }

    pub(crate) fn refusal(&self) -> Refusal {
        *self.refusal.lock().expect("proxy refusal")
    }

    /// Connects to `host:port`, through the test's mapping when it has one for `host:port`
    /// or `host`.
    pub(crate) async fn connect(&self, host: &str, port: u16) -> io::Result<TcpStream> {
        let mapped = {
            let map = self.resolve.lock().expect("proxy resolve map");
            map.get(&format!("{host}:{port}"))
                .or_else(|| map.get(host))
                .copied()
        };
        if let Some(addr) = mapped {
            TcpStream::connect(addr).await
        } else {
            let host = host.trim_start_matches('[').trim_end_matches(']');
            TcpStream::connect((host, port)).await
        }
    }

    /// Relays bytes both ways until either side closes or the tunnels are cut; `early` are
    /// bytes the client sent along with its request, for the target.
    pub(crate) async fn tunnel(&self, client: TcpStream, upstream: TcpStream, early: &[u8]) {
        let mut cut = self.epoch.subscribe();
        let (client_read, client_write) = client.into_split();
        let (upstream_read, upstream_write) = upstream.into_split();
        if !early.is_empty() {
            self.from_client
                .fetch_add(early.len() as u64, Ordering::Relaxed);
            if write_all(&upstream_write, early).await.is_err() {
                return;
            }
        }
        let up = relay(client_read, upstream_write, &self.from_client);
        let down = relay(upstream_read, client_write, &self.to_client);
        tokio::select! {
            _ = async { tokio::join!(up, down) } => {}
            _ = cut.changed() => {}
        }
    }
}

/// Copies `from` to `to` until end of file, counting the bytes; dropping `to` then closes its
/// direction.
async fn relay(from: OwnedReadHalf, to: OwnedWriteHalf, count: &AtomicU64) -> io::Result<()> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = read_some(&from, &mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        // Counted first, so that a test sees the count once the bytes have arrived.
        count.fetch_add(n as u64, Ordering::Relaxed);
        write_all(&to, &buf[..n]).await?;
    }
}

/// Reads what is available (at least one byte, or 0 at end of file).
pub(crate) async fn read_some(from: &OwnedReadHalf, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        from.readable().await?;
        match from.try_read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            result => return result,
        }
    }
}

/// Writes all of `bytes`.
pub(crate) async fn write_all(to: &OwnedWriteHalf, mut bytes: &[u8]) -> io::Result<()> {
    while !bytes.is_empty() {
        to.writable().await?;
        match to.try_write(bytes) {
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// A proxy server running on its own thread and runtime; stopped when dropped.
#[derive(Debug)]
pub(crate) struct Running {
    addr: SocketAddr,
    state: Arc<ProxyState>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// Binds 127.0.0.1 on a free port and serves each accepted connection with `handle`.
    pub(crate) fn start<F, Fut>(name: &str, handle: F) -> Self
    where
        F: Fn(TcpStream, Arc<ProxyState>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy port");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("proxy address");
        let state = Arc::new(ProxyState::default());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let shared = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("proxy runtime");
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    let accept = async {
                        loop {
                            let Ok((stream, _)) = listener.accept().await else {
                                continue;
                            };
                            tokio::spawn(handle(stream, Arc::clone(&shared)));
                        }
                    };
                    tokio::select! {
                        () = accept => {}
                        _ = stopped => {}
                    }
                });
                runtime.shutdown_background();
            })
            .expect("spawn the proxy thread");
        Running {
            addr,
            state,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(crate) fn requests(&self) -> Vec<ProxyRequest> {
        self.state.requests.lock().expect("proxy requests").clone()
    }

    pub(crate) fn set_refusal(&self, refusal: Refusal) {
        *self.state.refusal.lock().expect("proxy refusal") = refusal;
    }

    pub(crate) fn resolve(&self, name: &str, to: SocketAddr) {
        self.state
            .resolve
            .lock()
            .expect("proxy resolve map")
            .insert(name.to_owned(), to);
    }

    pub(crate) fn bytes(&self) -> (u64, u64) {
        (
            self.state.from_client.load(Ordering::Relaxed),
            self.state.to_client.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn cut_tunnels(&self) {
        self.state.epoch.send_modify(|e| *e += 1);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.cut_tunnels();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A proxy for tests: HTTP `CONNECT` ([`TestProxy::connect`]) or SOCKS5
/// ([`TestProxy::socks5`], `crate::socks5_proxy`), on 127.0.0.1 on a free port.
#[derive(Debug)]
pub struct TestProxy {
    running: Running,
    scheme: &'static str,
}

impl TestProxy {
    /// Starts an HTTP `CONNECT` proxy.
    pub fn connect() -> Self {
        TestProxy {
            running: Running::start("connect-proxy", serve_connect),
            scheme: "http",
        }
    }

    /// Starts a SOCKS5 proxy.
    pub fn socks5() -> Self {
        TestProxy {
            running: Running::start("socks5-proxy", crate::socks5_proxy::serve_socks5),
            scheme: "socks5",
        }
    }

    /// `http://127.0.0.1:<port>` or `socks5://127.0.0.1:<port>`, for `HTTPS_PROXY` or a
    /// kubeconfig's `proxy-url`.
    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.running.addr())
    }

    /// The address the proxy listens on.
    pub fn addr(&self) -> SocketAddr {
        self.running.addr()
    }

    /// How many `CONNECT` requests (SOCKS5: commands) arrived, refused ones included.
    pub fn connects(&self) -> usize {
        self.running.requests().len()
    }

    /// The targets of the `CONNECT` requests so far (`host:port`, IPv6 in brackets), in
    /// order; through SOCKS5 a name means the client left resolving it to the proxy.
    pub fn targets(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.target).collect()
    }

    /// Every request so far, with its credentials (SOCKS5: the `user:password` it
    /// authenticated with), if any.
    pub fn requests(&self) -> Vec<ProxyRequest> {
        self.running.requests()
    }

    /// Refuses (or stops refusing) the next requests; through SOCKS5 [`Refusal::Status`]
    /// answers "connection not allowed by ruleset" and [`Refusal::Close`] closes the
    /// connection.
    pub fn set_refusal(&self, refusal: Refusal) {
        self.running.set_refusal(refusal);
    }

    /// Tunnels requests for `name` (`host` or `host:port`) to `to`, as curl's `--resolve`:
    /// a client can then use a server name its own resolver does not know (one the server's
    /// certificate names, such as `kubernetes`), which only the proxy can reach.
    pub fn resolve(&self, name: &str, to: SocketAddr) {
        self.running.resolve(name, to);
    }

    /// Bytes relayed (from the client, to the client) through all tunnels so far: what went
    /// over the wire between client and server, TLS included.
    pub fn bytes(&self) -> (u64, u64) {
        self.running.bytes()
    }

    /// Cuts every open tunnel, as a network failure would.
    pub fn cut_tunnels(&self) {
        self.running.cut_tunnels();
    }
}

/// A URL of 127.0.0.1 on which nothing listens: connections to it are refused.
pub fn refusing_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    format!("http://{addr}")
}

const MAX_HEAD: usize = 16 * 1024;

async fn serve_connect(stream: TcpStream, state: Arc<ProxyState>) {
    let (read, write) = stream.into_split();
    let Ok((head, rest)) = read_head(&read).await else {
        return;
    };
    let Some((method, target, credentials)) = parse_head(&head) else {
        let _ = write_all(
            &write,
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
        )
        .await;
        return;
    };
    if method != "CONNECT" {
        // Plain-HTTP forwarding (`GET http://...`) is not what these tests are about.
        let _ = write_all(
            &write,
            b"HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )
        .await;
        return;
    }
    state.record(ProxyRequest {
        target: target.clone(),
        credentials,
    });
    match state.refusal() {
        Refusal::None => {}
        Refusal::Status(code) => {
            let answer = format!(
                "HTTP/1.1 {code} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                reason(code)
            );
            let _ = write_all(&write, answer.as_bytes()).await;
            return;
        }
        Refusal::Close => return,
    }
    let Some((host, port)) = split_target(&target) else {
        let _ = write_all(
            &write,
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n",
        )
        .await;
        return;
    };
    let Ok(upstream) = state.connect(host, port).await else {
        let _ = write_all(
            &write,
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n",
        )
        .await;
        return;
    };
    if write_all(&write, b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .is_err()
    {
        return;
    }
    let client = read.reunite(write).expect("halves of one stream");
    state.tunnel(client, upstream, &rest).await;
}

/// Reads up to the blank line ending the request head; returns the head and whatever came
/// after it.
async fn read_head(read: &OwnedReadHalf) -> io::Result<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let rest = data.split_off(end + 4);
            return Ok((String::from_utf8_lossy(&data).into_owned(), rest));
        }
        if data.len() > MAX_HEAD {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "head too long"));
        }
        let n = read_some(read, &mut buf).await?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        data.extend_from_slice(&buf[..n]);
    }
}

/// The method, the request target and the `Proxy-Authorization` value of a request head.
fn parse_head(head: &str) -> Option<(String, String, Option<String>)> {
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let credentials = lines.find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    });
    Some((method, target, credentials))
}

/// `host:port` or `[v6]:port` into host (brackets kept) and port.
fn split_target(target: &str) -> Option<(&str, u16)> {
    let colon = target.rfind(':')?;
    let port = target[colon + 1..].parse().ok()?;
    let host = &target[..colon];
    (!host.is_empty()).then_some((host, port))
}

fn reason(code: u16) -> &'static str {
    match code {
        403 => "Forbidden",
        407 => "Proxy Authentication Required",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Refused",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::{Read as _, Write as _};
    use std::net::TcpStream as StdStream;
    use std::time::Duration;

    use super::*;

    /// A TCP echo server on 127.0.0.1 (one thread per connection); lives as long as the test.
    pub(crate) fn echo_server() -> SocketAddr {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                std::thread::spawn(move || {
                    let mut buf = [0u8; 1024];
                    while let Ok(n) = stream.read(&mut buf) {
                        if n == 0 || stream.write_all(&buf[..n]).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    pub(crate) fn connect(addr: SocketAddr) -> StdStream {
        let stream = StdStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Reads a response head (up to the blank line).
    fn response_head(stream: &mut StdStream) -> String {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        String::from_utf8_lossy(&head).into_owned()
    }

    pub(crate) fn echo_roundtrip(stream: &mut StdStream, text: &[u8]) {
        stream.write_all(text).unwrap();
        let mut back = vec![0u8; text.len()];
        stream.read_exact(&mut back).unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn tunnels_to_the_target_and_counts() {
        let echo = echo_server();
        let proxy = TestProxy::connect();
        assert!(proxy.url().starts_with("http://127.0.0.1:"));
        let mut stream = connect(proxy.addr());
        write!(
            stream,
            "CONNECT {echo} HTTP/1.1\r\nHost: {echo}\r\nProxy-Authorization: Basic dTpw\r\n\r\n"
        )
        .unwrap();
        let head = response_head(&mut stream);
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        echo_roundtrip(&mut stream, b"hello through the tunnel");
        echo_roundtrip(&mut stream, b"and again");
        assert_eq!(proxy.connects(), 1);
        assert_eq!(proxy.targets(), [echo.to_string()]);
        assert_eq!(
            proxy.requests()[0].credentials.as_deref(),
            Some("Basic dTpw")
        );
        let (up, down) = proxy.bytes();
        assert_eq!((up, down), (33, 33));
    }

    #[test]
    fn bytes_sent_with_the_request_head_reach_the_target() {
        let echo = echo_server();
        let proxy = TestProxy::connect();
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT {echo} HTTP/1.1\r\n\r\nearly").unwrap();
        let head = response_head(&mut stream);
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        let mut back = [0u8; 5];
        stream.read_exact(&mut back).unwrap();
        assert_eq!(&back, b"early");
    }

    #[test]
    fn resolves_names_the_test_maps() {
        let echo = echo_server();
        let proxy = TestProxy::connect();
        proxy.resolve("kubernetes", echo);
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT kubernetes:6443 HTTP/1.1\r\n\r\n").unwrap();
        assert!(response_head(&mut stream).starts_with("HTTP/1.1 200 "));
        echo_roundtrip(&mut stream, b"by name");
        assert_eq!(proxy.targets(), ["kubernetes:6443"]);
    }

    #[test]
    fn refuses_when_told_and_reports_unreachable_targets() {
        let echo = echo_server();
        let proxy = TestProxy::connect();
        proxy.set_refusal(Refusal::Status(403));
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT {echo} HTTP/1.1\r\n\r\n").unwrap();
        assert!(response_head(&mut stream).starts_with("HTTP/1.1 403 Forbidden"));

        proxy.set_refusal(Refusal::Close);
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT {echo} HTTP/1.1\r\n\r\n").unwrap();
        assert_eq!(response_head(&mut stream), "", "closed without an answer");

        proxy.set_refusal(Refusal::None);
        let closed = refusing_url();
        let closed = closed.trim_start_matches("http://");
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT {closed} HTTP/1.1\r\n\r\n").unwrap();
        assert!(response_head(&mut stream).starts_with("HTTP/1.1 502 "));
        assert_eq!(proxy.connects(), 3, "refused requests count too");

        let mut stream = connect(proxy.addr());
        write!(stream, "GET http://{echo}/ HTTP/1.1\r\n\r\n").unwrap();
        assert!(response_head(&mut stream).starts_with("HTTP/1.1 501 "));
        assert_eq!(proxy.connects(), 3, "only CONNECT requests count");
    }

    #[test]
    fn refusing_url_refuses() {
        let url = refusing_url();
        let addr: SocketAddr = url.trim_start_matches("http://").parse().unwrap();
        let err = StdStream::connect(addr).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::ConnectionRefused);
    }

    #[test]
    fn cutting_tunnels_closes_them() {
        let echo = echo_server();
        let proxy = TestProxy::connect();
        let mut stream = connect(proxy.addr());
        write!(stream, "CONNECT {echo} HTTP/1.1\r\n\r\n").unwrap();
        assert!(response_head(&mut stream).starts_with("HTTP/1.1 200 "));
        echo_roundtrip(&mut stream, b"before");
        proxy.cut_tunnels();
        let mut buf = [0u8; 8];
        assert_eq!(stream.read(&mut buf).unwrap_or(0), 0, "end of stream");
    }

    #[test]
    fn heads_and_targets_parse() {
        assert_eq!(
            parse_head("CONNECT [::1]:443 HTTP/1.1\r\nproxy-authorization:  Basic x \r\n"),
            Some(("CONNECT".into(), "[::1]:443".into(), Some("Basic x".into())))
        );
        assert_eq!(split_target("[::1]:443"), Some(("[::1]", 443)));
        assert_eq!(split_target("host:http"), None);
        assert_eq!(split_target(":80"), None);
    }
}
