//! What the stack set checks share: StackSets are judged from the account
//! that administers them, so a region where this account administers none
//! is a SKIP.

use crate::engine::{Context, Emitter};
use crate::inventory::cloudformation;
use crate::judge::regions;
use std::collections::BTreeSet;

/// SKIP for each seen region where this account administers no stack set
/// (and the stack sets could be listed: the engine reports the rest).
pub(super) fn skip_regions_without_stack_sets(ctx: &Context, em: &mut Emitter) {
    let administered: BTreeSet<&str> = ctx
        .cloudformation()
        .stack_sets
        .iter()
        .map(|s| s.region.as_str())
        .collect();
    for region in regions::seen(ctx, "cloudformation") {
        if !administered.contains(region)
            && ctx.unreadable(cloudformation::STACK_SETS, region).is_none()
        {
            em.skip(
                &regions::region_subject(ctx, "cloudformation", region),
                format!("no stack set is administered from this account in {region} (StackSets are judged from the management account or a delegated administrator)"),
            );
        }
    }
}
