//! Checks of AWS Firewall Manager.

use crate::engine::Check;

mod policies_compliant;

pub const CHECKS: &[&Check] = &[&policies_compliant::CHECK];
