//! Checks of the Resource Groups Tagging API's view of the account.

use crate::engine::Check;

mod required_tags;

pub const CHECKS: &[&Check] = &[&required_tags::CHECK];
