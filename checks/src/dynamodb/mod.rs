//! Checks of the dynamodb service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
