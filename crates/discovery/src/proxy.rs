//! Which proxy a request to the cluster goes through, from `HTTPS_PROXY`, `HTTP_PROXY` and
//! `NO_PROXY`: a port of golang.org/x/net v0.57.0 `http/httpproxy/proxy.go` (`FromEnvironment`,
//! `ProxyFunc`, `proxyForURL`, `useProxy`, the matchers), which is, comments aside, the copy that
//! Go 1.26's `net/http` vendors for `http.ProxyFromEnvironment`, what kubectl v1.37 uses when the
//! kubeconfig names no `proxy-url`.
//!
//! kube 5 does not decide this the way kubectl does (`kube-client` 5.0.0,
//! `config/file_loader.rs`, `ConfigLoader::proxy_url`): it reads only `HTTPS_PROXY`, applies
//! `NO_PROXY` to the proxy's URL instead of the server's, and never bypasses `localhost`. So the
//! plugins decide per cluster server with [`ProxyFunc::proxy_for_url`] and set
//! `kube::Config::proxy_url` themselves.
//!
//! Two helpers stand in for Go packages this file calls: a small parser with the rules of
//! `net/url.Parse` that matter here (scheme, authority, host, port), and `idna.Lookup.ToASCII`
//! reduced to lower-casing and Punycode (RFC 3492), without UTS #46's full mapping table.

use crate::Error;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The raw proxy settings, as Go's `httpproxy.Config`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxyEnv {
    /// `HTTP_PROXY` (or `http_proxy`): the proxy for `http://` requests.
    pub http_proxy: String,
    /// `HTTPS_PROXY` (or `https_proxy`): the proxy for `https://` requests.
    pub https_proxy: String,
    /// `NO_PROXY` (or `no_proxy`): comma-separated hosts, domains, IPs and CIDRs that are
    /// reached directly; `*` means no proxy at all.
    pub no_proxy: String,
    /// Whether the process runs as a CGI handler (`REQUEST_METHOD` set), where `HTTP_PROXY`
    /// may come from a request header and must not be used.
    pub cgi: bool,
}

impl ProxyEnv {
    /// The settings of this process's environment (Go's `FromEnvironment`).
    pub fn from_env() -> Self {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The settings from any variable lookup: the upper-case name wins when it is non-empty,
    /// else the lower-case one, as Go's `getEnvAny`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let any = |names: [&str; 2]| {
            names
                .into_iter()
                .find_map(|n| lookup(n).filter(|v| !v.is_empty()))
                .unwrap_or_default()
        };
        ProxyEnv {
            http_proxy: any(["HTTP_PROXY", "http_proxy"]),
            https_proxy: any(["HTTPS_PROXY", "https_proxy"]),
            no_proxy: any(["NO_PROXY", "no_proxy"]),
            cgi: lookup("REQUEST_METHOD").is_some_and(|v| !v.is_empty()),
        }
    }

    /// The settings parsed once, to ask about many URLs (Go's `Config.ProxyFunc`). Proxy values
    /// that do not parse are ignored, as Go ignores them.
    pub fn proxy_func(&self) -> ProxyFunc {
        let mut func = ProxyFunc {
            http_proxy: parse_proxy(&self.http_proxy),
            https_proxy: parse_proxy(&self.https_proxy),
            cgi: self.cgi,
            ip_matchers: Vec::new(),
            domain_matchers: Vec::new(),
        };
        func.init_matchers(&self.no_proxy);
        func
    }
}

/// The proxy for `url` (e.g. a kubeconfig's `server`) under `env`, or `None` to connect
/// directly. Shorthand for `env.proxy_func().proxy_for_url(url)`.
pub fn proxy_for(url: &str, env: &ProxyEnv) -> Result<Option<String>, Error> {
    Ok(env.proxy_func().proxy_for_url(url)?.map(str::to_owned))
}

/// Parsed proxy settings (Go's unexported `config`).
#[derive(Debug, Clone)]
pub struct ProxyFunc {
    http_proxy: Option<String>,
    https_proxy: Option<String>,
    cgi: bool,
    ip_matchers: Vec<Matcher>,
    domain_matchers: Vec<Matcher>,
}

impl ProxyFunc {
    /// The proxy URL for a request to `url`, or `None` for a direct connection: when no proxy
    /// is set for its scheme (only `http` and `https` have one), when `NO_PROXY` covers its host
    /// and port, when the host is `localhost` or a loopback address, or when `url` does not
    /// parse as a URL.
    pub fn proxy_for_url(&self, url: &str) -> Result<Option<&str>, Error> {
        let Ok(parsed) = GoUrl::parse(url) else {
            return Ok(None);
        };
        let proxy = match parsed.scheme.as_str() {
            "https" => self.https_proxy.as_deref(),
            "http" => {
                if self.http_proxy.is_some() && self.cgi {
                    return Err(Error::CgiProxyRefused);
                }
                self.http_proxy.as_deref()
            }
            _ => None,
        };
        let Some(proxy) = proxy else {
            return Ok(None);
        };
        if !self.use_proxy(&canonical_addr(&parsed)) {
            return Ok(None);
        }
        Ok(Some(proxy))
    }

