//! Checks of the eks service.

use crate::engine::Check;

mod control_plane_logging;

pub const CHECKS: &[&Check] = &[&control_plane_logging::CHECK];
