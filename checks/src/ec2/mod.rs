//! Checks of the ec2 service.

use crate::engine::Check;

mod approved_amis;
mod auto_recovery;
pub(crate) mod group_templates;
mod imdsv2_required;
mod no_default_vpc;
mod no_public_admin_ports;
mod shared_ami_encryption;
mod unused_security_groups;

pub const CHECKS: &[&Check] = &[
    &imdsv2_required::CHECK,
    &auto_recovery::CHECK,
    &no_default_vpc::CHECK,
    &unused_security_groups::CHECK,
    &approved_amis::CHECK,
    &shared_ami_encryption::CHECK,
    &no_public_admin_ports::CHECK,
];
