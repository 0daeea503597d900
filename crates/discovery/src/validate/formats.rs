//! The string formats kube-openapi's `strfmt.Default` registry checks for CRD schemas, ported
//! from its Go validators (`net/url.ParseRequestURI`, `net/mail.ParseAddress`,
//! `netutils.ParseIPSloppy`, govalidator's regexes, `time.ParseDuration`, ...).

use std::sync::LazyLock;

use regex::Regex;

/// Whether `value` is valid for `format` (a format the server checks; see
/// `schema::supported_format`). Unknown formats pass.
pub fn validates(format: &str, value: &str) -> bool {
    match format.replace('-', "").as_str() {
        "bsonobjectid" => value.len() == 24 && value.bytes().all(|b| b.is_ascii_hexdigit()),
        "uri" => is_request_uri(value),
        "email" => is_email(value),
        "hostname" => is_hostname(value),
        "ipv4" => parse_ip_sloppy(value) && value.contains('.'),
        "ipv6" => parse_ip_sloppy(value) && value.contains(':'),
        "cidr" => is_cidr(value),
        "mac" => is_mac(value),
        "uuid" => re(&UUID, value),
        "uuid3" => re(&UUID3, value),
        "uuid4" => re(&UUID4, value),
        "uuid5" => re(&UUID5, value),
        "isbn" => is_isbn10(value) || is_isbn13(value),
        "isbn10" => is_isbn10(value),
        "isbn13" => is_isbn13(value),
        "creditcard" => is_credit_card(value),
        "ssn" => re(&SSN, value),
        "hexcolor" => re(&HEXCOLOR, value),
        "rgbcolor" => re(&RGBCOLOR, value),
        "byte" => re(&BASE64, value),
        "date" => is_date(value),
        "duration" => is_duration(value),
        "datetime" => is_date_time(value),
        "k8sshortname" => value.len() <= 63 && re(&SHORT_NAME, value),
        "k8slongname" => value.len() <= 253 && re(&LONG_NAME, value),
        _ => true,
    }
}

fn re(r: &LazyLock<Regex>, v: &str) -> bool {
    r.is_match(v)
}

macro_rules! regex {
    ($name:ident, $re:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| Regex::new($re).expect("built-in format regex compiles"));
    };
}

regex!(
    UUID,
    r"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$"
);
regex!(
    UUID3,
    r"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$"
);
regex!(
    UUID4,
    r"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$"
);
regex!(
    UUID5,
    r"(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$"
);
regex!(SSN, r"^\d{3}[- ]?\d{2}[- ]?\d{4}$");
regex!(HEXCOLOR, r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$");
regex!(
    RGBCOLOR,
    r"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$"
);
regex!(
    BASE64,
    r"^(?:[A-Za-z0-9+\/]{4})*(?:[A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=|[A-Za-z0-9+\/]{4})$"
);
regex!(SHORT_NAME, r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
regex!(
    LONG_NAME,
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
);
/// strfmt's hostname regex, `^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|
/// ([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}
/// ([a-zA-Z\p{L}]){2,63})$`, is matched label by label in [`is_hostname`]: compiled as written,
/// its bounded repetitions of Unicode classes take ~90 ms of CPU per process. These classes
/// are only consulted for non-ASCII characters.
static HOSTNAME_CHAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{S}\p{L}]$").expect("hostname character class compiles"));
static HOSTNAME_LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\p{L}$").expect("hostname letter class compiles"));
regex!(
    DATE_TIME_TAIL,
    r"^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$"
);
regex!(DURATION_PART, r"((\d+)\s*([A-Za-zµ]+))");
regex!(
    CREDIT_CARD,
    r"^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$"
);

fn is_hostname(s: &str) -> bool {
    hostname_shape(s) && s.len() <= 255 && s.split('.').all(|p| p.len() <= 63)
}

/// `[a-zA-Z0-9\p{S}\p{L}]`.
fn hostname_char(c: char) -> bool {
    if c.is_ascii() {
        // The ASCII symbols (\p{S}) are $+<=>^`|~.
        c.is_ascii_alphanumeric() || "$+<=>^`|~".contains(c)
    } else {
        let mut buf = [0; 4];
        HOSTNAME_CHAR.is_match(c.encode_utf8(&mut buf))
    }
}

/// `[a-zA-Z\p{L}]`.
fn hostname_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        let mut buf = [0; 4];
        HOSTNAME_LETTER.is_match(c.encode_utf8(&mut buf))
    }
}

