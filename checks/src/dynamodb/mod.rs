//! Checks of the dynamodb service.

use crate::engine::Check;

mod pitr;

pub const CHECKS: &[&Check] = &[&pitr::CHECK];
