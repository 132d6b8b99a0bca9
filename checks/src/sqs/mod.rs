//! Checks of the sqs service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
