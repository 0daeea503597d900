//! Pure parsing of discovery documents (aggregated `APIGroupDiscoveryList`, or the legacy
//! `APIVersions` / `APIGroupList` / `APIResourceList`) into a [`Snapshot`]. No I/O here: the
//! fetching side hands over response bodies, tests hand over recorded fixtures.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{APIGroupList, APIResourceList};
use kube::core::discovery::v2::{APIGroupDiscovery, APIGroupDiscoveryList};

use crate::Error;
use crate::model::{ApiGroup, ApiResource, GroupFailure, GroupVersion, Snapshot};

/// The aggregated discovery version (`v2` or `v2beta1`) a response `Content-Type` announces, if
/// any. An older server answers the same request with a plain `APIGroupList`, which must not be
/// decoded as an (empty) aggregated list.
pub fn aggregated_version(content_type: &str) -> Option<&str> {
    let (mut group, mut list, mut version) = (false, false, None);
    for param in content_type.split(';').map(str::trim) {
        match param.split_once('=') {
            Some(("g", "apidiscovery.k8s.io")) => group = true,
            Some(("as", "APIGroupDiscoveryList")) => list = true,
            Some(("v", v)) => version = Some(v),
            _ => {}
        }
    }
    version.filter(|v| group && list && matches!(*v, "v2" | "v2beta1"))
}

fn decode<T: serde::de::DeserializeOwned>(what: &str, body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|source| Error::Decode {
        what: what.to_owned(),
        source,
    })
}

/// Builds a snapshot from the aggregated documents of `/api` (core) and `/apis`.
///
/// Versions marked `freshness: Stale` are left out and recorded as failures.
pub fn aggregated(api: &[u8], apis: &[u8]) -> Result<Snapshot, Error> {
    let mut snapshot = aggregated_list("/api", api)?;
    let rest = aggregated_list("/apis", apis)?;
    snapshot.groups.extend(rest.groups);
    snapshot.failures.extend(rest.failures);
    Ok(snapshot)
}

/// The groups of one aggregated `APIGroupDiscoveryList` (the body of `path`).
pub fn aggregated_list(path: &str, body: &[u8]) -> Result<Snapshot, Error> {
    let list: APIGroupDiscoveryList = decode(&format!("aggregated discovery of {path}"), body)?;
    let mut snapshot = Snapshot::default();
    for group in &list.items {
        add_aggregated_group(&mut snapshot, group);
    }
    Ok(snapshot)
}

fn add_aggregated_group(snapshot: &mut Snapshot, group: &APIGroupDiscovery) {
    let name = group
        .metadata
        .as_ref()
        .and_then(|m| m.name.clone())
        .unwrap_or_default();
    let mut versions = Vec::new();
    for version in &group.versions {
        let Some(v) = version.version.clone() else {
            continue;
        };
        if version.freshness.as_deref() == Some("Stale") {
            snapshot.failures.push(GroupFailure {
                group: name.clone(),
                version: v,
                reason: "stale (its aggregated API server did not answer discovery)".to_owned(),
            });
            continue;
        }
        let resources = version
            .resources
            .iter()
            .filter_map(|r| {
                let resource = r.resource.clone()?;
                let kind = r.response_kind.as_ref()?.kind.clone()?;
                let singular = r
                    .singular_resource
                    .clone()
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| kind.to_lowercase());
                Some(ApiResource {
                    group: name.clone(),
                    version: v.clone(),
                    resource,
                    kind,
                    singular,
                    namespaced: r.scope.as_deref() == Some("Namespaced"),
                    verbs: r.verbs.clone(),
                    short_names: r.short_names.clone(),
                    categories: r.categories.clone(),
                    subresources: r
                        .subresources
                        .iter()
                        .filter_map(|s| s.subresource.clone())
                        .collect(),
                })
            })
            .collect();
        versions.push(GroupVersion {
            version: v,
            resources,
        });
    }
    // Aggregated discovery lists versions by priority: the first one is the preferred one.
    let Some(preferred) = versions.first().map(|v| v.version.clone()) else {
        return;
    };
    snapshot.groups.push(ApiGroup {
        name,
        preferred_version: preferred,
        versions,
    });
}

