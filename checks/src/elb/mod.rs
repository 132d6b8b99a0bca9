//! Elastic Load Balancing checks: classic (`elb`) and v2 (`elbv2`) load
//! balancers.

use crate::engine::Check;

mod access_logs;
mod az_coverage;

pub const CHECKS: &[&Check] = &[&access_logs::CHECK, &az_coverage::CHECK];
