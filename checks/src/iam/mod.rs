//! Checks of the iam service.

use crate::engine::Check;

mod cicd_service_roles;

pub const CHECKS: &[&Check] = &[&cicd_service_roles::CHECK];
