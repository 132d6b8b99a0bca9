//! Checks of the ssm service.

use crate::engine::Check;

mod managed_instances;
mod patch_compliance;

pub const CHECKS: &[&Check] = &[&managed_instances::CHECK, &patch_compliance::CHECK];
