//! Checks of the backup service.

use crate::engine::Check;

mod coverage;

pub const CHECKS: &[&Check] = &[&coverage::CHECK];
