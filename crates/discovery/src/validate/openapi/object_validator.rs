//! kube-openapi's `objectValidator` (`pkg/validation/validate/object_validator.go`, as vendored
//! by Kubernetes v1.37): `minProperties`, `maxProperties`, `additionalProperties`, properties,
//! `required`.

use serde_json::Value;

use super::result::{Code, Res, SubValidate, err};
use crate::validate::path::Walk;
use crate::validate::schema::{Additional, Schema};

/// `objectValidator.Validate`.
pub(super) fn object_validator(
    s: &Schema,
    data: &Value,
    path: &Walk<'_>,
    validate_schema: SubValidate,
) -> Res {
    let Some(map) = data.as_object() else {
        return Res::default();
    };
    let name = path.raw_name();
    let mut res = Res::default();
    let n = i64::try_from(map.len()).unwrap_or(i64::MAX);
    if let Some(min) = s.min_properties
        && n < min
    {
        res.add(err(
            Code::Other,
            path,
            format!("{name} in body should have at least {min} properties"),
            Some(Value::from(n)),
        ));
    }
    if let Some(max) = s.max_properties
        && n > max
    {
        let mut e = err(
            Code::TooManyProperties,
            path,
            format!("{name} in body should have at most {max} properties"),
            Some(Value::from(n)),
        );
        e.valid = Some(max);
        res.add(e);
    }
    match &s.additional_properties {
        Some(Additional::Allows(false)) => {
            for k in map.keys() {
                if !s.properties.contains_key(k) {
                    res.add(err(
                        Code::Other,
                        path,
                        format!("{name}.{k} in body is a forbidden property"),
                        Some(Value::String(k.clone())),
                    ));
                }
            }
        }
        Some(Additional::Schema(add)) => {
            for (k, v) in map {
                if !s.properties.contains_key(k) {
                    res.merge(validate_schema(add, v, &path.key(k)));
                }
            }
        }
        _ => {}
    }
    for (p, ps) in &s.properties {
        if let Some(v) = map.get(p) {
            res.merge(validate_schema(ps, v, &path.child(p)));
        }
    }
    for r in &s.required {
        if !map.contains_key(r) {
            let p = path.child(r);
            res.add(err(
                Code::Required,
                &p,
                format!("{} in body is required", p.raw_name()),
                None,
            ));
        }
    }
    res
}