/// Whether `s` matches strfmt's hostname regex (see [`HOSTNAME_CHAR`]). Its classes exclude
/// `.`, so the labels are the parts between dots: either one label (first alternative) or
/// labels followed by a top-level domain of letters (second alternative). Lengths count
/// characters, as the regex does.
fn hostname_shape(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    if let [single] = parts.as_slice() {
        // A(-?A{0,62})?
        let mut chars = single.chars();
        if !chars.next().is_some_and(hostname_char) {
            return false;
        }
        let rest = chars.as_str();
        let rest = rest.strip_prefix('-').unwrap_or(rest);
        return rest.chars().all(hostname_char) && rest.chars().count() <= 62;
    }
    let Some((tld, labels)) = parts.split_last() else {
        return false;
    };
    // (A(([A-]{0,61}A)?)\.){1,}
    let label_ok = |label: &str| {
        let chars: Vec<char> = label.chars().collect();
        match chars.as_slice() {
            [] => false,
            [c] => hostname_char(*c),
            [first, middle @ .., last] => {
                hostname_char(*first)
                    && hostname_char(*last)
                    && middle.len() <= 61
                    && middle.iter().all(|&c| c == '-' || hostname_char(c))
            }
        }
    };
    // ([a-zA-Z\p{L}]){2,63}
    let tld_len = tld.chars().count();
    labels.iter().all(|l| label_ok(l))
        && (2..=63).contains(&tld_len)
        && tld.chars().all(hostname_letter)
}

/// `netutils.ParseIPSloppy`: Go's `net.ParseIP`, but IPv4 parts may have leading zeros.
fn parse_ip_sloppy(s: &str) -> bool {
    if is_ipv4_sloppy(s) {
        return true;
    }
    if s.contains(':') && !s.contains('%') {
        // IPv6, possibly with an embedded dotted IPv4 tail.
        if let Some((head, tail)) = s.rsplit_once(':')
            && tail.contains('.')
        {
            return is_ipv4_sloppy(tail)
                && format!("{head}:0:0").parse::<std::net::Ipv6Addr>().is_ok();
        }
        return s.parse::<std::net::Ipv6Addr>().is_ok();
    }
    false
}

fn is_ipv4_sloppy(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(bits) = bits.parse::<u32>() else {
        return false;
    };
    if is_ipv4_sloppy(ip) {
        bits <= 32
    } else {
        parse_ip_sloppy(ip) && ip.contains(':') && bits <= 128
    }
}

/// `net.ParseMAC`: 6, 8 or 20 octets, separated by `:` or `-`, or dotted groups of four hex
/// digits.
fn is_mac(s: &str) -> bool {
    let valid_len = |n: usize| n == 6 || n == 8 || n == 20;
    if s.len() < 14 {
        return false;
    }
    let b = s.as_bytes();
    if b[2] == b':' || b[2] == b'-' {
        let sep = b[2] as char;
        let parts: Vec<&str> = s.split(sep).collect();
        valid_len(parts.len())
            && parts
                .iter()
                .all(|p| p.len() == 2 && p.bytes().all(|c| c.is_ascii_hexdigit()))
    } else if b[4] == b'.' {
        let parts: Vec<&str> = s.split('.').collect();
        valid_len(parts.len() * 2)
            && parts
                .iter()
                .all(|p| p.len() == 4 && p.bytes().all(|c| c.is_ascii_hexdigit()))
    } else {
        false
    }
}

fn is_isbn10(s: &str) -> bool {
    let digits: Vec<char> = s.chars().filter(|c| *c != ' ' && *c != '-').collect();
    if digits.len() != 10 {
        return false;
    }
    let mut sum = 0;
    for (i, c) in digits.iter().enumerate() {
        let v = match c {
            '0'..='9' => c.to_digit(10).unwrap_or(0),
            'X' if i == 9 => 10,
            _ => return false,
        };
        sum += (10 - u32::try_from(i).unwrap_or(0)) * v;
    }
    sum % 11 == 0
}

fn is_isbn13(s: &str) -> bool {
    let digits: Vec<u32> = s
        .chars()
        .filter(|c| *c != ' ' && *c != '-')
        .map(|c| c.to_digit(10).unwrap_or(99))
        .collect();
    if digits.len() != 13 || digits.iter().any(|d| *d > 9) {
        return false;
    }
    let sum: u32 = digits[..12]
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    (10 - sum % 10) % 10 == digits[12]
}

