//! Which addresses the server's outgoing requests (link previews, webhooks) may reach: public
//! unicast addresses only, unless an operator allows a range (`--link-preview-allow`, or all
//! of them for webhooks with `--webhooks-allow-private`).
//!
//! Refused: loopback, private, shared (carrier-grade NAT), link-local, unique-local,
//! site-local, multicast, broadcast, reserved, benchmarking, documentation and cloud-metadata
//! ranges, IPv4 and IPv6 alike. IPv6 forms that carry an IPv4 address (mapped, compatible,
//! NAT64, 6to4) are judged by the IPv4 address they carry; Teredo and other transition ranges
//! are refused outright. Odd IPv4 notations (`2130706433`, `0x7f.1`, `0177.0.0.1`) never get
//! here as such: the URL parser reads them as the address they mean, as browsers do.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use ipnet::IpNet;

/// Ranges an operator allows although they are refused by default (tests, an intranet).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedRanges(Vec<IpNet>);

impl AllowedRanges {
    /// The ranges of a comma-separated list of CIDR blocks (`10.0.0.0/8, fd00::/8`); a bare
    /// address is a block of one.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut ranges = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|entry| !entry.is_empty()) {
            let range = IpNet::from_str(entry)
                .or_else(|_| IpAddr::from_str(entry).map(IpNet::from))
                .map_err(|_| format!("{entry:?} is no CIDR block (such as 10.0.0.0/8) or address"))?;
            ranges.push(range.trunc());
        }
        Ok(Self(ranges))
    }

    /// Whether `ip` lies in an allowed range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|range| range.contains(&ip))
    }

    /// Whether no range is allowed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether the fetcher may connect to `ip`: a public address, or one in `allowed`.
pub fn may_connect(ip: IpAddr, allowed: &AllowedRanges) -> bool {
    allowed.contains(ip) || !is_refused(ip)
}

/// Whether `ip` is refused by default: anything but a public unicast address.
pub fn is_refused(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_refused(v4),
        IpAddr::V6(v6) => v6_refused(v6),
    }
}

/// Cloud providers' metadata services on otherwise public addresses (Azure's wire server);
/// the usual 169.254.169.254 and Alibaba's 100.100.100.200 lie in refused ranges already.
const METADATA_V4: [Ipv4Addr; 1] = [Ipv4Addr::new(168, 63, 129, 16)];

fn v4_refused(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    a == 0 // "this network"
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // TEST-NET-1
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168)
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // TEST-NET-2
        || (a == 203 && b == 0 && c == 113) // TEST-NET-3
        || a >= 224 // multicast, reserved, broadcast
        || METADATA_V4.contains(&ip)
}

fn v6_refused(ip: Ipv6Addr) -> bool {
    if let Some(v4) = embedded_v4(ip) {
        return v4_refused(v4);
    }
    let segments = ip.segments();
    let first = segments[0];
    // Only global unicast (2000::/3) is public at all; inside it, the special ranges.
    (first & 0xe000) != 0x2000
        || (first == 0x2001 && segments[1] < 0x0200) // IETF protocol assignments, Teredo
        || (first == 0x2001 && segments[1] == 0x0db8) // documentation
        || (first & 0xfff0) == 0x3ff0 // documentation (3fff::/20)
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`), the old
/// IPv4-compatible form (`::a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return Some(v4);
    }
    match s {
        // `::` and `::1` are no IPv4 addresses: judged as IPv6 (refused, outside 2000::/3).
        [0, 0, 0, 0, 0, 0, hi, lo] if hi != 0 => Some(low(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(low(hi, lo)),
        [0x2002, hi, lo, ..] => Some(low(hi, lo)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> bool {
        is_refused(IpAddr::from_str(text).unwrap())
    }

    /// What the URL parser makes of a host, as the fetcher sees it.
    fn host_of(url: &str) -> IpAddr {
        match url::Url::parse(url).unwrap().host().unwrap() {
            url::Host::Ipv4(ip) => IpAddr::V4(ip),
            url::Host::Ipv6(ip) => IpAddr::V6(ip),
            url::Host::Domain(name) => panic!("{url} read as the name {name}"),
        }
    }

    #[test]
    fn every_non_public_ipv4_range_is_refused() {
        for address in [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.100.100.200",
            "100.127.255.254",
            "127.0.0.1",
            "127.255.0.9",
            "169.254.0.1",
            "169.254.169.254",
            "168.63.129.16",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.10",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.5",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(refused(address), "{address} must be refused");
        }
    }

    #[test]
    fn public_ipv4_addresses_pass() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "93.184.215.14",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "198.20.0.1",
            "223.255.255.254",
        ] {
            assert!(!refused(address), "{address} is public");
        }
    }

    #[test]
    fn every_non_public_ipv6_range_is_refused() {
        for address in [
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.1.2.3",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "100::1",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:db8::1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "3fff::1",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "fec0::1",
            "ff02::1",
        ] {
            assert!(refused(address), "{address} must be refused");
        }
    }

    #[test]
    fn public_ipv6_addresses_pass() {
        for address in [
            "2606:4700:4700::1111",
            "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!refused(address), "{address} is public");
        }
    }

    #[test]
    fn odd_ipv4_notations_mean_the_address_and_are_refused() {
        for url in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://017700000001/",
            "http://0251.0376.0251.0376/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:a9fe:a9fe]/",
        ] {
            assert!(is_refused(host_of(url)), "{url} must be refused");
        }
    }

    #[test]
    fn allowed_ranges_open_exactly_what_they_list() {
        let allowed = AllowedRanges::parse(" 127.0.0.2/32, 10.0.0.0/8 ,fd00::/8").unwrap();
        assert!(may_connect(IpAddr::from_str("127.0.0.2").unwrap(), &allowed));
        assert!(!may_connect(IpAddr::from_str("127.0.0.1").unwrap(), &allowed));
        assert!(may_connect(IpAddr::from_str("10.9.8.7").unwrap(), &allowed));
        assert!(may_connect(IpAddr::from_str("fd12::1").unwrap(), &allowed));
        assert!(!may_connect(IpAddr::from_str("169.254.169.254").unwrap(), &allowed));
        assert!(may_connect(IpAddr::from_str("8.8.8.8").unwrap(), &AllowedRanges::default()));
        assert_eq!(AllowedRanges::parse("192.168.1.5").unwrap(), AllowedRanges::parse("192.168.1.5/32").unwrap());
        assert!(AllowedRanges::parse("").unwrap().is_empty());
        assert!(AllowedRanges::parse("10.0.0.0/33").is_err());
        assert!(AllowedRanges::parse("intranet").is_err());
    }
}
