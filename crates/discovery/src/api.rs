//! Reads of resources the plugins share: URL paths for a resolved resource (lists, watches,
//! objects), one page of a list (`limit`/`continue`), one object, as JSON or as the server's
//! own `Table`, and the CustomResourceDefinition that serves a custom resource.

use crate::Error;
use crate::client::{KubeClient, RawResponse, RequestContext};
use crate::model::ApiResource;

/// kubectl's `Accept` for server-side printing: a `Table` (v1, then v1beta1), JSON otherwise.
pub const ACCEPT_TABLE: &str = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
/// Plain JSON objects and lists.
pub const ACCEPT_JSON: &str = "application/json";

/// How much of each object a `Table` response carries in its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncludeObject {
    /// No object: the cells alone, when nothing is read from the object (the smallest
    /// response, and the least memory for big lists).
    None,
    /// Only `metadata` (names, labels, namespace): the server's default.
    Metadata,
    /// The whole object (for client-side columns and sorting).
    Object,
}

impl IncludeObject {
    /// The `includeObject` parameter, or `None` for the server's default (`Metadata`).
    fn query_value(self) -> Option<&'static str> {
        match self {
            Self::None => Some("None"),
            Self::Metadata => None,
            Self::Object => Some("Object"),
        }
    }
}

/// Where a list or get looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One namespace (ignored for cluster-scoped resources).
    Namespace(String),
    /// Every namespace.
    AllNamespaces,
}

/// Options of a list request.
#[derive(Debug, Clone, Default)]
pub struct ListParams {
    /// `labelSelector`.
    pub label_selector: Option<String>,
    /// `fieldSelector`.
    pub field_selector: Option<String>,
    /// Page size (`limit`); 0 asks for everything at once.
    pub limit: u32,
    /// `continue` token of the previous page.
    pub continue_token: Option<String>,
}

/// Options of a watch request (`watch=true`).
#[derive(Debug, Clone, Default)]
pub struct WatchParams {
    /// `labelSelector`.
    pub label_selector: Option<String>,
    /// `fieldSelector`.
    pub field_selector: Option<String>,
    /// `resourceVersion`: the events after this version (a list's, or the last event's).
    pub resource_version: Option<String>,
    /// `allowWatchBookmarks`: the server may send `BOOKMARK` events, which move the resource
    /// version forward without a change.
    pub allow_bookmarks: bool,
    /// `timeoutSeconds`: the server ends the stream after this long.
    pub timeout_seconds: Option<u64>,
}

/// The collection URL of `resource` in `scope`, e.g.
/// `/apis/gateway.ai.example.com/v1/namespaces/default/llmmodels`.
pub fn collection_path(resource: &ApiResource, scope: &Scope) -> String {
    let prefix = if resource.group.is_empty() {
        format!("/api/{}", resource.version)
    } else {
        format!("/apis/{}/{}", resource.group, resource.version)
    };
    match scope {
        Scope::Namespace(ns) if resource.namespaced => {
            format!("{prefix}/namespaces/{ns}/{}", resource.resource)
        }
        _ => format!("{prefix}/{}", resource.resource),
    }
}

/// The namespace a request in `scope` is about, for messages (`None` when it spans the
/// cluster).
pub fn scope_namespace(resource: &ApiResource, scope: &Scope) -> Option<String> {
    match scope {
        Scope::Namespace(ns) if resource.namespaced => Some(ns.clone()),
        _ => None,
    }
}

fn query(params: &[(&str, &str)]) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in params {
        q.append_pair(k, v);
    }
    let s = q.finish();
    if s.is_empty() { s } else { format!("?{s}") }
}

/// The URL of one list page, e.g. `/api/v1/namespaces/default/configmaps?limit=500`.
pub fn list_path(resource: &ApiResource, scope: &Scope, params: &ListParams) -> String {
    list_url(resource, scope, params, None)
}

fn list_url(
    resource: &ApiResource,
    scope: &Scope,
    params: &ListParams,
    include: Option<&str>,
) -> String {
    let limit = params.limit.to_string();
    let mut q: Vec<(&str, &str)> = Vec::new();
    if params.limit > 0 {
        q.push(("limit", &limit));
    }
    if let Some(c) = &params.continue_token {
        q.push(("continue", c));
    }
    if let Some(l) = &params.label_selector {
        q.push(("labelSelector", l));
    }
    if let Some(f) = &params.field_selector {
        q.push(("fieldSelector", f));
    }
    if let Some(include) = include {
        q.push(("includeObject", include));
    }
    format!("{}{}", collection_path(resource, scope), query(&q))
}

