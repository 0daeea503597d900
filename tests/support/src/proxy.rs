//! A fault-injecting HTTP proxy between a client under test and the test API server: it
//! listens on plain HTTP on 127.0.0.1, forwards to the real server over TLS, and on request
//! answers with an error status (`429` with `Retry-After`, `503`, `410`), cuts a watch stream
//! in the middle of an event, or plays a server that is down. Tests point the client at it
//! with [`FaultProxy::kubeconfig`].

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Request, Response, StatusCode, header};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tempfile::TempDir;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type ProxyBody = UnsyncBoxBody<Bytes, BoxError>;

/// Which requests a fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requests {
    /// Every request (discovery included).
    Any,
    /// Paged list requests: GETs with a `limit` parameter and no `watch`, as kubectl, client-go
    /// and crkit send lists.
    Lists,
    /// Watch requests (`watch=true`).
    Watches,
}

impl Requests {
    fn matches(self, method: &http::Method, query: &str) -> bool {
        let has = |param: &str| query.split('&').any(|p| p.starts_with(param));
        match self {
            Requests::Any => true,
            Requests::Watches => has("watch=true") || has("watch=1"),
            Requests::Lists => method == http::Method::GET && has("limit=") && !has("watch=true"),
        }
    }
}

/// What the proxy does to a request instead of passing it through untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answers with this status and a `metav1.Status` body, and a `Retry-After` header (in
    /// seconds) when given, without asking the server.
    Status {
        /// HTTP status code.
        code: u16,
        /// `Retry-After` in seconds.
        retry_after: Option<u32>,
    },
    /// Passes the response through for this many complete lines (watch events), then
    /// forwards half of the next line when it comes and cuts the connection.
    CutAfterLines(usize),
    /// Passes this many bytes of the response body through, then cuts the connection.
    CutAfterBytes(usize),
    /// Answers a watch with `200` and a single `ERROR` event carrying `410 Gone` (what the
    /// server sends when a watch starts from a compacted resource version).
    GoneEvent,
}

impl Fault {
    /// `429 Too Many Requests` with `Retry-After: 1`.
    pub fn too_many_requests() -> Self {
        Fault::Status {
            code: 429,
            retry_after: Some(1),
        }
    }

    /// `503 Service Unavailable`.
    pub fn unavailable() -> Self {
        Fault::Status {
            code: 503,
            retry_after: None,
        }
    }

    /// `410 Gone` as an HTTP status.
    pub fn gone() -> Self {
        Fault::Status {
            code: 410,
            retry_after: None,
        }
    }
}

#[derive(Debug)]
struct Pending {
    requests: Requests,
    fault: Fault,
    remaining: usize,
}

#[derive(Debug)]
struct Shared {
    faults: Mutex<VecDeque<Pending>>,
    log: Mutex<Vec<String>>,
    down: AtomicBool,
    /// Bumped to close every open connection.
    epoch: tokio::sync::watch::Sender<u64>,
}

impl Shared {
    fn log(&self, line: String) {
        self.log.lock().expect("proxy log").push(line);
    }

    /// The fault for this request, if one is queued for it (each is used `times` times).
    fn take(&self, method: &http::Method, query: &str) -> Option<Fault> {
        let mut faults = self.faults.lock().expect("proxy faults");
        let index = faults
            .iter()
            .position(|p| p.requests.matches(method, query))?;
        let pending = &mut faults[index];
        pending.remaining -= 1;
        let fault = pending.fault.clone();
        if pending.remaining == 0 {
            faults.remove(index);
        }
        Some(fault)
    }
}

