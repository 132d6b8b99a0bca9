//! Checks of the inspector2 service (Amazon Inspector).

use crate::engine::Check;

mod scanning;

pub const CHECKS: &[&Check] = &[&scanning::CHECK];