    /// Whether a request to `addr` (`host:port`, IPv6 in brackets) should go through a proxy,
    /// according to `NO_PROXY` (Go's `useProxy`).
    pub fn use_proxy(&self, addr: &str) -> bool {
        if addr.is_empty() {
            return true;
        }
        let Some((host, port)) = split_host_port(addr) else {
            return false;
        };
        if host == "localhost" {
            return false;
        }
        let ip = parse_addr(host);
        if ip.is_some_and(|ip| ip.is_loopback()) {
            return false;
        }
        let host = host.trim().to_lowercase();
        if let Some(ip) = ip
            && self
                .ip_matchers
                .iter()
                .any(|m| m.matches(&host, port, Some(ip)))
        {
            return false;
        }
        !self
            .domain_matchers
            .iter()
            .any(|m| m.matches(&host, port, ip))
    }

    /// Go's `config.init`, for `NO_PROXY`: what each entry matches.
    fn init_matchers(&mut self, no_proxy: &str) {
        for entry in no_proxy.split(',') {
            let entry = entry.trim().to_lowercase();
            if entry.is_empty() {
                continue;
            }
            if entry == "*" {
                self.ip_matchers = vec![Matcher::All];
                self.domain_matchers = vec![Matcher::All];
                return;
            }
            if let Some((net, prefix)) = parse_cidr(&entry) {
                self.ip_matchers.push(Matcher::Cidr { net, prefix });
                continue;
            }
            let (host, port) = match split_host_port(&entry) {
                Some((host, port)) => {
                    if host.is_empty() {
                        // No host part: a malformed entry, ignored.
                        continue;
                    }
                    let host = host
                        .strip_prefix('[')
                        .and_then(|h| h.strip_suffix(']'))
                        .unwrap_or(host);
                    (host.to_owned(), port.to_owned())
                }
                None => (entry.clone(), String::new()),
            };
            if let Some(ip) = parse_ip(&host) {
                self.ip_matchers.push(Matcher::Ip { ip, port });
                continue;
            }
            if host.is_empty() {
                continue;
            }
            // `foo.com` matches foo.com and its subdomains; `.foo.com` and `*.foo.com` only
            // the subdomains.
            let host = host
                .strip_prefix('*')
                .filter(|h| h.starts_with('.'))
                .unwrap_or(&host);
            let (suffix, match_host) = match host.strip_prefix('.') {
                Some(_) => (host.to_owned(), false),
                None => (format!(".{host}"), true),
            };
            let suffix = idna_ascii(&suffix).unwrap_or(suffix);
            self.domain_matchers.push(Matcher::Domain {
                suffix,
                port,
                match_host,
            });
        }
    }
}

/// One `NO_PROXY` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    /// `*`.
    All,
    /// `10.0.0.0/8`, `2001:db8::/32`.
    Cidr { net: IpAddr, prefix: u8 },
    /// `192.168.1.1`, `192.168.1.1:80`, `[2001:db8::1]:443`.
    Ip { ip: IpAddr, port: String },
    /// `example.com`, `.example.com`, `*.example.com`, each optionally with `:port`;
    /// `suffix` always starts with a dot.
    Domain {
        suffix: String,
        port: String,
        match_host: bool,
    },
}

impl Matcher {
    fn matches(&self, host: &str, port: &str, ip: Option<IpAddr>) -> bool {
        let port_ok = |want: &str| want.is_empty() || want == port;
        match self {
            Matcher::All => true,
            Matcher::Cidr { net, prefix } => ip.is_some_and(|ip| cidr_contains(*net, *prefix, ip)),
            Matcher::Ip { ip: want, port: p } => ip.is_some_and(|ip| ip == *want) && port_ok(p),
            Matcher::Domain {
                suffix,
                port: p,
                match_host,
            } => {
                if ip.is_some() {
                    return false;
                }
                (host.ends_with(suffix.as_str()) || (*match_host && host == &suffix[1..]))
                    && port_ok(p)
            }
        }
    }
}

/// Go's `parseProxy`: a full URL, or `host[:port]` taken as `http://host[:port]`. The text is
/// kept as written, with the scheme lower-cased; Go prints it back through `URL.String`, which
/// differs only where it re-escapes (`pro xy` becomes `pro%20xy`, `%c3` becomes `%C3`), in
/// values that are no usable proxy URL anyway.
fn parse_proxy(proxy: &str) -> Option<String> {
    if proxy.is_empty() {
        return None;
    }
    match GoUrl::parse(proxy) {
        Ok(url) if !url.scheme.is_empty() && !url.host.is_empty() => {
            let rest = &proxy[url.scheme.len()..];
            Some(format!("{}{rest}", url.scheme))
        }
        _ => {
            let prefixed = format!("http://{proxy}");
            GoUrl::parse(&prefixed).ok().map(|_| prefixed)
        }
    }
}

