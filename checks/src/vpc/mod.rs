//! VPC networking checks: flow logs, NAT gateways.

use crate::engine::Check;

mod flow_logs;
mod natgw_per_az;

pub const CHECKS: &[&Check] = &[&flow_logs::CHECK, &natgw_per_az::CHECK];
