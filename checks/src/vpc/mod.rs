//! VPC networking checks: flow logs, NAT gateways.

use crate::engine::Check;

mod flow_logs;

pub const CHECKS: &[&Check] = &[&flow_logs::CHECK];
