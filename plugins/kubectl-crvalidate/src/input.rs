//! Input files: paths expanded (directories, `-R`, `-` for standard input), read, decoded as
//! text and parsed into documents. Nothing here fails the run: a file that cannot be read or
//! parsed carries its error and the others go on.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crkit_discovery::validate::manifest::{self, Document, Limits, LoadError};

/// Largest file read: the API server takes requests of a few MiB at most, and a huge file is
/// more likely a mistake than a manifest.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// One input: its name as shown in reports and its parsed content.
#[derive(Debug)]
pub struct File {
    /// The path as given (or found under a directory), `-` for standard input.
    pub name: String,
    /// Documents read from it.
    pub documents: Vec<Document>,
    /// Documents or the rest of the file that could not be read.
    pub errors: Vec<LoadError>,
    /// The file could not be read at all (an I/O error: exit code 2).
    pub io_error: Option<String>,
}

/// The manifest files among `paths`: directories are listed (recursively with `recursive`)
/// for `.yaml`, `.yml` and `.json` files, sorted; files and `-` are kept as given.
pub fn expand(paths: &[PathBuf], recursive: bool) -> Vec<(String, Option<std::io::Error>)> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(("-".to_owned(), None));
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, recursive, true, &mut out),
            Ok(_) => out.push((p.display().to_string(), None)),
            Err(e) => out.push((p.display().to_string(), Some(e))),
        }
    }
    out
}

/// A file next to a missing `path` whose name is at most two typos away (the closest, then
/// the first by name), for a "did you mean".
pub fn near_file(path: &Path) -> Option<PathBuf> {
    if path.as_os_str() == "-" || path.exists() {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let mut best: Option<(usize, String)> = None;
    for entry in std::fs::read_dir(dir.unwrap_or(Path::new(".")))
        .ok()?
        .flatten()
    {
        let Ok(other) = entry.file_name().into_string() else {
            continue;
        };
        let distance = crkit_discovery::edit_distance(name, &other);
        if distance <= 2
            && best
                .as_ref()
                .is_none_or(|(d, o)| (distance, &other) < (*d, o))
        {
            best = Some((distance, other));
        }
    }
    let (_, other) = best?;
    Some(dir.map_or_else(|| PathBuf::from(&other), |d| d.join(&other)))
}

fn walk(dir: &Path, recursive: bool, top: bool, out: &mut Vec<(String, Option<std::io::Error>)>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push((dir.display().to_string(), Some(e)));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if recursive {
                walk(&p, recursive, false, out);
            }
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| matches!(x, "yaml" | "yml" | "json"))
        {
            out.push((p.display().to_string(), None));
        }
    }
    let _ = top;
}

/// Why a file gave no bytes to parse.
pub enum ReadError {
    /// It could not be read (exit code 2).
    Io(String),
    /// It is too large to be a manifest (an error for that file).
    TooLarge(String),
}

/// Reads one file (or standard input for `-`), bounded by [`MAX_FILE_BYTES`].
pub fn read(name: &str) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let result = if name == "-" {
        std::io::stdin()
            .lock()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut buf)
    } else {
        std::fs::File::open(name).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut buf))
    };
    result.map_err(|e| ReadError::Io(e.to_string()))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(format!(
            "file larger than {} MiB: not a manifest the API server would accept",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    Ok(buf)
}

/// Parses bytes read from `name`.
pub fn parse(name: String, bytes: &[u8]) -> File {
    match manifest::decode_text(bytes) {
        Err(e) => File {
            name,
            documents: Vec::new(),
            errors: vec![e],
            io_error: None,
        },
        Ok(text) => {
            let loaded = manifest::load(&text, Limits::default());
            File {
                name,
                documents: loaded.documents,
                errors: loaded.errors,
                io_error: None,
            }
        }
    }
}

/// Whether a file's bytes may hold a CustomResourceDefinition: its kind is spelled out in the
/// text unless written with escapes that make letters (`\x`, `\u`, `\U` in double-quoted YAML,
/// `\u` in JSON) or with a double-quoted line continuation (`\` at the end of a line), so files
/// with none of these need not be parsed before the others are validated.
pub fn may_hold_crd(bytes: &[u8]) -> bool {
    const KIND: &[u8] = b"CustomResourceDefinition";
    let escapes = bytes
        .windows(2)
        .any(|w| w[0] == b'\\' && matches!(w[1], b'x' | b'u' | b'U' | b'\n' | b'\r'));
    if escapes {
        return true;
    }
    let mut rest = bytes;
    while let Some(i) = rest.iter().position(|&b| b == b'C') {
        if rest[i..].starts_with(KIND) {
            return true;
        }
        rest = &rest[i + 1..];
    }
    false
}

/// Reads and parses one input.
pub fn load(name: String) -> File {
    let bytes = read(&name);
    from_read(name, bytes)
}

/// Parses what [`read`] returned for `name`.
pub fn from_read(name: String, read: Result<Vec<u8>, ReadError>) -> File {
    match read {
        Ok(bytes) => parse(name, &bytes),
        Err(ReadError::Io(e)) => unreadable(name, e),
        Err(ReadError::TooLarge(e)) => File {
            name,
            documents: Vec::new(),
            errors: vec![LoadError {
                message: e,
                position: None,
                document: None,
            }],
            io_error: None,
        },
    }
}

/// A file that could not be read.
pub fn unreadable(name: String, error: String) -> File {
    File {
        name,
        documents: Vec::new(),
        errors: Vec::new(),
        io_error: Some(error),
    }
}

#[cfg(test)]
mod tests {
    use super::may_hold_crd;

    #[test]
    fn files_that_may_hold_crds() {
        assert!(may_hold_crd(b"kind: CustomResourceDefinition\n"));
        assert!(may_hold_crd(b"kind: \"CustomResource\\x44efinition\"\n"));
        assert!(may_hold_crd(
            b"{\"kind\": \"\\u0043ustomResourceDefinition\"}"
        ));
        assert!(may_hold_crd(b"kind: \"CustomResource\\\n  Definition\"\n"));
        assert!(!may_hold_crd(b"kind: ConfigMap\ndata:\n  a: \"x\\ny\"\n"));
        assert!(!may_hold_crd(b"kind: CustomResource Definition\n"));
    }
}
