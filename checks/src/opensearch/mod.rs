//! Checks of the opensearch service.

use crate::engine::Check;

mod zone_awareness;

pub const CHECKS: &[&Check] = &[&zone_awareness::CHECK];
