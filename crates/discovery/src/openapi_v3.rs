//! The `/openapi/v3` document of one group version of a live server (`/openapi/v3/apis/apps/v1`),
//! for kinds no CRD and no shipped schema describe (aggregated APIs). Documents are kept on disk
//! per server like discovery (`<cache root>/openapi/<host_port>/apis_<group>_<version>.json`,
//! written atomically, private), used without a request within the TTL, revalidated with
//! `If-None-Match` past it, and slimmed first: the descriptions and the operations that fill
//! most of a document are of no use to validation.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::ACCEPT_JSON;
use crate::cache::{server_dir_name, write_private};
use crate::client::{KubeClient, RequestContext};
use crate::{DiscoveryOptions, Error, Origin};

/// Bumped whenever the file layout changes, so older files are refetched rather than misread.
const FORMAT: u32 = 1;

/// What the cache keeps for one group version.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    format: u32,
    /// When the document was fetched or last revalidated (seconds since the epoch).
    fetched_at: u64,
    /// The document's `ETag`, for `If-None-Match`.
    etag: Option<String>,
    /// The document, slimmed.
    document: Value,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The path of a group version in `/openapi/v3`: `api/v1`, `apis/apps/v1`.
pub fn group_version_path(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

/// The cache file of a group version of the server `server_url` under `root`.
fn cache_file(root: &Path, server_url: &str, gv_path: &str) -> PathBuf {
    root.join("openapi")
        .join(server_dir_name(server_url))
        .join(format!("{}.json", server_dir_name(gv_path)))
}

fn load(file: &Path) -> Option<Entry> {
    let bytes = std::fs::read(file).ok()?;
    match serde_json::from_slice::<Entry>(&bytes) {
        Ok(entry) if entry.format == FORMAT => Some(entry),
        Ok(_) => None,
        Err(e) => {
            tracing::debug!(path = %file.display(), error = %e, "OpenAPI cache corrupt; discarding it");
            let _ = std::fs::remove_file(file);
            None
        }
    }
}

fn store(file: &Path, entry: &Entry) {
    let written = serde_json::to_vec(entry)
        .map_err(|source| Error::Decode {
            what: "OpenAPI cache entry".to_owned(),
            source,
        })
        .and_then(|bytes| write_private(file, &bytes));
    if let Err(e) = written {
        tracing::debug!(path = %file.display(), error = %e, "cannot write the OpenAPI cache");
    }
}

/// The `/openapi/v3` document of `group`/`version`, slimmed ([`slim`]), and where it came
/// from; `None` when the server serves no such group version. `opts` are discovery's: the
/// cache root, its TTL, and whether to use the cache at all.
pub async fn group_version_document(
    client: &KubeClient,
    group: &str,
    version: &str,
    opts: &DiscoveryOptions,
) -> Result<Option<(Value, Origin)>, Error> {
    let gv_path = group_version_path(group, version);
    let file = opts
        .cache_root
        .as_ref()
        .filter(|_| opts.use_cache)
        .map(|root| cache_file(root, client.server_url(), &gv_path));
    let cached = file.as_deref().and_then(load);
    if let Some(entry) = &cached
        && Duration::from_secs(now().saturating_sub(entry.fetched_at)) < opts.ttl
    {
        client.stats().count_cache_hit();
        tracing::debug!(path = gv_path, "OpenAPI v3 document from the cache");
        return Ok(Some((entry.document.clone(), Origin::Cache)));
    }
    let ctx = RequestContext {
        verb: "get".to_owned(),
        resource: "OpenAPI v3 document".to_owned(),
        namespace: None,
        name: Some(gv_path.clone()),
    };
    let extra: Vec<_> = cached
        .as_ref()
        .and_then(|e| e.etag.clone())
        .map(|etag| (header::IF_NONE_MATCH, etag))
        .into_iter()
        .collect();
    let resp = match client
        .get_raw(&format!("/openapi/v3/{gv_path}"), ACCEPT_JSON, &extra, &ctx)
        .await
    {
        Ok(resp) => resp,
        Err(Error::NotFound { .. }) => {
            tracing::debug!(path = gv_path, "no OpenAPI v3 document");
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    if resp.status == http::StatusCode::NOT_MODIFIED
        && let Some(mut entry) = cached
    {
        entry.fetched_at = now();
        if let Some(file) = &file {
            store(file, &entry);
        }
        tracing::debug!(path = gv_path, "OpenAPI v3 document unchanged (304)");
        return Ok(Some((entry.document, Origin::Revalidated)));
    }
    let document: Value = serde_json::from_slice(&resp.body).map_err(|source| Error::Decode {
        what: format!("OpenAPI v3 document /openapi/v3/{gv_path}"),
        source,
    })?;
    let entry = Entry {
        format: FORMAT,
        fetched_at: now(),
        etag: resp.header(header::ETAG).map(str::to_owned),
        document: slim(document),
    };
    if let Some(file) = &file {
        store(file, &entry);
    }
    tracing::debug!(path = gv_path, "OpenAPI v3 document fetched");
    Ok(Some((entry.document, Origin::Fetched)))
}

/// What validation reads of an `/openapi/v3` document: its component schemas without their
/// descriptions, and for each path the group, version and kind of each operation (which tell
/// whether a kind is namespaced and can be created). A tenth of the size or less.
pub fn slim(mut doc: Value) -> Value {
    let mut out = Map::new();
    if let Some(Value::Object(mut schemas)) = doc
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
        .map(Value::take)
    {
        for schema in schemas.values_mut() {
            drop_descriptions(schema);
        }
        let mut components = Map::new();
        components.insert("schemas".to_owned(), Value::Object(schemas));
        out.insert("components".to_owned(), Value::Object(components));
    }
    if let Some(Value::Object(paths)) = doc.get("paths") {
        let mut slim_paths = Map::new();
        for (path, item) in paths {
            let mut ops = Map::new();
            for (method, op) in item.as_object().into_iter().flatten() {
                if let Some(gvk) = op.get("x-kubernetes-group-version-kind") {
                    let mut slim_op = Map::new();
                    slim_op.insert("x-kubernetes-group-version-kind".to_owned(), gvk.clone());
                    ops.insert(method.clone(), Value::Object(slim_op));
                }
            }
            if !ops.is_empty() {
                slim_paths.insert(path.clone(), Value::Object(ops));
            }
        }
        out.insert("paths".to_owned(), Value::Object(slim_paths));
    }
    Value::Object(out)
}

/// Removes the documentation of a schema. The keys of `properties` are field names, not
/// keywords: a field named `description` (PriorityClass has one) stays.
fn drop_descriptions(node: &mut Value) {
    match node {
        Value::Object(map) => {
            map.remove("description");
            for (k, v) in map.iter_mut() {
                match v {
                    Value::Object(fields) if k == "properties" => {
                        fields.values_mut().for_each(drop_descriptions);
                    }
                    _ => drop_descriptions(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_descriptions),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_are_slimmed_to_what_validation_reads() {
        let gvk = json!({"group": "metrics.k8s.io", "version": "v1beta1", "kind": "NodeMetrics"});
        let doc = json!({
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": "v1.37.2"},
            "paths": {
                "/apis/metrics.k8s.io/v1beta1/nodes": {
                    "get": {"description": "list", "parameters": [{"name": "limit"}],
                            "x-kubernetes-group-version-kind": gvk},
                    "parameters": [{"name": "pretty"}]
                },
                "/apis/metrics.k8s.io/v1beta1/": {"get": {"description": "resources"}}
            },
            "components": {"schemas": {"io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics": {
                "description": "docs", "type": "object",
                "properties": {"description": {"description": "a field", "type": "string"},
                               "usage": {"type": "object", "description": "docs",
                                         "additionalProperties": {"description": "x", "type": "string"}}}
            }}}
        });
        assert_eq!(
            slim(doc),
            json!({
                "paths": {"/apis/metrics.k8s.io/v1beta1/nodes": {"get": {"x-kubernetes-group-version-kind": gvk}}},
                "components": {"schemas": {"io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics": {
                    "type": "object",
                    "properties": {"description": {"type": "string"},
                                   "usage": {"type": "object", "additionalProperties": {"type": "string"}}}
                }}}
            })
        );
    }

    #[test]
    fn cache_files_are_per_server_and_group_version() {
        assert_eq!(group_version_path("", "v1"), "api/v1");
        assert_eq!(
            group_version_path("metrics.k8s.io", "v1beta1"),
            "apis/metrics.k8s.io/v1beta1"
        );
        assert_eq!(
            cache_file(
                Path::new("/c"),
                "https://127.0.0.1:6443",
                "apis/metrics.k8s.io/v1beta1"
            ),
            Path::new("/c/openapi/127.0.0.1_6443/apis_metrics.k8s.io_v1beta1.json")
        );
    }

    #[test]
    fn cache_entries_round_trip_and_corrupt_ones_go() {
        let root = tempfile::TempDir::new().unwrap();
        let file = cache_file(root.path(), "https://127.0.0.1:6443", "api/v1");
        assert!(load(&file).is_none());
        let entry = Entry {
            format: FORMAT,
            fetched_at: 1,
            etag: Some("\"ABC\"".to_owned()),
            document: json!({"components": {"schemas": {}}}),
        };
        store(&file, &entry);
        let back = load(&file).unwrap();
        assert_eq!(back.etag.as_deref(), Some("\"ABC\""));
        assert_eq!(back.document, entry.document);
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&file, b"{ truncated").unwrap();
        assert!(load(&file).is_none());
        assert!(!file.exists(), "a corrupt file is removed");
    }
}
