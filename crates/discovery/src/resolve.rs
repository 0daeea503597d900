//! Pure name resolution over a [`Snapshot`], following kubectl step by step: category
//! expansion (cli-runtime `ReplaceAliases`), `mappingFor` (resource form, then kind form),
//! the short-name expander (client-go `restmapper/shortcut.go`) and the priority REST mapper
//! (core `v1` first, then each group in the server's order, preferred version first).

use crate::Error;
use crate::model::{ApiResource, Snapshot};

/// What a name (or a comma-separated list of names and categories) resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The resources, in the order the input named them, each once.
    pub resources: Vec<ApiResource>,
    /// Warnings kubectl would print (an ambiguous short name, a group discovery failed for).
    pub warnings: Vec<String>,
}

/// A group/version/resource as typed, before matching (empty parts are unspecified).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Gvr {
    group: String,
    version: String,
    resource: String,
}

/// `resource.version.group` when there are two dots or more (client-go `ParseResourceArg`).
fn parse_full(arg: &str) -> Option<(String, String, String)> {
    if arg.matches('.').count() < 2 {
        return None;
    }
    let mut parts = arg.splitn(3, '.');
    let first = parts.next()?.to_owned();
    let version = parts.next()?.to_owned();
    let group = parts.next()?.to_owned();
    Some((first, version, group))
}

/// `resource.group` split at the first dot (client-go `ParseGroupResource`, `ParseGroupKind`).
fn parse_partial(arg: &str) -> (String, String) {
    match arg.split_once('.') {
        Some((name, group)) => (name.to_owned(), group.to_owned()),
        None => (arg.to_owned(), String::new()),
    }
}

impl Snapshot {
    /// Resolves what a user typed: names and categories separated by commas, each resolved as
    /// `kubectl get` would. Categories win over resource names, as in kubectl.
    pub fn resolve(&self, input: &str) -> Result<Resolution, Error> {
        let mut out = Resolution {
            resources: Vec::new(),
            warnings: Vec::new(),
        };
        for arg in input.split(',') {
            if arg.is_empty() {
                continue;
            }
            let names = match self.expand_category(arg) {
                Some(members) => members,
                None => vec![arg.to_owned()],
            };
            for name in names {
                let (resource, warnings) = self.resolve_name(&name)?;
                for w in warnings {
                    if !out.warnings.contains(&w) {
                        out.warnings.push(w);
                    }
                }
                if !out
                    .resources
                    .iter()
                    .any(|r| r.group == resource.group && r.resource == resource.resource)
                {
                    out.resources.push(resource);
                }
            }
        }
        if out.resources.is_empty() {
            return Err(self.unknown(input));
        }
        Ok(out)
    }

    /// The `resource.group` names of a category, in discovery order, each once; `None` when no
    /// resource declares the category.
    pub fn expand_category(&self, category: &str) -> Option<Vec<String>> {
        let mut members: Vec<String> = Vec::new();
        for r in self.resources() {
            if r.categories.iter().any(|c| c == category) {
                let name = r.group_resource();
                if !members.contains(&name) {
                    members.push(name);
                }
            }
        }
        (!members.is_empty()).then_some(members)
    }

    /// Resolves one name form (no commas, no categories) like kubectl's `mappingFor`.
    pub fn resolve_name(&self, arg: &str) -> Result<(ApiResource, Vec<String>), Error> {
        let mut warnings = Vec::new();
        let (name, group) = parse_partial(arg);
        let mut found = None;
        if let Some((resource, version, group)) = parse_full(arg) {
            found = self.kind_for(
                Gvr {
                    group,
                    version,
                    resource,
                },
                &mut warnings,
            );
        }
        if found.is_none() {
            warnings.clear();
            found = self.kind_for(
                Gvr {
                    group: group.clone(),
                    version: String::new(),
                    resource: name.clone(),
                },
                &mut warnings,
            );
        }
        if let Some(r) = found {
            return Ok((r.clone(), warnings));
        }
        warnings.clear();
        // The kind forms: `Kind.version.group`, then `Kind.group` (a bare kind only matches the
        // core group here, exactly as in kubectl: other kinds resolve through their singular).
        if let Some((kind, version, kgroup)) = parse_full(arg)
            && let Some(r) = self.rest_mapping(&kgroup, &kind, Some(&version))
        {
            return Ok((r.clone(), warnings));
        }
        if let Some(r) = self.rest_mapping(&group, &name, None) {
            return Ok((r.clone(), warnings));
        }
        Err(self.unknown(arg))
    }

