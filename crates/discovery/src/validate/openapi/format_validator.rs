//! kube-openapi's `formatValidator` (`pkg/validation/validate/formats.go`, as vendored by
//! Kubernetes v1.37): a string checked against its `format` in the strfmt registry
//! ([`crate::validate::formats`]).

use serde_json::Value;

use super::result::{Code, Res, err};
use crate::validate::formats;
use crate::validate::gofmt::quote;
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// `formatValidator.Validate`.
pub(super) fn format_validator(s: &Schema, data: &Value, path: &Walk<'_>) -> Res {
    let Some(text) = data.as_str() else {
        return Res::default();
    };
    if formats::validates(&s.format, text) {
        return Res::default();
    }
    Res::one(err(
        Code::InvalidType,
        path,
        format!(
            "{} in body must be of type {}: {}",
            path.raw_name(),
            s.format,
            quote(text)
        ),
        Some(data.clone()),
    ))
}
