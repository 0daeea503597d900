//! A kind of an aggregated API on the real server: a small HTTPS server plays the aggregated API
//! server (discovery and `/openapi/v3` with an ETag), the real kube-apiserver proxies to it
//! through an `APIService` and a `Service` of type `ExternalName`. crvalidate, in cluster mode,
//! validates objects of its kind against the cluster's `/openapi/v3` document of the group
//! version, caches it on disk, uses the cache within the TTL and revalidates it past the TTL
//! with `If-None-Match`.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use crkit_test_support::{TestContext, run};
use http::{Request, Response, StatusCode, header};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{Value, json};

/// A self-signed certificate for 127.0.0.1 (valid until 2126): the `APIService` skips TLS
/// verification, as one without a CA bundle must.
const CERT: &[u8] = include_bytes!("fixtures/aggregated-api.crt");
const KEY: &[u8] = include_bytes!("fixtures/aggregated-api.key");
const ETAG: &str = "\"crkit-gizmos-1\"";

/// The fake aggregated API server: serves `group`/v1 with one kind, `Gizmo`, and records each
/// request for the group version's OpenAPI document with its `If-None-Match`.
struct FakeApi {
    port: u16,
    openapi_requests: Arc<Mutex<Vec<Option<String>>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

fn openapi_document(group: &str) -> Value {
    let gvk = json!({"group": group, "version": "v1", "kind": "Gizmo"});
    json!({
        "openapi": "3.0.0",
        "info": {"title": "gizmos", "version": "v1"},
        "paths": {
            format!("/apis/{group}/v1/namespaces/{{namespace}}/gizmos"): {
                "post": {"description": "create a Gizmo", "x-kubernetes-action": "post",
                         "x-kubernetes-group-version-kind": gvk}
            }
        },
        "components": {"schemas": {
            "com.example.gizmos.v1.Gizmo": {
                "type": "object",
                "description": "A Gizmo.",
                "x-kubernetes-group-version-kind": [gvk],
                "properties": {
                    "apiVersion": {"type": "string"},
                    "kind": {"type": "string"},
                    "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]},
                    "spec": {"allOf": [{"$ref": "#/components/schemas/com.example.gizmos.v1.GizmoSpec"}]}
                }
            },
            "com.example.gizmos.v1.GizmoSpec": {
                "type": "object",
                "properties": {
                    "size": {"type": "integer", "format": "int32"},
                    "colour": {"type": "string", "description": "Its colour."}
                }
            },
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
                "type": "object", "properties": {"name": {"type": "string"}}
            }
        }}
    })
}

fn reply(status: StatusCode, body: &Value, etag: Option<&str>) -> Response<Full<Bytes>> {
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(etag) = etag {
        builder = builder.header(header::ETAG, etag);
    }
    let bytes = if status == StatusCode::NOT_MODIFIED {
        Bytes::new()
    } else {
        Bytes::from(body.to_string())
    };
    builder.body(Full::new(bytes)).expect("response")
}

fn answer(
    group: &str,
    req: &Request<Incoming>,
    log: &Mutex<Vec<Option<String>>>,
) -> Response<Full<Bytes>> {
    let gv = format!("{group}/v1");
    let path = req.uri().path();
    if path == "/apis" {
        let version = json!({"groupVersion": gv, "version": "v1"});
        return reply(
            StatusCode::OK,
            &json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": [
                {"name": group, "versions": [version], "preferredVersion": version}
            ]}),
            None,
        );
    }
    if path == format!("/apis/{gv}") {
        return reply(
            StatusCode::OK,
            &json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
                "resources": [{"name": "gizmos", "singularName": "gizmo", "namespaced": true,
                    "kind": "Gizmo", "verbs": ["create", "get", "list"]}]}),
            None,
        );
    }
    if path == "/openapi/v3" {
        return reply(
            StatusCode::OK,
            &json!({"paths": {format!("apis/{gv}"): {
                "serverRelativeURL": format!("/openapi/v3/apis/{gv}?hash=CRKIT1")}}}),
            None,
        );
    }
    if path == format!("/openapi/v3/apis/{gv}") {
        let if_none_match = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let unchanged = if_none_match.as_deref() == Some(ETAG);
        log.lock().unwrap().push(if_none_match);
        let status = if unchanged {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        return reply(status, &openapi_document(group), Some(ETAG));
    }
    reply(
        StatusCode::NOT_FOUND,
        &json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}),
        None,
    )
}

