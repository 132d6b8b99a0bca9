//! Checks of the dms service.

use crate::engine::Check;

mod multi_az;

pub const CHECKS: &[&Check] = &[&multi_az::CHECK];