/// Go's `canonicalAddr`: the URL's host and port, the port defaulted from the scheme.
fn canonical_addr(url: &GoUrl) -> String {
    let host = idna_ascii(&url.hostname).unwrap_or_else(|()| url.hostname.clone());
    let port = if url.port.is_empty() {
        match url.scheme.as_str() {
            "http" => "80",
            "https" => "443",
            "socks5" => "1080",
            _ => "",
        }
    } else {
        url.port.as_str()
    };
    join_host_port(&host, port)
}

/// Go's `net.JoinHostPort`.
fn join_host_port(host: &str, port: &str) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// Go's `net.SplitHostPort`: `None` where Go returns an error (no port, too many colons,
/// misplaced brackets).
fn split_host_port(addr: &str) -> Option<(&str, &str)> {
    let colon = addr.rfind(':')?;
    let (host, port) = (&addr[..colon], &addr[colon + 1..]);
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        if inner.contains(['[', ']']) || port.contains(['[', ']']) {
            return None;
        }
        return Some((inner, port));
    }
    if host.contains([':', '[', ']']) || port.contains(['[', ']']) {
        return None;
    }
    Some((host, port))
}

/// Go's `net.ParseIP`: dotted IPv4 or IPv6 without a zone. IPv4-mapped IPv6 addresses become
/// IPv4, since Go's `IP.Equal` and `IPNet.Contains` compare them as IPv4.
fn parse_ip(s: &str) -> Option<IpAddr> {
    s.parse::<IpAddr>().ok().map(|ip| ip.to_canonical())
}

/// Go's `netip.ParseAddr` as `useProxy` uses it: like [`parse_ip`], but an IPv6 address may
/// carry a zone (`fe80::1%eth0`), which the matchers ignore.
fn parse_addr(s: &str) -> Option<IpAddr> {
    match s.split_once('%') {
        Some((addr, zone)) if addr.contains(':') && !zone.is_empty() => addr
            .parse::<Ipv6Addr>()
            .ok()
            .map(|ip| IpAddr::V6(ip).to_canonical()),
        Some(_) => None,
        None => parse_ip(s),
    }
}

/// Go's `net.ParseCIDR`: the network address (masked) and prefix length. An IPv4-mapped IPv6
/// network becomes the IPv4 network it covers, as Go's `IPNet.Contains` treats it.
fn parse_cidr(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = s.split_once('/')?;
    if bits.is_empty() || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Go's dtoi: leading zeros are fine, anything above 128 is not.
    let prefix = u8::try_from(bits.parse::<u32>().ok()?).ok()?;
    match addr.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) => (prefix <= 32).then(|| {
            (
                IpAddr::V4(Ipv4Addr::from_bits(v4.to_bits() & mask32(prefix))),
                prefix,
            )
        }),
        IpAddr::V6(v6) => {
            if prefix > 128 {
                return None;
            }
            let net = Ipv6Addr::from_bits(v6.to_bits() & mask128(prefix));
            match net.to_ipv4_mapped() {
                Some(v4) => Some((IpAddr::V4(v4), prefix.saturating_sub(96))),
                None => Some((IpAddr::V6(net), prefix)),
            }
        }
    }
}

fn mask32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

fn cidr_contains(net: IpAddr, prefix: u8, ip: IpAddr) -> bool {
    match (net, ip.to_canonical()) {
        (IpAddr::V4(net), IpAddr::V4(ip)) => ip.to_bits() & mask32(prefix) == net.to_bits(),
        (IpAddr::V6(net), IpAddr::V6(ip)) => ip.to_bits() & mask128(prefix) == net.to_bits(),
        _ => false,
    }
}

/// What `proxy.go` reads of a Go `*url.URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GoUrl {
    /// Lower-cased scheme; empty when there is none.
    scheme: String,
    /// `URL.Host`: host and port as written, IPv6 in brackets; empty without an authority.
    host: String,
    /// `URL.Hostname()`: the host without brackets and port, percent-escapes decoded.
    hostname: String,
    /// `URL.Port()`.
    port: String,
}

impl GoUrl {
    /// `url.Parse`, for the parts above: `Err` where Go's parser returns an error.
    fn parse(raw: &str) -> Result<GoUrl, ()> {
        if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
            return Err(());
        }
        let raw = raw.split_once('#').map_or(raw, |(before, _)| before);
        let (scheme, rest) = get_scheme(raw)?;
        let scheme = scheme.to_ascii_lowercase();
        let rest = rest.split_once('?').map_or(rest, |(before, _)| before);
        let mut url = GoUrl {
            scheme,
            host: String::new(),
            hostname: String::new(),
            port: String::new(),
        };
        let mut path = rest;
        if !rest.starts_with('/') {
            if !url.scheme.is_empty() {
                // Opaque (`scheme:rest`): no host.
                return Ok(url);
            }
            let segment = rest.split_once('/').map_or(rest, |(s, _)| s);
            if segment.contains(':') {
                // "first path segment in URL cannot contain colon"
                return Err(());
            }
        }
        if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
            let authority = &rest[2..];
            let (authority, after) = authority
                .find('/')
                .map_or((authority, ""), |i| authority.split_at(i));
            let host = match authority.rfind('@') {
                Some(at) => {
                    if !valid_userinfo(&authority[..at]) {
                        return Err(());
                    }
                    &authority[at + 1..]
                }
                None => authority,
            };
            url.host = parse_host(&url.scheme, host)?;
            let (hostname, port) = split_go_host(&url.host);
            hostname.clone_into(&mut url.hostname);
            port.clone_into(&mut url.port);
            path = after;
        }
        // `setPath`: the path's escapes must be well-formed.
        if !valid_escapes(path) {
            return Err(());
        }
        Ok(url)
    }
}

