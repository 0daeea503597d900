//! The reflector: list, then watch from the list's resource version with bookmarks; resume from
//! the last version seen after a dropped connection; relist after `410 Gone` and report what
//! was missed; back off with jitter while the server fails; stop for good on errors that
//! retrying cannot fix (Forbidden, a resource no longer served).

use std::time::{Duration, Instant};

use anyhow::anyhow;
use crkit_discovery::api::{self, ListParams, Scope, WatchParams, scope_namespace};
use crkit_discovery::client::{error_chain, is_retryable_status, status_error};
use crkit_discovery::{ApiResource, Error, KubeClient, RequestContext, RetryPolicy};
use http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use jiff::Timestamp;
use kube::client::Body;
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::store::{Event, Store, WatchType};

/// Objects per list page.
const PAGE_SIZE: u32 = 500;

/// Delays after a server that answered with an error (429, 5xx): from a quarter second,
/// doubling to ten seconds, with jitter (each delay drawn between half and all of its step).
const BACKOFF: RetryPolicy = RetryPolicy {
    retries: u32::MAX,
    base: Duration::from_millis(250),
    max: Duration::from_secs(10),
};

/// Delays while the server cannot be reached at all (stopped, restarting): capped at one
/// second, with the same jitter, so that a server back up is found within about half a second
/// however long it was away; a refused connection costs the server nothing.
const RECONNECT: RetryPolicy = RetryPolicy {
    retries: u32::MAX,
    base: Duration::from_millis(250),
    max: Duration::from_secs(1),
};

/// How long a watch answered `200` must go without an `ERROR` event before it counts as
/// resumed: a resource version the restarted server no longer has is refused in the stream's
/// first line, and the relist that follows belongs to the same outage.
const SETTLE: Duration = Duration::from_millis(200);

/// What one reflector watches.
#[derive(Debug, Clone)]
pub struct Target {
    /// The resource.
    pub resource: ApiResource,
    /// One namespace or all.
    pub scope: Scope,
    /// `labelSelector`.
    pub label_selector: Option<String>,
    /// `fieldSelector`.
    pub field_selector: Option<String>,
}

/// How a reflector behaves.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Print the initial list as ADDED events.
    pub announce_initial: bool,
    /// Give up after failing this long without a success in between.
    pub max_retry_time: Option<Duration>,
}

/// What a reflector sends to the printer.
#[derive(Debug)]
pub enum Message {
    /// An event to print.
    Event(Event),
    /// The watch cannot go on: print this and exit 1.
    Fatal(anyhow::Error),
}

/// Why a request did not give what was asked.
#[derive(Debug)]
enum Failure {
    /// The resource version is too old (`410 Gone`): list again.
    Gone,
    /// Worth trying again later (429, 5xx, a transport error), after the server's
    /// `Retry-After` if it sent one.
    Retry(anyhow::Error, Option<Duration>),
    /// Retrying cannot help.
    Fatal(anyhow::Error),
}

/// One line of a watch stream.
#[derive(Debug, Deserialize)]
struct WatchLine {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    object: Value,
}

/// How a watch stream ended without a failure of the request itself.
#[derive(Debug)]
enum Ended {
    /// The stream closed (the server's timeout, or a dropped connection); `progress` tells
    /// whether it carried anything.
    Closed { progress: bool },
    /// The printer is gone: stop quietly.
    Stopped,
}

/// Backoff between failed attempts, the `--max-retry-time` budget, and the outage they make
/// up: announced once when it starts and once when it is over.
#[derive(Debug)]
pub struct Backoff {
    attempt: u32,
    /// Whether the last failure was an unreachable server (the delays of [`RECONNECT`]).
    unreachable: bool,
    /// Whether this streak met an unreachable server: one that answers again is starting up,
    /// and its `Retry-After` (5 s while its paths are installed) is not waited for in full.
    restarting: bool,
    failing_since: Option<Instant>,
    max: Option<Duration>,
    outage: Option<Outage>,
}

