//! `kubectl crls` without a resource: the inventory of custom resource types with counts.

use crate::harness::{crls, text, with_examples};

#[test]
fn inventory_lists_custom_kinds_with_counts() {
    let Some(ctx) = with_examples("crls-inventory") else {
        return;
    };
    let group = ctx.group("gateway.ai.example.com");
    let out = crls(&ctx, &["--group", &group, "-n", &ctx.namespace]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<Vec<&str>> = stdout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines[0],
        [
            "NAME",
            "KIND",
            "VERSION",
            "SCOPE",
            "SHORTNAMES",
            "CATEGORIES",
            "COUNT"
        ]
    );
    assert_eq!(
        lines[1],
        [
            format!("llmmodels.{group}").as_str(),
            "LLMModel",
            "v1*",
            "Namespaced",
            "llm",
            "ai-gateway",
            "3"
        ]
    );
    assert_eq!(
        lines[2],
        [
            format!("llmroutes.{group}").as_str(),
            "LLMRoute",
            "v1*",
            "Namespaced",
            "llmr",
            "ai-gateway",
            "2"
        ]
    );
    assert_eq!(lines.len(), 3, "{stdout}");
    let tenants = ctx.group("ai.example.com");
    let out = crls(&ctx, &["--group", &tenants, "-o", "name"]);
    assert_eq!(
        text(&out.stdout),
        format!(
            "gatewayroutes.{tenants}\nmodelendpoints.{tenants}\ntenantconfigurations.{tenants}\n"
        )
    );
}