/// Whether every `%` starts an escape of two hex digits.
fn valid_escapes(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || bytes
                .get(i + 1..i + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// `url.getScheme`.
fn get_scheme(raw: &str) -> Result<(&str, &str), ()> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err(()),
            b':' => return Ok((&raw[..i], &raw[i + 1..])),
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// `url.validUserinfo`.
fn valid_userinfo(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._:~!$&'()*+,;=%@".contains(&b))
}

/// `url.parseHost`: the host as `URL.Host` holds it, percent-escapes decoded.
fn parse_host(scheme: &str, host: &str) -> Result<String, ()> {
    match host.rfind('[') {
        Some(i) if i > 0 => Err(()),
        Some(_) => {
            let close = host.rfind(']').ok_or(())?;
            let colon_port = &host[close + 1..];
            if !valid_optional_port(colon_port) {
                return Err(());
            }
            let hostname = &host[1..close];
            let unescaped = match hostname.find("%25") {
                Some(zone) => {
                    let mut h = unescape(&hostname[..zone], true)?;
                    h.push_str(&unescape(&hostname[zone..], false)?);
                    h
                }
                None => unescape(hostname, true)?,
            };
            // Only an IPv6 address (IPv4-mapped included) may stand in brackets.
            let addr = unescaped
                .split_once('%')
                .map_or(unescaped.as_str(), |(a, _)| a);
            if addr.parse::<Ipv6Addr>().is_err() {
                return Err(());
            }
            Ok(format!("[{unescaped}]{colon_port}"))
        }
        None => {
            if let Some(first) = host.find(':') {
                let last = host.rfind(':').unwrap_or(first);
                // Go 1.26 (urlstrictcolons=1) allows one colon in http and https hosts; other
                // schemes may list several hosts, the port after the last colon.
                let at = if scheme == "http" || scheme == "https" {
                    first
                } else {
                    last
                };
                if !valid_optional_port(&host[at..]) {
                    return Err(());
                }
            }
            unescape(host, true)
        }
    }
}

/// `url.validOptionalPort`: empty, or `:` and digits.
fn valid_optional_port(port: &str) -> bool {
    port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
}

/// `url.unescape` in `encodeHost` (`host == true`) or `encodeZone` mode.
fn unescape(s: &str, host: bool) -> Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(())?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(());
                }
                let value = u8::from_str_radix(std::str::from_utf8(hex).map_err(|_| ())?, 16)
                    .map_err(|_| ())?;
                // In a host, escapes are for non-ASCII bytes only (and `%25` before a zone).
                if host && value < 0x80 && &bytes[i..i + 3] != b"%25" {
                    return Err(());
                }
                out.push(value);
                i += 3;
            }
            b if b < 0x80 && should_escape_in_host(b) => return Err(()),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

/// `url.shouldEscape` for `encodeHost` and `encodeZone`.
fn should_escape_in_host(b: u8) -> bool {
    !(b.is_ascii_alphanumeric() || b"-_.~!$&'()*+,;=:[]<>\"".contains(&b))
}

/// `URL.Hostname()` and `URL.Port()` of a `URL.Host`.
fn split_go_host(host: &str) -> (&str, &str) {
    let (hostname, port) = match host.rfind(':') {
        Some(colon) if valid_optional_port(&host[colon..]) => (&host[..colon], &host[colon + 1..]),
        _ => (host, ""),
    };
    let hostname = hostname
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(hostname);
    (hostname, port)
}

/// `idnaASCII`: ASCII input unchanged; otherwise each label lower-cased and, when not ASCII,
/// Punycode-encoded with the `xn--` prefix. `Err` where `idna.Lookup` would reject the name
/// (an ASCII character outside letters, digits and `-` in it, STD3 rules).
fn idna_ascii(s: &str) -> Result<String, ()> {
    if s.is_ascii() {
        return Ok(s.to_owned());
    }
    // UTS #46 maps the ideographic and full-width full stops to `.`.
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{ff0e}' | '\u{ff61}' => '.',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let mut labels = Vec::new();
    for label in mapped.split('.') {
        if label
            .chars()
            .any(|c| c.is_ascii() && !(c.is_ascii_alphanumeric() || c == '-'))
        {
            return Err(());
        }
        if label.is_ascii() {
            labels.push(label.to_owned());
        } else {
            labels.push(format!("xn--{}", punycode_encode(label)?));
        }
    }
    Ok(labels.join("."))
}

