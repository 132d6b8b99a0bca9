//! Checks of the sns service.

use crate::engine::Check;

mod subscription_dlq;

pub const CHECKS: &[&Check] = &[&subscription_dlq::CHECK];
