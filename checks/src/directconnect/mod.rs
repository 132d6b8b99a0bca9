//! Direct Connect checks: a site-to-site VPN behind every Direct Connect path.

use crate::engine::Check;

mod vpn_backup;

pub const CHECKS: &[&Check] = &[&vpn_backup::CHECK];
