//! The discovery disk cache: one file per server, written atomically (temporary file, then
//! rename) with mode 0600 in directories of mode 0700. A file that cannot be read or decoded is
//! discarded, never an error: the next fetch rewrites it.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::Snapshot;

/// Bumped whenever the file layout changes, so older files are refetched rather than misread.
const FORMAT: u32 = 1;
const FILE: &str = "discovery.json";

/// What the cache keeps for one server.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CacheEntry {
    /// Layout version of this file.
    pub format: u32,
    /// When the documents were fetched or last revalidated (seconds since the epoch).
    pub fetched_at: u64,
    /// `ETag` of the aggregated `/api` document, for `If-None-Match`.
    pub api_etag: Option<String>,
    /// `ETag` of the aggregated `/apis` document.
    pub apis_etag: Option<String>,
    /// The parsed discovery.
    pub snapshot: Snapshot,
}

impl CacheEntry {
    /// A fresh entry stamped now.
    pub fn new(snapshot: Snapshot, api_etag: Option<String>, apis_etag: Option<String>) -> Self {
        CacheEntry {
            format: FORMAT,
            fetched_at: now(),
            api_etag,
            apis_etag,
            snapshot,
        }
    }

    /// How long ago the entry was fetched or revalidated.
    pub fn age(&self) -> Duration {
        Duration::from_secs(now().saturating_sub(self.fetched_at))
    }

    /// Marks the entry as just revalidated.
    pub fn touch(&mut self) {
        self.fetched_at = now();
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The cache root (`--cache-dir` replaces it): `$CRKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/crkit`
/// on any OS, else the OS's user cache directory + `crkit` as Go's `os.UserCacheDir` finds it:
/// `~/.cache/crkit` (Linux and other Unixes), `~/Library/Caches/crkit` (macOS),
/// `%LOCALAPPDATA%\crkit` (Windows).
pub fn default_root() -> Option<PathBuf> {
    root_from(|name| std::env::var_os(name), std::env::home_dir())
}

fn root_from(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    home: Option<PathBuf>,
) -> Option<PathBuf> {
    let var = |name| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = var("CRKIT_CACHE_DIR") {
        return Some(dir);
    }
    if let Some(dir) = var("XDG_CACHE_HOME") {
        return Some(dir.join("crkit"));
    }
    let os_cache = if cfg!(windows) {
        var("LOCALAPPDATA")
    } else if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library").join("Caches"))
    } else {
        home.map(|h| h.join(".cache"))
    };
    os_cache.map(|dir| dir.join("crkit"))
}

/// The directory name for a server, like kubectl's `~/.kube/cache/discovery/<host_port>`:
/// the URL without its scheme, every character other than letters, digits, `.` and `-`
/// replaced by `_`.
pub fn server_dir_name(server_url: &str) -> String {
    let without_scheme = server_url
        .split_once("://")
        .map_or(server_url, |(_, rest)| rest)
        .trim_end_matches('/');
    without_scheme
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The cache of one server.
#[derive(Debug, Clone)]
pub struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    /// The cache of `server_url` under `root` (`<root>/discovery/<host_port>/`).
    pub fn new(root: &Path, server_url: &str) -> Self {
        DiskCache {
            dir: root.join("discovery").join(server_dir_name(server_url)),
        }
    }

    /// The cache file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE)
    }

