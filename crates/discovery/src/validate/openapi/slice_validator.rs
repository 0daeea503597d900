//! kube-openapi's `schemaSliceValidator` (`pkg/validation/validate/slice_validator.go`, as
//! vendored by Kubernetes v1.37): items, `minItems`, `maxItems`, `uniqueItems`.

use serde_json::Value;

use super::result::{Code, Res, SubValidate, err};
use super::values::go_deep_equal;
use crate::validate::path::Walk;
use crate::validate::schema::Schema;

/// `schemaSliceValidator.Validate`.
pub(super) fn slice_validator(
    s: &Schema,
    data: &Value,
    path: &Walk<'_>,
    validate_schema: SubValidate,
) -> Res {
    let Some(items) = data.as_array() else {
        return Res::default();
    };
    let name = path.raw_name();
    let mut result = Res::default();
    if let Some(item_schema) = &s.items {
        for (i, item) in items.iter().enumerate() {
            result.merge(validate_schema(item_schema, item, &path.index(i)));
        }
    }
    let size = i64::try_from(items.len()).unwrap_or(i64::MAX);
    if let Some(min) = s.min_items
        && size < min
    {
        result.add(err(
            Code::Other,
            path,
            format!("{name} in body should have at least {min} items"),
            Some(Value::from(size)),
        ));
    }
    if let Some(max) = s.max_items
        && size > max
    {
        let mut e = err(
            Code::MaxItems,
            path,
            format!("{name} in body should have at most {max} items"),
            Some(Value::from(size)),
        );
        e.valid = Some(max);
        result.add(e);
    }
    if s.unique_items {
        let dup = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[..i].iter().any(|b| go_deep_equal(a, b)));
        if dup {
            result.add(err(
                Code::Other,
                path,
                format!("{name} in body shouldn't contain duplicates"),
                None,
            ));
        }
    }
    result.match_count += 1;
    result
}
