//! Checks of the kms service.

use crate::engine::Check;

mod key_rotation;

pub const CHECKS: &[&Check] = &[&key_rotation::CHECK];
