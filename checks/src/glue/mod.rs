//! Checks of the glue service.

use crate::engine::Check;

mod job_failure_alerts;

pub const CHECKS: &[&Check] = &[&job_failure_alerts::CHECK];
