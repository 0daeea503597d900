//! Discovery against a live server: aggregated discovery in two requests (legacy per-group
//! discovery for servers without it), the disk cache with its TTL and `ETag` revalidation, and
//! resolution that refreshes once when a name is missing from a cached snapshot.

use std::path::PathBuf;
use std::time::Duration;

use futures::StreamExt as _;
use http::header;

use crate::cache::{CacheEntry, DiskCache};
use crate::client::{KubeClient, RawResponse, RequestContext};
use crate::model::Snapshot;
use crate::resolve::Resolution;
use crate::{Error, parse};

/// Aggregated discovery first (v2, then v2beta1), plain JSON as the last resort: one request
/// tells which the server speaks.
const ACCEPT: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

/// How many legacy group-version requests run at once.
const LEGACY_CONCURRENCY: usize = 8;

/// Default time a cached discovery is used without asking the server.
pub const DEFAULT_TTL: Duration = Duration::from_secs(6 * 60 * 60);

/// How discovery uses the disk cache.
#[derive(Debug, Clone)]
pub struct DiscoveryOptions {
    /// Cache root (`None`: no cache at all).
    pub cache_root: Option<PathBuf>,
    /// How long a cached discovery is used without revalidating it.
    pub ttl: Duration,
    /// `false` (`--no-cache`): neither read nor write the cache.
    pub use_cache: bool,
    /// Use legacy per-group discovery even when the server offers aggregated discovery.
    pub force_legacy: bool,
}

impl Default for DiscoveryOptions {
    fn default() -> Self {
        DiscoveryOptions {
            cache_root: crate::cache::default_root(),
            ttl: DEFAULT_TTL,
            use_cache: true,
            force_legacy: false,
        }
    }
}

/// Where the snapshot in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The disk cache, within its TTL: no request was made.
    Cache,
    /// The disk cache, confirmed unchanged by the server (`304 Not Modified`).
    Revalidated,
    /// The server, just now.
    Fetched,
}

/// Discovery of one server, ready to resolve names.
#[derive(Debug)]
pub struct Discovery {
    client: KubeClient,
    cache: Option<DiskCache>,
    entry: CacheEntry,
    origin: Origin,
    force_legacy: bool,
}

enum Document {
    NotModified,
    Aggregated { etag: Option<String>, body: Vec<u8> },
    Plain { body: Vec<u8> },
}

impl Discovery {
    /// Loads discovery: from the cache within its TTL (no request), revalidated with `ETag`s
    /// past it (two small requests), or fetched.
    pub async fn load(client: &KubeClient, opts: &DiscoveryOptions) -> Result<Self, Error> {
        let cache = opts
            .cache_root
            .as_ref()
            .filter(|_| opts.use_cache)
            .map(|root| DiskCache::new(root, client.server_url()));
        let cached = cache.as_ref().and_then(DiskCache::load);
        let mut discovery = Discovery {
            client: client.clone(),
            cache,
            entry: CacheEntry::new(Snapshot::default(), None, None),
            origin: Origin::Fetched,
            force_legacy: opts.force_legacy,
        };
        match cached {
            Some(entry) if entry.age() < opts.ttl => {
                client.stats().count_cache_hit();
                discovery.entry = entry;
                discovery.origin = Origin::Cache;
            }
            Some(entry) => {
                discovery.entry = entry;
                discovery.refresh(true).await?;
            }
            None => discovery.refresh(true).await?,
        }
        Ok(discovery)
    }

    /// The snapshot in use.
    pub fn snapshot(&self) -> &Snapshot {
        &self.entry.snapshot
    }

    /// Where the snapshot came from.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// The client this discovery talks through.
    pub fn client(&self) -> &KubeClient {
        &self.client
    }

    /// Makes sure the snapshot is the server's current one, as `kubectl api-resources`
    /// invalidates its cache first: a snapshot used from the cache within its TTL is
    /// revalidated with `If-None-Match` (two small requests, answered `304 Not Modified` when
    /// nothing changed); one already revalidated or fetched is left alone. For every answer
    /// that lists what the cluster serves (an inventory, a category's members, completion
    /// candidates), where a stale cache would hide a CRD created since it was written.
    pub async fn revalidate(&mut self) -> Result<(), Error> {
        if self.origin == Origin::Cache {
            tracing::debug!("revalidating the cached discovery");
            self.refresh(true).await?;
        }
        Ok(())
    }

