//! `resource.ParseQuantity`'s acceptance of a quantity string (k8s.io/apimachinery
//! `pkg/api/resource/quantity.go`, v0.37.2), as far as its error messages go: what the decoder
//! of a built-in object reports for `cpu: 1.2.3`.

use std::sync::LazyLock;

use regex::Regex;

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$").expect("quantity regex compiles")
});

/// `resource.ParseQuantity`'s acceptance, as far as its error messages go.
pub(super) fn quantity_error(s: &str) -> Option<&'static str> {
    let Some(c) = QUANTITY.captures(s) else {
        return Some(
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
    };
    let number = &c[1];
    let suffix = &c[2];
    if number.matches('.').count() > 1 || number.trim_start_matches(['+', '-']) == "." {
        return Some(
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
        );
    }
    let ok = matches!(
        suffix,
        "" | "Ki"
            | "Mi"
            | "Gi"
            | "Ti"
            | "Pi"
            | "Ei"
            | "n"
            | "u"
            | "m"
            | "k"
            | "M"
            | "G"
            | "T"
            | "P"
            | "E"
    ) || (suffix.starts_with(['e', 'E'])
        && suffix[1..]
            .trim_start_matches(['+', '-'])
            .parse::<i32>()
            .is_ok());
    (!ok).then_some("unable to parse quantity's suffix")
}
