//! go-yaml v2 (v2.4.4) `yamlprivateh.go`: the character classes the emitter tests UTF-8 bytes
//! with (`is_space`, `is_break`, `is_printable`, ...), each reading the byte at `i` and the
//! ones after it, 0 past the end.

pub(super) fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

pub(super) fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xe0 == 0xc0 {
        2
    } else if b & 0xf0 == 0xe0 {
        3
    } else if b & 0xf8 == 0xf0 {
        4
    } else {
        0
    }
}

pub(super) fn is_space(b: &[u8], i: usize) -> bool {
    at(b, i) == b' '
}

pub(super) fn is_blank(b: &[u8], i: usize) -> bool {
    matches!(at(b, i), b' ' | b'\t')
}

pub(super) fn is_break(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    c == b'\r'
        || c == b'\n'
        || (c == 0xc2 && at(b, i + 1) == 0x85)
        || (c == 0xe2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xa8)
        || (c == 0xe2 && at(b, i + 1) == 0x80 && at(b, i + 2) == 0xa9)
}

pub(super) fn is_blankz(b: &[u8], i: usize) -> bool {
    is_blank(b, i) || is_break(b, i) || at(b, i) == 0
}

pub(super) fn is_printable(b: &[u8], i: usize) -> bool {
    let c = at(b, i);
    let c1 = at(b, i + 1);
    let c2 = at(b, i + 2);
    c == 0x0a
        || (0x20..=0x7e).contains(&c)
        || (c == 0xc2 && c1 >= 0xa0)
        || (c > 0xc2 && c < 0xed)
        || (c == 0xed && c1 < 0xa0)
        || c == 0xee
        || (c == 0xef && !(c1 == 0xbb && c2 == 0xbf) && !(c1 == 0xbf && (c2 == 0xbe || c2 == 0xbf)))
}

/// go-yaml's `is_bom` looks at the start of the value whatever `i` is; kept as is, since it
/// decides the escaping of every character of a value that starts with U+FEFF.
pub(super) fn is_bom(b: &[u8]) -> bool {
    at(b, 0) == 0xef && at(b, 1) == 0xbb && at(b, 2) == 0xbf
}
