//! Checks of the ssm service.

use crate::engine::Check;

mod managed_instances;

pub const CHECKS: &[&Check] = &[&managed_instances::CHECK];
