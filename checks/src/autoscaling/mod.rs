//! Checks of the autoscaling service (EC2 Auto Scaling).

use crate::engine::Check;

mod elb_health_check;
mod multi_az;
mod policies_present;

pub const CHECKS: &[&Check] = &[
    &multi_az::CHECK,
    &elb_health_check::CHECK,
    &policies_present::CHECK,
];