    /// The error for a name nothing matched, with kubectl's wording, a suggestion, and the
    /// group versions that could not be discovered (the name may live there).
    fn unknown(&self, arg: &str) -> Error {
        let first = arg.split(',').find(|a| !a.is_empty()).unwrap_or(arg);
        let (name, group) = parse_partial(first);
        Error::UnknownResource {
            name,
            group: (!group.is_empty()).then_some(group),
            suggestion: self.suggest(first),
            unavailable: self
                .failures
                .iter()
                .map(crate::model::GroupFailure::group_version)
                .collect(),
        }
    }

    /// client-go's `shortcutExpander.KindFor`: expand a short name, then let the priority
    /// mapper choose among every version that serves the resource.
    fn kind_for(&self, gvr: Gvr, warnings: &mut Vec<String>) -> Option<&ApiResource> {
        let expanded = self.expand_shortcut(gvr, warnings);
        let candidates = self.kinds_for(&expanded);
        self.pick(candidates, None)
    }

    /// client-go `expandResourceShortcut`.
    fn expand_shortcut(&self, gvr: Gvr, warnings: &mut Vec<String>) -> Gvr {
        // An exact match to a resource's plural or singular is never expanded.
        let exact = self.resources().any(|r| {
            (gvr.group.is_empty() || gvr.group == r.group)
                && (gvr.resource == r.resource || gvr.resource == r.singular)
        });
        if exact {
            return gvr;
        }
        let shortcuts = || {
            self.resources().flat_map(|r| {
                r.short_names
                    .iter()
                    .map(move |s| (r.group.as_str(), s.as_str(), r.resource.as_str()))
            })
        };
        let mut found: Option<(String, String)> = None;
        for (group, short, long) in shortcuts() {
            if !gvr.group.is_empty() && gvr.group != group {
                continue;
            }
            if gvr.resource != short {
                continue;
            }
            match &found {
                Some((fg, fr)) if fg == group && fr == long => {}
                Some(_) => {
                    let w = format!(
                        "short name {:?} could also match lower priority resource {long}.{group}",
                        gvr.resource
                    );
                    if !warnings.contains(&w) {
                        warnings.push(w);
                    }
                }
                None => found = Some((group.to_owned(), long.to_owned())),
            }
        }
        if let Some((group, resource)) = found {
            // The version the user typed is dropped, as client-go does.
            return Gvr {
                group,
                version: String::new(),
                resource,
            };
        }
        if gvr.group.is_empty() {
            return gvr;
        }
        // A group prefix (`hpa.autoscal`) matches a short name of the group it starts.
        for (group, short, long) in shortcuts() {
            if group.starts_with(gvr.group.as_str()) && gvr.resource == short {
                return Gvr {
                    group: group.to_owned(),
                    version: gvr.version,
                    resource: long.to_owned(),
                };
            }
        }
        gvr
    }

    /// apimachinery `DefaultRESTMapper.KindsFor` over every group version: plural and singular
    /// names, matched lower-cased, with a group-prefix fallback.
    fn kinds_for(&self, gvr: &Gvr) -> Vec<&ApiResource> {
        let wanted = gvr.resource.to_lowercase();
        let names = |r: &ApiResource| r.resource == wanted || r.singular == wanted;
        let has_group = !gvr.group.is_empty();
        let has_version = !gvr.version.is_empty();
        match (has_group, has_version) {
            (true, true) => self
                .resources()
                .filter(|r| r.group == gvr.group && r.version == gvr.version && names(r))
                .collect(),
            (true, false) => {
                let exact: Vec<_> = self
                    .resources()
                    .filter(|r| r.group == gvr.group && names(r))
                    .collect();
                if exact.is_empty() {
                    // `storageclass.storage` matches `storage.k8s.io`.
                    self.resources()
                        .filter(|r| r.group.starts_with(gvr.group.as_str()) && names(r))
                        .collect()
                } else {
                    exact
                }
            }
            (false, true) => self
                .resources()
                .filter(|r| r.version == gvr.version && names(r))
                .collect(),
            (false, false) => self.resources().filter(|r| names(r)).collect(),
        }
    }

    /// apimachinery `DefaultRESTMapper.RESTMappings` for a kind (exact, or lower-cased as the
    /// discovery mapper also registers it), then the priority choice; a version typed by the
    /// user comes first.
    fn rest_mapping(&self, group: &str, kind: &str, version: Option<&str>) -> Option<&ApiResource> {
        if kind.is_empty() {
            return None;
        }
        let candidates: Vec<&ApiResource> = self
            .resources()
            .filter(|r| r.group == group && (r.kind == kind || r.kind.to_lowercase() == kind))
            .filter(|r| version.is_none_or(|v| v.is_empty() || r.version == v))
            .collect();
        self.pick(candidates, version.filter(|v| !v.is_empty()))
    }

