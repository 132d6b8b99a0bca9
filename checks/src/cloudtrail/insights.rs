//! ## What it checks
//!
//! CloudTrail Insights is enabled on the account's primary trail: a
//! multi-region trail owned by this account that is logging management
//! events (as `cloudtrail-cloudwatch-logs-cmk` finds it).
//!
//! - PASS: `GetInsightSelectors` lists `ApiCallRateInsight` and/or
//!   `ApiErrorRateInsight` (the reason names them).
//! - Advisory (FAIL at low): the selectors are empty, or CloudTrail answers
//!   `InsightNotEnabledException`.
//! - SKIP: other primary trails when one already records Insights (the
//!   events would be counted and paid for twice); an organization trail
//!   seen from a member account (judged in its home account); single-region
//!   or stopped trails, which are not the primary trail.
//! - FAIL: no primary trail at all (nothing to enable Insights on).
//! - ERROR: the insight selectors or the status of a trail could not be
//!   read (another primary trail whose Insights is then unknown is ERROR
//!   too, rather than advisory), or CloudTrail could not be listed in a
//!   region.
//!
//! ## Why it matters
//!
//! Insights learns the account's normal rate of write API calls and of API
//! errors and records an Insights event when activity departs from it: a
//! burst of `RunInstances` or `DeleteBucket`, or a wave of `AccessDenied`,
//! often the first sign of a compromised credential or a runaway script.
//! It is a paid feature, hence the advisory (notes 000 › Incident and Event
//! Response › "cloudtrail", Insights baselines write events and flags
//! unusual activity).
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail › Trails › the primary trail › Insights events › Edit › API call rate and API error rate › Save changes.
//! - **CLI**: `aws cloudtrail put-insight-selectors --trail-name TRAIL --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'`.
//! - **CloudFormation**: on the `AWS::CloudTrail::Trail`, `InsightSelectors: [{InsightType: ApiCallRateInsight}, {InsightType: ApiErrorRateInsight}]`.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "cloudtrail" (Insights).
//! - AWS: CloudTrail user guide, "Working with CloudTrail Insights" and "GetInsightSelectors".
//! - No AWS Config managed rule; Prowler `cloudtrail_insights_exist`.

use super::primary_trails;
use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::cloudtrail;
use crate::inventory::cloudtrail::Trail;
use crate::collected::CollectError;

pub static CHECK: Check = Check {
    id: "cloudtrail-insights",
    title: "CloudTrail Insights is enabled on the primary trail",
    service: "cloudtrail",
    severity: Severity::Low,
    section: "000 › Incident and Event Response › \"cloudtrail\"",
    catalog: "INC-07",
    reads: &[
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        cloudtrail::INSIGHT_SELECTORS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: None,
    prowler: Some("cloudtrail_insights_exist"),
    source: include_str!("insights.rs"),
    run,
};

/// What a primary trail's insight selectors say.
enum Insights<'a> {
    On(&'a [String]),
    Off,
    Unknown(&'a CollectError),
}

fn run(ctx: &Context, em: &mut Emitter) {
    let primary = primary_trails(
        ctx,
        em,
        "no multi-region trail owned by this account is logging, so there is no primary trail to enable CloudTrail Insights on",
    );
    let judged: Vec<(&Trail, Insights)> = primary
        .into_iter()
        .map(|t| {
            let insights = match t.insight_selectors.known() {
                Ok(Some(types)) if !types.is_empty() => Insights::On(types),
                Ok(_) => Insights::Off,
                Err(e) => Insights::Unknown(e),
            };
            (t, insights)
        })
        .collect();
    let on = judged.iter().find(|(_, i)| matches!(i, Insights::On(_)));
    let unknown = judged.iter().find_map(|(t, i)| match i {
        Insights::Unknown(e) => Some((*t, *e)),
        _ => None,
    });
    for (trail, insights) in &judged {
        match (insights, on, unknown) {
            (Insights::On(types), _, _) => em.pass(
                *trail,
                format!("CloudTrail Insights records {}", types.join(" and ")),
            ),
            (_, Some((other, _)), _) => em.skip(
                *trail,
                format!("CloudTrail Insights runs on primary trail {}", other.name),
            ),
            (Insights::Unknown(e), None, _) => em.error(*trail, e),
            (Insights::Off, None, Some((other, e))) => em.error_reason(
                *trail,
                format!(
                    "Insights is off on this trail, and whether primary trail {} records it is unknown: {e}",
                    other.name
                ),
            ),
            (Insights::Off, None, None) => em.warn(
                *trail,
                "CloudTrail Insights is not enabled (no ApiCallRateInsight or ApiErrorRateInsight selector): unusual API call or error rates go unnoticed",
            ),
        }
    }
}
