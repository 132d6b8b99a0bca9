//! Checks of the lambda service.

use crate::engine::Check;

mod async_failure_destination;

pub const CHECKS: &[&Check] = &[&async_failure_destination::CHECK];