/// An outage that was announced with a warning.
#[derive(Debug)]
struct Outage {
    since: Instant,
    /// The changes a relist found, when the outage needed one.
    relisted: Option<usize>,
}

impl Backoff {
    /// No failure yet; give up after failing for `max` (`--max-retry-time`).
    pub fn new(max: Option<Duration>) -> Self {
        Backoff {
            attempt: 0,
            unreachable: false,
            restarting: false,
            failing_since: None,
            max,
            outage: None,
        }
    }

    /// The server answered: the next failure starts a new streak with short delays and a
    /// whole budget. The outage, if any, goes on until [`Backoff::recovered`].
    fn success(&mut self) {
        self.attempt = 0;
        self.failing_since = None;
        self.restarting = false;
    }

    /// A relist during an outage found `changes`: said when the outage is over.
    fn relisted(&mut self, changes: usize) {
        if let Some(outage) = &mut self.outage {
            *outage.relisted.get_or_insert(0) += changes;
        }
    }

    /// Back to normal: ends the streak and, after an announced outage, says so on stderr in
    /// one line (`resumed <what> after 2.4s; relisted: 3 changes`).
    pub fn recovered(&mut self, what: &str, resumed_from: Option<&str>) {
        self.success();
        if let Some(outage) = self.outage.take() {
            let after = seconds(outage.since.elapsed());
            match (outage.relisted, resumed_from) {
                (Some(n), _) => eprintln!(
                    "resumed {what} after {after}; relisted: {n} change{}",
                    if n == 1 { "" } else { "s" }
                ),
                (None, Some(rv)) => {
                    eprintln!("resumed {what} after {after} from resource version {rv}");
                }
                (None, None) => eprintln!("resumed {what} after {after}"),
            }
        }
    }

    /// Waits before the next attempt, or gives up when the budget is spent.
    pub async fn wait(
        &mut self,
        what: &str,
        err: anyhow::Error,
        retry_after: Option<Duration>,
    ) -> anyhow::Result<()> {
        let since = *self.failing_since.get_or_insert_with(Instant::now);
        let unreachable = is_unreachable(&err);
        if unreachable != self.unreachable {
            // A server that stops answering, or answers again (with an error): a new
            // situation, whose delays start short.
            self.unreachable = unreachable;
            self.attempt = 0;
        }
        self.restarting |= unreachable;
        let (policy, retry_after) = if self.restarting {
            (RECONNECT, retry_after.map(|d| d.min(RECONNECT.max)))
        } else {
            (BACKOFF, retry_after)
        };
        let mut delay = policy.delay(self.attempt, retry_after);
        if let Some(max) = self.max {
            let spent = since.elapsed();
            if spent >= max {
                // A new error, not a context: the last failure may be a server error, which
                // would otherwise be printed as such without saying that crwatch gave up.
                return Err(anyhow!(
                    "giving up on {what} after retrying for {} (--max-retry-time): {err:#}",
                    seconds(spent)
                ));
            }
            delay = delay.min(max.saturating_sub(spent));
        }
        if self.outage.is_some() {
            tracing::info!("{what}: {err:#}; retrying in {}", seconds(delay));
        } else {
            // One warning per outage; the attempts that follow are logged at -v 4.
            eprintln!("warning: {what}: {err:#}; retrying");
            self.outage = Some(Outage {
                since,
                relisted: None,
            });
        }
        self.attempt = self.attempt.saturating_add(1);
        tokio::time::sleep(delay).await;
        Ok(())
    }
}

/// Whether an error means no server answered at all (refused, reset, timed out).
fn is_unreachable(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<Error>(),
            Some(Error::Unreachable { .. } | Error::Timeout { .. })
        )
    })
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// Runs one reflector until the printer stops listening; a fatal error is sent as a message.
pub async fn run(
    client: KubeClient,
    target: Target,
    mut store: Store,
    settings: Settings,
    tx: mpsc::Sender<Message>,
) {
    if let Err(err) = reflect(&client, &target, &mut store, settings, &tx).await {
        let _ = tx.send(Message::Fatal(err)).await;
    }
}

