//! Checks of the ec2 service.

use crate::engine::Check;

mod auto_recovery;
mod imdsv2_required;

pub const CHECKS: &[&Check] = &[&imdsv2_required::CHECK, &auto_recovery::CHECK];