/// A running proxy; stopped when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
    kubeconfig: PathBuf,
    _dir: TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FaultProxy {
    /// Starts a proxy in front of the server of `kubeconfig` (its current context), on its own
    /// thread, so that synchronous and async tests alike can use it.
    pub fn start(kubeconfig: &Path) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the proxy port");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = listener.local_addr().expect("proxy address");
        let dir = TempDir::new().expect("proxy kubeconfig dir");
        let proxied = dir.path().join("kubeconfig");
        write_kubeconfig(kubeconfig, &proxied, &format!("http://{addr}"));

        let shared = Arc::new(Shared {
            faults: Mutex::new(VecDeque::new()),
            log: Mutex::new(Vec::new()),
            down: AtomicBool::new(false),
            epoch: tokio::sync::watch::channel(0).0,
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let upstream = kubeconfig.to_path_buf();
        let state = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("proxy runtime");
                runtime.block_on(async move {
                    let client = upstream_client(&upstream).await;
                    let listener =
                        tokio::net::TcpListener::from_std(listener).expect("tokio listener");
                    tokio::select! {
                        () = serve(listener, client, state) => {}
                        _ = stopped => {}
                    }
                });
                runtime.shutdown_background();
            })
            .expect("spawn the proxy thread");
        FaultProxy {
            addr,
            shared,
            kubeconfig: proxied,
            _dir: dir,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    /// A kubeconfig like the server's (same users and contexts) whose clusters point at the
    /// proxy over plain HTTP.
    pub fn kubeconfig(&self) -> &Path {
        &self.kubeconfig
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Applies `fault` to the next `times` requests matching `requests`. Faults are used in
    /// the order they were queued.
    pub fn inject(&self, requests: Requests, fault: Fault, times: usize) {
        if times == 0 {
            return;
        }
        self.shared
            .faults
            .lock()
            .expect("proxy faults")
            .push_back(Pending {
                requests,
                fault,
                remaining: times,
            });
    }

    /// How many injections are still queued (0 once every fault was used).
    pub fn pending(&self) -> usize {
        self.shared
            .faults
            .lock()
            .expect("proxy faults")
            .iter()
            .map(|p| p.remaining)
            .sum()
    }

    /// Every request so far with what became of it: `GET /apis/...?watch=true -> 200`, with
    /// `(injected)` or `(cut ...)` for faults.
    pub fn log(&self) -> Vec<String> {
        self.shared.log.lock().expect("proxy log").clone()
    }

    /// While `true`, the proxy plays a server that is down: open connections are cut and new
    /// ones are closed as soon as they are accepted.
    pub fn set_down(&self, down: bool) {
        self.shared.down.store(down, Ordering::SeqCst);
        if down {
            self.cut_connections();
        }
    }

    /// Cuts every open connection (watch streams included), as a network failure would.
    pub fn cut_connections(&self) {
        self.shared.epoch.send_modify(|e| *e += 1);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Writes a copy of `from` whose clusters point at `server` without TLS settings.
fn write_kubeconfig(from: &Path, to: &Path, server: &str) {
    let mut config =
        kube::config::Kubeconfig::read_from(from).expect("read the server's kubeconfig");
    for named in &mut config.clusters {
        if let Some(cluster) = named.cluster.as_mut() {
            cluster.server = Some(server.to_owned());
            cluster.certificate_authority = None;
            cluster.certificate_authority_data = None;
            cluster.tls_server_name = None;
            cluster.insecure_skip_tls_verify = None;
        }
    }
    // JSON is YAML: kubectl and kube-rs read it as a kubeconfig.
    let text = serde_json::to_string_pretty(&config).expect("serialize the kubeconfig");
    std::fs::write(to, text).expect("write the proxy kubeconfig");
}

/// A client of the real server that adds no credentials of its own: the client's
/// `Authorization` header is passed through, so each user keeps its own rights.
async fn upstream_client(kubeconfig: &Path) -> kube::Client {
    let file = kube::config::Kubeconfig::read_from(kubeconfig).expect("read the kubeconfig");
    let mut config =
        kube::Config::from_custom_kubeconfig(file, &kube::config::KubeConfigOptions::default())
            .await
            .expect("kubeconfig of the upstream server");
    config.auth_info = kube::config::AuthInfo::default();
    config.default_retry = false;
    kube::Client::try_from(config).expect("upstream client")
}

async fn serve(listener: tokio::net::TcpListener, client: kube::Client, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        if shared.down.load(Ordering::SeqCst) {
            shared.log("connection refused (down)".to_owned());
            drop(stream);
            continue;
        }
        let client = client.clone();
        let state = Arc::clone(&shared);
        let mut epoch = shared.epoch.subscribe();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let client = client.clone();
                let state = Arc::clone(&state);
                async move { Ok::<_, Infallible>(handle(&client, &state, request).await) }
            });
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                // Dropping the connection closes the socket mid-whatever.
                _ = epoch.changed() => {}
            }
        });
    }
}

