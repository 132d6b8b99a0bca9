//! ## What it checks
//!
//! CloudTrail Insights is on for the account's primary trail: a trail owned
//! by this account that is multi-region, logging and records management
//! events (the trails `cloudtrail-multi-region` judges).
//!
//! - PASS: the trail's insight selectors record `ApiCallRateInsight`
//!   and/or `ApiErrorRateInsight` (the reason names them).
//! - Advisory (FAIL at low): the trail has no insight selectors
//!   (`GetInsightSelectors` answered `InsightNotEnabledException` or an
//!   empty list). Insights is a paid feature, hence an advisory.
//! - SKIP: a primary trail without Insights when another primary trail
//!   records them (that one carries the baselines); every trail that is not
//!   primary (single-region, stopped, data events only, or another
//!   account's organization trail), with the reason.
//! - FAIL on the account: no primary trail at all (no trail whose Insights
//!   could be on).
//! - ERROR: a primary trail's insight selectors or status could not be
//!   read, or CloudTrail could not be listed in a region.
//!
//! ## Why it matters
//!
//! Insights learns the account's normal rate of write API calls and of API
//! errors from its management events, then records an Insights event when
//! activity departs from that baseline: a burst of `RunInstances`, a run of
//! `AccessDenied` errors. Those events reach the console, the trail's S3
//! bucket and EventBridge, where a rule can alert on them. They are not
//! recorded unless Insights is enabled on a trail (notes 000 › Incident and
//! Event Response › "cloudtrail", Insights events are not free and have to
//! be enabled).
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail › Trails › the primary trail › Insights events › Edit › tick API call rate and API error rate › Save changes.
//! - **CLI**: `aws cloudtrail put-insight-selectors --trail-name TRAIL --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'`.
//! - **CloudFormation**: on the `AWS::CloudTrail::Trail`, `InsightSelectors: [{InsightType: ApiCallRateInsight}, {InsightType: ApiErrorRateInsight}]`.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "cloudtrail" (Insights events, not free, detect unusual activity).
//! - AWS: CloudTrail user guide, "Working with CloudTrail Insights".
//! - No AWS Config managed rule; Prowler `cloudtrail_insights_exist`.

use super::primary_trails;
use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::cloudtrail::{self, Trail};

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

/// The Insights types CloudTrail records.
const INSIGHT_TYPES: [&str; 2] = ["ApiCallRateInsight", "ApiErrorRateInsight"];

fn run(ctx: &Context, em: &mut Emitter) {
    let primary = primary_trails(
        ctx,
        em,
        "no multi-region trail owned by this account is logging, so no trail can record Insights events",
    );
    let recording: Vec<(&Trail, Vec<&str>)> = primary
        .iter()
        .filter_map(|t| Some((*t, insights(t)?)))
        .filter(|(_, types)| !types.is_empty())
        .collect();
    for (trail, types) in &recording {
        em.pass(
            *trail,
            format!("records CloudTrail Insights events: {}", types.join(", ")),
        );
    }
    for trail in primary {
        match trail.insight_selectors.known() {
            Err(e) => em.error(trail, e),
            Ok(_) if recording.iter().any(|(t, _)| t.arn == trail.arn) => {}
            Ok(_) => match recording.first() {
                Some((other, _)) => em.skip(
                    trail,
                    format!("no Insights here; primary trail {} records them", other.name),
                ),
                None => em.warn(
                    trail,
                    "CloudTrail Insights is not enabled: unusual API call or error rates are not detected",
                ),
            },
        }
    }
}

/// The Insights types `trail` records (empty when Insights is off); `None`
/// when its selectors could not be read.
fn insights(trail: &Trail) -> Option<Vec<&str>> {
    let selectors = match trail.insight_selectors.known() {
        Err(_) => return None,
        Ok(s) => s.map(Vec::as_slice).unwrap_or(&[]),
    };
    Some(
        INSIGHT_TYPES
            .into_iter()
            .filter(|t| selectors.iter().any(|s| s == t))
            .collect(),
    )
}
