//! Checks of the kinesis service.

use crate::engine::Check;

mod iterator_age_alarm;
mod stream_encryption;

pub const CHECKS: &[&Check] = &[&stream_encryption::CHECK, &iterator_age_alarm::CHECK];