/// The URL of a watch, e.g.
/// `/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=12`.
pub fn watch_path(resource: &ApiResource, scope: &Scope, params: &WatchParams) -> String {
    let timeout = params.timeout_seconds.map(|t| t.to_string());
    let mut q: Vec<(&str, &str)> = Vec::new();
    if let Some(l) = &params.label_selector {
        q.push(("labelSelector", l));
    }
    if let Some(f) = &params.field_selector {
        q.push(("fieldSelector", f));
    }
    q.push(("watch", "true"));
    if params.allow_bookmarks {
        q.push(("allowWatchBookmarks", "true"));
    }
    if let Some(rv) = &params.resource_version {
        q.push(("resourceVersion", rv));
    }
    if let Some(t) = &timeout {
        q.push(("timeoutSeconds", t));
    }
    format!("{}{}", collection_path(resource, scope), query(&q))
}

/// One page of a list, raw: the caller decodes it as a list or a `Table`.
pub async fn list_page(
    client: &KubeClient,
    resource: &ApiResource,
    scope: &Scope,
    params: &ListParams,
    table: Option<IncludeObject>,
) -> Result<RawResponse, Error> {
    let path = list_url(
        resource,
        scope,
        params,
        table.and_then(IncludeObject::query_value),
    );
    let ctx = RequestContext {
        verb: "list".to_owned(),
        resource: resource.group_resource(),
        namespace: scope_namespace(resource, scope),
        name: None,
    };
    let accept = if table.is_some() {
        ACCEPT_TABLE
    } else {
        ACCEPT_JSON
    };
    client.get_raw(&path, accept, &[], &ctx).await
}

/// One object by name, raw (JSON, or a one-row `Table`).
pub async fn get_object(
    client: &KubeClient,
    resource: &ApiResource,
    scope: &Scope,
    name: &str,
    table: Option<IncludeObject>,
) -> Result<RawResponse, Error> {
    let mut q: Vec<(&str, &str)> = Vec::new();
    if let Some(include) = table.and_then(IncludeObject::query_value) {
        q.push(("includeObject", include));
    }
    let path = format!("{}/{}{}", collection_path(resource, scope), name, query(&q));
    let ctx = RequestContext {
        verb: "get".to_owned(),
        resource: resource.group_resource(),
        namespace: scope_namespace(resource, scope),
        name: Some(name.to_owned()),
    };
    let accept = if table.is_some() {
        ACCEPT_TABLE
    } else {
        ACCEPT_JSON
    };
    client.get_raw(&path, accept, &[], &ctx).await
}

/// The CustomResourceDefinition that serves `resource` (one GET), as JSON.
pub async fn get_crd(
    client: &KubeClient,
    resource: &ApiResource,
) -> Result<serde_json::Value, Error> {
    get_crd_named(client, &resource.group_resource()).await
}

/// The CustomResourceDefinition `name` (`llmmodels.gateway.ai.example.com`, one GET), as JSON;
/// [`Error::NotFound`] when the cluster has none of that name.
pub async fn get_crd_named(client: &KubeClient, name: &str) -> Result<serde_json::Value, Error> {
    let ctx = RequestContext {
        verb: "get".to_owned(),
        resource: "customresourcedefinitions.apiextensions.k8s.io".to_owned(),
        namespace: None,
        name: Some(name.to_owned()),
    };
    let path = format!("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}");
    let resp = client.get_raw(&path, ACCEPT_JSON, &[], &ctx).await?;
    decode(&format!("CustomResourceDefinition {name}"), &resp.body)
}

/// The `metadata.continue` and `metadata.remainingItemCount` of a list or `Table` body.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct ListMeta {
    /// Token for the next page; empty on the last page.
    #[serde(default, rename = "continue")]
    pub continue_token: Option<String>,
    /// How many items follow this page, when the server can tell.
    #[serde(default, rename = "remainingItemCount")]
    pub remaining_item_count: Option<i64>,
    /// The list's resource version.
    #[serde(default, rename = "resourceVersion")]
    pub resource_version: Option<String>,
}

