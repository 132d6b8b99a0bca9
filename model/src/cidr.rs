//! CIDR blocks (IPv4 or IPv6): parse `address/prefix-length` and ask what
//! a block holds, an address or another block.

use std::net::IpAddr;

/// A CIDR block: the address bits, kept left-aligned to the family's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: u128,
    /// 32 for IPv4, 128 for IPv6.
    width: u32,
    prefix_len: u32,
}

impl Cidr {
    /// `10.0.0.0/16`, `2001:db8::/32`; `Err` says what is wrong.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let bad = || format!("cidr {text:?} is not an address/prefix-length block");
        let (address, len) = text.trim().split_once('/').ok_or_else(bad)?;
        let address: IpAddr = address.parse().map_err(|_| bad())?;
        let prefix_len: u32 = len.parse().map_err(|_| bad())?;
        let (network, width) = bits(address);
        if prefix_len > width {
            return Err(bad());
        }
        Ok(Cidr {
            network,
            width,
            prefix_len,
        })
    }

    /// True for a block of every address of its family (`0.0.0.0/0`, `::/0`).
    pub fn is_everything(&self) -> bool {
        self.prefix_len == 0
    }

    /// True when the address `text` is in the block (false for a text that
    /// is not an address, or one of the other family).
    pub fn contains(&self, text: &str) -> bool {
        let Ok(address) = text.parse::<IpAddr>() else {
            return false;
        };
        let (address, width) = bits(address);
        width == self.width && self.same_network(address)
    }

    /// True when every address of `other` is in this block.
    pub fn covers(&self, other: &Cidr) -> bool {
        other.width == self.width
            && other.prefix_len >= self.prefix_len
            && self.same_network(other.network)
    }

    fn same_network(&self, address: u128) -> bool {
        // Shifting by the full width (a /0 block) leaves nothing to compare.
        let host_bits = self.width - self.prefix_len;
        let net = |b: u128| b.checked_shr(host_bits).unwrap_or(0);
        net(address) == net(self.network)
    }
}

fn bits(address: IpAddr) -> (u128, u32) {
    match address {
        IpAddr::V4(a) => (u128::from(u32::from(a)), 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    }
}

#[cfg(test)]
mod tests {
    use super::Cidr;

    fn cidr(s: &str) -> Cidr {
        Cidr::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn malformed_blocks_are_refused() {
        for bad in ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "::/129", "x/1"] {
            assert!(Cidr::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blocks_cover_the_blocks_inside_them() {
        for (outer, inner, want) in [
            ("10.0.0.0/16", "10.0.1.0/24", true),
            ("10.0.0.0/16", "10.0.0.0/16", true),
            ("10.0.1.0/24", "10.0.0.0/16", false),
            ("10.0.0.0/16", "10.1.0.0/24", false),
            ("0.0.0.0/0", "192.0.2.0/24", true),
            ("0.0.0.0/0", "2001:db8::/32", false),
            ("2001:db8::/32", "2001:db8:1::/48", true),
            ("::/0", "2001:db8::/32", true),
        ] {
            assert_eq!(cidr(outer).covers(&cidr(inner)), want, "{outer} ⊇ {inner}");
        }
    }

    #[test]
    fn only_slash_zero_is_everything() {
        assert!(cidr("0.0.0.0/0").is_everything());
        assert!(cidr("::/0").is_everything());
        assert!(!cidr("0.0.0.0/1").is_everything());
    }
}
