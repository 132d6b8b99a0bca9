//! Checks of the codedeploy service.

use crate::engine::Check;

mod auto_rollback;
mod bluegreen_config;
mod ec2_prereqs;
mod no_allatonce_prod;

pub const CHECKS: &[&Check] = &[
    &auto_rollback::CHECK,
    &no_allatonce_prod::CHECK,
    &bluegreen_config::CHECK,
    &ec2_prereqs::CHECK,
];
