//! Checks of the iam service.

use crate::engine::Check;

mod cicd_service_roles;
mod cross_account_trust;
mod passrole_scoped;

pub const CHECKS: &[&Check] = &[
    &cicd_service_roles::CHECK,
    &cross_account_trust::CHECK,
    &passrole_scoped::CHECK,
];