fn status_body(code: u16, message: &str) -> String {
    let reason = match code {
        410 => "Expired",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        _ => "InternalError",
    };
    serde_json::json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": message, "reason": reason, "code": code
    })
    .to_string()
}

fn full(body: impl Into<Bytes>) -> ProxyBody {
    Full::new(body.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

const HOP_BY_HOP: [&str; 8] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "host",
];

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in from {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            to.append(name.clone(), value.clone());
        }
    }
}

async fn handle(
    client: &kube::Client,
    shared: &Shared,
    request: Request<Incoming>,
) -> Response<ProxyBody> {
    let method = request.method().clone();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| "/".to_owned(), ToString::to_string);
    let query = request.uri().query().unwrap_or("").to_owned();
    let fault = shared.take(&method, &query);
    let line = format!("{method} {target}");

    match &fault {
        Some(Fault::Status { code, retry_after }) => {
            shared.log(format!("{line} -> {code} (injected)"));
            let mut response =
                Response::new(full(status_body(*code, "injected by the test proxy")));
            *response.status_mut() =
                StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let Some(after) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*after));
            }
            return response;
        }
        Some(Fault::GoneEvent) => {
            shared.log(format!("{line} -> 200 with an ERROR 410 event (injected)"));
            let event = format!(
                "{{\"type\":\"ERROR\",\"object\":{}}}\n",
                status_body(410, "too old resource version (injected by the test proxy)")
            );
            let mut response = Response::new(full(event));
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            return response;
        }
        _ => {}
    }

    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(e) => {
            shared.log(format!("{line} -> 400 (unreadable request body: {e})"));
            let mut response = Response::new(full("unreadable request body"));
            *response.status_mut() = StatusCode::BAD_REQUEST;
            return response;
        }
    };
    let mut upstream = Request::builder()
        .method(parts.method.clone())
        .uri(target.as_str())
        .body(kube::client::Body::from(body))
        .expect("upstream request");
    copy_headers(&parts.headers, upstream.headers_mut());

    let response = match client.send(upstream).await {
        Ok(r) => r,
        Err(e) => {
            shared.log(format!("{line} -> 502 (upstream: {e})"));
            let mut response = Response::new(full(status_body(502, &format!("upstream: {e}"))));
            *response.status_mut() = StatusCode::BAD_GATEWAY;
            return response;
        }
    };
    let (parts, body) = response.into_parts();
    let mut out = Response::new(full(Bytes::new()));
    *out.status_mut() = parts.status;
    copy_headers(&parts.headers, out.headers_mut());
    let body = body.map_err(|e| Box::new(e) as BoxError).boxed_unsync();
    let note = match &fault {
        Some(Fault::CutAfterLines(n)) => format!(" (cut in line {})", n + 1),
        Some(Fault::CutAfterBytes(n)) => format!(" (cut after {n} bytes)"),
        _ => String::new(),
    };
    shared.log(format!("{line} -> {}{note}", parts.status.as_u16()));
    let body = match fault {
        Some(Fault::CutAfterLines(n)) => {
            out.headers_mut().remove(header::CONTENT_LENGTH);
            cut(body, Cut::Lines { left: n })
        }
        Some(Fault::CutAfterBytes(n)) => {
            out.headers_mut().remove(header::CONTENT_LENGTH);
            cut(body, Cut::Bytes { left: n })
        }
        _ => body,
    };
    *out.body_mut() = body;
    out
}