async fn reflect(
    client: &KubeClient,
    target: &Target,
    store: &mut Store,
    settings: Settings,
    tx: &mpsc::Sender<Message>,
) -> anyhow::Result<()> {
    let what = format!("watch of {}", target.resource.group_resource());
    let mut backoff = Backoff::new(settings.max_retry_time);
    // None: the next step is a list (at the start, and after 410 Gone).
    let mut resource_version: Option<String> = None;
    let mut listed = false;
    // 410s without a watch event in between: relisting at once is right, again and again is
    // not (a server whose watch cache lags would be listed to death).
    let mut gone_in_a_row: u32 = 0;
    loop {
        let Some(rv) = resource_version.clone() else {
            match list(client, target).await {
                Ok((items, rv)) => {
                    backoff.success();
                    let now = Timestamp::now();
                    tracing::info!(
                        "{what}: listed {} objects; watching from resource version {rv}",
                        items.len()
                    );
                    let events = if listed {
                        store.resync(items, now)
                    } else {
                        store.initial(items, settings.announce_initial, now)
                    };
                    if listed {
                        backoff.relisted(events.len());
                    }
                    listed = true;
                    for event in events {
                        if tx.send(Message::Event(event)).await.is_err() {
                            return Ok(());
                        }
                    }
                    resource_version = Some(rv);
                }
                // An expired continue token: list again from the start.
                Err(Failure::Gone) => {
                    tracing::info!("{what}: the list expired (410); listing again");
                    gone_in_a_row += 1;
                    pause_after_gone(gone_in_a_row).await;
                }
                Err(Failure::Retry(err, after)) => backoff.wait(&what, err, after).await?,
                Err(Failure::Fatal(err)) => return Err(err),
            }
            continue;
        };
        let mut last = rv;
        match watch(client, target, &mut last, store, tx, &mut backoff).await {
            Ok(Ended::Stopped) => return Ok(()),
            Ok(Ended::Closed { progress }) => {
                resource_version = Some(last);
                if progress {
                    backoff.recovered(&what, None);
                    gone_in_a_row = 0;
                } else {
                    // Closed at once without a word: do not hammer a server doing that.
                    tokio::time::sleep(BACKOFF.delay(0, None)).await;
                }
            }
            Err(Failure::Gone) => {
                tracing::info!("{what}: resource version {last} is gone (410); relisting");
                gone_in_a_row += 1;
                pause_after_gone(gone_in_a_row).await;
                resource_version = None;
            }
            Err(Failure::Retry(err, after)) => {
                resource_version = Some(last);
                backoff.wait(&what, err, after).await?;
            }
            Err(Failure::Fatal(err)) => return Err(err),
        }
    }
}

/// No pause before the first relist of a streak, growing pauses after that.
async fn pause_after_gone(in_a_row: u32) {
    if in_a_row > 1 {
        tokio::time::sleep(BACKOFF.delay(in_a_row - 2, None)).await;
    }
}

fn context(target: &Target, verb: &str) -> RequestContext {
    RequestContext {
        verb: verb.to_owned(),
        resource: target.resource.group_resource(),
        namespace: scope_namespace(&target.resource, &target.scope),
        name: None,
    }
}

/// One page of the list, after the page `continue_token` ends.
fn list_url(target: &Target, continue_token: Option<String>) -> String {
    let params = ListParams {
        label_selector: target.label_selector.clone(),
        field_selector: target.field_selector.clone(),
        limit: PAGE_SIZE,
        continue_token,
    };
    api::list_path(&target.resource, &target.scope, &params)
}

