//! Checks of the codeartifact service.

use crate::engine::Check;

mod policy_scoped;

pub const CHECKS: &[&Check] = &[&policy_scoped::CHECK];
