//! go-yaml v2 (v2.4.4) `sorter.go`: the "natural" order of mapping keys (`keyList.Less`:
//! other characters before letters, runs of digits by their value), and Go's `sort.Sort` over
//! it.

fn is_letter(c: char) -> bool {
    // Go's unicode.IsLetter; `is_alphabetic` also admits a few non-letters outside ASCII.
    c.is_alphabetic()
}

fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        c.is_numeric()
    }
}

/// `keyList.Less` for two string keys.
fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = is_letter(ar[i]);
        let bl = is_letter(br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && is_digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u32) - i64::from(b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u32) - i64::from(b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts like Go's `sort.Sort` would: its insertion sort for short lists (the exact swaps, in
/// case `key_less` is not transitive on odd keys), a stable merge otherwise.
pub(super) fn sort_keys<T>(entries: &mut Vec<(String, T)>) {
    if entries.len() <= 12 {
        for i in 1..entries.len() {
            let mut j = i;
            while j > 0 && key_less(&entries[j].0, &entries[j - 1].0) {
                entries.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    let items = std::mem::take(entries);
    *entries = merge_sort(items);
}

fn merge_sort<T>(mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items);
    let right = merge_sort(right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => key_less(&b.0, &a.0),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        out.extend(next);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_key_order() {
        let mut keys: Vec<(String, ())> = ["b", "a10", "a2", "A", "a", "a1", "_x", "1", "10", "9"]
            .iter()
            .map(|k| ((*k).to_owned(), ()))
            .collect();
        sort_keys(&mut keys);
        let got: Vec<&str> = keys.iter().map(|(k, ())| k.as_str()).collect();
        assert_eq!(
            got,
            ["_x", "1", "9", "10", "A", "a", "a1", "a2", "a10", "b"]
        );
    }
}
