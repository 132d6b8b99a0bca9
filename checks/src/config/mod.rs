//! Checks of the AWS Config service, and what they share: the regions to
//! judge and a subject for a region.

use crate::engine::{Check, Context, Subject};

mod recorder_enabled;
mod remediation;

pub const CHECKS: &[&Check] = &[&recorder_enabled::CHECK, &remediation::CHECK];

/// The collected regions where Config could be listed (the engine reports
/// ERROR for the others).
fn seen_regions<'c>(ctx: &'c Context) -> impl Iterator<Item = &'c str> + 'c {
    ctx.account
        .regions
        .iter()
        .map(String::as_str)
        .filter(|r| !ctx.blind("config", r))
}

/// Config in one region of the account, for findings about what it lacks.
fn region_subject(ctx: &Context, region: &str) -> Subject {
    Subject::region_of(ctx.account, "config", region)
}
