//! Checks of the codebuild service.

use crate::engine::Check;

mod artifacts_encrypted;
mod logging;
mod no_plaintext_secrets;
mod pr_validation;
mod privileged_mode;

pub const CHECKS: &[&Check] = &[
    &no_plaintext_secrets::CHECK,
    &privileged_mode::CHECK,
    &logging::CHECK,
    &artifacts_encrypted::CHECK,
    &pr_validation::CHECK,
];