/// A watch from `resource_version`, with bookmarks.
fn watch_url(target: &Target, resource_version: &str, timeout_seconds: Option<u64>) -> String {
    let params = WatchParams {
        label_selector: target.label_selector.clone(),
        field_selector: target.field_selector.clone(),
        resource_version: Some(resource_version.to_owned()),
        allow_bookmarks: true,
        timeout_seconds,
    };
    api::watch_path(&target.resource, &target.scope, &params)
}

/// Sends one GET; returns the response when it is a success, a classified failure otherwise.
async fn get(
    client: &KubeClient,
    target: &Target,
    uri: &str,
    verb: &str,
) -> Result<http::Response<Body>, Failure> {
    let ctx = context(target, verb);
    let request = Request::get(uri)
        .header(header::ACCEPT, "application/json")
        .body(Body::empty())
        .map_err(|e| Failure::Fatal(anyhow!("cannot build the request {uri}: {e}")))?;
    let response = match client.kube().send(request).await {
        Ok(r) => r,
        Err(e) => return Err(Failure::Retry(client.map_error(e, &ctx).into(), None)),
    };
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = response
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let body = match response.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            return Err(Failure::Retry(
                anyhow!("{status}: {}", error_chain(&e)),
                retry_after,
            ));
        }
    };
    // A server still starting may not serve custom resources yet: 404 means the resource is
    // gone only from a server that says it is ready.
    if status == StatusCode::NOT_FOUND && !ready(client).await {
        return Err(Failure::Retry(
            anyhow!("{status} from a server that is not ready yet"),
            None,
        ));
    }
    Err(classify(
        status,
        status_error(status, &body, &ctx),
        retry_after,
        target,
    ))
}

/// Whether the server says it is ready (`/readyz`, which every user may read).
async fn ready(client: &KubeClient) -> bool {
    let Ok(request) = Request::get("/readyz").body(Body::empty()) else {
        return false;
    };
    matches!(client.kube().send(request).await, Ok(r) if r.status().is_success())
}

/// What to do about an error status, from the HTTP response or a watch `ERROR` event.
fn classify(
    status: StatusCode,
    err: Error,
    retry_after: Option<Duration>,
    target: &Target,
) -> Failure {
    match status {
        StatusCode::GONE => Failure::Gone,
        StatusCode::NOT_FOUND => Failure::Fatal(anyhow!(
            "{} is no longer served (the server answers 404 Not Found: was its CustomResourceDefinition deleted?)",
            target.resource.group_resource()
        )),
        s if is_retryable_status(s) => Failure::Retry(
            anyhow::Error::from(err).context(format!("the server answered {s}")),
            retry_after,
        ),
        _ => Failure::Fatal(err.into()),
    }
}

/// Lists every page; returns the items and the list's resource version.
async fn list(client: &KubeClient, target: &Target) -> Result<(Vec<Value>, String), Failure> {
    let mut items = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let response = get(client, target, &list_url(target, token.take()), "list").await?;
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| Failure::Retry(anyhow!("reading the list: {}", error_chain(&e)), None))?
            .to_bytes();
        let page: api::List<Value> = serde_json::from_slice(&body).map_err(|e| {
            Failure::Retry(
                anyhow!(
                    "cannot decode the list of {}: {e}",
                    target.resource.group_resource()
                ),
                None,
            )
        })?;
        items.extend(page.items);
        match page.metadata.continue_token.filter(|t| !t.is_empty()) {
            Some(t) => token = Some(t),
            None => return Ok((items, page.metadata.resource_version.unwrap_or_default())),
        }
    }
}

