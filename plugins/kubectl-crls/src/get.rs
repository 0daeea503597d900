//! `kubectl crls RESOURCE [NAME...]`: resolve, fetch (paged lists or named objects, as the
//! server's Tables or as JSON) on one or several contexts, and print as kubectl does.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use crkit_discovery::api::{self, IncludeObject, ListMeta, ListParams, Scope};
use crkit_discovery::{ApiResource, Discovery, Error, KubeClient};
use crkit_output::jsonpath::{self, JsonPath};
use crkit_output::table::{self, Column, ExtraColumn, Table, TableOptions};
use crkit_plugin::Exit;
use serde_json::Value;

use crate::cli::Cli;
use crate::output::{self, Format};

/// What to fetch of one resource type: everything, or some names.
struct Target {
    resource: ApiResource,
    names: Vec<String>,
}

/// What one context returned.
struct Fetched {
    /// Per resource type, the merged table (table formats) or the objects (other formats).
    results: Vec<(ApiResource, Result<Fetch, anyhow::Error>)>,
    /// Errors of single objects (NotFound...), printed after the output like kubectl.
    errors: Vec<anyhow::Error>,
    /// Whether exactly one object was asked for by name (printed bare, not in a List).
    single: bool,
}

enum Fetch {
    /// The pages (or one table per name), printed as kubectl prints chunks.
    Table(Vec<Table>),
    Objects(Vec<Value>),
}

/// Runs the query on every context and prints the result.
pub async fn run(
    cli: &Cli,
    input: &str,
    contexts: &[Option<String>],
    format: &Format,
) -> anyhow::Result<ExitCode> {
    let fields = parse_fields(&cli.fields)?;
    let runs = contexts
        .iter()
        .map(|ctx| fetch_context(cli, input, ctx.as_deref(), format));
    let outcomes = futures::future::join_all(runs).await;
    let multi = contexts.len() > 1;
    let mut failed = false;
    let mut stdout = std::io::stdout().lock();

    if multi {
        let mut per_context = Vec::new();
        for (ctx, outcome) in contexts.iter().zip(outcomes) {
            let name = ctx.clone().unwrap_or_default();
            match outcome {
                Ok((fetched, _)) => per_context.push((name, Ok(fetched))),
                Err(e) => {
                    failed = true;
                    per_context.push((name, Err(e)));
                }
            }
        }
        let text = render_multi_context(cli, format, &fields, &mut per_context, &mut failed)?;
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(exit(failed));
    }

    let (fetched, stats_client) = outcomes.into_iter().next().expect("one context")?;
    let written = print_one(cli, format, &fields, fetched, &mut stdout, &mut failed)?;
    stdout.flush()?;
    drop(stdout);
    if written.is_empty_output && !failed && !cli.ignore_not_found && format.is_table() {
        if written.all_namespaced {
            eprintln!(
                "No resources found in {} namespace.",
                stats_client.namespace()
            );
        } else {
            eprintln!("No resources found");
        }
    }
    crkit_plugin::report_requests(&cli.kube, stats_client.stats());
    Ok(exit(failed))
}

fn exit(failed: bool) -> ExitCode {
    if failed { Exit::Failure } else { Exit::Success }.into()
}

struct Written {
    is_empty_output: bool,
    all_namespaced: bool,
}

/// Connects, resolves and fetches for one context.
async fn fetch_context(
    cli: &Cli,
    input: &str,
    context: Option<&str>,
    format: &Format,
) -> anyhow::Result<(Fetched, KubeClient)> {
    let client = KubeClient::connect(&cli.kube.connect_options(context)).await?;
    let mut discovery = Discovery::load(&client, &cli.kube.discovery_options()).await?;
    let targets = targets(&mut discovery, input, &cli.names).await?;
    let scope = if cli.all_namespaces {
        Scope::AllNamespaces
    } else {
        Scope::Namespace(client.namespace().to_owned())
    };
    // The least the table needs: kubectl always takes metadata, but reads it only for the
    // NAMESPACE and label columns, and 10,000 rows of metadata weigh more than their cells.
    let include = if !cli.fields.is_empty() || cli.sort_by.is_some() {
        IncludeObject::Object
    } else if cli.all_namespaces || cli.show_labels || !cli.label_columns.is_empty() {
        IncludeObject::Metadata
    } else {
        IncludeObject::None
    };
    let single = targets.len() == 1 && targets[0].names.len() == 1;
    let mut results = Vec::new();
    let mut errors = Vec::new();
    for target in targets {
        let fetched = if format.is_table() {
            fetch_table(cli, &client, &target, &scope, include, &mut errors)
                .await
                .map(Fetch::Table)
        } else {
            fetch_objects(cli, &client, &target, &scope, &mut errors)
                .await
                .map(Fetch::Objects)
        };
        results.push((target.resource, fetched));
    }
    Ok((
        Fetched {
            results,
            errors,
            single,
        },
        client,
    ))
}

