//! Checks of AWS Elastic Beanstalk environments.

use crate::engine::Check;

mod deployment_policy;

pub const CHECKS: &[&Check] = &[&deployment_policy::CHECK];
