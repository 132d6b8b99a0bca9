//! Checks of the apigateway service.

use crate::engine::Check;

mod authorization;

pub const CHECKS: &[&Check] = &[&authorization::CHECK];