/// The resource types and names the arguments name: `RESOURCE [NAME...]`, or `TYPE/NAME...`.
async fn targets(
    discovery: &mut Discovery,
    input: &str,
    names: &[String],
) -> anyhow::Result<Vec<Target>> {
    let mut out: Vec<Target> = Vec::new();
    if input.contains('/') {
        for arg in std::iter::once(input).chain(names.iter().map(String::as_str)) {
            let (kind, name) = arg.split_once('/').with_context(|| {
                format!("there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl crls resource/<resource_name>' instead of 'kubectl crls resource resource/<resource_name>'): {arg:?}")
            })?;
            let resolution = resolve(discovery, kind).await?;
            let resource = resolution
                .into_iter()
                .next()
                .expect("resolution is never empty");
            match out.iter_mut().find(|t| t.resource == resource) {
                Some(t) => t.names.push(name.to_owned()),
                None => out.push(Target {
                    resource,
                    names: vec![name.to_owned()],
                }),
            }
        }
        return Ok(out);
    }
    let resolved = resolve(discovery, input).await?;
    Ok(resolved
        .into_iter()
        .map(|resource| Target {
            resource,
            names: names.to_vec(),
        })
        .collect())
}

async fn resolve(discovery: &mut Discovery, input: &str) -> anyhow::Result<Vec<ApiResource>> {
    let resolution = discovery.resolve(input).await?;
    for warning in &resolution.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(resolution.resources)
}

fn list_params(cli: &Cli) -> ListParams {
    ListParams {
        label_selector: cli.selector.clone(),
        field_selector: cli.field_selector.clone(),
        // Sorting needs every object first, as in kubectl.
        limit: if cli.sort_by.is_some() {
            0
        } else {
            cli.chunk_size
        },
        continue_token: None,
    }
}

/// The server's table for a target: every page of the list merged, or one row per name.
async fn fetch_table(
    cli: &Cli,
    client: &KubeClient,
    target: &Target,
    scope: &Scope,
    include: IncludeObject,
    errors: &mut Vec<anyhow::Error>,
) -> anyhow::Result<Vec<Table>> {
    let resource = &target.resource;
    let mut pages: Vec<Table> = Vec::new();
    let mut add = |table: Table| pages.push(table);
    if target.names.is_empty() {
        let mut params = list_params(cli);
        loop {
            let page = api::list_page(client, resource, scope, &params, Some(include)).await?;
            let (mut table, meta) = decode_table(resource, &page.body)?;
            if include == IncludeObject::Metadata {
                keep_printed_metadata(&mut table);
            }
            add(table);
            match meta.continue_token.filter(|c| !c.is_empty()) {
                Some(token) => params.continue_token = Some(token),
                None => break,
            }
        }
    } else {
        for name in &target.names {
            match api::get_object(client, resource, scope, name, Some(include)).await {
                Ok(resp) => add(decode_table(resource, &resp.body)?.0),
                Err(Error::NotFound { .. }) if cli.ignore_not_found => {}
                Err(e) => errors.push(e.into()),
            }
        }
    }
    if let Some(path) = &cli.sort_by {
        let mut table = merge(pages);
        table.rows = output::sort_by_path(std::mem::take(&mut table.rows), path, |row| {
            row.object.as_ref()
        })?;
        return Ok(vec![table]);
    }
    Ok(pages)
}

/// Drops from each row's metadata what the table never prints (annotations, managed fields),
/// so that memory follows the printed text rather than the objects while later pages arrive.
fn keep_printed_metadata(table: &mut Table) {
    for row in &mut table.rows {
        if let Some(Value::Object(object)) = &mut row.object
            && let Some(Value::Object(meta)) = object.get_mut("metadata")
        {
            meta.retain(|key, _| matches!(key.as_str(), "name" | "namespace" | "labels"));
            object.retain(|key, _| key == "metadata");
        }
    }
}

