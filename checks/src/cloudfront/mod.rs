//! CloudFront checks.

use crate::engine::Check;

mod access_logs;
mod origin_secret_header;

pub const CHECKS: &[&Check] = &[&access_logs::CHECK, &origin_secret_header::CHECK];
