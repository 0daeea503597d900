//! What go-yaml v2 takes a plain (unquoted, untagged) YAML scalar for: `resolve("", in)` of
//! `go.yaml.in/yaml/v2` v2.4.4 `resolve.go`, which sigs.k8s.io/yaml v1.6.0 runs both ways. On
//! the way in it decides what a manifest's `yes`, `0x1F` or `1_000` is (crkit's validator); on
//! the way out, whether `yaml.Marshal` must quote a string so that it reads back as a string
//! (`kubectl -o yaml`).
//!
//! YAML 1.1 as go-yaml v2 has it: `y`/`yes`/`on` and their negatives are booleans, `0777` is
//! octal, `0b`/`0o`/`0x` prefixes and `_` separators are allowed, `.inf` and `.nan` are floats.
//! Base-60 numbers (`1:20`) are strings here (go-yaml only quotes them on output, in
//! `encode.go`).

use crate::strconv::{parse_float, parse_int, parse_uint};
use crate::time::{Layout, parses};

/// A plain scalar's value as go-yaml v2 resolves it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    /// `!!null`: empty, `~`, `null`, `Null`, `NULL`.
    Null,
    /// `!!bool`: `y`, `yes`, `true`, `on` and the negatives, in the three spellings each.
    Bool(bool),
    /// `!!int` that fits an `int64` (Go's `int`).
    Int(i64),
    /// `!!int` beyond `int64` that fits a `uint64`.
    Uint(u64),
    /// `!!float`, including NaN and the infinities of `.nan` and `.inf`.
    Float(f64),
    /// `!!timestamp`: a date or date-time in one of go-yaml's four layouts. Decoding into an
    /// `interface{}` (as sigs.k8s.io/yaml does) keeps the text as a string, but go-yaml quotes
    /// such a string when it writes it.
    Timestamp,
    /// `!!str`: anything else.
    Str,
}

/// `resolve("", text)`: what `text`, unquoted and untagged, means to go-yaml v2.
pub fn resolve(text: &str) -> Resolved {
    // The first byte hints at what the scalar might be.
    let Some(&first) = text.as_bytes().first() else {
        return Resolved::Null;
    };
    let hint = match first {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return Resolved::Str,
    };
    if let Some(known) = resolve_map(text) {
        return known;
    }
    match hint {
        // Everything starting with one of these letters that can mean something is in the map.
        b'M' => Resolved::Str,
        b'.' => match parse_float(text) {
            Ok(f) => Resolved::Float(f),
            Err(_) => Resolved::Str,
        },
        _ => resolve_number(text),
    }
}

