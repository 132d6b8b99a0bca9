//! Checks of the xray service.

use crate::engine::Check;

mod tracing;

pub const CHECKS: &[&Check] = &[&tracing::CHECK];
