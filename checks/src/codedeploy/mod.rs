//! Checks of the codedeploy service.

use crate::engine::Check;

mod auto_rollback;

pub const CHECKS: &[&Check] = &[&auto_rollback::CHECK];
