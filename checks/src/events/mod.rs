//! Checks of the events (EventBridge) service.

use crate::engine::Check;

mod bus_policy_scoped;

pub const CHECKS: &[&Check] = &[&bus_policy_scoped::CHECK];