/// The group versions a legacy `/apis` `APIGroupList` names, in the server's order, with each
/// group's preferred version.
pub fn legacy_group_list(apis: &[u8]) -> Result<Vec<(String, String, Vec<String>)>, Error> {
    let list: APIGroupList = decode("APIGroupList of /apis", apis)?;
    Ok(list
        .groups
        .into_iter()
        .map(|g| {
            let versions: Vec<String> = g.versions.into_iter().map(|v| v.version).collect();
            let preferred = g
                .preferred_version
                .map(|p| p.version)
                .or_else(|| versions.first().cloned())
                .unwrap_or_default();
            (g.name, preferred, versions)
        })
        .collect())
}

/// One group version's legacy `APIResourceList`, turned into resources (subresources folded
/// into their parents).
pub fn legacy_resource_list(
    group: &str,
    version: &str,
    body: &[u8],
) -> Result<Vec<ApiResource>, Error> {
    let list: APIResourceList = decode(&format!("APIResourceList of {group}/{version}"), body)?;
    let mut resources: Vec<ApiResource> = Vec::new();
    let mut subresources: Vec<(String, String)> = Vec::new();
    for r in list.resources {
        if let Some((parent, sub)) = r.name.split_once('/') {
            subresources.push((parent.to_owned(), sub.to_owned()));
            continue;
        }
        let singular = if r.singular_name.is_empty() {
            r.kind.to_lowercase()
        } else {
            r.singular_name
        };
        resources.push(ApiResource {
            group: group.to_owned(),
            version: version.to_owned(),
            resource: r.name,
            kind: r.kind,
            singular,
            namespaced: r.namespaced,
            verbs: r.verbs,
            short_names: r.short_names.unwrap_or_default(),
            categories: r.categories.unwrap_or_default(),
            subresources: Vec::new(),
        });
    }
    for (parent, sub) in subresources {
        if let Some(p) = resources.iter_mut().find(|r| r.resource == parent) {
            p.subresources.push(sub);
        }
    }
    Ok(resources)
}

