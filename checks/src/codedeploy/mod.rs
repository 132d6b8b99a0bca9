//! Checks of the codedeploy service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
