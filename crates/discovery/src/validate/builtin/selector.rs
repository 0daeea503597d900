//! `metav1.LabelSelectorAsSelector` (k8s.io/apimachinery `pkg/apis/meta/v1/helpers.go`, v0.37.2)
//! and `labels.Selector`'s `Empty` and `Matches` (`pkg/labels/selector.go`): whether a workload's
//! selector matches the labels of its pod template.

use serde_json::Value;

use crate::validate::strings;

/// One requirement of a selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Requirement {
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// A selector as `LabelSelectorAsSelector` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Selector {
    /// A nil selector: matches nothing, and is not empty.
    Nothing,
    /// Requirements, all of which must hold; none is `labels.Everything()`, which is empty.
    All(Vec<Requirement>),
}

/// `LabelSelectorAsSelector`; `None` when it fails (an unknown operator, `In` without values,
/// `Exists` with values).
pub(super) fn as_selector(selector: Option<&Value>) -> Option<Selector> {
    let Some(sel) = selector.filter(|s| !s.is_null()) else {
        return Some(Selector::Nothing);
    };
    let mut reqs = Vec::new();
    for (k, v) in sel
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        reqs.push(Requirement::In(
            k.clone(),
            vec![v.as_str().unwrap_or_default().to_owned()],
        ));
    }
    for e in sel
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = e
            .get("key")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let values = strings(e.get("values"));
        let req = match e
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or_default()
        {
            "In" if !values.is_empty() => Requirement::In(key, values),
            "NotIn" if !values.is_empty() => Requirement::NotIn(key, values),
            "Exists" if values.is_empty() => Requirement::Exists(key),
            "DoesNotExist" if values.is_empty() => Requirement::DoesNotExist(key),
            _ => return None,
        };
        reqs.push(req);
    }
    Some(Selector::All(reqs))
}

impl Selector {
    /// `Selector.Empty()`: true for `labels.Everything()` only.
    pub(super) fn is_empty(&self) -> bool {
        matches!(self, Selector::All(r) if r.is_empty())
    }

    /// `Selector.Matches(labels.Set(labels))`.
    pub(super) fn matches(&self, labels: Option<&Value>) -> bool {
        let Selector::All(reqs) = self else {
            return false;
        };
        let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        reqs.iter().all(|r| match r {
            Requirement::In(k, vs) => label(k).is_some_and(|v| vs.iter().any(|x| x == v)),
            Requirement::NotIn(k, vs) => label(k).is_none_or(|v| vs.iter().all(|x| x != v)),
            Requirement::Exists(k) => label(k).is_some(),
            Requirement::DoesNotExist(k) => label(k).is_none(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selectors_like_apimachinery() {
        let labels = json!({"app": "web", "tier": "front"});
        let sel = |s: Value| as_selector(Some(&s)).unwrap();
        assert!(sel(json!({"matchLabels": {"app": "web"}})).matches(Some(&labels)));
        assert!(!sel(json!({"matchLabels": {"app": "api"}})).matches(Some(&labels)));
        let exprs = json!({"matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["front", "back"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "app", "operator": "NotIn", "values": ["db"]},
            {"key": "app", "operator": "Exists"}]});
        assert!(sel(exprs).matches(Some(&labels)));
        assert!(sel(json!({})).is_empty());
        assert!(sel(json!({})).matches(Some(&labels)));
        let nothing = as_selector(None).unwrap();
        assert!(!nothing.is_empty() && !nothing.matches(Some(&labels)));
        assert!(
            as_selector(Some(
                &json!({"matchExpressions": [{"key": "a", "operator": "In"}]})
            ))
            .is_none()
        );
        assert!(
            as_selector(Some(
                &json!({"matchExpressions": [{"key": "a", "operator": "Near"}]})
            ))
            .is_none()
        );
    }
}
