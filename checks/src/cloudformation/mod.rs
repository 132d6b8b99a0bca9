//! Checks of the cloudformation service.

use crate::engine::Check;

mod administered;
mod no_plaintext_secrets;
mod service_role;
mod stack_drift;
mod stack_health;
mod stack_policy;
mod stackset_config;
mod stackset_drift;
mod stateful_deletion_policy;
mod termination_protection;

pub const CHECKS: &[&Check] = &[
    &stack_drift::CHECK,
    &service_role::CHECK,
    &termination_protection::CHECK,
    &stack_health::CHECK,
    &stack_policy::CHECK,
    &stateful_deletion_policy::CHECK,
    &no_plaintext_secrets::CHECK,
    &stackset_drift::CHECK,
    &stackset_config::CHECK,
];
