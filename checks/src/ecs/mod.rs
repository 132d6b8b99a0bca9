//! Checks of the ecs service.

use crate::engine::Check;

mod task_logging;

pub const CHECKS: &[&Check] = &[&task_logging::CHECK];
