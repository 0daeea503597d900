//! `x-kubernetes-validations` rules of a schema node, as a CRD declares them and as they are
//! compiled once per node (apiextensions-apiserver's `pkg/apiserver/schema/cel/compilation.go`,
//! k8s.io/apiextensions-apiserver v0.37.2). Evaluating them is the `cel` module's.

use kube_cel::cel::Program;

/// One `x-kubernetes-validations` rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The CEL expression.
    pub rule: String,
    /// Fixed message.
    #[serde(default)]
    pub message: String,
    /// CEL expression computing the message.
    #[serde(default)]
    pub message_expression: String,
    /// `FieldValueInvalid`, `FieldValueRequired`, `FieldValueForbidden` or
    /// `FieldValueDuplicate`.
    #[serde(default)]
    pub reason: Option<String>,
    /// Where errors are reported, relative to the node (`.spec.x`).
    #[serde(default)]
    pub field_path: String,
    /// Whether the rule runs on create with `oldSelf` unset.
    #[serde(default)]
    pub optional_old_self: Option<bool>,
}

/// One rule, compiled.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// The rule's program, or why it does not compile.
    pub(crate) program: Result<Program, String>,
    /// The `messageExpression` program, when there is one.
    pub(crate) message: Option<Result<Program, String>>,
    /// Whether the rule is a transition rule (it reads `oldSelf`).
    pub(crate) uses_old_self: bool,
}

/// The rules of one schema node, compiled.
#[derive(Debug)]
pub struct CelNode {
    /// One per rule of the node, in order.
    pub(crate) rules: Vec<CompiledRule>,
}

impl CelNode {
    pub(crate) fn compile(rules: &[Rule]) -> Self {
        let rules = rules
            .iter()
            .map(|r| {
                let program = Program::compile(&r.rule).map_err(|e| e.to_string());
                let uses_old_self = program
                    .as_ref()
                    .is_ok_and(|p| p.references().has_variable("oldSelf"));
                let message = (!r.message_expression.is_empty())
                    .then(|| Program::compile(&r.message_expression).map_err(|e| e.to_string()));
                CompiledRule {
                    program,
                    message,
                    uses_old_self,
                }
            })
            .collect();
        CelNode { rules }
    }

    /// Compile errors of the node's rules (`rule` and `messageExpression`), as messages.
    pub fn compile_errors(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.rules {
            if let Err(e) = &r.program {
                out.push(e.clone());
            }
            if let Some(Err(e)) = &r.message {
                out.push(format!("messageExpression: {e}"));
            }
        }
        out
    }
}
