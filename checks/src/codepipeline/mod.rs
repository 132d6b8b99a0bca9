//! Checks of the codepipeline service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
