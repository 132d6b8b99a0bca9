//! Checks of the lambda service.

use crate::engine::Check;

mod async_failure_destination;
mod concurrency_config;

pub const CHECKS: &[&Check] = &[
    &async_failure_destination::CHECK,
    &concurrency_config::CHECK,
];
