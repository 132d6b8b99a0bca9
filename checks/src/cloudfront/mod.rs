//! CloudFront checks.

use crate::engine::Check;

mod access_logs;

pub const CHECKS: &[&Check] = &[&access_logs::CHECK];
