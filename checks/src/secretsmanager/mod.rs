//! Checks of the secretsmanager service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
