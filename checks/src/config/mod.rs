//! Checks of the config service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
