//! Checks of the apigateway service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
