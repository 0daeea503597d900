//! `kubectl get -o yaml`: sigs.k8s.io/yaml v1.6.0's `JSONToYAML` (decode the JSON kubectl
//! marshalled with go-yaml v2, then marshal that with go-yaml v2), ported where it decides a
//! byte. One module per go.yaml.in/yaml/v2 v2.4.4 file it follows:
//!
//! - `readback`: what reading the JSON back as YAML changes or rejects (`readerc.go`,
//!   `scannerc.go`);
//! - `encode`: `yaml.Marshal` of the decoded value into events, and which scalar style each
//!   string needs (`encode.go`; the scalar resolution of `resolve.go` is
//!   [`crkit_gofmt::yaml_resolve`]);
//! - `sorter`: the "natural" order of mapping keys (`sorter.go`);
//! - `emitterc`: the emitter writing the events out (`emitterc.go`), restricted to what
//!   `yaml.Marshal` of decoded JSON can produce (no anchors, tags, flow styles requested, or
//!   canonical mode), over `yamlh`'s events and `yamlprivateh`'s character classes.

mod emitterc;
mod encode;
mod readback;
mod sorter;
mod yamlh;
mod yamlprivateh;

use serde_json::Value;

use crate::Error;

/// What `kubectl get -o yaml` prints for `value` (the object, or the `List` kubectl builds for
/// several objects; see [`crate::json::list`]).
///
/// For the rare values kubectl refuses to print (see [`try_to_yaml`]) this still emits the YAML
/// go-yaml would write for them; use [`try_to_yaml`] to get kubectl's error instead.
pub fn to_yaml(value: &Value) -> String {
    encode::emit(value)
}

/// [`to_yaml`], or the error kubectl prints when go-yaml cannot read back the JSON kubectl hands
/// it: `yaml: control characters are not allowed` for a raw U+007F, C1 control (but U+0085),
/// U+FFFE or U+FFFF in a string; `yaml: line N: did not find expected ',' or '}'` for a key
/// holding U+0085, which go-yaml reads as a line break.
pub fn try_to_yaml(value: &Value) -> Result<String, Error> {
    match readback::read_back_error(value) {
        Some(message) => Err(Error::Yaml { message }),
        None => Ok(encode::emit(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn small_documents() {
        assert_eq!(to_yaml(&json!({})), "{}\n");
        assert_eq!(to_yaml(&json!([])), "[]\n");
        assert_eq!(to_yaml(&json!("x")), "x\n");
        assert_eq!(
            to_yaml(&json!({"a": [1, {"b": null}], "c": {}})),
            "a:\n- 1\n- b: null\nc: {}\n"
        );
        assert_eq!(to_yaml(&json!({"s": "a\nb\n"})), "s: |\n  a\n  b\n");
        assert_eq!(to_yaml(&json!({"s": "a\nb"})), "s: |-\n  a\n  b\n");
        assert_eq!(to_yaml(&json!({"s": " a\n"})), "s: |2\n   a\n");
        assert_eq!(to_yaml(&json!({"s": "a\n\n"})), "s: |+\n  a\n\n");
        assert!(try_to_yaml(&json!({"a": "\u{7f}"})).is_err());
    }
}