/// One table of all pages' rows (columns from the first page).
fn merge(pages: Vec<Table>) -> Table {
    let mut iter = pages.into_iter();
    let mut first = iter.next().unwrap_or_else(|| Table {
        column_definitions: Vec::new(),
        rows: Vec::new(),
    });
    for page in iter {
        first.rows.extend(page.rows);
    }
    first
}

fn decode_table(resource: &ApiResource, body: &[u8]) -> anyhow::Result<(Table, ListMeta)> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        kind: Option<String>,
        #[serde(default)]
        metadata: ListMeta,
    }
    let envelope: Envelope = api::decode(&format!("{} table", resource.group_resource()), body)?;
    anyhow::ensure!(
        envelope.kind.as_deref() == Some("Table"),
        "the server did not return a Table for {} (got {:?})",
        resource.group_resource(),
        envelope.kind
    );
    let table: Table = api::decode(&format!("{} table", resource.group_resource()), body)?;
    Ok((table, envelope.metadata))
}

/// The objects of a target, as JSON with `apiVersion` and `kind` set.
async fn fetch_objects(
    cli: &Cli,
    client: &KubeClient,
    target: &Target,
    scope: &Scope,
    errors: &mut Vec<anyhow::Error>,
) -> anyhow::Result<Vec<Value>> {
    let resource = &target.resource;
    let mut items = Vec::new();
    if target.names.is_empty() {
        let mut params = list_params(cli);
        loop {
            let page = api::list_page(client, resource, scope, &params, None).await?;
            let list: api::List<Value> =
                api::decode(&format!("{} list", resource.group_resource()), &page.body)?;
            items.extend(list.items);
            match list.metadata.continue_token.filter(|c| !c.is_empty()) {
                Some(token) => params.continue_token = Some(token),
                None => break,
            }
        }
    } else {
        for name in &target.names {
            match api::get_object(client, resource, scope, name, None).await {
                Ok(resp) => items.push(api::decode(
                    &format!("{} {name:?}", resource.group_resource()),
                    &resp.body,
                )?),
                Err(Error::NotFound { .. }) if cli.ignore_not_found => {}
                Err(e) => errors.push(e.into()),
            }
        }
    }
    for item in &mut items {
        if let Some(obj) = item.as_object_mut() {
            obj.entry("apiVersion")
                .or_insert_with(|| Value::String(resource.api_version()));
            obj.entry("kind")
                .or_insert_with(|| Value::String(resource.kind.clone()));
        }
    }
    if let Some(path) = &cli.sort_by {
        items = output::sort_by_path(items, path, |v| Some(v))?;
    }
    Ok(items)
}

/// `--field [HEADER=]PATH` as extra columns.
fn parse_fields(fields: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    fields
        .iter()
        .map(|f| {
            let (header, path) = match f.split_once('=') {
                Some((h, p)) if !h.starts_with('.') && !h.contains('{') => (h.to_owned(), p),
                _ => {
                    let last = f
                        .trim_matches(|c| c == '{' || c == '}')
                        .rsplit('.')
                        .find(|s| !s.is_empty())
                        .unwrap_or(f);
                    let last = last.split('[').next().unwrap_or(last);
                    (last.to_uppercase(), f.as_str())
                }
            };
            let template =
                jsonpath::relaxed(path).with_context(|| format!("invalid --field {f:?}"))?;
            Ok((header, template))
        })
        .collect()
}

fn extra_columns(fields: &[(String, String)]) -> anyhow::Result<Vec<ExtraColumn>> {
    fields
        .iter()
        .map(|(header, template)| {
            Ok(ExtraColumn {
                header: header.clone(),
                path: JsonPath::parse(template)?.allow_missing_keys(true),
            })
        })
        .collect()
}

/// Leaves out a `--field` column whose header the table prints already (`--field
/// .spec.provider` where the CRD has a Provider printer column), saying so on stderr: the
/// same header twice would only puzzle.
fn skip_duplicate_columns(opts: &mut TableOptions, columns: Option<&[table::Column]>) {
    let Some(columns) = columns else {
        return;
    };
    let shown: Vec<String> = columns
        .iter()
        .filter(|c| opts.wide || c.priority == 0)
        .map(|c| c.name.to_uppercase())
        .collect();
    opts.extra_columns.retain(|extra| {
        let header = extra.header.to_uppercase();
        let duplicate = shown.contains(&header);
        if duplicate {
            eprintln!(
                "warning: the table has a {header} column already; --field {header} is not added again"
            );
        }
        !duplicate
    });
}

