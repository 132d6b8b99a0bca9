//! Checks of the ec2 service.

use crate::engine::Check;

mod auto_recovery;
mod imdsv2_required;
mod no_default_vpc;
mod unused_security_groups;

pub const CHECKS: &[&Check] = &[
    &imdsv2_required::CHECK,
    &auto_recovery::CHECK,
    &no_default_vpc::CHECK,
    &unused_security_groups::CHECK,
];
