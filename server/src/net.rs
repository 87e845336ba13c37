//! Who a request comes from, behind the reverse proxies the deployment names
//! (docs/security.md#client-addresses).

use std::net::{IpAddr, Ipv6Addr};

/// The proxies in front of the server, as addresses or networks (`10.0.0.2`, `10.0.0.0/8`,
/// `fd00::/8`). Only their `X-Forwarded-For` entries are believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

impl TrustedProxies {
    /// A comma- or space-separated list; an entry that is not an address or network is an error
    /// naming it.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in list
            .split([',', ' '])
            .map(str::trim)
            .filter(|e| !e.is_empty())
        {
            let (addr, bits) = match entry.split_once('/') {
                Some((a, b)) => (a, Some(b)),
                None => (entry, None),
            };
            let ip: IpAddr = addr
                .parse()
                .map_err(|_| format!("'{entry}' is not an address or network"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                None => max,
                Some(b) => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= max)
                    .ok_or_else(|| format!("'{entry}': the prefix length must be 0–{max}"))?,
            };
            nets.push((ip, bits));
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0
            .iter()
            .any(|(net, bits)| match (canonical(*net), ip) {
                (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
                (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(&n.octets(), &a.octets(), *bits),
                _ => false,
            })
    }

    /// The client: the peer itself unless it is a trusted proxy; then, reading
    /// `X-Forwarded-For` from the right (each proxy appends the address it saw), the first hop
    /// that is not a trusted proxy. Entries left of it were written by the client and prove
    /// nothing. Garbage where a hop should be ends the walk at the last trusted proxy.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut client = canonical(peer);
        if !self.contains(client) {
            return client;
        }
        for hop in forwarded_for
            .iter()
            .flat_map(|h| h.split(',').rev())
            .map(str::trim)
        {
            let Ok(ip) = hop.parse::<IpAddr>() else {
                break;
            };
            client = canonical(ip);
            if !self.contains(client) {
                break;
            }
        }
        client
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`) are the IPv4 address they carry.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let bits = usize::from(bits);
    let (whole, rest) = (bits / 8, bits % 8);
    if a.get(..whole) != b.get(..whole) {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    matches!((a.get(whole), b.get(whole)), (Some(x), Some(y)) if x & mask == y & mask)
}

/// What throttling counts as one client: an IPv4 address, or an IPv6 /64 — one household or
/// phone is usually given a whole /64, and counting its addresses apart would let it rotate.
pub fn throttle_client(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let net = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{net}/64")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn the_client_is_the_right_most_hop_no_trusted_proxy_wrote() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5").unwrap();
        // No proxy: the peer, whatever the header claims.
        assert_eq!(
            trusted.client(ip("203.0.113.9"), &["1.2.3.4"]),
            ip("203.0.113.9")
        );
        // One proxy: the hop it appended; a client-written entry to its left is ignored.
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &["6.6.6.6, 203.0.113.9"]),
            ip("203.0.113.9")
        );
        // Two proxies, the header split over two lines.
        assert_eq!(
            trusted.client(ip("10.1.2.3"), &["6.6.6.6, 203.0.113.9", "192.168.1.5"]),
            ip("203.0.113.9")
        );
        // Garbage in a hop: the last trusted proxy is the client.
        assert_eq!(trusted.client(ip("10.1.2.3"), &["evil"]), ip("10.1.2.3"));
        // No proxies configured: the header is never believed.
        assert_eq!(
            TrustedProxies::default().client(ip("127.0.0.1"), &["6.6.6.6"]),
            ip("127.0.0.1")
        );
        assert_eq!(
            trusted.client(ip("::ffff:10.0.0.1"), &["2001:db8::1"]),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn networks_are_parsed_and_checked() {
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        let t = TrustedProxies::parse("fd00::/8 172.16.0.0/12").unwrap();
        assert!(t.contains(ip("fd12::1")));
        assert!(t.contains(ip("172.31.255.255")));
        assert!(!t.contains(ip("172.32.0.1")));
        assert!(!t.contains(ip("fe80::1")));
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        assert_eq!(
            throttle_client(ip("2001:db8:1:2:aaaa::1")),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            throttle_client(ip("2001:db8:1:2:bbbb::9")),
            throttle_client(ip("2001:db8:1:2:aaaa::1"))
        );
        assert_eq!(throttle_client(ip("::ffff:1.2.3.4")), "1.2.3.4");
    }
}
