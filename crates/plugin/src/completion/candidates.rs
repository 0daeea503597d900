//! Candidates from data: resource name forms and API groups from discovery, object names from
//! a list response, contexts, clusters and users from a kubeconfig.

use std::fmt::Write as _;

use crkit_discovery::{ApiResource, Snapshot};

use super::plan::KubeconfigNames;
use super::reply::{Candidate, finish, split_list};

fn describe_groups(kind: &str, resources: &[&ApiResource]) -> String {
    let mut groups: Vec<String> = resources.iter().map(|r| r.api_version()).collect();
    groups.dedup();
    match groups.as_slice() {
        [one] => format!("{kind}, {one}"),
        _ => format!("{kind}, in {} API groups", groups.len()),
    }
}

/// Name forms of the resources that support `verbs`, for the resource word `word` (possibly
/// a comma list): plurals, short names, kinds and categories; `plural.group` once the word
/// has a dot (then `plural.version.group` when no `plural.group` fits). Plurals and
/// categories only for an empty word: the other forms would double a long list.
pub fn resource_candidates(snapshot: &Snapshot, verbs: &[&str], word: &str) -> Vec<Candidate> {
    let (keep, prefix) = split_list(word);
    let usable: Vec<&ApiResource> = snapshot
        .preferred_resources()
        .into_iter()
        .filter(|r| verbs.iter().all(|v| r.supports(v)))
        .collect();
    let mut out: Vec<Candidate> = Vec::new();
    if prefix.contains('.') {
        for r in usable.iter().filter(|r| !r.group.is_empty()) {
            out.push(Candidate::new(
                format!("{}.{}", r.resource, r.group),
                format!("{}, {}", r.kind, r.api_version()),
            ));
        }
        let out = finish(out, keep, prefix);
        if !out.is_empty() {
            return out;
        }
        let every_version = snapshot
            .resources()
            .filter(|r| !r.group.is_empty() && verbs.iter().all(|v| r.supports(v)))
            .map(|r| {
                Candidate::new(
                    format!("{}.{}.{}", r.resource, r.version, r.group),
                    format!("{}, {}", r.kind, r.api_version()),
                )
            })
            .collect();
        return finish(every_version, keep, prefix);
    }
    // Plurals first: when a short name equals another resource's plural, the plural's
    // description is kept.
    let mut plurals: Vec<&str> = usable.iter().map(|r| r.resource.as_str()).collect();
    plurals.sort_unstable();
    plurals.dedup();
    for plural in plurals {
        let same: Vec<&ApiResource> = usable
            .iter()
            .copied()
            .filter(|r| r.resource == plural)
            .collect();
        out.push(Candidate::new(
            plural,
            describe_groups(&same[0].kind, &same),
        ));
    }
    if !prefix.is_empty() {
        for r in &usable {
            for short in &r.short_names {
                out.push(Candidate::new(
                    short.clone(),
                    format!("short for {}", r.group_resource()),
                ));
            }
            out.push(Candidate::new(
                r.kind.clone(),
                format!("kind of {}", r.group_resource()),
            ));
        }
    }
    let mut categories: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in &usable {
        for category in &r.categories {
            match categories.iter_mut().find(|(c, _)| c == category) {
                Some((_, members)) => members.push(&r.resource),
                None => categories.push((category, vec![&r.resource])),
            }
        }
    }
    for (category, mut members) in categories {
        members.sort_unstable();
        members.dedup();
        out.push(Candidate::new(
            category,
            format!("category: {}", members.join(", ")),
        ));
    }
    finish(out, keep, prefix)
}

/// API groups of custom resources (for `crls --group`).
pub fn group_candidates(snapshot: &Snapshot, prefix: &str) -> Vec<Candidate> {
    let groups = snapshot
        .groups
        .iter()
        .filter(|g| !crkit_discovery::model::is_builtin_group(&g.name))
        .map(|g| {
            let mut kinds: Vec<&str> = g
                .versions
                .iter()
                .flat_map(|v| v.resources.iter().map(|r| r.kind.as_str()))
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            Candidate::new(g.name.clone(), kinds.join(", "))
        })
        .collect();
    finish(groups, "", prefix)
}

