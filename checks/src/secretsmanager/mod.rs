//! Checks of the secretsmanager service.

use crate::engine::Check;

mod rotation;
mod schedule;

pub const CHECKS: &[&Check] = &[&rotation::CHECK];