    /// apimachinery `PriorityRESTMapper`: the first pattern of core `v1`, then per group in
    /// server order its preferred version and its other versions, then each group with any
    /// version, that leaves exactly one candidate.
    fn pick<'a>(
        &'a self,
        candidates: Vec<&'a ApiResource>,
        version: Option<&str>,
    ) -> Option<&'a ApiResource> {
        if candidates.len() <= 1 {
            return candidates.into_iter().next();
        }
        let mut patterns: Vec<(Option<&str>, Option<&str>)> = Vec::new();
        if let Some(v) = version
            && let Some(first) = candidates.first()
        {
            patterns.push((Some(first.group.as_str()), Some(v)));
        }
        patterns.push((Some(""), Some("v1")));
        for g in &self.groups {
            patterns.push((Some(g.name.as_str()), Some(g.preferred_version.as_str())));
            for v in &g.versions {
                if v.version != g.preferred_version {
                    patterns.push((Some(g.name.as_str()), Some(v.version.as_str())));
                }
            }
        }
        for g in &self.groups {
            patterns.push((Some(g.name.as_str()), None));
        }
        let mut remaining = candidates;
        for (group, version) in patterns {
            let matched: Vec<&ApiResource> = remaining
                .iter()
                .copied()
                .filter(|r| group.is_none_or(|g| g == r.group))
                .filter(|r| version.is_none_or(|v| v == r.version))
                .collect();
            match matched.len() {
                0 => {}
                1 => return matched.into_iter().next(),
                _ => remaining = matched,
            }
        }
        (remaining.len() == 1).then(|| remaining[0])
    }

    /// The closest known name form to `typed` (plural, singular, short name, kind, each alone
    /// and with its group), as `resource.group` of the resource it names; `None` when nothing
    /// is close enough to be a likely typo or truncation.
    pub fn suggest(&self, typed: &str) -> Option<String> {
        let typed = typed.to_lowercase();
        let budget = (typed.chars().count() / 3).clamp(1, 4);
        let mut best: Option<(usize, &ApiResource)> = None;
        for r in self.preferred_resources() {
            let kind = r.kind.to_lowercase();
            let mut forms: Vec<String> = vec![r.resource.clone(), r.singular.clone(), kind.clone()];
            forms.extend(r.short_names.iter().cloned());
            if !r.group.is_empty() {
                forms.push(format!("{}.{}", r.resource, r.group));
                forms.push(format!("{}.{}", r.singular, r.group));
                forms.push(format!("{kind}.{}", r.group));
            }
            for form in forms {
                // A truncated name (`tenantconfigs`) is as likely a typo as a misspelt one.
                let d = if typed.len() >= 4 && form.starts_with(typed.trim_end_matches('s')) {
                    1
                } else {
                    edit_distance(&typed, &form)
                };
                if d <= budget && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, r));
                }
            }
        }
        best.map(|(_, r)| r.group_resource())
    }
}

