//! What discovery knows about a server: its API groups in the server's order, their versions
//! (preferred first) and the resources each version serves, with every name form kubectl uses.

use serde::{Deserialize, Serialize};

/// One resource of one group version, as discovery describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiResource {
    /// API group; empty for the core group.
    pub group: String,
    /// API version, e.g. `v1`.
    pub version: String,
    /// Plural resource name used in URLs, e.g. `llmmodels`.
    pub resource: String,
    /// Kind of the objects, e.g. `LLMModel`.
    pub kind: String,
    /// Singular name, e.g. `llmmodel` (lower-cased kind when the server gives none).
    pub singular: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// Verbs the server supports on the resource.
    pub verbs: Vec<String>,
    /// Short names, e.g. `llm`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short_names: Vec<String>,
    /// Categories, e.g. `all`, `ai-gateway`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Subresources, e.g. `status`, `scale`, `log`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subresources: Vec<String>,
}

impl ApiResource {
    /// `apiVersion` of the objects: `v1` for the core group, `group/version` otherwise.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `resource.group` (just `resource` for the core group), the name kubectl prints in messages.
    pub fn group_resource(&self) -> String {
        if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }

    /// `kind.group` (just `kind` for the core group).
    pub fn group_kind(&self) -> String {
        if self.group.is_empty() {
            self.kind.clone()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }

    /// Whether the server supports `verb` (`list`, `watch`, ...) on this resource.
    pub fn supports(&self, verb: &str) -> bool {
        self.verbs.iter().any(|v| v == verb)
    }

    /// Whether this is served by a CustomResourceDefinition rather than built into the server.
    /// Custom groups contain a dot and are not `*.k8s.io` (nor the core group).
    pub fn is_custom(&self) -> bool {
        !is_builtin_group(&self.group)
    }

    /// The same resource as kube-rs describes it, for its dynamic API.
    pub fn to_kube(&self) -> kube::discovery::ApiResource {
        kube::discovery::ApiResource {
            group: self.group.clone(),
            version: self.version.clone(),
            api_version: self.api_version(),
            kind: self.kind.clone(),
            plural: self.resource.clone(),
        }
    }
}

/// Whether `group` is one of Kubernetes' own API groups (core, unqualified such as `apps`, or
/// under `k8s.io`).
pub fn is_builtin_group(group: &str) -> bool {
    !group.contains('.') || group == "k8s.io" || group.ends_with(".k8s.io")
}

/// One version of an API group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupVersion {
    /// The version, e.g. `v1beta1`.
    pub version: String,
    /// Its resources, without subresources.
    pub resources: Vec<ApiResource>,
}

/// One API group with its versions in the server's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiGroup {
    /// The group name; empty for the core group.
    pub name: String,
    /// The version the server prefers.
    pub preferred_version: String,
    /// The versions the server lists, in its order.
    pub versions: Vec<GroupVersion>,
}

/// A group version discovery could not describe (an unavailable aggregated API, say).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupFailure {
    /// The group.
    pub group: String,
    /// The version.
    pub version: String,
    /// Why it is missing, e.g. `stale` or the error of its request.
    pub reason: String,
}

impl GroupFailure {
    /// `group/version` (or `version` for the core group).
    pub fn group_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Everything discovery returned for one server: the input of name resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Groups in the server's priority order; the core group first.
    pub groups: Vec<ApiGroup>,
    /// Group versions that could not be discovered; their resources are unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<GroupFailure>,
}

impl Snapshot {
    /// Every resource of every version, groups and versions in the server's order.
    pub fn resources(&self) -> impl Iterator<Item = &ApiResource> {
        self.groups
            .iter()
            .flat_map(|g| g.versions.iter())
            .flat_map(|v| v.resources.iter())
    }

    /// Every resource in its group's preferred version only (one entry per group and resource),
    /// plus resources that exist only in other versions, as `kubectl api-resources` lists them.
    pub fn preferred_resources(&self) -> Vec<&ApiResource> {
        let mut out: Vec<&ApiResource> = Vec::new();
        for group in &self.groups {
            let mut seen: Vec<&str> = Vec::new();
            let preferred_first = group
                .versions
                .iter()
                .filter(|v| v.version == group.preferred_version)
                .chain(
                    group
                        .versions
                        .iter()
                        .filter(|v| v.version != group.preferred_version),
                );
            for version in preferred_first {
                for r in &version.resources {
                    if !seen.contains(&r.resource.as_str()) {
                        seen.push(&r.resource);
                        out.push(r);
                    }
                }
            }
        }
        out
    }
}
