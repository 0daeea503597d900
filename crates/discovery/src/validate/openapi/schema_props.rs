//! kube-openapi's `schemaPropsValidator` (`pkg/validation/validate/schema_props.go`, as
//! vendored by Kubernetes v1.37): `anyOf`, `oneOf`, `allOf` and `not`, with the match counting
//! that picks the best failing branch to report.

use serde_json::Value;

use super::result::{Code, Res, SubValidate, err};
use crate::validate::gofmt::quote;
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// `schemaPropsValidator.Validate`: anyOf, oneOf, allOf, not.
#[allow(clippy::too_many_lines)] // one Go function, kept whole to compare with it
pub(super) fn props_validator(
    s: &Schema,
    data: &Value,
    path: &Walk<'_>,
    validate_schema: SubValidate,
) -> Res {
    let mut main = Res::default();
    let name = path.raw_name();
    if !s.any_of.is_empty() {
        let mut best: Option<Res> = None;
        let mut first_success: Option<Res> = None;
        let mut succeeded = false;
        for sub in &s.any_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                best = None;
                succeeded = true;
                first_success = Some(r);
                break;
            }
            if best.as_ref().is_none_or(|b| r.match_count > b.match_count) {
                best = Some(r);
            }
        }
        if !succeeded {
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate at least one schema (anyOf)",
                    quote(&name.to_string())
                ),
                None,
            ));
        }
        if let Some(b) = best {
            main.merge(b);
        } else if let Some(f) = first_success {
            main.merge(f);
        }
    }
    if !s.one_of.is_empty() {
        let mut best: Option<Res> = None;
        let mut first_success: Option<Res> = None;
        let mut validated = 0;
        for sub in &s.one_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                validated += 1;
                best = None;
                if first_success.is_none() {
                    first_success = Some(r);
                }
                continue;
            }
            if validated == 0 && best.as_ref().is_none_or(|b| r.match_count > b.match_count) {
                best = Some(r);
            }
        }
        if validated == 1 {
            if let Some(f) = first_success {
                main.merge(f);
            }
        } else {
            let additional = if validated == 0 {
                "Found none valid".to_owned()
            } else {
                format!("Found {validated} valid alternatives")
            };
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate one and only one schema (oneOf). {additional}",
                    quote(&name.to_string())
                ),
                None,
            ));
            if let Some(b) = best {
                main.merge(b);
            }
        }
    }
    if !s.all_of.is_empty() {
        let mut validated = 0;
        for sub in &s.all_of {
            let r = validate_schema(sub, data, path);
            if r.is_valid() {
                validated += 1;
            }
            main.merge(r);
        }
        if validated != s.all_of.len() {
            let additional = if validated == 0 {
                ". None validated"
            } else {
                ""
            };
            main.add(err(
                Code::Plain,
                path,
                format!(
                    "{} must validate all the schemas (allOf){additional}",
                    quote(&name.to_string())
                ),
                None,
            ));
        }
    }
    if let Some(not) = &s.not
        && validate_schema(not, data, path).is_valid()
    {
        main.add(err(
            Code::Plain,
            path,
            format!(
                "{} must not validate the schema (not)",
                quote(&name.to_string())
            ),
            None,
        ));
    }
    main.match_count += 1;
    main
}
