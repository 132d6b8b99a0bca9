//! Checks of the secretsmanager service.

use crate::engine::Check;

mod rotation;

pub const CHECKS: &[&Check] = &[&rotation::CHECK];
