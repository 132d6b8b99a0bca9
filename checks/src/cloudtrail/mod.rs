//! Checks of the cloudtrail service, and what they share: which trails are
//! the account's primary trails, and which of them stream to CloudWatch Logs.

use crate::engine::{Check, Context, Emitter};
use crate::inventory::cloudtrail::Trail;
use crate::judge::regions;

mod cloudwatch_logs_cmk;
mod data_events;
pub(crate) mod filter_pattern;
mod insights;
mod metric_filter_alarms;
mod multi_region;
mod org_central;

pub const CHECKS: &[&Check] = &[
    &multi_region::CHECK,
    &cloudwatch_logs_cmk::CHECK,
    &metric_filter_alarms::CHECK,
    &data_events::CHECK,
    &insights::CHECK,
    &org_central::CHECK,
];

/// The account's primary trails: multi-region, logging, recording
/// management events (when its selectors are known), and owned by this
/// account. Every other trail gets its finding here: SKIP with the reason
/// (an organization trail seen from a member account is evaluated in its
/// home account), or ERROR when its status could not be read. When no trail
/// is primary, FAIL on the account with `none_reason`, unless an
/// organization trail, an unreadable trail or a region where CloudTrail
/// could not be listed leaves that open (their findings stand).
pub(crate) fn primary_trails<'c>(
    ctx: &'c Context,
    em: &mut Emitter,
    none_reason: &str,
) -> Vec<&'c Trail> {
    let account = ctx.account.account_id.as_str();
    let mut primary = Vec::new();
    let mut open = ctx.blind_anywhere("cloudtrail");
    for trail in &ctx.cloudtrail().trails {
        if trail.account_id != account {
            open = true;
            em.skip(
                trail,
                format!(
                    "organization trail owned by account {}: evaluated in its home account",
                    trail.account_id
                ),
            );
            continue;
        }
        if !trail.is_multi_region {
            em.skip(
                trail,
                "single-region trail: not the account's primary trail",
            );
            continue;
        }
        match trail.status.known() {
            Err(e) => {
                open = true;
                em.error_reason(
                    trail,
                    format!("could not tell whether the trail is logging: {e}"),
                );
            }
            Ok(Some(s)) if s.is_logging => {
                if trail
                    .event_selectors
                    .value()
                    .is_some_and(|sel| !sel.records_management_events())
                {
                    em.skip(trail, "records data events only: not the account's primary (management events) trail");
                } else {
                    primary.push(trail);
                }
            }
            Ok(_) => em.skip(
                trail,
                "not logging: not the account's primary trail (cloudtrail-multi-region reports it)",
            ),
        }
    }
    if primary.is_empty() && !open {
        em.fail(&regions::account_subject(ctx, "cloudtrail"), none_reason);
    }
    primary
}

/// The primary trails that stream to CloudWatch Logs, with their log group
/// ARN. Each other primary trail gets its finding here: SKIP when another
/// primary trail streams (that one carries the real-time path), else FAIL
/// with `no_stream_reason`.
pub(crate) fn streaming_trails<'c>(
    em: &mut Emitter,
    primary: &[&'c Trail],
    no_stream_reason: &str,
) -> Vec<(&'c Trail, &'c str)> {
    let streaming: Vec<(&Trail, &str)> = primary
        .iter()
        .filter_map(|t| Some((*t, t.cloudwatch_logs_log_group_arn.as_deref()?)))
        .collect();
    for trail in primary
        .iter()
        .filter(|t| t.cloudwatch_logs_log_group_arn.is_none())
    {
        match streaming.first() {
            Some((other, _)) => em.skip(
                *trail,
                format!(
                    "does not stream to CloudWatch Logs; primary trail {} does",
                    other.name
                ),
            ),
            None => em.fail(*trail, no_stream_reason),
        }
    }
    streaming
}
