//! OpenAPI v3 schemas of resolved kinds from a live server: custom resources from their CRD,
//! built-ins from `/openapi/v3/<group-version>` fetched through the `?hash=` URLs the index
//! lists, which never change and so are cached on disk for good.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::api::ACCEPT_JSON;
use crate::client::{KubeClient, RequestContext};
use crate::model::ApiResource;
use crate::{Error, cache};

/// A kind's schema: for built-ins a component of a whole OpenAPI document (whose `$ref`s point
/// into `document`), for custom resources the CRD's `openAPIV3Schema` (no `$ref`s).
#[derive(Debug, Clone)]
pub struct KindSchema {
    /// The schema of the kind itself.
    pub schema: Value,
    /// The OpenAPI document the schema's `$ref`s resolve in (`None` for CRD schemas).
    pub document: Option<Value>,
}

/// The `openAPIV3Schema` of `version` in a CRD manifest (pure; used online and offline).
pub fn crd_version_schema(crd: &Value, version: &str) -> Option<Value> {
    crd["spec"]["versions"]
        .as_array()?
        .iter()
        .find(|v| v["name"] == version)
        .and_then(|v| v["schema"]["openAPIV3Schema"].as_object())
        .map(|o| Value::Object(o.clone()))
}

/// The schema of a resolved resource: from its CRD for custom resources, from the server's
/// OpenAPI v3 otherwise. `cache_root` keeps the hashed OpenAPI documents across runs.
pub async fn schema_for(
    client: &KubeClient,
    resource: &ApiResource,
    cache_root: Option<&Path>,
) -> Result<KindSchema, Error> {
    if resource.is_custom() {
        return crd_schema(client, resource).await;
    }
    builtin_schema(client, resource, cache_root).await
}

/// The CustomResourceDefinition that serves `resource` (one GET), as JSON.
pub async fn get_crd(client: &KubeClient, resource: &ApiResource) -> Result<Value, Error> {
    let name = resource.group_resource();
    let ctx = RequestContext {
        verb: "get".to_owned(),
        resource: "customresourcedefinitions.apiextensions.k8s.io".to_owned(),
        namespace: None,
        name: Some(name.clone()),
    };
    let path = format!("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}");
    let resp = client.get_raw(&path, ACCEPT_JSON, &[], &ctx).await?;
    crate::api::decode(&format!("CustomResourceDefinition {name}"), &resp.body)
}

/// The schema from the CRD that serves `resource`.
pub async fn crd_schema(client: &KubeClient, resource: &ApiResource) -> Result<KindSchema, Error> {
    let name = resource.group_resource();
    let crd = get_crd(client, resource).await?;
    let schema = crd_version_schema(&crd, &resource.version).ok_or_else(|| Error::NoSchema {
        api_version: resource.api_version(),
        kind: resource.kind.clone(),
        detail: Some(format!(
            "CRD {name} has no schema for version {}",
            resource.version
        )),
    })?;
    Ok(KindSchema {
        schema,
        document: None,
    })
}

/// The OpenAPI v3 path of a group version in the `/openapi/v3` index: `api/v1`,
/// `apis/apps/v1`.
pub fn openapi_path(resource: &ApiResource) -> String {
    if resource.group.is_empty() {
        format!("api/{}", resource.version)
    } else {
        format!("apis/{}/{}", resource.group, resource.version)
    }
}

/// The component of `document` that declares `x-kubernetes-group-version-kind` = the kind.
pub fn find_component(document: &Value, resource: &ApiResource) -> Option<Value> {
    let schemas = document["components"]["schemas"].as_object()?;
    schemas
        .values()
        .find(|schema| {
            schema["x-kubernetes-group-version-kind"]
                .as_array()
                .is_some_and(|gvks| {
                    gvks.iter().any(|gvk| {
                        gvk["group"] == resource.group.as_str()
                            && gvk["version"] == resource.version.as_str()
                            && gvk["kind"] == resource.kind.as_str()
                    })
                })
        })
        .cloned()
}

async fn builtin_schema(
    client: &KubeClient,
    resource: &ApiResource,
    cache_root: Option<&Path>,
) -> Result<KindSchema, Error> {
    let ctx = RequestContext {
        verb: "get".to_owned(),
        resource: "OpenAPI v3 schemas".to_owned(),
        ..RequestContext::default()
    };
    let index = client
        .get_raw("/openapi/v3", ACCEPT_JSON, &[], &ctx)
        .await?;
    let index: Value = crate::api::decode("/openapi/v3 index", &index.body)?;
    let path = openapi_path(resource);
    let url = index["paths"][&path]["serverRelativeURL"]
        .as_str()
        .ok_or_else(|| Error::NoSchema {
            api_version: resource.api_version(),
            kind: resource.kind.clone(),
            detail: Some(format!("the server's /openapi/v3 lists no {path}")),
        })?
        .to_owned();
    let cached = cache_root.map(|root| hashed_file(root, client.server_url(), &url));
    let document = if let Some(bytes) = cached.as_ref().and_then(|f| std::fs::read(f).ok()) {
        client.stats().count_cache_hit();
        crate::api::decode::<Value>(&format!("cached OpenAPI {path}"), &bytes)?
    } else {
        let resp = client.get_raw(&url, ACCEPT_JSON, &[], &ctx).await?;
        if let Some(file) = &cached {
            store(file, &resp.body);
        }
        crate::api::decode(&format!("OpenAPI {path}"), &resp.body)?
    };
    let schema = find_component(&document, resource).ok_or_else(|| Error::NoSchema {
        api_version: resource.api_version(),
        kind: resource.kind.clone(),
        detail: Some(format!("no component of /openapi/v3/{path} declares it")),
    })?;
    Ok(KindSchema {
        schema,
        document: Some(document),
    })
}

/// `<root>/openapi/<host_port>/<hash>.json`: the hash in the URL names immutable content.
fn hashed_file(root: &Path, server: &str, url: &str) -> PathBuf {
    let hash = url
        .split("hash=")
        .nth(1)
        .and_then(|h| h.split('&').next())
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric()))
        .map_or_else(|| cache::server_dir_name(url), str::to_owned);
    root.join("openapi")
        .join(cache::server_dir_name(server))
        .join(format!("{hash}.json"))
}

fn store(file: &Path, bytes: &[u8]) {
    let Some(dir) = file.parent() else { return };
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut tmp, bytes)?;
        tmp.persist(file).map(|_| ()).map_err(|e| e.error)
    });
    if let Err(e) = written {
        tracing::debug!(file = %file.display(), error = %e, "cannot cache an OpenAPI document");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crd_schema_of_one_version() {
        let crd: Value = serde_json::json!({"spec": {"versions": [
            {"name": "v1", "schema": {"openAPIV3Schema": {"type": "object", "x": 1}}},
            {"name": "v2", "schema": {"openAPIV3Schema": {"type": "object", "x": 2}}},
        ]}});
        assert_eq!(crd_version_schema(&crd, "v2").unwrap()["x"], 2);
        assert!(crd_version_schema(&crd, "v3").is_none());
    }

    #[test]
    fn hashed_files_are_named_by_hash() {
        let f = hashed_file(
            Path::new("/c"),
            "https://127.0.0.1:6443",
            "/openapi/v3/api/v1?hash=ABC123",
        );
        assert_eq!(f, Path::new("/c/openapi/127.0.0.1_6443/ABC123.json"));
    }
}
