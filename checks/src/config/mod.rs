//! Checks of the AWS Config service.

use crate::engine::Check;

mod recorder_enabled;
mod remediation;

pub const CHECKS: &[&Check] = &[&recorder_enabled::CHECK, &remediation::CHECK];
