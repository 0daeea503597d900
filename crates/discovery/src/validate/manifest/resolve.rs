//! Plain and tagged YAML scalars resolved as go-yaml v2 resolves them (`resolve.go` of
//! gopkg.in/yaml.v2 v2.4.0, which sigs.k8s.io/yaml and so kubectl use): YAML 1.1 booleans, Go's
//! integer syntaxes, floats; then as `json.Marshal` writes them and the API server decodes them
//! (integral floats become integers); mapping keys made strings as sigs.k8s.io/yaml makes them.

use crkit_gofmt::yaml_resolve::{Resolved, resolve};
use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

use super::position::Position;

/// An error that ends the file: its message and where.
pub(super) type BuildError = (String, Position);

/// The error for a mapping key that is not a scalar (JSON keys are strings).
pub(super) fn complex_key(at: Position) -> BuildError {
    (
        "yaml: mapping keys must be scalars (json: unsupported type: map[interface {}]interface {})"
            .to_owned(),
        at,
    )
}

/// The core-schema tag name (`str`, `int`, ...) of a `!!` tag.
fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    tag.filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str())
}

/// A mapping key as sigs.k8s.io/yaml turns it into a JSON object key.
pub(super) fn resolve_key(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<String, BuildError> {
    Ok(match resolve_scalar(text, style, tag, at)? {
        Value::String(s) => s,
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return Err(complex_key(at)),
    })
}

/// A scalar as go-yaml v2 resolves it, then as `json.Marshal` and the server's decoder see it.
pub(super) fn resolve_scalar(
    text: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    at: Position,
) -> Result<Value, BuildError> {
    let core = core_tag(tag);
    if style != ScalarStyle::Plain {
        // Quoted and block scalars are strings unless tagged otherwise.
        return match core {
            Some("int" | "float" | "bool" | "null") => typed(text, core.unwrap_or_default(), at),
            _ => Ok(Value::String(text.to_owned())),
        };
    }
    match (tag, core) {
        (Some(_), Some("str" | "binary" | "timestamp")) => Ok(Value::String(text.to_owned())),
        (Some(_), Some(t @ ("int" | "float" | "bool" | "null"))) => typed(text, t, at),
        // Untagged, or a tag go-yaml keeps as it is: the resolved plain value.
        _ => plain(text, at),
    }
}

fn typed(text: &str, tag: &str, at: Position) -> Result<Value, BuildError> {
    let v = plain(text, at)?;
    let ok = match tag {
        "int" => v.is_i64() || v.is_u64(),
        "float" => v.is_number(),
        "bool" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    };
    if ok {
        Ok(v)
    } else {
        Err((
            format!("yaml: cannot decode !!str `{text}` as a !!{tag}"),
            at,
        ))
    }
}

/// go-yaml v2's `resolve` for an untagged plain scalar (the shared copy in crkit-gofmt), as
/// `json.Marshal` then writes it.
fn plain(text: &str, at: Position) -> Result<Value, BuildError> {
    Ok(match resolve(text) {
        Resolved::Null => Value::Null,
        Resolved::Bool(b) => Value::Bool(b),
        Resolved::Int(i) => Value::Number(i.into()),
        Resolved::Uint(u) => {
            // Beyond int64: the server decodes it as a float64.
            #[expect(
                clippy::cast_precision_loss,
                reason = "Go converts to float64 the same way"
            )]
            float_value(u as f64)
        }
        Resolved::Float(f) if f.is_nan() => {
            return Err(("json: unsupported value: NaN".to_owned(), at));
        }
        Resolved::Float(f) if f.is_infinite() => {
            let inf = if f > 0.0 { "+Inf" } else { "-Inf" };
            return Err((format!("json: unsupported value: {inf}"), at));
        }
        Resolved::Float(f) => float_value(f),
        // Decoding into an interface{} keeps a timestamp's text.
        Resolved::Timestamp | Resolved::Str => Value::String(text.to_owned()),
    })
}

/// A float as the server receives it after `json.Marshal`: integral values below 1e21 are
/// written without a fraction and decoded as integers.
fn float_value(f: f64) -> Value {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        if f >= i64::MIN as f64 && f < i64::MAX as f64 {
            return Value::Number((f as i64).into());
        }
    }
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}
