//! Checks of the controltower service.

use crate::engine::Check;

mod landing_zone;

pub const CHECKS: &[&Check] = &[&landing_zone::CHECK];