    /// Resolves names and categories (see [`Snapshot::resolve`]). When the snapshot came from
    /// the cache and a name is unknown, refreshes once (a CRD created a minute ago must
    /// resolve) and tries again. A category is revalidated first: its members are a list of
    /// what the cluster serves, which a cached snapshot may lack without any name being
    /// unknown.
    pub async fn resolve(&mut self, input: &str) -> Result<Resolution, Error> {
        if self.origin == Origin::Cache
            && input
                .split(',')
                .any(|arg| self.snapshot().expand_category(arg).is_some())
        {
            self.revalidate().await?;
        }
        match self.snapshot().resolve(input) {
            Err(Error::UnknownResource { .. }) if self.origin != Origin::Fetched => {
                tracing::debug!(input, "unknown in cached discovery; refreshing once");
                // Only /apis: custom resources and aggregated APIs never appear in /api.
                self.refresh(false).await?;
                self.snapshot().resolve(input)
            }
            other => other,
        }
    }

    /// Asks the server again (`If-None-Match` where an `ETag` is known) and stores the result.
    /// `with_core` also revalidates `/api`.
    async fn refresh(&mut self, with_core: bool) -> Result<(), Error> {
        let ctx = RequestContext {
            verb: "discover".to_owned(),
            resource: "API resources".to_owned(),
            ..RequestContext::default()
        };
        let have = !self.entry.snapshot.groups.is_empty();
        // Both documents at once: a cold start (and shell completion) waits one round trip.
        let api = async {
            if with_core || !have {
                let etag = self.entry.api_etag.clone().filter(|_| have);
                self.get("/api", etag, &ctx).await.map(Some)
            } else {
                Ok(None)
            }
        };
        let apis = self.get("/apis", self.entry.apis_etag.clone().filter(|_| have), &ctx);
        let (api, apis) = futures::future::join(api, apis).await;
        let (api, apis) = (api?, apis?);
        let unchanged = matches!(api, None | Some(Document::NotModified))
            && matches!(apis, Document::NotModified);
        if unchanged {
            self.entry.touch();
            self.origin = Origin::Revalidated;
        } else {
            self.entry = self.rebuild(api, apis, &ctx).await?;
            self.origin = Origin::Fetched;
        }
        if let Some(cache) = &self.cache
            && let Err(e) = cache.store(&self.entry)
        {
            tracing::debug!(error = %e, "cannot write the discovery cache");
        }
        Ok(())
    }

    /// A new cache entry from fresh documents; `None` for `/api` keeps the cached core group.
    async fn rebuild(
        &self,
        api: Option<Document>,
        apis: Document,
        ctx: &RequestContext,
    ) -> Result<CacheEntry, Error> {
        let old = &self.entry;
        let mut snapshot = Snapshot::default();
        let mut api_etag = old.api_etag.clone();
        match api {
            None | Some(Document::NotModified) => {
                snapshot.groups.extend(
                    old.snapshot
                        .groups
                        .iter()
                        .filter(|g| g.name.is_empty())
                        .cloned(),
                );
            }
            Some(Document::Aggregated { etag, body }) => {
                let core = parse::aggregated_list("/api", &body)?;
                snapshot.groups.extend(core.groups);
                snapshot.failures.extend(core.failures);
                api_etag = etag;
            }
            Some(Document::Plain { body }) => {
                let core = self.legacy_core(&body, ctx).await?;
                snapshot.groups.extend(core.groups);
                snapshot.failures.extend(core.failures);
                api_etag = None;
            }
        }
        let apis_etag = match apis {
            Document::NotModified => {
                snapshot.groups.extend(
                    old.snapshot
                        .groups
                        .iter()
                        .filter(|g| !g.name.is_empty())
                        .cloned(),
                );
                snapshot.failures.extend(
                    old.snapshot
                        .failures
                        .iter()
                        .filter(|f| !f.group.is_empty())
                        .cloned(),
                );
                old.apis_etag.clone()
            }
            Document::Aggregated { etag, body } => {
                let rest = parse::aggregated_list("/apis", &body)?;
                snapshot.groups.extend(rest.groups);
                snapshot.failures.extend(rest.failures);
                etag
            }
            Document::Plain { body } => {
                let rest = self.legacy_groups(&body, ctx).await?;
                snapshot.groups.extend(rest.groups);
                snapshot.failures.extend(rest.failures);
                None
            }
        };
        Ok(CacheEntry::new(snapshot, api_etag, apis_etag))
    }

