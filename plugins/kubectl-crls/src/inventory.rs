//! `kubectl crls` without a resource: every custom resource type the cluster serves, with its
//! versions, scope, names and how many objects it has (one `limit=1` list per type).

use std::collections::HashMap;
use std::process::ExitCode;

use crkit_discovery::api::{self, ListParams, Scope};
use crkit_discovery::{ApiResource, Discovery, Error, KubeClient, RequestContext};
use crkit_plugin::Exit;
use futures::StreamExt as _;
use serde_json::Value;

use crate::cli::Cli;
use crate::output::Format;

/// How many count requests run at once.
const CONCURRENCY: usize = 8;

struct Row {
    context: String,
    cells: Vec<String>,
}

/// Prints the inventory of every context.
pub async fn run(
    cli: &Cli,
    contexts: &[Option<String>],
    format: &Format,
) -> anyhow::Result<ExitCode> {
    let multi = contexts.len() > 1;
    let mut rows: Vec<Row> = Vec::new();
    let mut failed = false;
    let runs = contexts.iter().map(|c| inventory(cli, c.as_deref()));
    for (context, outcome) in contexts.iter().zip(futures::future::join_all(runs).await) {
        let context = context.clone().unwrap_or_default();
        match outcome {
            Ok((mut found, client)) => {
                crkit_plugin::report_requests(&cli.kube, client.stats());
                rows.extend(found.drain(..).map(|cells| Row {
                    context: context.clone(),
                    cells,
                }));
            }
            Err(e) if multi => {
                failed = true;
                eprintln!("error: context {context:?}: {e:#}");
                rows.push(Row {
                    context,
                    cells: vec![format!("<error: {}>", format!("{e:#}").replace('\n', " "))],
                });
            }
            Err(e) => return Err(e),
        }
    }
    if let Format::Name = format {
        for row in &rows {
            println!("{}", row.cells[0]);
        }
        return Ok(exit(failed));
    }
    if !format.is_table() {
        eprintln!("error: the inventory prints a table (no -o) or names (-o name)");
        return Ok(Exit::Usage.into());
    }
    if rows.is_empty() {
        eprintln!("No custom resource types found");
        return Ok(exit(failed));
    }
    let mut text = String::new();
    if !cli.no_headers {
        if multi {
            text.push_str("CONTEXT\t");
        }
        text.push_str("NAME\tKIND\tVERSION\tSCOPE\tSHORTNAMES\tCATEGORIES\tCOUNT\n");
    }
    for row in rows {
        if multi {
            text.push_str(&row.context);
            text.push('\t');
        }
        text.push_str(&row.cells.join("\t"));
        text.push('\n');
    }
    print!("{}", crkit_output::tabwriter::align(&text));
    Ok(exit(failed))
}

fn exit(failed: bool) -> ExitCode {
    if failed { Exit::Failure } else { Exit::Success }.into()
}

/// One context's rows: NAME, KIND, VERSION, SCOPE, SHORTNAMES, CATEGORIES, COUNT.
async fn inventory(
    cli: &Cli,
    context: Option<&str>,
) -> anyhow::Result<(Vec<Vec<String>>, KubeClient)> {
    let client = KubeClient::connect(&cli.kube.connect_options(context)).await?;
    let mut discovery = Discovery::load(&client, &cli.kube.discovery_options()).await?;
    // An inventory lists what the cluster serves: like `kubectl api-resources`, it must not
    // answer from a cache that predates a CRD installed a second ago (one round trip, 304
    // when nothing changed).
    discovery.revalidate().await?;
    let resources: Vec<ApiResource> = discovery
        .snapshot()
        .preferred_resources()
        .into_iter()
        .filter(|r| cli.all_kinds || r.is_custom())
        .filter(|r| cli.group.as_ref().is_none_or(|g| &r.group == g))
        .cloned()
        .collect();
    let versions = crd_versions(&client).await;
    let scope = if cli.all_namespaces {
        Scope::AllNamespaces
    } else {
        Scope::Namespace(client.namespace().to_owned())
    };
    let counts: Vec<String> = futures::stream::iter(resources.iter())
        .map(|r| count(&client, r, &scope))
        .buffered(CONCURRENCY)
        .collect()
        .await;
    let rows = resources
        .iter()
        .zip(counts)
        .map(|(r, count)| {
            let version = versions
                .get(&r.group_resource())
                .cloned()
                .unwrap_or_else(|| r.version.clone());
            vec![
                r.group_resource(),
                r.kind.clone(),
                version,
                if r.namespaced {
                    "Namespaced"
                } else {
                    "Cluster"
                }
                .to_owned(),
                join_or_none(&r.short_names),
                join_or_none(&r.categories),
                count,
            ]
        })
        .collect();
    Ok((rows, client))
}

fn join_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "<none>".to_owned()
    } else {
        items.join(",")
    }
}

/// Served versions of each CRD, the storage version marked with `*` (e.g. `v1*,v1beta1`).
/// Without the right to read CRDs, discovery's preferred version is shown instead.
async fn crd_versions(client: &KubeClient) -> HashMap<String, String> {
    let ctx = RequestContext {
        verb: "list".to_owned(),
        resource: "customresourcedefinitions.apiextensions.k8s.io".to_owned(),
        ..RequestContext::default()
    };
    let Ok(resp) = client
        .get_raw(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            api::ACCEPT_JSON,
            &[],
            &ctx,
        )
        .await
    else {
        return HashMap::new();
    };
    let Ok(list) = serde_json::from_slice::<Value>(&resp.body) else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for crd in list["items"].as_array().into_iter().flatten() {
        let Some(name) = crd["metadata"]["name"].as_str() else {
            continue;
        };
        let versions: Vec<String> = crd["spec"]["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| v["served"] == true)
            .filter_map(|v| {
                let n = v["name"].as_str()?;
                Some(if v["storage"] == true {
                    format!("{n}*")
                } else {
                    n.to_owned()
                })
            })
            .collect();
        out.insert(name.to_owned(), versions.join(","));
    }
    out
}

/// Objects of a resource in scope, from one `limit=1` list: the page's items plus the server's
/// `remainingItemCount`. `<forbidden>` or `<error>` when the list fails.
async fn count(client: &KubeClient, resource: &ApiResource, scope: &Scope) -> String {
    if !resource.supports("list") {
        return "-".to_owned();
    }
    let params = ListParams {
        limit: 1,
        ..ListParams::default()
    };
    match api::list_page(client, resource, scope, &params, None).await {
        Ok(resp) => match serde_json::from_slice::<api::List<serde::de::IgnoredAny>>(&resp.body) {
            Ok(page) => {
                let shown = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                match (
                    page.metadata.remaining_item_count,
                    page.metadata.continue_token,
                ) {
                    (Some(rest), _) => (shown + rest).to_string(),
                    (None, Some(c)) if !c.is_empty() => format!("{shown}+"),
                    _ => shown.to_string(),
                }
            }
            Err(_) => "<error>".to_owned(),
        },
        Err(Error::Forbidden { .. }) => "<forbidden>".to_owned(),
        Err(_) => "<error>".to_owned(),
    }
}
