//! Checks of the codebuild service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
