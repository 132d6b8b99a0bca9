//! Route 53 checks: DNS query logging, health-checked routing.

use crate::engine::Check;

mod health_checked_routing;
mod query_logging;

pub const CHECKS: &[&Check] = &[&query_logging::CHECK, &health_checked_routing::CHECK];