impl FakeApi {
    fn start(group: &str) -> FakeApi {
        let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(CERT)
            .collect::<Result<_, _>>()
            .expect("test certificate");
        let key = PrivateKeyDer::from_pem_slice(KEY).expect("test key");
        let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("TLS configuration");
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("address").port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let (group, thread_log) = (group.to_owned(), Arc::clone(&log));
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                loop {
                    let tcp = tokio::select! {
                        _ = &mut stopped => break,
                        accepted = listener.accept() => match accepted {
                            Ok((tcp, _)) => tcp,
                            Err(_) => continue,
                        },
                    };
                    let (acceptor, group, log) =
                        (acceptor.clone(), group.clone(), Arc::clone(&thread_log));
                    tokio::spawn(async move {
                        let Ok(tls) = acceptor.accept(tcp).await else {
                            return;
                        };
                        let service = service_fn(move |req: Request<Incoming>| {
                            let response = answer(&group, &req, &log);
                            async move { Ok::<_, Infallible>(response) }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(tls), service)
                            .await;
                    });
                }
            });
        });
        FakeApi {
            port,
            openapi_requests: log,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// The `If-None-Match` of each request for the OpenAPI document so far.
    fn openapi_requests(&self) -> Vec<Option<String>> {
        self.openapi_requests.lock().unwrap().clone()
    }
}

impl Drop for FakeApi {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The `APIService` of the test, deleted again however the test ends: the shared server must
/// not keep routing a group to a server that is gone.
struct Registration<'a> {
    ctx: &'a TestContext,
    name: String,
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        let _ = run(self.ctx.kubectl().args([
            "delete",
            "apiservice",
            &self.name,
            "--ignore-not-found",
            "--wait=false",
        ]));
    }
}

fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn aggregated_kinds_use_the_clusters_openapi_cached_with_etag() {
    let Some(ctx) = TestContext::new("crvalidate-aggregated") else {
        return;
    };
    ctx.add_plugin("crvalidate", env!("CARGO_BIN_EXE_kubectl-crvalidate"));
    let group = format!("agg-{}.example.com", ctx.id);
    let api = FakeApi::start(&group);
    let registration = Registration {
        ctx: &ctx,
        name: format!("v1.{group}"),
    };
    ctx.apply(&format!(
        "apiVersion: v1
kind: Service
metadata: {{name: gizmos}}
spec: {{type: ExternalName, externalName: 127.0.0.1, ports: [{{port: {port}}}]}}
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {{name: {name}}}
spec:
  group: {group}
  version: v1
  service: {{namespace: {ns}, name: gizmos, port: {port}}}
  insecureSkipTLSVerify: true
  groupPriorityMinimum: 1000
  versionPriority: 15
",
        port = api.port,
        name = registration.name,
        ns = ctx.namespace,
    ));
    wait_for("the aggregated group in /openapi/v3 and discovery", || {
        let index = run(ctx.kubectl().args(["get", "--raw", "/openapi/v3"]));
        let resources = run(ctx.kubectl().args(["api-resources", "--api-group", &group]));
        String::from_utf8_lossy(&index.stdout).contains(&format!("apis/{group}/v1"))
            && String::from_utf8_lossy(&resources.stdout).contains("Gizmo")
    });

    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("gizmos.yaml");
    std::fs::write(
        &file,
        format!(
            "apiVersion: {group}/v1\nkind: Gizmo\nmetadata: {{name: ok}}\nspec: {{size: 3, colour: red}}\n---\n\
             apiVersion: {group}/v1\nkind: Gizmo\nmetadata: {{name: typed}}\nspec: {{size: \"3\"}}\n---\n\
             apiVersion: {group}/v1\nkind: Gizmo\nmetadata: {{name: unknown}}\nspec: {{size: 1, shape: round}}\n"
        ),
    )
    .unwrap();
    let validate = |extra: &[&str]| {
        let out = run(ctx
            .kubectl()
            .args(["crvalidate", "-o", "json"])
            .args(extra)
            .arg(&file));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
        });
        let summary: Vec<(String, String)> = report["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let message = d["causes"][0]["message"]
                    .as_str()
                    .or_else(|| d["message"].as_str())
                    .unwrap_or_default()
                    .to_owned();
                (d["status"].as_str().unwrap().to_owned(), message)
            })
            .collect();
        (out.status.code(), summary)
    };
    let expected = vec![
        ("valid".to_owned(), String::new()),
        (
            "invalid".to_owned(),
            "json: cannot unmarshal string into Go struct field GizmoSpec.spec.size of type int32"
                .to_owned(),
        ),
        (
            "invalid".to_owned(),
            "unknown field \"spec.shape\"".to_owned(),
        ),
    ];

    // First run: the document is fetched (no ETag known yet) and cached.
    assert_eq!(validate(&[]), (Some(1), expected.clone()));
    assert_eq!(api.openapi_requests(), [None]);
    // Within the TTL: from the cache, no request reaches the aggregated server.
    assert_eq!(validate(&[]), (Some(1), expected.clone()));
    assert_eq!(api.openapi_requests(), [None]);
    // Past it: revalidated with the ETag; the server answers 304 and the cache is used.
    assert_eq!(validate(&["--cache-ttl", "0s"]), (Some(1), expected));
    assert_eq!(api.openapi_requests(), [None, Some(ETAG.to_owned())]);

    // Offline, only the shipped built-ins: the kind has no schema.
    let (code, offline) = validate(&["--offline"]);
    assert_eq!(code, Some(1));
    assert!(
        offline[0]
            .1
            .starts_with(&format!("no schema for Gizmo ({group}/v1)")),
        "{offline:?}"
    );
    drop(registration);
}
