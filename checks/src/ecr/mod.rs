//! Checks of the ecr service.

use crate::engine::Check;

mod scan_and_lifecycle;

pub const CHECKS: &[&Check] = &[&scan_and_lifecycle::CHECK];
