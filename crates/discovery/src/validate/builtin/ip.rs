//! apimachinery's validators of IP and CIDR values of legacy fields (`pkg/util/validation/ip.go`,
//! k8s.io/apimachinery v0.37.2: `IsValidIPForLegacyField`, `IsValidCIDRForLegacyField`) over
//! `k8s.io/utils/net`'s sloppy parsers (`ParseIPSloppy`, `ParseCIDRSloppy`), with
//! StrictIPCIDRValidation on (beta and on by default since v1.36): leading zeros, IPv4-mapped
//! IPv6 addresses and bits beyond the prefix length are errors.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::Value;

use crate::validate::field::FieldError;
use crate::validate::path::FieldPath;

/// Go's pre-1.17 `parseIPv4`, which `ParseIPSloppy` keeps: decimal parts of any length,
/// leading zeros ignored.
fn ipv4_sloppy(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for o in &mut octets {
        let p = parts.next()?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = p.trim_start_matches('0');
        *o = if n.is_empty() { 0 } else { n.parse().ok()? };
    }
    parts.next().is_none().then(|| Ipv4Addr::from(octets))
}

/// `netutils.ParseIPSloppy`: an IPv4 address (sloppy), or an IPv6 one whose embedded IPv4
/// tail may be sloppy too. No zones.
pub(super) fn parse_ip_sloppy(s: &str) -> Option<IpAddr> {
    if let Some(v4) = ipv4_sloppy(s) {
        return Some(IpAddr::V4(v4));
    }
    if !s.contains(':') || s.contains('%') {
        return None;
    }
    match s.rsplit_once(':') {
        Some((head, tail)) if tail.contains('.') => {
            let v4 = ipv4_sloppy(tail)?;
            format!("{head}:{v4}")
                .parse::<Ipv6Addr>()
                .ok()
                .map(IpAddr::V6)
        }
        _ => s.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
    }
}

/// A network as `net.IPNet` holds it: the masked address and the prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cidr {
    network: IpAddr,
    prefix: u8,
}

fn bits(ip: IpAddr) -> (u128, u8) {
    match ip {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

fn mask(len: u8, prefix: u8) -> u128 {
    let all = if len == 32 {
        u128::from(u32::MAX)
    } else {
        u128::MAX
    };
    if prefix == 0 {
        0
    } else {
        all & !((1u128 << (len - prefix)) - 1)
    }
}

impl Cidr {
    /// `IPNet.Contains`: an address of the same family within the network (IPv4-mapped
    /// addresses count as IPv4, as `To4` makes them).
    pub(super) fn contains(&self, ip: IpAddr) -> bool {
        // `networkNumberAndMask`: an IPv4-mapped network keeps the last 32 bits of its mask.
        let (net, prefix) = match (self.network, unmap(self.network)) {
            (IpAddr::V6(_), v4 @ IpAddr::V4(_)) => (v4, self.prefix.saturating_sub(96)),
            (_, n) => (n, self.prefix),
        };
        let (net, len) = bits(net);
        let (ip, ip_len) = bits(unmap(ip));
        len == ip_len && ip & mask(len, prefix) == net
    }

    /// `IPNet.Mask.Size()`'s ones.
    pub(super) fn prefix(&self) -> u8 {
        self.prefix
    }

    /// The network's address (`IPNet.IP`).
    pub(super) fn network(&self) -> IpAddr {
        self.network
    }
}

fn unmap(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(a) => a.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// `netutils.ParseCIDRSloppy`: the address part as [`parse_ip_sloppy`], the prefix length in
/// decimal (leading zeros allowed) and at most the address's length.
pub(super) fn parse_cidr_sloppy(s: &str) -> Option<Cidr> {
    let (ip, prefix) = s.split_once('/')?;
    let ip = parse_ip_sloppy(ip)?;
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let p = prefix.trim_start_matches('0');
    let prefix: u32 = if p.is_empty() { 0 } else { p.parse().ok()? };
    let (addr, len) = bits(ip);
    if prefix > u32::from(len) {
        return None;
    }
    let prefix = u8::try_from(prefix).ok()?;
    let masked = addr & mask(len, prefix);
    let network = match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::try_from(masked).ok()?)),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(masked)),
    };
    Some(Cidr { network, prefix })
}