/// Assembles a snapshot from legacy discovery: the core versions, the group list, and the
/// outcome of each group version's request (`Err` holds why it failed).
pub fn legacy(
    core_versions: &[String],
    groups: &[(String, String, Vec<String>)],
    mut fetched: impl FnMut(&str, &str) -> Option<Result<Vec<ApiResource>, String>>,
) -> Snapshot {
    let mut snapshot = Snapshot::default();
    let core = std::iter::once((
        String::new(),
        core_versions.first().cloned().unwrap_or_default(),
        core_versions.to_vec(),
    ));
    for (name, preferred, versions) in core.chain(groups.iter().cloned()) {
        let mut out = Vec::new();
        for version in versions {
            match fetched(&name, &version) {
                Some(Ok(resources)) => out.push(GroupVersion { version, resources }),
                Some(Err(reason)) => snapshot.failures.push(GroupFailure {
                    group: name.clone(),
                    version,
                    reason,
                }),
                None => {}
            }
        }
        if !out.is_empty() {
            snapshot.groups.push(ApiGroup {
                name,
                preferred_version: preferred,
                versions: out,
            });
        }
    }
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: &[u8] = include_bytes!("../tests/fixtures/aggregated-api.json");
    const APIS: &[u8] = include_bytes!("../tests/fixtures/aggregated-apis.json");

    #[test]
    fn aggregated_fixture_has_core_first_and_every_example_kind() {
        let s = aggregated(API, APIS).unwrap();
        assert_eq!(s.groups[0].name, "");
        assert_eq!(s.groups[0].preferred_version, "v1");
        let llm = s
            .resources()
            .find(|r| r.kind == "LLMModel")
            .expect("LLMModel discovered");
        assert_eq!(llm.group_resource(), "llmmodels.gateway.ai.example.com");
        assert_eq!(llm.short_names, ["llm"]);
        assert_eq!(llm.categories, ["ai-gateway"]);
        assert_eq!(llm.subresources, ["status"]);
        assert!(llm.namespaced);
        let tenant = s
            .resources()
            .find(|r| r.kind == "TenantConfiguration")
            .unwrap();
        assert!(!tenant.namespaced);
        let pods = s.resources().find(|r| r.resource == "pods").unwrap();
        assert!(pods.subresources.iter().any(|x| x == "log"));
        assert!(
            s.resources().all(|r| !r.resource.contains('/')),
            "no subresource is a resource"
        );
    }

    #[test]
    fn stale_versions_are_failures_not_resources() {
        let s = aggregated(API, APIS).unwrap();
        assert!(s.groups.iter().all(|g| g.name != "stale.example.com"));
        assert_eq!(s.failures.len(), 1);
        assert_eq!(s.failures[0].group_version(), "stale.example.com/v1");
    }

    #[test]
    fn preferred_version_is_the_first_aggregated_version() {
        let s = aggregated(API, APIS).unwrap();
        let multi = s
            .groups
            .iter()
            .find(|g| g.name == "multi.example.com")
            .unwrap();
        assert_eq!(multi.preferred_version, "v1");
        let versions: Vec<_> = multi.versions.iter().map(|v| v.version.as_str()).collect();
        assert_eq!(versions, ["v1", "v2beta1", "v1alpha1"]);
    }

    #[test]
    fn content_type_check_tells_aggregated_from_plain() {
        assert_eq!(
            aggregated_version(
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
            ),
            Some("v2")
        );
        assert_eq!(
            aggregated_version(
                "application/json; g=apidiscovery.k8s.io; v=v2beta1; as=APIGroupDiscoveryList"
            ),
            Some("v2beta1")
        );
        assert_eq!(aggregated_version("application/json"), None);
        assert_eq!(
            aggregated_version(
                "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList"
            ),
            None
        );
    }

    #[test]
    fn a_plain_group_list_is_not_decoded_as_an_empty_aggregated_list() {
        // kube 5's aggregated types default `items` to empty, so an APIGroupList decodes
        // "successfully" as nothing; the content type is what tells them apart.
        let legacy = include_bytes!("../tests/fixtures/legacy-apis.json");
        let as_aggregated: APIGroupDiscoveryList = serde_json::from_slice(legacy).unwrap();
        assert!(as_aggregated.items.is_empty());
        assert!(legacy_group_list(legacy).unwrap().len() > 20);
    }

    #[test]
    fn legacy_documents_give_the_same_resources_as_aggregated() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let groups =
            legacy_group_list(&std::fs::read(format!("{dir}/legacy-apis.json")).unwrap()).unwrap();
        let legacy_snapshot = legacy(&["v1".to_owned()], &groups, |group, version| {
            let file = if group.is_empty() {
                format!("{dir}/legacy/{version}.json")
            } else {
                format!("{dir}/legacy/{group}_{version}.json")
            };
            Some(match std::fs::read(&file) {
                Ok(body) => legacy_resource_list(group, version, &body).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            })
        });
        let agg = aggregated(API, APIS).unwrap();
        let names = |s: &Snapshot| {
            let mut v: Vec<(String, String, String, Vec<String>)> = s
                .resources()
                .map(|r| {
                    let mut subs = r.subresources.clone();
                    subs.sort();
                    (r.api_version(), r.resource.clone(), r.kind.clone(), subs)
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&legacy_snapshot), names(&agg));
        assert_eq!(legacy_snapshot.failures.len(), 1);
        let order = |s: &Snapshot| s.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
        assert_eq!(order(&legacy_snapshot), order(&agg));
    }
}
