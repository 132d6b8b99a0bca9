//! Checks of the elasticache service.

use crate::engine::Check;

mod redis_multi_az;

pub const CHECKS: &[&Check] = &[&redis_multi_az::CHECK];
