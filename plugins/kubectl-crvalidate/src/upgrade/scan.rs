//! The stored objects of one CRD version, listed page by page and checked against the new
//! schema while the next page is on its way: the fetch loop hands raw pages to worker
//! threads through a bounded channel, and each page is parsed, checked and dropped on its
//! worker. Only objects with something to report are kept, and defaults are counted, not
//! kept, so memory does not grow with the number of objects.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

use anyhow::Context as _;
use crkit_discovery::KubeClient;
use crkit_discovery::api::{self, List, ListParams, Scope};
use crkit_discovery::model::ApiResource;
use crkit_discovery::validate::upgrade::{Checker, Class, ObjectCheck, pattern};
use serde::de::IgnoredAny;
use serde_json::Value;

/// One stored object with something to report.
#[derive(Debug)]
pub struct Object {
    /// Its namespace (empty for cluster-scoped kinds).
    pub namespace: String,
    /// Its name.
    pub name: String,
    /// The version it was read and checked at.
    pub version: String,
    /// The verdict; defaults are counted in [`Scan::defaulted`] instead.
    pub check: ObjectCheck,
}

/// What one version's objects gave.
#[derive(Debug, Default)]
pub struct Scan {
    /// Objects checked.
    pub checked: usize,
    /// Objects with pruned fields or validation errors.
    pub objects: Vec<Object>,
    /// Objects that new defaults change.
    pub objects_defaulted: usize,
    /// Defaulted fields by path pattern: how many objects, and the value (of the first).
    pub defaulted: BTreeMap<String, (usize, Value)>,
    /// `apiVersion`s of `metadata.managedFields` entries, with how many objects have one: who
    /// still writes through which version.
    pub writers: BTreeMap<String, usize>,
}

impl Scan {
    pub fn merge(&mut self, other: Scan) {
        self.checked += other.checked;
        self.objects.extend(other.objects);
        self.objects_defaulted += other.objects_defaulted;
        for (k, (n, v)) in other.defaulted {
            self.defaulted.entry(k).or_insert((0, v)).0 += n;
        }
        for (k, n) in other.writers {
            *self.writers.entry(k).or_default() += n;
        }
    }

    fn add(&mut self, checker: &Checker<'_>, version: &str, item: &Value) {
        self.checked += 1;
        let s = |p: &str| {
            item.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let mut versions: Vec<&str> = item
            .pointer("/metadata/managedFields")
            .and_then(Value::as_array)
            .map(|m| {
                m.iter()
                    .filter_map(|e| e.get("apiVersion").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default();
        versions.sort_unstable();
        versions.dedup();
        for v in versions {
            *self.writers.entry(v.to_owned()).or_default() += 1;
        }
        let mut check = checker.check(item);
        let before = check.changes.len();
        check.changes.retain(|c| {
            if c.class != Class::Defaulted {
                return true;
            }
            let entry = self
                .defaulted
                .entry(pattern(&c.path))
                .or_insert_with(|| (0, c.value.clone().unwrap_or_default()));
            entry.0 += 1;
            false
        });
        if check.changes.len() < before {
            self.objects_defaulted += 1;
        }
        if !check.changes.is_empty() || check.rejected_on_create() {
            self.objects.push(Object {
                namespace: s("/metadata/namespace"),
                name: s("/metadata/name"),
                version: version.to_owned(),
                check,
            });
        }
    }
}

/// A page as the workers read it.
type Page = List<Value>;

/// A page as the fetch loop reads it: the continue token, the items skipped unbuilt.
type PageMeta = List<IgnoredAny>;

/// Lists `resource` in `scope` in pages of `params.limit`, checking every object with
/// `checker` on `jobs` threads.
pub fn scan(
    runtime: &tokio::runtime::Runtime,
    client: &KubeClient,
    resource: &ApiResource,
    scope: &Scope,
    mut params: ListParams,
    checker: &Checker<'_>,
    jobs: usize,
) -> anyhow::Result<Scan> {
    let (tx, rx) = sync_channel::<Vec<u8>>(jobs);
    let rx = Mutex::new(rx);
    let version = resource.version.as_str();
    std::thread::scope(|threads| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                std::thread::Builder::new()
                    // Deep (but bounded) objects recurse in the validator.
                    .stack_size(32 * 1024 * 1024)
                    .spawn_scoped(threads, || -> anyhow::Result<Scan> {
                        let mut scan = Scan::default();
                        let mut failed = None;
                        loop {
                            // The lock is held only to take the next page.
                            let next = match rx.lock() {
                                Ok(rx) => rx.recv(),
                                Err(_) => break,
                            };
                            let Ok(body) = next else { break };
                            // After an error, pages are still taken (and dropped), so that the
                            // fetch loop never waits on a full channel.
                            if failed.is_some() {
                                continue;
                            }
                            match serde_json::from_slice::<Page>(&body) {
                                Ok(page) => {
                                    drop(body);
                                    for item in &page.items {
                                        scan.add(checker, version, item);
                                    }
                                }
                                Err(e) => failed = Some(e),
                            }
                        }
                        match failed {
                            Some(e) => Err(e).context("cannot decode a page of the list"),
                            None => Ok(scan),
                        }
                    })
                    .expect("spawn a worker thread")
            })
            .collect();
        let fetched = (|| -> anyhow::Result<()> {
            loop {
                let resp =
                    runtime.block_on(api::list_page(client, resource, scope, &params, None))?;
                let meta: PageMeta = api::decode(
                    &format!("the list of {}", resource.group_resource()),
                    &resp.body,
                )?;
                if tx.send(resp.body).is_err() {
                    // A worker failed: its error is reported below.
                    return Ok(());
                }
                match meta.metadata.continue_token.filter(|c| !c.is_empty()) {
                    Some(token) => params.continue_token = Some(token),
                    None => return Ok(()),
                }
            }
        })();
        drop(tx);
        let mut total = Scan::default();
        for w in workers {
            total.merge(
                w.join()
                    .map_err(|_| anyhow::anyhow!("a worker panicked"))??,
            );
        }
        fetched?;
        total
            .objects
            .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        Ok(total)
    })
}
