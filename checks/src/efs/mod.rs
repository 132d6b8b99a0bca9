//! Checks of the efs service.

use crate::engine::Check;

mod resilience;

pub const CHECKS: &[&Check] = &[&resilience::CHECK];
