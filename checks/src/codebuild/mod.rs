//! Checks of the codebuild service.

use crate::engine::Check;

mod no_plaintext_secrets;

pub const CHECKS: &[&Check] = &[&no_plaintext_secrets::CHECK];
