//! The one error type of the crate, worded the way kubectl words the same failures.

/// Everything that can go wrong while rendering.
///
/// `Display` gives the text kubectl prints after its `error: ` prefix, so a plugin can print
/// `error: {err}` and match kubectl.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A JSONPath template did not parse (`kubectl -o jsonpath=...` prints this wording).
    #[error("error parsing jsonpath {template}, {message}")]
    JsonPathParse {
        /// The template as given.
        template: String,
        /// The parser's own message, e.g. `unclosed action`.
        message: String,
    },

    /// Evaluating a JSONPath failed; the raw message of client-go's jsonpath package, as
    /// custom columns and `--sort-by` report it (e.g. `step must be > 0`).
    #[error("{message}")]
    JsonPathEval {
        /// client-go's message.
        message: String,
    },

    /// `kubectl -o jsonpath` failed while executing its template: kubectl's long message,
    /// including its dump of the object (Go `%#v` syntax).
    #[error(
        "error executing jsonpath {}: Error executing template: {message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{object}\n\n\n",
        crate::gofmt::quote(.template)
    )]
    JsonPathExecute {
        /// The template as given.
        template: String,
        /// client-go's message, e.g. `array index out of bounds: index 5, length 2`.
        message: String,
        /// The object as Go's `%#v` prints it.
        object: String,
    },

    /// A JSONPath given to custom columns or `--sort-by` is not of the relaxed form
    /// (`a.b`, `.a.b`, `{a.b}`, `{.a.b}`).
    #[error(
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{{name1.name2}}' or '{{.name1.name2}}'"
    )]
    RelaxedPath {
        /// The expression as given.
        expression: String,
    },

    /// A `-o custom-columns=` specification is malformed; the message is kubectl's.
    #[error("{message}")]
    CustomColumns {
        /// kubectl's message.
        message: String,
    },

    /// The YAML emitter refused the value, as kubectl's does (e.g. `yaml: control characters
    /// are not allowed` for a string holding U+007F).
    #[error("{message}")]
    Yaml {
        /// go-yaml's message.
        message: String,
    },

    /// An object lacks what `-o name` needs.
    #[error("{message}")]
    Name {
        /// kubectl's message.
        message: String,
    },
}