/// govalidator's `IsCreditCard`: separators removed, a known issuer pattern, and the Luhn sum.
fn is_credit_card(s: &str) -> bool {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if !CREDIT_CARD.is_match(&digits) {
        return false;
    }
    let mut sum = 0;
    let mut double = false;
    for c in digits.chars().rev() {
        let mut d = c.to_digit(10).unwrap_or(0);
        if double {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
        double = !double;
    }
    sum % 10 == 0
}

/// `time.Parse("2006-01-02", s)`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    (1..=12).contains(&month)
        && day >= 1
        && day <= crkit_gofmt::time::days_in(month, i64::from(year))
}

/// strfmt's `IsDateTime`: a date, `t`, then `hh:mm:ss[.frac](z|±hh:mm)`, case-insensitive.
fn is_date_time(s: &str) -> bool {
    if s.len() < 4 {
        return false;
    }
    let lower = s.to_lowercase();
    let parts: Vec<&str> = lower.split('t').collect();
    if parts.len() < 2 || !is_date(parts[0]) {
        return false;
    }
    let Some(m) = DATE_TIME_TAIL.captures(parts[1]) else {
        return false;
    };
    &m[1] <= "23" && &m[2] <= "59" && &m[3] <= "59"
}

/// strfmt's `ParseDuration`: Go's `time.ParseDuration`, or numbers with unit words.
fn is_duration(s: &str) -> bool {
    const UNITS: &[&[&str]] = &[
        &["ns", "nano"],
        &["us", "µs", "micro"],
        &["ms", "milli"],
        &["s", "sec"],
        &["m", "min"],
        &["h", "hr", "hour"],
        &["d", "day"],
        &["w", "wk", "week"],
    ];
    if go_parse_duration(s) {
        return true;
    }
    DURATION_PART.captures_iter(s).any(|m| {
        if m[2].parse::<i64>().is_err() {
            return false;
        }
        let unit = m[3].trim().to_lowercase();
        UNITS.iter().any(|variants| {
            let last = variants.len() - 1;
            variants
                .iter()
                .enumerate()
                .any(|(i, v)| (i == last && unit.starts_with(v)) || v.eq_ignore_ascii_case(&unit))
        })
    })
}

/// Go's `time.ParseDuration` syntax: `[-+]?([0-9]*(\.[0-9]*)?unit)+` or `0`.
pub fn go_parse_duration(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body == "0" {
        return true;
    }
    if body.is_empty() {
        return false;
    }
    let mut rest = body;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut after = &rest[int_len..];
        let mut frac_len = 0;
        if let Some(f) = after.strip_prefix('.') {
            frac_len = f.bytes().take_while(u8::is_ascii_digit).count();
            after = &f[frac_len..];
        }
        if int_len == 0 && frac_len == 0 {
            return false;
        }
        let unit_len = after
            .char_indices()
            .find(|(_, c)| *c == '.' || c.is_ascii_digit())
            .map_or(after.len(), |(i, _)| i);
        let unit = &after[..unit_len];
        if !matches!(unit, "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return false;
        }
        rest = &after[unit_len..];
    }
    true
}

/// Go's `net/url.ParseRequestURI`: an absolute URI or an absolute path, no control characters,
/// a valid host and port when there is an authority.
fn is_request_uri(s: &str) -> bool {
    if s.is_empty() || s.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return false;
    }
    let (scheme, rest) = match split_scheme(s) {
        Some(Ok(parts)) => parts,
        Some(Err(())) => return false,
        None => ("", s),
    };
    // The request form keeps `#...` in the path; `?` starts the query.
    let rest = rest.split_once('?').map_or(rest, |(r, _)| r);
    if !rest.starts_with('/') {
        // `mailto:x` style opaque URIs are accepted; bare relative paths are not.
        return !scheme.is_empty();
    }
    if let Some(after) = rest.strip_prefix("//")
        && (!scheme.is_empty() || !rest.starts_with("///"))
    {
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        if !valid_authority(authority) {
            return false;
        }
        return valid_escapes(&after[end..]);
    }
    valid_escapes(rest)
}

/// The scheme of `s` if it has one (`Some(Err)` when it starts like one but is invalid).
fn split_scheme(s: &str) -> Option<Result<(&str, &str), ()>> {
    for (i, c) in s.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return Some(Err(())),
            ':' => return Some(Ok((&s[..i], &s[i + 1..]))),
            _ => return None,
        }
    }
    None
}

