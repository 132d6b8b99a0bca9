//! Checks of the apigateway service.

use crate::engine::Check;

mod authorization;
mod cache_security;
mod observability;
mod request_protection;
mod stages;

pub const CHECKS: &[&Check] = &[
    &authorization::CHECK,
    &cache_security::CHECK,
    &observability::CHECK,
    &request_protection::CHECK,
];