/// Watches from `*rv`, feeding the store and the printer, and moving `*rv` forward with every
/// event and bookmark, so that a resume starts right after the last one handled.
async fn watch(
    client: &KubeClient,
    target: &Target,
    rv: &mut String,
    store: &mut Store,
    tx: &mpsc::Sender<Message>,
    backoff: &mut Backoff,
) -> Result<Ended, Failure> {
    // As client-go's reflector: a server-side timeout between 5 and 10 minutes, so that
    // watches of many clients do not end together.
    let timeout = 300 + fastrand::u64(0..300);
    let uri = watch_url(target, rv, Some(timeout));
    let response = get(client, target, &uri, "watch").await?;
    // The server answers again: a later failure starts a new streak with short delays.
    backoff.success();
    let what = format!("watch of {}", target.resource.group_resource());
    let from = rv.clone();
    // The watch counts as resumed once its first line is not an ERROR, or after SETTLE
    // without one.
    let mut settle = Some(tokio::time::Instant::now() + SETTLE);
    // The server ends the stream after `timeout`; silence well beyond that means the
    // connection died without a word.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout + 30);
    let mut body = response.into_body();
    let mut buffer: Vec<u8> = Vec::new();
    let mut scanned = 0;
    let mut progress = false;
    loop {
        let wake = settle.map_or(deadline, |t| t.min(deadline));
        let frame = match tokio::time::timeout_at(wake, body.frame()).await {
            Err(_) if settle.is_some_and(|t| t <= tokio::time::Instant::now()) => {
                settle = None;
                backoff.recovered(&what, Some(&from));
                continue;
            }
            Err(_) => {
                tracing::info!(
                    "watch of {} went silent; reconnecting",
                    target.resource.group_resource()
                );
                return Ok(Ended::Closed { progress });
            }
            Ok(None) => return Ok(Ended::Closed { progress }),
            Ok(Some(Err(e))) => {
                // A cut connection (a partial event is dropped with it): resume.
                tracing::info!(
                    "watch of {} dropped: {}",
                    target.resource.group_resource(),
                    error_chain(&e)
                );
                return Ok(Ended::Closed { progress });
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue;
        };
        buffer.extend_from_slice(&data);
        // Every complete line in the buffer, then one drain: a burst of events in one chunk
        // must not shift the buffer once per event.
        let mut start = 0;
        while let Some(pos) = buffer[scanned..].iter().position(|&b| b == b'\n') {
            let end = scanned + pos;
            let line = &buffer[start..end];
            if !line.iter().all(u8::is_ascii_whitespace) {
                progress = true;
                let ended = handle_line(line, target, rv, store, tx).await?;
                if settle.take().is_some() {
                    backoff.recovered(&what, Some(&from));
                }
                if let Some(ended) = ended {
                    return Ok(ended);
                }
            }
            start = end + 1;
            scanned = start;
        }
        buffer.drain(..start);
        scanned = buffer.len();
    }
}

/// Handles one event line; `Some` ends the watch.
async fn handle_line(
    line: &[u8],
    target: &Target,
    rv: &mut String,
    store: &mut Store,
    tx: &mpsc::Sender<Message>,
) -> Result<Option<Ended>, Failure> {
    let event: WatchLine = serde_json::from_slice(line).map_err(|e| {
        Failure::Retry(
            anyhow!(
                "cannot decode a watch event of {}: {e}",
                target.resource.group_resource()
            ),
            None,
        )
    })?;
    let kind = match event.kind.as_str() {
        "ADDED" => WatchType::Added,
        "MODIFIED" => WatchType::Modified,
        "DELETED" => WatchType::Deleted,
        "BOOKMARK" => {
            if let Some(v) = event
                .object
                .pointer("/metadata/resourceVersion")
                .and_then(Value::as_str)
            {
                v.clone_into(rv);
            }
            return Ok(None);
        }
        "ERROR" => return Err(error_event(&event.object, target)),
        other => {
            tracing::debug!("ignoring a watch event of type {other}");
            return Ok(None);
        }
    };
    let new_rv = event
        .object
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let printed = store.apply(kind, event.object, Timestamp::now());
    if let Some(v) = new_rv {
        *rv = v;
    }
    if let Some(e) = printed
        && tx.send(Message::Event(e)).await.is_err()
    {
        return Ok(Some(Ended::Stopped));
    }
    Ok(None)
}

/// An `ERROR` event carries a `metav1.Status`: 410 means relist, the rest as HTTP statuses.
fn error_event(status: &Value, target: &Target) -> Failure {
    let code = status
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .and_then(|c| StatusCode::from_u16(c).ok())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(status).unwrap_or_default();
    let err = status_error(code, &body, &context(target, "watch"));
    // Errors inside a stream are the server's trouble, never a reason to stop for good,
    // except those that would stop a new request as well.
    match classify(code, err, None, target) {
        Failure::Fatal(err) if code != StatusCode::FORBIDDEN && code != StatusCode::NOT_FOUND => {
            Failure::Retry(err, None)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn target() -> Target {
        Target {
            resource: ApiResource {
                group: "gateway.ai.example.com".into(),
                version: "v1".into(),
                resource: "llmmodels".into(),
                kind: "LLMModel".into(),
                singular: "llmmodel".into(),
                namespaced: true,
                verbs: vec!["list".into(), "watch".into()],
                short_names: vec![],
                categories: vec![],
                subresources: vec![],
            },
            scope: Scope::Namespace("team-a".into()),
            label_selector: Some("tier in (a,b)".into()),
            field_selector: None,
        }
    }

    #[test]
    fn watch_urls_carry_selectors_and_bookmarks() {
        assert_eq!(
            watch_url(&target(), "12", None),
            "/apis/gateway.ai.example.com/v1/namespaces/team-a/llmmodels?labelSelector=tier+in+%28a%2Cb%29&watch=true&allowWatchBookmarks=true&resourceVersion=12"
        );
        assert_eq!(
            list_url(&target(), Some("next".into())),
            "/apis/gateway.ai.example.com/v1/namespaces/team-a/llmmodels?limit=500&continue=next&labelSelector=tier+in+%28a%2Cb%29"
        );
    }

    #[test]
    fn error_events_are_classified() {
        let t = target();
        let gone = json!({"kind": "Status", "code": 410, "reason": "Expired", "message": "too old resource version: 1 (5)"});
        assert!(matches!(error_event(&gone, &t), Failure::Gone));
        let internal =
            json!({"kind": "Status", "code": 500, "reason": "InternalError", "message": "boom"});
        assert!(matches!(error_event(&internal, &t), Failure::Retry(..)));
        let bad = json!({"kind": "Status", "code": 400, "message": "odd"});
        assert!(matches!(error_event(&bad, &t), Failure::Retry(..)));
        let forbidden = json!({"kind": "Status", "code": 403, "message": "no"});
        assert!(matches!(error_event(&forbidden, &t), Failure::Fatal(..)));
    }

    #[test]
    fn statuses_are_classified() {
        let t = target();
        let ctx = context(&t, "watch");
        let err = |s: StatusCode| status_error(s, b"", &ctx);
        let after = Some(Duration::from_secs(1));
        assert!(matches!(
            classify(StatusCode::GONE, err(StatusCode::GONE), None, &t),
            Failure::Gone
        ));
        assert!(matches!(
            classify(StatusCode::TOO_MANY_REQUESTS, err(StatusCode::TOO_MANY_REQUESTS), after, &t),
            Failure::Retry(_, Some(d)) if d == Duration::from_secs(1)
        ));
        assert!(matches!(
            classify(
                StatusCode::SERVICE_UNAVAILABLE,
                err(StatusCode::SERVICE_UNAVAILABLE),
                None,
                &t
            ),
            Failure::Retry(_, None)
        ));
        match classify(StatusCode::NOT_FOUND, err(StatusCode::NOT_FOUND), None, &t) {
            Failure::Fatal(e) => assert!(e.to_string().contains("no longer served"), "{e}"),
            other => panic!("{other:?}"),
        }
        match classify(StatusCode::FORBIDDEN, err(StatusCode::FORBIDDEN), None, &t) {
            Failure::Fatal(e) => assert!(e.downcast_ref::<Error>().is_some()),
            other => panic!("{other:?}"),
        }
    }
}