fn valid_escapes(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit() {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

fn valid_authority(authority: &str) -> bool {
    let host = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            if !userinfo
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c))
            {
                return false;
            }
            host
        }
        None => authority,
    };
    if let Some(inner) = host.strip_prefix('[') {
        let Some((ip, port)) = inner.split_once(']') else {
            return false;
        };
        let ip = ip.split_once("%25").map_or(ip, |(a, _)| a);
        return ip.parse::<std::net::Ipv6Addr>().is_ok() && valid_port(port);
    }
    let (name, port) = match host.rfind(':') {
        Some(i) => (&host[..i], &host[i..]),
        None => (host, ""),
    };
    valid_port(port)
        && valid_escapes(name)
        && name.chars().all(|c| {
            !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=[]<>\"%".contains(c)
        })
}

fn valid_port(port: &str) -> bool {
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// Go's `net/mail.ParseAddress` accepting: `local@domain`, or `Name <local@domain>`.
fn is_email(s: &str) -> bool {
    let s = s.trim_matches([' ', '\t']);
    let addr = if let Some(open) = s.rfind('<') {
        let Some(inner) = s[open + 1..].strip_suffix('>') else {
            return false;
        };
        let name = s[..open].trim();
        if !name.is_empty() && !valid_phrase(name) {
            return false;
        }
        inner
    } else {
        s
    };
    let Some((local, domain)) = addr.rsplit_once('@') else {
        return false;
    };
    let local_ok = if let Some(q) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        !q.is_empty() || local.len() == 2
    } else {
        dot_atom(local)
    };
    let domain_ok = if domain.starts_with('[') {
        domain.ends_with(']')
    } else {
        dot_atom(domain)
    };
    local_ok && domain_ok
}

fn is_atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c) || !c.is_ascii()
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|a| !a.is_empty() && a.chars().all(is_atext))
}

fn valid_phrase(s: &str) -> bool {
    if let Some(q) = s.strip_prefix('"') {
        return q.ends_with('"');
    }
    s.split_whitespace()
        .all(|w| w.chars().all(|c| is_atext(c) || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::validates;

    #[test]
    fn formats_like_strfmt() {
        for (format, good, bad) in [
            ("email", "platform@acme.example.com", "platform at acme"),
            ("email", "Ops <ops@example.com>", "a@"),
            (
                "uri",
                "http://llama.models.svc:8000/v1",
                "llama.models.svc/v1",
            ),
            ("uri", "mailto:x", "http://a b/"),
            ("hostname", "llama-a.models.svc", "-bad-.svc"),
            ("ipv4", "010.1.2.3", "1.2.3"),
            ("ipv6", "::ffff:1.2.3.4", "1.2.3.4"),
            ("cidr", "10.0.0.0/8", "10.0.0.0/33"),
            ("mac", "00:1a:2b:3c:4d:5e", "00:1a:2b"),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", "123"),
            ("date", "2024-02-29", "2023-02-29"),
            ("date-time", "2024-01-02T03:04:05Z", "2024-01-02 03:04:05"),
            ("duration", "1h30m", "forever"),
            ("duration", "30 seconds", "30 parsecs"),
            ("byte", "aGVsbG8=", "not base64!"),
            ("k8s-short-name", "abc-1", "Abc"),
            ("k8s-long-name", "a.b-c", "a..b"),
        ] {
            assert!(validates(format, good), "{format}: {good} must be valid");
            assert!(!validates(format, bad), "{format}: {bad} must be invalid");
        }
    }

    #[test]
    fn hostname_matches_strfmts_regex() {
        let strfmt = regex::Regex::new(
            r"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$",
        )
        .unwrap();
        let long = |n: usize| "a".repeat(n);
        let mut cases: Vec<String> = [
            "a",
            "a-",
            "-a",
            "a-b",
            "ab-c",
            "a--b",
            "a.b",
            "a.bc",
            "a.b1",
            "a-b.cd",
            "a--b.cd",
            "-a.cd",
            "a-.cd",
            "a..cd",
            ".cd",
            "cd.",
            "a.b.c.de",
            "x$y.com",
            "é.fr",
            "a.é",
            "a.éé",
            "日本.jp",
            "a.日本",
            "€.eu",
            "a€-b.eu",
            "a b.cd",
            "a_b.cd",
            "1.2.3.4",
            "a.c0m",
            "a.+b",
            "ab~c",
            "~",
            "a-~",
            "a.b-",
            "",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for n in [61, 62, 63, 64, 65] {
            cases.push(long(n));
            cases.push(format!("a-{}", long(n)));
            cases.push(format!("{}.com", long(n)));
            cases.push(format!("a.{}", long(n)));
            cases.push(format!("a{}b.io", "-".repeat(n)));
        }
        for c in &cases {
            assert_eq!(super::hostname_shape(c), strfmt.is_match(c), "{c:?}");
        }
    }
}
