//! The regions to judge, and the subjects of findings about a region or the
//! account rather than a resource.
//!
//! A check that fails because something is *missing* ("no recorder in
//! eu-west-1", "no GuardDuty detector") may only say so where the service
//! could be listed: where it could not, the engine already reports ERROR for
//! that region, and the check must not speak for it. [`seen`] gives the
//! collected regions where a service could be listed, [`blind`] the others.
//! A check that `tolerates` a part of a section weighs it itself:
//! [`part_unreadable`] gives the regions where that part could not be read
//! although the section's listing was.
//!
//! Subjects: [`region_subject`] is `arn:<partition>:<service>:<region>:<account>`
//! (a finding about what a region lacks), [`account_subject`] is
//! `arn:<partition>:<service>::<account>` (what the account lacks).
//!
//! This block has no reasons of its own: the checks word what is missing.

use crate::collected::CollectError;
use crate::engine::{Context, Data, Subject};
use crate::inventory::GLOBAL;

/// The collected regions where `service` could be listed, in the order the
/// inventory lists them.
pub fn seen<'c>(ctx: &'c Context, service: &'c str) -> impl Iterator<Item = &'c str> + 'c {
    ctx.account
        .regions
        .iter()
        .map(String::as_str)
        .filter(move |r| !ctx.blind(service, r))
}

/// The regions (`global` for a global service) where `service` could not be
/// listed, each once, in the order the inventory records the failures.
pub fn blind<'c>(ctx: &'c Context, service: &str) -> Vec<&'c str> {
    let mut out: Vec<&str> = Vec::new();
    for e in &ctx.account.collection_errors {
        if e.service == service && e.part.is_none() && !out.contains(&e.region.as_str()) {
            out.push(&e.region);
        }
    }
    out
}

/// The collected regions where the part `data` could not be read although
/// its section was listed there, with the failed call: for a check that
/// `tolerates` the part (where the section itself was blind, the engine has
/// reported ERROR already).
pub fn part_unreadable<'c>(ctx: &'c Context, data: Data) -> Vec<(&'c str, &'c CollectError)> {
    seen(ctx, data.section)
        .filter_map(|r| Some((r, ctx.unreadable(data, r)?)))
        .collect()
}

/// `service` in one region of the account, for findings about what the
/// region lacks (`arn:aws:config:eu-west-1:111122223333`).
pub fn region_subject(ctx: &Context, service: &str, region: &str) -> Subject {
    Subject::region_of(ctx.account, service, region)
}

/// The account itself, for findings about what it lacks
/// (`arn:aws:cloudtrail::111122223333`).
pub fn account_subject(ctx: &Context, service: &str) -> Subject {
    Subject::region_of(ctx.account, service, GLOBAL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::cloudtrail;
    use crate::testing::with_context;
    use serde_json::json;

    fn errors() -> serde_json::Value {
        json!({
            "regions": ["us-east-1", "eu-west-1", "ap-south-1"],
            "cloudtrail": {},
            "collection_errors": [
                {"service": "cloudtrail", "region": "eu-west-1", "operation": "DescribeTrails", "code": "AccessDenied"},
                {"service": "cloudtrail", "region": "eu-west-1", "operation": "DescribeTrails", "code": "AccessDenied"},
                {"service": "cloudtrail", "region": "us-east-1", "part": "event_data_stores", "operation": "ListEventDataStores", "code": "InternalFailure"},
                {"service": "cloudtrail", "region": "eu-west-1", "part": "event_data_stores", "operation": "ListEventDataStores", "code": "InternalFailure"},
                {"service": "iam", "region": "global", "operation": "GetAccountAuthorizationDetails", "code": "AccessDenied"}
            ]
        })
    }

    #[test]
    fn seen_regions_skip_the_blind_ones_and_ignore_parts() {
        with_context(errors(), |ctx| {
            assert_eq!(
                seen(ctx, "cloudtrail").collect::<Vec<_>>(),
                ["us-east-1", "ap-south-1"]
            );
            assert_eq!(
                seen(ctx, "config").collect::<Vec<_>>(),
                ["us-east-1", "eu-west-1", "ap-south-1"]
            );
        });
    }

    #[test]
    fn blind_regions_are_listed_once_and_include_global() {
        with_context(errors(), |ctx| {
            assert_eq!(blind(ctx, "cloudtrail"), ["eu-west-1"]);
            assert_eq!(blind(ctx, "iam"), ["global"]);
            assert!(blind(ctx, "s3").is_empty());
        });
    }

    #[test]
    fn an_unreadable_part_counts_only_where_the_section_was_listed() {
        with_context(errors(), |ctx| {
            let parts = part_unreadable(ctx, cloudtrail::EVENT_DATA_STORES);
            let regions: Vec<&str> = parts.iter().map(|(r, _)| *r).collect();
            assert_eq!(regions, ["us-east-1"]);
            assert_eq!(parts[0].1.operation, "ListEventDataStores");
            assert!(part_unreadable(ctx, cloudtrail::TRAIL_STATUS).is_empty());
        });
    }

    #[test]
    fn subjects_name_a_region_or_the_account() {
        with_context(errors(), |ctx| {
            let r = region_subject(ctx, "config", "eu-west-1");
            assert_eq!(
                (r.arn.as_str(), r.region.as_str()),
                ("arn:aws:config:eu-west-1:111122223333", "eu-west-1")
            );
            let a = account_subject(ctx, "cloudtrail");
            assert_eq!(
                (a.arn.as_str(), a.region.as_str()),
                ("arn:aws:cloudtrail::111122223333", "global")
            );
        });
    }
}