    /// The entry, or `None` when there is none or it is unreadable (then it is removed).
    pub fn load(&self) -> Option<CacheEntry> {
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "discovery cache unreadable; refetching");
                return None;
            }
        };
        match serde_json::from_slice::<CacheEntry>(&bytes) {
            Ok(entry) if entry.format == FORMAT => Some(entry),
            Ok(_) => {
                tracing::debug!(path = %path.display(), "discovery cache of another format; refetching");
                None
            }
            Err(e) => {
                tracing::debug!(path = %path.display(), error = %e, "discovery cache corrupt; discarding it");
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Writes the entry atomically: readers see the old file or the new one, never a part.
    pub fn store(&self, entry: &CacheEntry) -> Result<(), Error> {
        let bytes = serde_json::to_vec(entry).map_err(|source| Error::Decode {
            what: "discovery cache entry".to_owned(),
            source,
        })?;
        write_private(&self.path(), &bytes)
    }
}

/// Writes `bytes` to `path` atomically (a temporary file in the same directory, then a
/// rename), mode 0600 on Unix in a directory of mode 0700 created as needed: readers see the old
/// file or the new one, never a part.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    create_private_dir(dir).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".crkit-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    // `recursive` leaves an existing directory's mode alone; ours must be private.
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

/// Elsewhere (Windows) the per-user ACLs of the user's cache directory keep it private.
#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> CacheEntry {
        CacheEntry::new(Snapshot::default(), Some("\"abc\"".into()), None)
    }

    #[test]
    fn server_dirs_are_named_like_kubectls() {
        assert_eq!(server_dir_name("https://127.0.0.1:6443"), "127.0.0.1_6443");
        assert_eq!(
            server_dir_name("https://api.example.com:443/k8s/clusters/c-1/"),
            "api.example.com_443_k8s_clusters_c-1"
        );
    }

    #[test]
    fn cache_root_follows_the_variables_then_the_os() {
        let vars = |list: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                list.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let home = Some(PathBuf::from("/home/u"));
        assert_eq!(
            root_from(
                vars(&[("CRKIT_CACHE_DIR", "/c"), ("XDG_CACHE_HOME", "/x")]),
                home.clone()
            ),
            Some(PathBuf::from("/c"))
        );
        assert_eq!(
            root_from(
                vars(&[("CRKIT_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/x")]),
                home.clone()
            ),
            Some(PathBuf::from("/x/crkit"))
        );
        let os_default = root_from(vars(&[("LOCALAPPDATA", "/l")]), home);
        let expected = if cfg!(windows) {
            PathBuf::from("/l/crkit")
        } else if cfg!(target_os = "macos") {
            PathBuf::from("/home/u/Library/Caches/crkit")
        } else {
            PathBuf::from("/home/u/.cache/crkit")
        };
        assert_eq!(os_default, Some(expected));
    }

    #[cfg(unix)]
    #[test]
    fn round_trip_with_private_modes() {
        use std::os::unix::fs::PermissionsExt as _;
        let root = tempfile::TempDir::new().unwrap();
        let cache = DiskCache::new(root.path(), "https://127.0.0.1:6443");
        assert!(cache.load().is_none());
        cache.store(&entry()).unwrap();
        let back = cache.load().unwrap();
        assert_eq!(back.api_etag.as_deref(), Some("\"abc\""));
        let file_mode = std::fs::metadata(cache.path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        let dir_mode = std::fs::metadata(cache.path().parent().unwrap())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!((file_mode, dir_mode), (0o600, 0o700));
    }

    #[test]
    fn corrupt_or_truncated_files_are_discarded() {
        let root = tempfile::TempDir::new().unwrap();
        let cache = DiskCache::new(root.path(), "https://127.0.0.1:6443");
        cache.store(&entry()).unwrap();
        let full = std::fs::read(cache.path()).unwrap();
        std::fs::write(cache.path(), &full[..full.len() / 2]).unwrap();
        assert!(cache.load().is_none());
        assert!(!cache.path().exists(), "the corrupt file is removed");
        std::fs::write(cache.path(), b"\x00\xff binary").unwrap();
        assert!(cache.load().is_none());
        cache.store(&entry()).unwrap();
        assert!(cache.load().is_some());
    }

    #[test]
    fn concurrent_writers_never_leave_a_torn_file() {
        let root = tempfile::TempDir::new().unwrap();
        let cache = DiskCache::new(root.path(), "https://127.0.0.1:6443");
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..50 {
                        cache.store(&entry()).unwrap();
                        assert!(cache.load().is_some(), "a reader sees a whole file");
                    }
                });
            }
        });
        let leftovers = std::fs::read_dir(cache.path().parent().unwrap())
            .unwrap()
            .count();
        assert_eq!(leftovers, 1, "temporary files are renamed or removed");
    }
}
