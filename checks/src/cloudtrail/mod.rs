//! Checks of the cloudtrail service, and what they share.

use crate::engine::{Check, Context, Subject};
use crate::inventory::GLOBAL;

mod multi_region;

pub const CHECKS: &[&Check] = &[&multi_region::CHECK];

/// The account itself, for findings about something it lacks.
pub(crate) fn account_subject(ctx: &Context, service: &str) -> Subject {
    Subject::region_of(ctx.account, service, GLOBAL)
}