/// Damerau–Levenshtein distance (optimal string alignment): a swapped pair of letters is one
/// typo, as people make them. Public for the plugins' other "did you mean"s (file names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn snapshot() -> Snapshot {
        parse::aggregated(
            include_bytes!("../tests/fixtures/aggregated-api.json"),
            include_bytes!("../tests/fixtures/aggregated-apis.json"),
        )
        .unwrap()
    }

    fn gvr(s: &Snapshot, name: &str) -> String {
        match s.resolve_name(name) {
            Ok((r, _)) => format!("{}/{}", r.api_version(), r.resource),
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn every_name_form_of_an_example_crd() {
        let s = snapshot();
        for name in [
            "llmmodels",
            "llmmodel",
            "llm",
            "LLMModel",
            "LLMMODELS",
            "LlmModel",
            "llmmodels.gateway.ai.example.com",
            "llmmodel.gateway.ai.example.com",
            "LLMModel.gateway.ai.example.com",
            "llmmodels.v1.gateway.ai.example.com",
            "LLMModel.v1.gateway.ai.example.com",
            "llm.gateway.ai.example.com",
            "llmmodels.gateway",
        ] {
            assert_eq!(
                gvr(&s, name),
                "gateway.ai.example.com/v1/llmmodels",
                "{name}"
            );
        }
    }

    #[test]
    fn built_ins_and_the_core_group_first() {
        let s = snapshot();
        assert_eq!(gvr(&s, "po"), "v1/pods");
        assert_eq!(gvr(&s, "pods"), "v1/pods");
        assert_eq!(gvr(&s, "Pod"), "v1/pods");
        assert_eq!(
            gvr(&s, "pods.shadow.example.com"),
            "shadow.example.com/v1/pods"
        );
        assert_eq!(gvr(&s, "deploy"), "apps/v1/deployments");
        assert_eq!(gvr(&s, "deployments"), "apps/v1/deployments");
        assert_eq!(gvr(&s, "deployments.v1.apps"), "apps/v1/deployments");
        assert_eq!(gvr(&s, "hpa"), "autoscaling/v2/horizontalpodautoscalers");
        assert_eq!(
            gvr(&s, "hpa.v1.autoscaling"),
            "autoscaling/v2/horizontalpodautoscalers",
            "a short name drops the version, as in client-go"
        );
        assert_eq!(
            gvr(&s, "horizontalpodautoscalers.v1.autoscaling"),
            "autoscaling/v1/horizontalpodautoscalers"
        );
        assert_eq!(
            gvr(&s, "storageclass.storage"),
            "storage.k8s.io/v1/storageclasses"
        );
        assert_eq!(gvr(&s, "cm"), "v1/configmaps");
        assert_eq!(gvr(&s, "ConfigMap"), "v1/configmaps");
    }

    #[test]
    fn ambiguous_names_take_the_first_group_and_warn_for_short_names() {
        let s = snapshot();
        assert_eq!(gvr(&s, "widgets"), "alpha.example.com/v1/widgets");
        assert_eq!(gvr(&s, "Widget"), "alpha.example.com/v1/widgets");
        let (r, warnings) = s.resolve_name("wd").unwrap();
        assert_eq!(r.group, "alpha.example.com");
        assert_eq!(
            warnings,
            ["short name \"wd\" could also match lower priority resource widgets.beta.example.com"]
        );
        assert_eq!(gvr(&s, "wdg"), "beta.example.com/v1/widgets");
        assert_eq!(
            gvr(&s, "widgets.beta.example.com"),
            "beta.example.com/v1/widgets"
        );
        assert_eq!(
            gvr(&s, "wd.beta.example.com"),
            "beta.example.com/v1/widgets"
        );
    }

    #[test]
    fn preferred_version_unless_one_is_typed() {
        let s = snapshot();
        assert_eq!(gvr(&s, "gadgets"), "multi.example.com/v1/gadgets");
        assert_eq!(gvr(&s, "gd"), "multi.example.com/v1/gadgets");
        assert_eq!(
            gvr(&s, "gadgets.v1alpha1.multi.example.com"),
            "multi.example.com/v1alpha1/gadgets"
        );
        assert_eq!(
            gvr(&s, "Gadget.v2beta1.multi.example.com"),
            "multi.example.com/v2beta1/gadgets"
        );
    }

    #[test]
    fn categories_expand_in_discovery_order() {
        let s = snapshot();
        let r = s.resolve("ai-gateway").unwrap();
        let names: Vec<_> = r
            .resources
            .iter()
            .map(ApiResource::group_resource)
            .collect();
        assert_eq!(
            names,
            [
                "gatewayroutes.ai.example.com",
                "modelendpoints.ai.example.com",
                "tenantconfigurations.ai.example.com",
                "llmmodels.gateway.ai.example.com",
                "llmroutes.gateway.ai.example.com",
            ]
        );
        let all = s.resolve("all").unwrap();
        assert!(all.resources.iter().any(|r| r.resource == "pods"));
        assert!(
            all.resources
                .iter()
                .any(|r| r.resource == "deployments" && r.group == "apps")
        );
        let mixed = s.resolve("llm,cm,llmmodels").unwrap();
        assert_eq!(mixed.resources.len(), 2, "duplicates are listed once");
    }

    #[test]
    fn unknown_names_use_kubectls_wording_and_suggest() {
        let s = snapshot();
        let err = s.resolve("llmodel").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the server doesn't have a resource type \"llmodel\""
        );
        assert_eq!(
            err.hint().as_deref(),
            Some("did you mean llmmodels.gateway.ai.example.com?")
        );
        let err = s.resolve("llmmodels.nope.example.com").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the server doesn't have a resource type \"llmmodels\" in group \"nope.example.com\""
        );
        // Nothing is close, but a group could not be discovered: the name may live there.
        let err = s.resolve("qwertyuiop").unwrap_err();
        assert_eq!(
            err.hint().as_deref(),
            Some("discovery failed for stale.example.com/v1; the resource may be served there")
        );
        let healthy = Snapshot {
            failures: Vec::new(),
            ..s.clone()
        };
        assert_eq!(healthy.resolve("qwertyuiop").unwrap_err().hint(), None);
        assert_eq!(s.suggest("deploymnet").as_deref(), Some("deployments.apps"));
        assert_eq!(
            s.suggest("tenantconfigs").as_deref(),
            Some("tenantconfigurations.ai.example.com")
        );
    }

    #[test]
    fn subresources_are_never_resolved() {
        let s = snapshot();
        assert!(s.resolve("pods/log").is_err());
        assert!(s.resolve("status").is_err());
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(edit_distance("llmodel", "llmmodel"), 1);
        assert_eq!(edit_distance("lmlmodel", "llmmodel"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