/// A list response: its metadata and its items, each read as a `T` (a `serde_json::Value`,
/// or `serde::de::IgnoredAny` to count them).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct List<T> {
    /// Resource version and continue token.
    #[serde(default)]
    pub metadata: ListMeta,
    /// The items of this page.
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

/// Decodes a body as JSON, naming `what` on failure.
pub fn decode<T: serde::de::DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| Error::Decode {
        what: what.to_owned(),
        source,
    })
}

/// Maps a kube-rs error to a typed one (re-exported for the plugins' watch streams).
pub fn map_error(client: &KubeClient, err: kube::Error, ctx: &RequestContext) -> Error {
    client.map_error(err, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn llm(namespaced: bool) -> ApiResource {
        ApiResource {
            group: "gateway.ai.example.com".into(),
            version: "v1".into(),
            resource: "llmmodels".into(),
            kind: "LLMModel".into(),
            singular: "llmmodel".into(),
            namespaced,
            verbs: vec![],
            short_names: vec![],
            categories: vec![],
            subresources: vec![],
        }
    }

    #[test]
    fn paths_follow_scope() {
        let ns = Scope::Namespace("team-a".into());
        assert_eq!(
            collection_path(&llm(true), &ns),
            "/apis/gateway.ai.example.com/v1/namespaces/team-a/llmmodels"
        );
        assert_eq!(
            collection_path(&llm(false), &ns),
            "/apis/gateway.ai.example.com/v1/llmmodels"
        );
        assert_eq!(
            collection_path(&llm(true), &Scope::AllNamespaces),
            "/apis/gateway.ai.example.com/v1/llmmodels"
        );
        let mut pods = llm(true);
        pods.group = String::new();
        pods.resource = "pods".into();
        assert_eq!(
            collection_path(&pods, &ns),
            "/api/v1/namespaces/team-a/pods"
        );
    }

    #[test]
    fn list_and_watch_paths() {
        let ns = Scope::Namespace("team-a".into());
        let list = ListParams {
            label_selector: Some("tier in (a,b)".into()),
            limit: 500,
            continue_token: Some("next".into()),
            ..ListParams::default()
        };
        assert_eq!(
            list_path(&llm(true), &ns, &list),
            "/apis/gateway.ai.example.com/v1/namespaces/team-a/llmmodels?limit=500&continue=next&labelSelector=tier+in+%28a%2Cb%29"
        );
        assert_eq!(
            list_path(&llm(true), &Scope::AllNamespaces, &ListParams::default()),
            "/apis/gateway.ai.example.com/v1/llmmodels"
        );
        let watch = WatchParams {
            field_selector: Some("metadata.name=gpt-4o".into()),
            resource_version: Some("12".into()),
            allow_bookmarks: true,
            timeout_seconds: Some(300),
            ..WatchParams::default()
        };
        assert_eq!(
            watch_path(&llm(true), &ns, &watch),
            "/apis/gateway.ai.example.com/v1/namespaces/team-a/llmmodels?fieldSelector=metadata.name%3Dgpt-4o&watch=true&allowWatchBookmarks=true&resourceVersion=12&timeoutSeconds=300"
        );
        assert_eq!(
            watch_path(&llm(false), &ns, &WatchParams::default()),
            "/apis/gateway.ai.example.com/v1/llmmodels?watch=true"
        );
    }

    #[test]
    fn lists_decode_with_their_metadata() {
        let list: List<serde_json::Value> = decode(
            "list",
            br#"{"metadata":{"resourceVersion":"7","continue":"c"},"items":[{"a":1}]}"#,
        )
        .unwrap();
        assert_eq!(list.metadata.resource_version.as_deref(), Some("7"));
        assert_eq!(list.metadata.continue_token.as_deref(), Some("c"));
        assert_eq!(list.items.len(), 1);
        let empty: List<serde::de::IgnoredAny> = decode("list", b"{}").unwrap();
        assert!(empty.items.is_empty() && empty.metadata.resource_version.is_none());
    }

    #[test]
    fn selectors_are_url_encoded() {
        assert_eq!(
            query(&[("labelSelector", "tier in (a,b)"), ("limit", "5")]),
            "?labelSelector=tier+in+%28a%2Cb%29&limit=5"
        );
        assert_eq!(query(&[]), "");
    }
}
