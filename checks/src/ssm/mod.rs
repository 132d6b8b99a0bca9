//! Checks of the ssm service.

use crate::engine::Check;

mod managed_instances;
mod parameter_securestring;
mod patch_compliance;
mod session_logging;

pub const CHECKS: &[&Check] = &[
    &managed_instances::CHECK,
    &patch_compliance::CHECK,
    &parameter_securestring::CHECK,
    &session_logging::CHECK,
];