/// RFC 3492 Punycode encoding of one label (section 6.3).
#[expect(
    clippy::many_single_char_names,
    reason = "the names of RFC 3492's pseudocode, to read the two side by side"
)]
fn punycode_encode(input: &str) -> Result<String, ()> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 0x80;

    fn adapt(mut delta: u32, num_points: u32, first_time: bool) -> u32 {
        delta /= if first_time { DAMP } else { 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }
    fn digit(d: u32) -> char {
        let b = u8::try_from(d).unwrap_or(0);
        char::from(if d < 26 { b'a' + b } else { b'0' + b - 26 })
    }

    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut output: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).map_err(|_| ())?;
    let mut handled = basic;
    if basic > 0 {
        output.push('-');
    }
    let total = u32::try_from(code_points.len()).map_err(|_| ())?;
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    while handled < total {
        let m = code_points
            .iter()
            .copied()
            .filter(|&c| c >= n)
            .min()
            .ok_or(())?;
        delta = delta
            .checked_add((m - n).checked_mul(handled + 1).ok_or(())?)
            .ok_or(())?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1).ok_or(())?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(http: &str, https: &str, no_proxy: &str) -> ProxyEnv {
        ProxyEnv {
            http_proxy: http.to_owned(),
            https_proxy: https.to_owned(),
            no_proxy: no_proxy.to_owned(),
            cgi: false,
        }
    }

    /// `proxyForURLTests` of proxy_test.go: (config, request URL, expected proxy; `<nil>`
    /// for none). An empty request URL means `http://example.com`, as there.
    #[test]
    #[expect(
        clippy::too_many_lines,
        reason = "one table: upstream's cases, in its order"
    )]
    fn proxy_for_url_cases_of_proxy_test_go() {
        let cases: &[(ProxyEnv, &str, &str)] = &[
            (env("127.0.0.1:8080", "", ""), "", "http://127.0.0.1:8080"),
            (
                env("cache.corp.example.com:1234", "", ""),
                "",
                "http://cache.corp.example.com:1234",
            ),
            (
                env("cache.corp.example.com", "", ""),
                "",
                "http://cache.corp.example.com",
            ),
            // A single-label domain is read as a scheme by url.Parse.
            (env("localhost", "", ""), "", "http://localhost"),
            (
                env("https://cache.corp.example.com", "", ""),
                "",
                "https://cache.corp.example.com",
            ),
            (
                env("http://127.0.0.1:8080", "", ""),
                "",
                "http://127.0.0.1:8080",
            ),
            (
                env("https://127.0.0.1:8080", "", ""),
                "",
                "https://127.0.0.1:8080",
            ),
            (env("socks5://127.0.0.1", "", ""), "", "socks5://127.0.0.1"),
            // Unknown schemes are kept.
            (env("foo://host", "", ""), "", "foo://host"),
            // The secure proxy is not used for http...
            (
                env("http.proxy.tld", "secure.proxy.tld", ""),
                "http://insecure.tld/",
                "http://http.proxy.tld",
            ),
            // ... but for https.
            (
                env("http.proxy.tld", "secure.proxy.tld", ""),
                "https://secure.tld/",
                "http://secure.proxy.tld",
            ),
            (
                env("http.proxy.tld", "https://secure.proxy.tld", ""),
                "https://secure.tld/",
                "https://secure.proxy.tld",
            ),
            (
                env("http.proxy.tld", "", ""),
                "https://secure.tld/",
                "<nil>",
            ),
            (
                env("http.proxy.tld", "", ""),
                "ftp://insecure.tld/",
                "<nil>",
            ),
            (env("", "", ""), "", "<nil>"),
            (
                env("proxy", "", "example.com"),
                "http://example.com/",
                "<nil>",
            ),
            (
                env("proxy", "", ".example.com"),
                "http://example.com/",
                "http://proxy",
            ),
            (
                env("proxy", "", "ample.com"),
                "http://example.com/",
                "http://proxy",
            ),
            (
                env("proxy", "", "example.com"),
                "http://foo.example.com/",
                "<nil>",
            ),
            (
                env("proxy", "", ".foo.com"),
                "http://example.com/",
                "http://proxy",
            ),
            (
                env("proxy", "", ".示例.com"),
                "http://www.示例.com",
                "<nil>",
            ),
            (
                env("proxy", "", "xn--fsq092h.com"),
                "http://www.示例.com",
                "<nil>",
            ),
            (
                env("proxy", "", "示例.com"),
                "http://www.xn--fsq092h.com",
                "<nil>",
            ),
            (
                env("proxy", "", "example.com"),
                "http://[1000::%25.example.com]:123",
                "http://proxy",
            ),
        ];
        for (cfg, req, want) in cases {
            let req = if req.is_empty() {
                "http://example.com"
            } else {
                req
            };
            let func = cfg.proxy_func();
            let got = func.proxy_for_url(req).unwrap().unwrap_or("<nil>");
            assert_eq!(got, *want, "{cfg:?} req={req}");
            assert_eq!(
                proxy_for(req, cfg).unwrap().as_deref().unwrap_or("<nil>"),
                *want
            );
        }
    }

    #[test]
    fn cgi_refuses_http_proxy_but_keeps_https_proxy() {
        let cgi = ProxyEnv {
            cgi: true,
            ..env("http://10.1.2.3:8080", "", "")
        };
        let func = cgi.proxy_func();
        let refused = func.proxy_for_url("http://example.com");
        assert!(
            matches!(refused, Err(Error::CgiProxyRefused)),
            "{refused:?}"
        );
        assert_eq!(
            Error::CgiProxyRefused.to_string(),
            "refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy"
        );
        let cgi = ProxyEnv {
            cgi: true,
            ..env("", "https://secure.proxy.tld", "")
        };
        assert_eq!(
            cgi.proxy_func()
                .proxy_for_url("https://secure.tld/")
                .unwrap(),
            Some("https://secure.proxy.tld")
        );
    }

    #[test]
    fn environment_upper_case_wins_then_lower_case() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let got = ProxyEnv::from_lookup(vars(&[
            ("HTTP_PROXY", "httpproxy"),
            ("HTTPS_PROXY", "httpsproxy"),
            ("NO_PROXY", "noproxy"),
            ("REQUEST_METHOD", ""),
            ("http_proxy", "lower"),
        ]));
        assert_eq!(got, env("httpproxy", "httpsproxy", "noproxy"));
        let got = ProxyEnv::from_lookup(vars(&[
            ("HTTP_PROXY", "httpproxy"),
            ("HTTPS_PROXY", "httpsproxy"),
            ("NO_PROXY", "noproxy"),
            ("REQUEST_METHOD", "PUT"),
        ]));
        assert_eq!(
            got,
            ProxyEnv {
                cgi: true,
                ..env("httpproxy", "httpsproxy", "noproxy")
            }
        );
        let got = ProxyEnv::from_lookup(vars(&[
            ("http_proxy", "httpproxy"),
            ("https_proxy", "httpsproxy"),
            ("no_proxy", "noproxy"),
        ]));
        assert_eq!(got, env("httpproxy", "httpsproxy", "noproxy"));
        // An empty upper-case variable does not hide the lower-case one.
        let got = ProxyEnv::from_lookup(vars(&[("HTTPS_PROXY", ""), ("https_proxy", "p:1")]));
        assert_eq!(got.https_proxy, "p:1");
    }

    const NO_PROXY: &str = "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64";

    /// `UseProxyTests` of proxy_test.go: (host, whether a request to host:80 is proxied).
    const USE_PROXY_CASES: &[(&str, bool)] = &[
        // Never proxy localhost.
        ("localhost", false),
        ("127.0.0.1", false),
        ("127.0.0.2", false),
        ("[::1]", false),
        ("[::2]", true),                       // not a loopback address
        ("192.168.1.1", false),                // matches exact IPv4
        ("192.168.1.2", true),                 // ports do not match
        ("192.168.1.3", false),                // matches exact IPv4:port
        ("192.168.1.4", true),                 // no match
        ("10.0.0.2", false),                   // matches IPv4/CIDR
        ("[2001:db8::52:0:1]", false),         // matches exact IPv6
        ("[2001:db8::52:0:2]", true),          // no match
        ("[2001:db8::52:0:3]", false),         // matches exact [IPv6]:port
        ("[2002:db8:a::123]", false),          // matches IPv6/CIDR
        ("[fe80::424b:c8be:1643:a1b6]", true), // no match
        ("barbaz.net", true),                  // does not match as .barbaz.net
        ("www.barbaz.net", false),             // does match as .barbaz.net
        ("foobar.com", false),                 // does match as foobar.com
        ("www.foobar.com", false),             // match because NO_PROXY includes "foobar.com"
        ("foofoobar.com", true),               // not match as a part of foobar.com
        ("baz.com", true),                     // not match as a part of barbaz.com
        ("localhost.net", true),               // not match as suffix of address
        ("local.localhost", true),             // not match as prefix as address
        ("barbarbaz.net", true),               // not match, wrong domain
        ("wildcard.io", true),                 // does not match as *.wildcard.io
        ("nested.wildcard.io", false),         // match as *.wildcard.io
        ("awildcard.io", true),                // not a match because of '*'
    ];

    #[test]
    fn use_proxy_cases_of_proxy_test_go() {
        let func = env("", "", NO_PROXY).proxy_func();
        for (host, proxied) in USE_PROXY_CASES {
            assert_eq!(func.use_proxy(&format!("{host}:80")), *proxied, "{host}");
        }
    }

    #[test]
    fn invalid_no_proxy_entry_is_ignored() {
        let func = env("", "", ":1").proxy_func();
        assert!(func.use_proxy("example.com:80"));
    }

    #[test]
    fn star_disables_every_proxy() {
        let func = env("", "", "*").proxy_func();
        for (host, _) in USE_PROXY_CASES {
            assert!(!func.use_proxy(&format!("{host}:80")), "{host}");
        }
        // `*` wins wherever it stands in the list.
        let func = env("p", "p", "example.com, *, 10.0.0.0/8").proxy_func();
        assert_eq!(
            func.proxy_for_url("https://api.corp.example:6443").unwrap(),
            None
        );
    }

    /// The cases the plugins meet: a kubeconfig's `server` and a corporate `NO_PROXY`.
    #[test]
    fn cluster_servers_against_a_corporate_no_proxy() {
        let cfg = env(
            "http://proxy.corp:3128",
            "http://proxy.corp:3128",
            "localhost,127.0.0.1,.svc,.cluster.local, 10.0.0.0/8 ,api.internal:6443,",
        );
        let func = cfg.proxy_func();
        let via = |url: &str| func.proxy_for_url(url).unwrap();
        assert_eq!(
            via("https://api.example.com:6443"),
            Some("http://proxy.corp:3128")
        );
        assert_eq!(via("https://10.1.2.3:6443"), None, "CIDR");
        assert_eq!(via("https://kubernetes.default.svc"), None, "suffix");
        assert_eq!(via("https://api.internal:6443"), None, "host and port");
        assert_eq!(
            via("https://api.internal:443"),
            Some("http://proxy.corp:3128")
        );
        assert_eq!(
            via("https://API.Internal:6443"),
            None,
            "hosts compare lower-cased"
        );
        assert_eq!(via("https://127.0.0.1:6443"), None, "loopback");
        assert_eq!(via("https://[::1]:6443"), None, "loopback");
        assert_eq!(
            via("https://[::ffff:127.0.0.1]:6443"),
            None,
            "mapped loopback"
        );
        assert_eq!(via("https://localhost:6443"), None);
        assert_eq!(
            via("http://api.example.com"),
            Some("http://proxy.corp:3128")
        );
        assert_eq!(
            via("https://user:pw@api.example.com/k8s/clusters/c-1?x=1#f"),
            Some("http://proxy.corp:3128")
        );
        // Loopback never goes through a proxy, even without NO_PROXY: kubectl against a local
        // server ignores HTTPS_PROXY.
        let plain = env("", "socks5://127.0.0.1:1080", "").proxy_func();
        assert_eq!(plain.proxy_for_url("https://127.0.0.1:6443").unwrap(), None);
        assert_eq!(plain.proxy_for_url("https://localhost:6443").unwrap(), None);
        assert_eq!(
            plain.proxy_for_url("https://192.0.2.2:6443").unwrap(),
            Some("socks5://127.0.0.1:1080")
        );
        // Only http and https have a proxy variable.
        assert_eq!(plain.proxy_for_url("unix:///run/k8s.sock").unwrap(), None);
        assert_eq!(plain.proxy_for_url("not a url").unwrap(), None);
    }

    #[test]
    fn ip_entries_compare_ipv4_mapped_addresses_as_ipv4() {
        let func = env("", "", "192.0.2.7, ::ffff:198.51.100.0/120").proxy_func();
        assert!(!func.use_proxy("[::ffff:192.0.2.7]:443"));
        assert!(!func.use_proxy("198.51.100.9:443"));
        assert!(func.use_proxy("198.51.101.9:443"));
        // An IP host never matches a domain entry, even one that looks like its text.
        let func = env("", "", "2.7").proxy_func();
        assert!(func.use_proxy("192.0.2.7:443"));
        // A zone is ignored.
        let func = env("", "", "fe80::1").proxy_func();
        assert!(!func.use_proxy("[fe80::1%eth0]:443"));
    }

    #[test]
    fn entries_go_ignores_or_reads_loosely() {
        // A port entry for a name, an empty port, a wildcard suffix with a port.
        let func = env("", "", "example.org:8443, host:, *.corp.example:443, *, ").proxy_func();
        assert!(!func.use_proxy("anything:1"));
        let func = env("", "", "example.org:8443, host:, *.corp.example:443").proxy_func();
        assert!(!func.use_proxy("example.org:8443"));
        assert!(func.use_proxy("example.org:443"));
        assert!(
            !func.use_proxy("host:1"),
            "an empty port matches every port"
        );
        assert!(!func.use_proxy("a.corp.example:443"));
        assert!(func.use_proxy("corp.example:443"));
        // Leading zeros make an entry no IP (Go's parsers reject them); it stays a name.
        let func = env("", "", "010.0.0.1, 10.0.0.0/33, 10.0.0.0/").proxy_func();
        assert!(func.use_proxy("10.0.0.1:443"));
        // A malformed address cannot be split: Go does not proxy it.
        assert!(!func.use_proxy("no-port"));
        assert!(func.use_proxy(""));
    }

    /// Answers of Go 1.26 with x/net v0.57.0 for entries Go reads in its own way (checked with
    /// a Go program over 14,400 combinations of proxies, `NO_PROXY` values and URLs, all of
    /// which this port answers alike up to the re-escaping noted at [`parse_proxy`]).
    #[test]
    fn no_proxy_entries_as_go_reads_them() {
        let direct = |no_proxy: &str, url: &str| {
            env("http://p:3128", "http://p:3128", no_proxy)
                .proxy_func()
                .proxy_for_url(url)
                .unwrap()
                .is_none()
        };
        assert!(direct("10.0.0.0/008", "https://10.1.2.3:6443"));
        assert!(direct("EXAMPLE.COM", "https://foo.example.com"));
        assert!(direct("a,,b,example.com", "https://example.com"));
        assert!(direct("0.0.0.0/0", "https://[::ffff:198.51.100.9]:443"));
        assert!(direct("0.0.0.0/0", "https://0.0.0.0"));
        assert!(!direct("0.0.0.0/0", "https://[2001:db8::1]"));
        assert!(direct("::/0", "https://[::]:1"));
        assert!(!direct("::/0", "https://198.51.100.9"));
        assert!(!direct("[::1]", "https://[2001:db8::1]"));
        assert!(direct("::ffff:198.51.100.0/120", "https://198.51.100.9"));
        assert!(!direct("::ffff:198.51.100.0/120", "https://10.1.2.3:6443"));
    }

    #[test]
    fn proxy_values_parse_as_go_does() {
        assert_eq!(parse_proxy(""), None);
        assert_eq!(
            parse_proxy("HTTP://Proxy:3128").as_deref(),
            Some("http://Proxy:3128")
        );
        assert_eq!(
            parse_proxy("user:p%40ss@proxy:3128").as_deref(),
            Some("http://user:p%40ss@proxy:3128")
        );
        assert_eq!(
            parse_proxy("[::1]:3128").as_deref(),
            Some("http://[::1]:3128")
        );
        assert_eq!(parse_proxy("http://proxy\n"), None, "control characters");
        // Go answers `http://http://ex%20ample:1`: only the escaping differs.
        assert_eq!(
            parse_proxy("http://ex ample:1").as_deref(),
            Some("http://http://ex ample:1")
        );
        // Go reads `http://http://...` as host `http` with an empty port, and so does this.
        assert_eq!(
            parse_proxy("http://proxy:abc").as_deref(),
            Some("http://http://proxy:abc")
        );
        assert_eq!(parse_proxy(":8080").as_deref(), Some("http://:8080"));
        assert_eq!(
            parse_proxy("//proxy:1").as_deref(),
            Some("http:////proxy:1")
        );
        // Not an IPv6 literal, so not a URL: Go then reads it as a host named `http`.
        assert_eq!(
            parse_proxy("http://[1.2.3.4]:1").as_deref(),
            Some("http://http://[1.2.3.4]:1")
        );
        assert!(GoUrl::parse("http://[1.2.3.4]:1").is_err());
    }

    #[test]
    fn urls_split_as_go_splits_them() {
        let url = GoUrl::parse("https://user@[fe80::1%25eth0]:6443/x").unwrap();
        assert_eq!(
            (
                url.scheme.as_str(),
                url.host.as_str(),
                url.hostname.as_str(),
                url.port.as_str()
            ),
            ("https", "[fe80::1%eth0]:6443", "fe80::1%eth0", "6443")
        );
        assert_eq!(canonical_addr(&url), "[fe80::1%eth0]:6443");
        let url = GoUrl::parse("HTTPS://api.example.com").unwrap();
        assert_eq!(canonical_addr(&url), "api.example.com:443");
        let url = GoUrl::parse("socks5://proxy").unwrap();
        assert_eq!(canonical_addr(&url), "proxy:1080");
        assert!(
            GoUrl::parse("https://a:b:c").is_err(),
            "colons in an http host"
        );
        assert!(GoUrl::parse("https://host:port").is_err());
        assert!(GoUrl::parse(":8080").is_err(), "missing protocol scheme");
        assert!(
            GoUrl::parse("host:8080/x").unwrap().host.is_empty(),
            "opaque"
        );
    }

    #[test]
    fn split_host_port_like_go() {
        assert_eq!(split_host_port("a:80"), Some(("a", "80")));
        assert_eq!(split_host_port("[::1]:80"), Some(("::1", "80")));
        assert_eq!(split_host_port(":80"), Some(("", "80")));
        assert_eq!(split_host_port("a:"), Some(("a", "")));
        assert_eq!(split_host_port("a"), None, "missing port");
        assert_eq!(split_host_port("::1"), None, "too many colons");
        assert_eq!(split_host_port("[::1]"), None);
        assert_eq!(join_host_port("::1", "443"), "[::1]:443");
    }

    #[test]
    fn punycode_matches_rfc_3492_samples() {
        assert_eq!(punycode_encode("示例").unwrap(), "fsq092h");
        assert_eq!(punycode_encode("bücher").unwrap(), "bcher-kva");
        assert_eq!(punycode_encode("münchen").unwrap(), "mnchen-3ya");
        // RFC 3492 7.1 (B) Chinese (simplified).
        assert_eq!(
            punycode_encode("他们为什么不说中文").unwrap(),
            "ihqwcrb4cv8a8dqg056pqjye"
        );
        assert_eq!(idna_ascii(".示例.com").unwrap(), ".xn--fsq092h.com");
        assert_eq!(idna_ascii("WWW.Bücher.DE").unwrap(), "www.xn--bcher-kva.de");
        assert_eq!(idna_ascii("例。com").unwrap(), "xn--fsq.com");
        assert!(idna_ascii("a_b.例.com").is_err());
    }
}
