//! Checks of AWS AppConfig configuration profiles and environments.

use crate::engine::Check;

mod safe_deployment;

pub const CHECKS: &[&Check] = &[&safe_deployment::CHECK];