fn table_options(
    cli: &Cli,
    format: &Format,
    fields: &[(String, String)],
    resource: &ApiResource,
    with_kind: bool,
) -> anyhow::Result<TableOptions> {
    Ok(TableOptions {
        wide: matches!(format, Format::Table { wide: true }),
        no_headers: cli.no_headers,
        with_namespace: cli.all_namespaces && resource.namespaced,
        kind_prefix: with_kind.then(|| output::kind_prefix(resource)),
        show_labels: cli.show_labels,
        label_columns: cli.label_columns.clone(),
        extra_columns: extra_columns(fields)?,
        now: None,
    })
}

/// Prints one context's results as kubectl would; returns whether anything was printed.
fn print_one(
    cli: &Cli,
    format: &Format,
    fields: &[(String, String)],
    fetched: Fetched,
    out: &mut impl std::io::Write,
    failed: &mut bool,
) -> anyhow::Result<Written> {
    let Fetched {
        results,
        errors,
        single,
    } = fetched;
    let with_kind = cli.show_kind || results.len() > 1;
    let all_namespaced = !cli.all_namespaces && results.iter().all(|(r, _)| r.namespaced);
    let mut wrote_any = false;
    let mut request_errors = Vec::new();
    let mut objects: Vec<(ApiResource, Value)> = Vec::new();
    for (resource, result) in results {
        match result {
            Ok(Fetch::Table(pages)) => {
                if pages.iter().all(|t| t.rows.is_empty()) {
                    continue;
                }
                let mut opts = table_options(cli, format, fields, &resource, with_kind)?;
                skip_duplicate_columns(
                    &mut opts,
                    pages.first().map(|t| t.column_definitions.as_slice()),
                );
                let text = table::render_chunks(&pages, &opts)?;
                if wrote_any && !cli.no_headers {
                    out.write_all(b"\n")?;
                }
                out.write_all(text.as_bytes())?;
                wrote_any = true;
            }
            Ok(Fetch::Objects(items)) => {
                objects.extend(items.into_iter().map(|i| (resource.clone(), i)));
            }
            Err(e) => request_errors.push(e),
        }
    }
    if !format.is_table() {
        wrote_any = print_objects(format, objects, single, cli, out)?;
    }
    out.flush()?;
    for e in request_errors.iter().chain(errors.iter()) {
        *failed = true;
        crkit_plugin::report(e);
    }
    Ok(Written {
        is_empty_output: !wrote_any,
        all_namespaced,
    })
}

fn print_objects(
    format: &Format,
    objects: Vec<(ApiResource, Value)>,
    single: bool,
    cli: &Cli,
    out: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    if let Format::Name = format {
        for (resource, obj) in &objects {
            let name = obj["metadata"]["name"].as_str().unwrap_or_default();
            writeln!(out, "{}/{name}", output::kind_prefix(resource))?;
        }
        return Ok(!objects.is_empty());
    }
    let mut objects = objects;
    if matches!(format, Format::Json | Format::Yaml) && !cli.show_managed_fields {
        // As kubectl: managedFields are noise unless asked for.
        for (_, obj) in &mut objects {
            crkit_output::json::omit_managed_fields(obj);
        }
    }
    let value = if single && objects.len() == 1 {
        objects
            .into_iter()
            .next()
            .map(|(_, o)| o)
            .unwrap_or_default()
    } else {
        crkit_output::json::list(objects.into_iter().map(|(_, o)| o).collect())
    };
    let text = match format {
        Format::Json => crkit_output::json::to_json(&value),
        Format::Yaml => crkit_output::yaml::to_yaml(&value),
        Format::JsonPath(path) => path.render(&value)?,
        Format::CustomColumns(columns) => {
            let items = match value.get("items") {
                Some(Value::Array(items)) if value["kind"] == "List" => items.clone(),
                _ => vec![value.clone()],
            };
            columns.render(&items, cli.no_headers)?
        }
        Format::Name | Format::Table { .. } => unreachable!("handled by the caller"),
    };
    out.write_all(text.as_bytes())?;
    Ok(!text.is_empty())
}

