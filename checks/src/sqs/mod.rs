//! Checks of the sqs service.

use crate::engine::Check;

mod dlq_configured;

pub const CHECKS: &[&Check] = &[&dlq_configured::CHECK];