/// `resolveMap`: the YAML 1.1 words, exactly as spelled there. (Its `<<` is never looked up:
/// `<` hints nothing, so `resolve` calls the merge key a string; the decoder spots it by text.)
fn resolve_map(text: &str) -> Option<Resolved> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Resolved::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Resolved::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
        ".nan" | ".NaN" | ".NAN" => Resolved::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Resolved::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Resolved::Float(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// The `'D'` and `'S'` cases of `resolve`: a timestamp, an int (any base, `_` ignored), a
/// uint, a YAML-style float, or a string.
fn resolve_number(text: &str) -> Resolved {
    if parse_timestamp(text) {
        return Resolved::Timestamp;
    }
    let plain = text.replace('_', "");
    if let Ok(i) = parse_int(&plain, 0) {
        return Resolved::Int(i);
    }
    if let Ok(u) = parse_uint(&plain, 0) {
        return Resolved::Uint(u);
    }
    if is_yaml_style_float(&plain)
        && let Ok(f) = parse_float(&plain)
    {
        return Resolved::Float(f);
    }
    // go-yaml retries binary without its prefix; base 0 above has already read every such
    // number, so these only confirm it.
    if let Some(digits) = plain.strip_prefix("0b") {
        if let Ok(i) = parse_int(digits, 2) {
            return Resolved::Int(i);
        }
        if let Ok(u) = parse_uint(digits, 2) {
            return Resolved::Uint(u);
        }
    } else if let Some(digits) = plain.strip_prefix("-0b")
        && let Ok(i) = parse_int(&format!("-{digits}"), 2)
    {
        return Resolved::Int(i);
    }
    Resolved::Str
}

/// `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `parseTimestamp`: the quick check (four digits and `-`), then `time.Parse` with each of
/// `allowedTimestampFormats`.
fn parse_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if i != 4 || i == b.len() || b[i] != b'-' {
        return false;
    }
    [Layout::T, Layout::LowerT, Layout::Space, Layout::DateOnly]
        .into_iter()
        .any(|layout| parses(b, layout))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_words() {
        for s in ["y", "Yes", "TRUE", "on"] {
            assert_eq!(resolve(s), Resolved::Bool(true), "{s}");
        }
        for s in ["N", "no", "False", "OFF"] {
            assert_eq!(resolve(s), Resolved::Bool(false), "{s}");
        }
        for s in ["", "~", "null", "NULL"] {
            assert_eq!(resolve(s), Resolved::Null, "{s}");
        }
        for s in ["yEs", "nULL", "tRue", "t", "o", "a", "key", "<<", "~~"] {
            assert_eq!(resolve(s), Resolved::Str, "{s}");
        }
        assert_eq!(resolve("-.INF"), Resolved::Float(f64::NEG_INFINITY));
        assert_eq!(resolve("+.inf"), Resolved::Float(f64::INFINITY));
        assert!(matches!(resolve(".NaN"), Resolved::Float(f) if f.is_nan()));
    }

    #[test]
    fn numbers() {
        assert_eq!(resolve("0x1F"), Resolved::Int(31));
        assert_eq!(resolve("0777"), Resolved::Int(511));
        assert_eq!(resolve("0o17"), Resolved::Int(15));
        assert_eq!(resolve("1_000"), Resolved::Int(1000));
        assert_eq!(resolve("+12"), Resolved::Int(12));
        assert_eq!(resolve("-0b101"), Resolved::Int(-5));
        assert_eq!(resolve("18446744073709551615"), Resolved::Uint(u64::MAX));
        // Octal fails, the float pattern matches: 8.0.
        assert_eq!(resolve("08"), Resolved::Float(8.0));
        assert_eq!(resolve("1.0"), Resolved::Float(1.0));
        assert_eq!(resolve("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve(".5"), Resolved::Float(0.5));
        // After `.`, Go's ParseFloat sees the underscores and accepts them between digits.
        assert_eq!(resolve(".5_0"), Resolved::Float(0.5));
        assert_eq!(resolve("._5"), Resolved::Str);
        // Overflow is an error in Go, so the text stays a string.
        assert_eq!(resolve("1e400"), Resolved::Str);
        assert_eq!(
            resolve("18446744073709551616"),
            Resolved::Float(18_446_744_073_709_551_616.0)
        );
        // ParseUint takes no sign, and hex is no YAML-style float.
        assert_eq!(resolve("+0xFFFFFFFFFFFFFFFF"), Resolved::Str);
        for s in [
            "1.0.0", "1e", "0x", "-", ".", "0x1p-2", "1:20", "12:30:45", "1 2",
        ] {
            assert_eq!(resolve(s), Resolved::Str, "{s}");
        }
    }

    /// What crkit-discovery's manifest loader reads in its test of YAML 1.1 scalars (it turns
    /// timestamps back into their text, and integral floats into integers).
    #[test]
    fn manifest_loader_scalars() {
        let cases = [
            ("yes", Resolved::Bool(true)),
            ("on", Resolved::Bool(true)),
            ("no", Resolved::Bool(false)),
            ("n", Resolved::Bool(false)),
            ("0x1F", Resolved::Int(31)),
            ("0777", Resolved::Int(511)),
            ("1_000", Resolved::Int(1000)),
            ("1.0", Resolved::Float(1.0)),
            ("1.5", Resolved::Float(1.5)),
            ("~", Resolved::Null),
            ("08", Resolved::Float(8.0)),
            ("+12", Resolved::Int(12)),
            ("2024-01-02", Resolved::Timestamp),
            ("1e3", Resolved::Float(1000.0)),
            ("12:30", Resolved::Str),
            (".5", Resolved::Float(0.5)),
            ("key", Resolved::Str),
        ];
        for (text, want) in cases {
            assert_eq!(resolve(text), want, "{text}");
        }
    }

    #[test]
    fn timestamps() {
        for s in [
            "2024-01-01",
            "2024-1-2T3:4:5Z",
            "2024-01-01 10:00:00",
            "2024-01-01t10:00:00.5+01:00",
            "2024-02-29",
        ] {
            assert_eq!(resolve(s), Resolved::Timestamp, "{s}");
        }
        for s in [
            "2024-13-01",
            "2024-02-30",
            "2023-02-29",
            "2024-01-01x",
            "202-01-01",
        ] {
            assert_eq!(resolve(s), Resolved::Str, "{s}");
        }
    }
}
