//! Checks of the ec2 service.

use crate::engine::Check;

pub const CHECKS: &[&Check] = &[];
