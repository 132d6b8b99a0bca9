//! Checks of the ssm service.

use crate::engine::Check;

mod association_compliance;
mod hybrid_nodes;
mod inventory_and_sync;
mod managed_instances;
pub(crate) mod packages;
mod parameter_securestring;
mod patch_compliance;
mod patch_orchestration;
mod private_subnet_endpoints;
mod session_logging;
pub(crate) mod targets;

pub const CHECKS: &[&Check] = &[
    &managed_instances::CHECK,
    &patch_compliance::CHECK,
    &parameter_securestring::CHECK,
    &session_logging::CHECK,
    &patch_orchestration::CHECK,
    &inventory_and_sync::CHECK,
    &association_compliance::CHECK,
    &hybrid_nodes::CHECK,
    &private_subnet_endpoints::CHECK,
];
