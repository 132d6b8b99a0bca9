//! Checks of AWS Health.

use crate::engine::Check;

mod event_notifications;

pub const CHECKS: &[&Check] = &[&event_notifications::CHECK];
