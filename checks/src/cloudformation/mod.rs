//! Checks of the cloudformation service.

use crate::engine::Check;

mod stack_drift;

pub const CHECKS: &[&Check] = &[&stack_drift::CHECK];
