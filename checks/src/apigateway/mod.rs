//! Checks of the apigateway service.

use crate::engine::Check;

mod authorization;
mod observability;
mod stages;

pub const CHECKS: &[&Check] = &[&authorization::CHECK, &observability::CHECK];
