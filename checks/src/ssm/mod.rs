//! Checks of the ssm service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