/// Names of a list response (`items[].metadata.name`, a `PartialObjectMetadataList` or a plain
/// list), each once.
pub fn list_names(body: &[u8]) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct List {
        #[serde(default)]
        items: Vec<Item>,
    }
    #[derive(serde::Deserialize)]
    struct Item {
        metadata: Meta,
    }
    #[derive(serde::Deserialize)]
    struct Meta {
        #[serde(default)]
        name: String,
    }
    let Ok(list) = serde_json::from_slice::<List>(body) else {
        return Vec::new();
    };
    let mut names: Vec<String> = list
        .items
        .into_iter()
        .map(|i| i.metadata.name)
        .filter(|n| !n.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Object names as candidates, without those already typed.
pub fn name_candidates(
    names: &[String],
    description: &str,
    keep: &str,
    prefix: &str,
    exclude: &[String],
) -> Vec<Candidate> {
    let candidates = names
        .iter()
        .filter(|n| !exclude.contains(n))
        .map(|n| Candidate::new(n.clone(), description))
        .collect();
    finish(candidates, keep, prefix)
}

/// Names of a kubeconfig's contexts, clusters or users.
pub fn kubeconfig_candidates(
    config: &kube::config::Kubeconfig,
    names: KubeconfigNames,
    keep: &str,
    prefix: &str,
) -> Vec<Candidate> {
    let candidates = match names {
        KubeconfigNames::Contexts => config
            .contexts
            .iter()
            .map(|c| {
                let described = c.context.as_ref().map_or_else(String::new, |ctx| {
                    let mut d = format!("cluster {}", ctx.cluster);
                    if let Some(ns) = &ctx.namespace {
                        let _ = write!(d, ", namespace {ns}");
                    }
                    d
                });
                let current = config.current_context.as_deref() == Some(c.name.as_str());
                let described = match (current, described.is_empty()) {
                    (true, true) => "current".to_owned(),
                    (true, false) => format!("current, {described}"),
                    (false, _) => described,
                };
                Candidate::new(c.name.clone(), described)
            })
            .collect(),
        KubeconfigNames::Clusters => config
            .clusters
            .iter()
            .map(|c| {
                let server = c
                    .cluster
                    .as_ref()
                    .and_then(|c| c.server.clone())
                    .unwrap_or_default();
                Candidate::new(c.name.clone(), server)
            })
            .collect(),
        KubeconfigNames::Users => config
            .auth_infos
            .iter()
            .map(|u| Candidate::new(u.name.clone(), ""))
            .collect(),
    };
    finish(candidates, keep, prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::completion::fixtures::{snapshot, values};

    #[test]
    fn name_forms_come_from_discovery() {
        let snap = snapshot();
        let llm = resource_candidates(&snap, &["list"], "llm");
        assert_eq!(values(&llm), ["llm", "llmmodels", "llmr", "llmroutes"]);
        assert_eq!(llm[1].description, "LLMModel, gateway.ai.example.com/v1");
        assert_eq!(
            llm[0].description,
            "short for llmmodels.gateway.ai.example.com"
        );
        // Kinds, case as the server spells them; categories.
        assert_eq!(
            values(&resource_candidates(&snap, &["list"], "LLM")),
            ["LLMModel", "LLMRoute"]
        );
        let ai = resource_candidates(&snap, &["list"], "ai-");
        assert_eq!(values(&ai), ["ai-gateway"]);
        assert!(ai[0].description.contains("llmmodels"), "{ai:?}");
        // A plural in two groups is offered once.
        let widgets = resource_candidates(&snap, &["list"], "widg");
        assert_eq!(values(&widgets), ["widgets"]);
        assert_eq!(widgets[0].description, "Widget, in 2 API groups");
        // With a dot: plural.group, and plural.version.group for other versions.
        assert_eq!(
            values(&resource_candidates(&snap, &["list"], "widgets.")),
            ["widgets.alpha.example.com", "widgets.beta.example.com"]
        );
        assert_eq!(
            values(&resource_candidates(&snap, &["list"], "gadgets.v1alpha1")),
            ["gadgets.v1alpha1.multi.example.com"]
        );
        // Comma lists keep what is typed before the last comma.
        assert_eq!(
            values(&resource_candidates(&snap, &["list"], "pods,llmr")),
            ["pods,llmr", "pods,llmroutes"]
        );
        // The empty word: plurals and categories only, custom and built-in.
        let all = resource_candidates(&snap, &["list"], "");
        let all = values(&all);
        assert!(all.contains(&"llmmodels") && all.contains(&"pods") && all.contains(&"all"));
        assert!(
            !all.contains(&"llm") && !all.contains(&"LLMModel"),
            "{all:?}"
        );
        // Verbs filter: nothing that cannot be listed (tokenreviews are create-only).
        assert!(
            resource_candidates(&snap, &["list"], "tokenr").is_empty(),
            "tokenreviews cannot be listed"
        );
        assert!(resource_candidates(&snap, &["list"], "nosuch").is_empty());
    }

    #[test]
    fn groups_names_and_kubeconfig_names() {
        let snap = snapshot();
        let groups = group_candidates(&snap, "gate");
        assert_eq!(values(&groups), ["gateway.ai.example.com"]);
        assert_eq!(groups[0].description, "LLMModel, LLMRoute");
        assert!(
            group_candidates(&snap, "apps").is_empty(),
            "built-in groups are not offered"
        );

        let body = br#"{"kind":"PartialObjectMetadataList","items":[
            {"metadata":{"name":"openai-gpt4"}},{"metadata":{"name":"gpt-4o"}},
            {"metadata":{"name":"gpt-4o","namespace":"other"}}]}"#;
        let names = list_names(body);
        assert_eq!(names, ["gpt-4o", "openai-gpt4"]);
        assert!(list_names(b"<html>").is_empty());
        let got = name_candidates(&names, "LLMModel", "llm/", "", &["gpt-4o".into()]);
        assert_eq!(values(&got), ["llm/openai-gpt4"]);
        assert_eq!(got[0].description, "LLMModel");

        let config: kube::config::Kubeconfig = serde_json::from_value(serde_json::json!({
            "current-context": "admin",
            "contexts": [
                {"name": "admin", "context": {"cluster": "local", "user": "admin"}},
                {"name": "limited", "context": {"cluster": "local", "user": "limited", "namespace": "team"}}
            ],
            "clusters": [{"name": "local", "cluster": {"server": "https://127.0.0.1:6443"}}],
            "users": [{"name": "admin"}, {"name": "limited"}]
        }))
        .unwrap();
        let contexts = kubeconfig_candidates(&config, KubeconfigNames::Contexts, "", "");
        assert_eq!(values(&contexts), ["admin", "limited"]);
        assert_eq!(contexts[0].description, "current, cluster local");
        assert_eq!(contexts[1].description, "cluster local, namespace team");
        assert_eq!(
            values(&kubeconfig_candidates(
                &config,
                KubeconfigNames::Contexts,
                "admin,",
                "l"
            )),
            ["admin,limited"]
        );
        let clusters = kubeconfig_candidates(&config, KubeconfigNames::Clusters, "", "");
        assert_eq!(clusters[0].description, "https://127.0.0.1:6443");
        assert_eq!(
            values(&kubeconfig_candidates(
                &config,
                KubeconfigNames::Users,
                "",
                "l"
            )),
            ["limited"]
        );
    }
}
