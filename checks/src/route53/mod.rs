//! Route 53 checks: DNS query logging, health-checked routing.

use crate::engine::Check;

mod query_logging;

pub const CHECKS: &[&Check] = &[&query_logging::CHECK];
