//! Checks of the cloudformation service.

use crate::engine::Check;

mod service_role;
mod stack_drift;

pub const CHECKS: &[&Check] = &[&stack_drift::CHECK, &service_role::CHECK];