    async fn get(
        &self,
        path: &str,
        etag: Option<String>,
        ctx: &RequestContext,
    ) -> Result<Document, Error> {
        let accept = if self.force_legacy {
            "application/json"
        } else {
            ACCEPT
        };
        let extra: Vec<_> = etag
            .into_iter()
            .map(|e| (header::IF_NONE_MATCH, e))
            .collect();
        let resp: RawResponse = self.client.get_raw(path, accept, &extra, ctx).await?;
        if resp.status == http::StatusCode::NOT_MODIFIED {
            return Ok(Document::NotModified);
        }
        let content_type = resp.header(header::CONTENT_TYPE).unwrap_or_default();
        if parse::aggregated_version(content_type).is_some() {
            Ok(Document::Aggregated {
                etag: resp.header(header::ETAG).map(str::to_owned),
                body: resp.body,
            })
        } else {
            Ok(Document::Plain { body: resp.body })
        }
    }

    /// Legacy core discovery: `/api` lists versions, `/api/<v>` each version's resources.
    async fn legacy_core(&self, api: &[u8], ctx: &RequestContext) -> Result<Snapshot, Error> {
        #[derive(serde::Deserialize)]
        struct ApiVersions {
            versions: Vec<String>,
        }
        let versions: ApiVersions =
            serde_json::from_slice(api).map_err(|source| Error::Decode {
                what: "APIVersions of /api".to_owned(),
                source,
            })?;
        let fetched = self
            .fetch_group_versions(
                versions
                    .versions
                    .iter()
                    .map(|v| (String::new(), v.clone()))
                    .collect(),
                ctx,
            )
            .await;
        Ok(parse::legacy(&versions.versions, &[], |g, v| {
            lookup(&fetched, g, v)
        }))
    }

    /// Legacy group discovery: the `APIGroupList`, then every group version, a few at a time.
    async fn legacy_groups(&self, apis: &[u8], ctx: &RequestContext) -> Result<Snapshot, Error> {
        let groups = parse::legacy_group_list(apis)?;
        let wanted = groups
            .iter()
            .flat_map(|(g, _, versions)| versions.iter().map(move |v| (g.clone(), v.clone())))
            .collect();
        let fetched = self.fetch_group_versions(wanted, ctx).await;
        Ok(parse::legacy(&[], &groups, |g, v| lookup(&fetched, g, v)))
    }

    async fn fetch_group_versions(
        &self,
        wanted: Vec<(String, String)>,
        ctx: &RequestContext,
    ) -> Vec<GroupVersionResult> {
        futures::stream::iter(wanted)
            .map(|(group, version)| async move {
                let path = if group.is_empty() {
                    format!("/api/{version}")
                } else {
                    format!("/apis/{group}/{version}")
                };
                let result = match self
                    .client
                    .get_raw(&path, "application/json", &[], ctx)
                    .await
                {
                    Ok(resp) => parse::legacy_resource_list(&group, &version, &resp.body)
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                (group, version, result)
            })
            .buffer_unordered(LEGACY_CONCURRENCY)
            .collect()
            .await
    }
}

type GroupVersionResult = (
    String,
    String,
    Result<Vec<crate::model::ApiResource>, String>,
);

fn lookup(
    fetched: &[GroupVersionResult],
    group: &str,
    version: &str,
) -> Option<Result<Vec<crate::model::ApiResource>, String>> {
    fetched
        .iter()
        .find(|(g, v, _)| g == group && v == version)
        .map(|(_, _, r)| r.clone())
}
