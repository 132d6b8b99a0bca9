//! Checks of the cloudformation service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