/// Several contexts: one table per resource type with a CONTEXT column first, rows of every
/// context together; a context that failed is a row of its own.
fn render_multi_context(
    cli: &Cli,
    format: &Format,
    fields: &[(String, String)],
    per_context: &mut [(String, Result<Fetched, anyhow::Error>)],
    failed: &mut bool,
) -> anyhow::Result<String> {
    let mut order: Vec<ApiResource> = Vec::new();
    for (_, outcome) in per_context.iter() {
        if let Ok(fetched) = outcome {
            for (r, _) in &fetched.results {
                if !order
                    .iter()
                    .any(|o| o.group == r.group && o.resource == r.resource)
                {
                    order.push(r.clone());
                }
            }
        }
    }
    let with_kind = cli.show_kind || order.len() > 1;
    let mut text = String::new();
    for resource in &order {
        let mut merged: Option<Table> = None;
        for (context, outcome) in per_context.iter_mut() {
            let Ok(fetched) = outcome else { continue };
            let Some(pos) = fetched
                .results
                .iter()
                .position(|(r, _)| r.group == resource.group && r.resource == resource.resource)
            else {
                continue;
            };
            let (_, result) = fetched.results.remove(pos);
            let table = match result {
                Ok(Fetch::Table(pages)) => merge(pages),
                Ok(Fetch::Objects(_)) => continue,
                Err(e) => {
                    *failed = true;
                    eprintln!("error: context {context:?}:");
                    crkit_plugin::report(&e);
                    continue;
                }
            };
            let table =
                with_context_column(table, context, cli.all_namespaces && resource.namespaced);
            match &mut merged {
                Some(m) if same_columns(m, &table) => m.rows.extend(table.rows),
                Some(m) => {
                    eprintln!(
                        "warning: context {context:?} serves {} with other columns; its rows are left out",
                        resource.group_resource()
                    );
                    let _ = m;
                }
                None => merged = Some(table),
            }
        }
        let Some(mut table) = merged else { continue };
        if table.rows.is_empty() {
            continue;
        }
        if let Some(path) = &cli.sort_by {
            table.rows = output::sort_by_path(std::mem::take(&mut table.rows), path, |row| {
                row.object.as_ref()
            })?;
        }
        let mut opts = table_options(cli, format, fields, resource, with_kind)?;
        skip_duplicate_columns(&mut opts, Some(&table.column_definitions));
        opts.with_namespace = false;
        if !text.is_empty() && !cli.no_headers {
            text.push('\n');
        }
        text.push_str(&table::render(&table, &opts)?);
    }
    let mut error_rows = String::new();
    for (context, outcome) in per_context.iter() {
        match outcome {
            Err(e) => {
                *failed = true;
                let row = format!("{context}\t<error: {}>\n", one_line(e));
                error_rows.push_str(&row);
                eprintln!("error: context {context:?}: {}", one_line(e));
            }
            Ok(fetched) => {
                for e in &fetched.errors {
                    *failed = true;
                    eprintln!("error: context {context:?}: {}", one_line(e));
                }
            }
        }
    }
    if !error_rows.is_empty() {
        if text.is_empty() && !cli.no_headers {
            error_rows.insert_str(0, "CONTEXT\tERROR\n");
        }
        text.push_str(&crkit_output::tabwriter::align(&error_rows));
    }
    Ok(text)
}

fn one_line(e: &anyhow::Error) -> String {
    format!("{e:#}").replace('\n', " ")
}

fn same_columns(a: &Table, b: &Table) -> bool {
    a.column_definitions.len() == b.column_definitions.len()
        && a.column_definitions
            .iter()
            .zip(&b.column_definitions)
            .all(|(x, y)| x.name == y.name)
}

/// Prepends CONTEXT (and NAMESPACE, which must come after it) as ordinary columns.
fn with_context_column(mut table: Table, context: &str, namespace: bool) -> Table {
    let mut columns = vec![column("Context")];
    if namespace {
        columns.push(column("Namespace"));
    }
    columns.append(&mut table.column_definitions);
    table.column_definitions = columns;
    for row in &mut table.rows {
        let mut cells = vec![Value::String(context.to_owned())];
        if namespace {
            let ns = row
                .object
                .as_ref()
                .and_then(|o| o["metadata"]["namespace"].as_str())
                .unwrap_or_default();
            cells.push(Value::String(ns.to_owned()));
        }
        cells.append(&mut row.cells);
        row.cells = cells;
    }
    table
}

fn column(name: &str) -> Column {
    Column {
        name: name.to_owned(),
        kind: "string".to_owned(),
        format: String::new(),
        description: String::new(),
        priority: 0,
    }
}