/// `parseIP` with strict validation, as `IsValidIPForLegacyField` calls it for a new value.
pub(super) fn ip_for_legacy_field(path: &FieldPath, value: &str) -> Vec<FieldError> {
    let v = Value::String(value.to_owned());
    if parse_ip_sloppy(value).is_none() {
        return vec![FieldError::invalid(
            path,
            &v,
            "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        )];
    }
    // `netip.ParseAddr` is Rust's parser: no leading zeros in IPv4 parts.
    let mut errs = Vec::new();
    match value.parse::<IpAddr>() {
        Err(_) => errs.push(FieldError::invalid(path, &v, "must not have leading 0s")),
        Ok(IpAddr::V6(a)) if a.to_ipv4_mapped().is_some() => errs.push(FieldError::invalid(
            path,
            &v,
            "must not be an IPv4-mapped IPv6 address",
        )),
        Ok(_) => {}
    }
    errs
}

/// `parseCIDR` with strict validation, as `IsValidCIDRForLegacyField` calls it for a new value.
pub(super) fn cidr_for_legacy_field(path: &FieldPath, value: &str) -> Vec<FieldError> {
    let v = Value::String(value.to_owned());
    let Some(cidr) = parse_cidr_sloppy(value) else {
        return vec![FieldError::invalid(
            path,
            &v,
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        )];
    };
    // `netip.ParsePrefix`: no leading zeros in the address or in the prefix length.
    let (ip, prefix) = value.split_once('/').unwrap_or_default();
    let strict = ip
        .parse::<IpAddr>()
        .ok()
        .filter(|_| prefix == "0" || !prefix.starts_with('0'));
    let detail = match strict {
        None => Some("must not have leading 0s in IP or prefix length"),
        Some(IpAddr::V6(a)) if a.to_ipv4_mapped().is_some() => {
            Some("must not have an IPv4-mapped IPv6 address")
        }
        Some(addr) if addr != cidr.network => {
            Some("must not have bits set beyond the prefix length")
        }
        Some(_) => None,
    };
    detail
        .map(|d| FieldError::invalid(path, &v, d))
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sloppy_parsing_like_k8s_utils_net() {
        assert_eq!(
            parse_ip_sloppy("010.1.2.3"),
            Some(IpAddr::V4(Ipv4Addr::new(10, 1, 2, 3)))
        );
        assert!(parse_ip_sloppy("256.1.2.3").is_none());
        assert!(parse_ip_sloppy("fe80::1%eth0").is_none());
        assert!(parse_ip_sloppy("::ffff:1.2.3.4").is_some());
        let c = parse_cidr_sloppy("10.1.2.3/8").unwrap();
        assert_eq!(c.network(), IpAddr::V4(Ipv4Addr::new(10, 0, 0, 0)));
        assert_eq!(c.prefix(), 8);
        assert!(c.contains("10.200.0.0".parse().unwrap()));
        assert!(!c.contains("11.0.0.0".parse().unwrap()));
        assert!(!c.contains("::1".parse().unwrap()));
        assert!(parse_cidr_sloppy("10.0.0.0/33").is_none());
        assert!(parse_cidr_sloppy("10.0.0.0").is_none());
        assert!(parse_cidr_sloppy("2001:db8::/032").is_some());
    }

    #[test]
    fn strict_errors_like_apimachinery() {
        let p = FieldPath::fields(&["cidr"]);
        let msgs = |v: &str| -> Vec<String> {
            cidr_for_legacy_field(&p, v)
                .into_iter()
                .map(|e| e.detail)
                .collect()
        };
        assert!(msgs("10.0.0.0/8").is_empty());
        assert!(msgs("0.0.0.0/0").is_empty());
        assert_eq!(
            msgs("10.0.0.1/8"),
            ["must not have bits set beyond the prefix length"]
        );
        assert_eq!(
            msgs("010.0.0.0/8"),
            ["must not have leading 0s in IP or prefix length"]
        );
        assert_eq!(
            msgs("10.0.0.0/08"),
            ["must not have leading 0s in IP or prefix length"]
        );
        assert_eq!(
            msgs("10.0.0.0"),
            ["must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"]
        );
        assert_eq!(
            msgs("::ffff:10.0.0.0/104"),
            ["must not have an IPv4-mapped IPv6 address"]
        );
        let ip = |v: &str| -> Vec<String> {
            ip_for_legacy_field(&p, v)
                .into_iter()
                .map(|e| e.detail)
                .collect()
        };
        assert!(ip("10.0.0.1").is_empty());
        assert_eq!(ip("10.0.0.01"), ["must not have leading 0s"]);
        assert_eq!(
            ip("x"),
            ["must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"]
        );
    }
}