/// Where a cut body stops.
#[derive(Debug, Clone, Copy)]
enum Cut {
    /// After this many more complete lines, and half of the next.
    Lines { left: usize },
    /// After this many more bytes.
    Bytes { left: usize },
    /// The last bytes went out: fail the body, which makes hyper close the connection.
    Now,
}

/// The bytes of `chunk` to forward, and the state after them.
fn split(chunk: &[u8], cut: Cut) -> (usize, Cut) {
    match cut {
        Cut::Now => (0, Cut::Now),
        Cut::Bytes { left } if chunk.len() < left => (
            chunk.len(),
            Cut::Bytes {
                left: left - chunk.len(),
            },
        ),
        Cut::Bytes { left } => (left, Cut::Now),
        Cut::Lines { mut left } => {
            let mut start = 0;
            while left > 0 {
                match chunk[start..].iter().position(|&b| b == b'\n') {
                    Some(pos) => {
                        start += pos + 1;
                        left -= 1;
                    }
                    None => return (chunk.len(), Cut::Lines { left }),
                }
            }
            if start == chunk.len() {
                // The next line has not started yet: wait for it.
                return (chunk.len(), Cut::Lines { left: 0 });
            }
            let end = chunk[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(chunk.len(), |p| start + p);
            (start + (end - start).div_ceil(2).min(end - start), Cut::Now)
        }
    }
}

fn cut(body: UnsyncBoxBody<Bytes, BoxError>, how: Cut) -> ProxyBody {
    let stream = futures::stream::unfold(Some((body, how)), |state| async move {
        let (mut body, how) = state?;
        if matches!(how, Cut::Now) {
            // hyper drops what it has not flushed when a body fails: let the last bytes (the
            // half event) reach the client first, as they would before a real cut.
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            let err: BoxError = "connection cut by the test proxy".into();
            return Some((Err(err), None));
        }
        match body.frame().await {
            None => None,
            Some(Err(e)) => Some((Err(e), None)),
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => {
                    let (take, next) = split(&data, how);
                    Some((Ok(Frame::data(data.slice(..take))), Some((body, next))))
                }
                Err(frame) => Some((Ok(frame), Some((body, how)))),
            },
        }
    });
    StreamBody::new(stream).boxed_unsync()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_fall_inside_a_line() {
        let events = b"{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n";
        let (n, next) = split(events, Cut::Lines { left: 1 });
        assert_eq!(&events[..n], b"{\"a\":1}\n{\"b\"");
        assert!(matches!(next, Cut::Now));
        // Lines split over chunks: the count carries over, the cut waits for the next line.
        let (n, next) = split(b"{\"a\":1}\n{\"b", Cut::Lines { left: 2 });
        assert_eq!(n, 11);
        let (n, next) = split(b"\":2}\n", next);
        assert_eq!(n, 5);
        assert!(matches!(next, Cut::Lines { left: 0 }));
        let (n, next) = split(b"{\"c\":3}\n", next);
        assert_eq!(n, 4);
        assert!(matches!(next, Cut::Now));
        let (n, next) = split(b"0123456789", Cut::Bytes { left: 4 });
        assert_eq!(n, 4);
        assert!(matches!(next, Cut::Now));
    }

    #[test]
    fn matchers() {
        let get = http::Method::GET;
        assert!(Requests::Watches.matches(&get, "watch=true&resourceVersion=1"));
        assert!(!Requests::Watches.matches(&get, "limit=500"));
        assert!(Requests::Lists.matches(&get, "labelSelector=a&limit=500"));
        assert!(!Requests::Lists.matches(&get, "limit=500&watch=true"));
        assert!(Requests::Any.matches(&http::Method::POST, ""));
    }
}
