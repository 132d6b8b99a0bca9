//! ## What it checks
//!
//! The account has at least one trail (its own, or an organization trail
//! seen from a member account) that meets all of these:
//! - `IsMultiRegionTrail=true` and `IsLogging=true`;
//! - it records all management events: a basic event selector with
//!   `IncludeManagementEvents=true` and `ReadWriteType=All` (or a `ReadOnly`
//!   and a `WriteOnly` one), or an advanced event selector on
//!   `eventCategory=Management` with no `readOnly` filter;
//! - `IncludeGlobalServiceEvents=true`;
//! - no `LatestDeliveryError`, and its S3 bucket exists (the account's own
//!   bucket, or another account's bucket whose `GetBucketLocation` answered).
//!
//! One finding for the account:
//! - PASS on the first trail that meets everything.
//! - Advisory (FAIL at low): the only qualifying trails exclude management
//!   events from `kms.amazonaws.com` or `rdsdata.amazonaws.com`
//!   (`ExcludeManagementEventSources`, or an advanced `eventSource` that is
//!   not equal to them) and the setting `allowed_management_exclusions`
//!   does not list that source (by default it lists none; a source listed
//!   there is a deliberate cost saving, and a trail that excludes only
//!   listed sources passes with a note saying so); or no trail qualifies
//!   but an enabled, multi-region CloudTrail Lake event data store
//!   records all management events (there is no S3 copy).
//! - FAIL on the account (`arn:aws:cloudtrail::ACCOUNT`) otherwise, listing
//!   what each trail and event data store lacks.
//! - ERROR on the account when no trail is known to qualify and some
//!   trail's status, event selectors or bucket could not be read (including
//!   another account's bucket whose region could not be read, or S3 not
//!   listable); or when no trail or readable event data store qualifies and
//!   the event data stores of some region could not be read
//!   (`ListEventDataStores` failed while the trails were read): a store
//!   there could turn the FAIL into the advisory. When CloudTrail itself
//!   could not be listed in a region, the engine's ERROR for that region
//!   stands and nothing is failed or advised.
//! - Event data stores that could not be read cannot overturn a PASS or an
//!   advisory: those stand, with a note naming the regions.
//!
//! ## Why it matters
//!
//! Without a multi-region trail there is no API audit history beyond the 90
//! days of event history, and regions nobody watches are where an intruder
//! goes. The notes make CloudTrail the first place to look after a
//! deletion, and list its defaults: all regions, read and write management
//! events, 90 days and then S3 and Athena (notes 000 › Incident and Event
//! Response › "cloudtrail").
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail › Trails › Create trail (or edit one): apply to all regions, management events Read and Write with no exclusions, an existing S3 bucket with the CloudTrail bucket policy; then Start logging.
//! - **CLI**: `aws cloudtrail create-trail --name main --s3-bucket-name BUCKET --is-multi-region-trail --include-global-service-events`, `aws cloudtrail put-event-selectors --trail-name main --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`, `aws cloudtrail start-logging --name main`.
//! - **CloudFormation**: an `AWS::CloudTrail::Trail` with `IsMultiRegionTrail: true`, `IncludeGlobalServiceEvents: true`, `IsLogging: true`, `EventSelectors: [{ReadWriteType: All, IncludeManagementEvents: true}]`, and `S3BucketName` referencing a bucket whose policy lets `cloudtrail.amazonaws.com` write.
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "cloudtrail".
//! - AWS: "Creating a trail for your AWS account"; "Logging management events"; "Working with CloudTrail Lake event data stores".
//! - AWS Config managed rules `multi-region-cloudtrail-enabled` and `cloudtrail-enabled`; Prowler `cloudtrail_multi_region_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudtrail::{AdvancedEventSelector, EventSelectors, Trail};
use crate::inventory::s3::BucketIndex;
use crate::inventory::{cloudtrail, s3};
use crate::judge::reference::{self, Lookup};
use crate::judge::regions;
use crate::settings::Setting;

pub static CHECK: Check = Check {
    id: "cloudtrail-multi-region",
    title: "A multi-region trail logs all management events, without delivery errors",
    service: "cloudtrail",
    severity: Severity::Critical,
    section: "000 › Incident and Event Response › \"cloudtrail\"",
    catalog: "INC-05",
    reads: &[
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        cloudtrail::EVENT_DATA_STORES,
        s3::BUCKETS,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[cloudtrail::EVENT_DATA_STORES],
    settings: &[&ALLOWED_EXCLUSIONS],
    config_rule: Some("multi-region-cloudtrail-enabled"),
    prowler: Some("cloudtrail_multi_region_enabled"),
    source: include_str!("multi_region.rs"),
    run,
};

/// Management event sources whose exclusion is a known cost saving: advisory.
const COSTLY_SOURCES: &[&str] = &["kms.amazonaws.com", "rdsdata.amazonaws.com"];

/// Which of [`COSTLY_SOURCES`] a trail may exclude without the advisory.
static ALLOWED_EXCLUSIONS: Setting<Vec<String>> = Setting::new(
    "allowed_management_exclusions",
    "Management event sources a trail may exclude as a deliberate cost saving, without the advisory: any of `kms.amazonaws.com` and `rdsdata.amazonaws.com` (the only sources a trail may exclude and still count).",
    "[]",
    costly_sources,
);

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
fn costly_sources(v: &Vec<String>) -> Result<(), String> {
    crate::settings::among(v, COSTLY_SOURCES, "sources")
}

/// What one trail lacks.
#[derive(Default)]
struct Assessment {
    fails: Vec<String>,
    unknowns: Vec<String>,
    /// Excluded KMS / RDS Data management event sources.
    excluded: Vec<String>,
}

fn run(ctx: &Context, em: &mut Emitter) {
    let buckets = ctx.s3().index();
    let allowed = ctx.setting(&ALLOWED_EXCLUSIONS);
    // Regions whose event data stores could not be read although their
    // trails were: a store there could turn the FAIL into the advisory.
    let unread = unread_stores(ctx);
    let mut warn = None;
    let mut fails = Vec::new();
    let mut unknowns = Vec::new();
    for trail in &ctx.cloudtrail().trails {
        let a = assess(ctx, &buckets, trail);
        let (allowed_out, excluded): (Vec<String>, Vec<String>) = a
            .excluded
            .into_iter()
            .partition(|s| allowed.iter().any(|x| x.eq_ignore_ascii_case(s)));
        if !a.fails.is_empty() {
            fails.push(format!("trail {}: {}", trail.name, a.fails.join(", ")));
        } else if !a.unknowns.is_empty() {
            unknowns.push(format!("trail {}: {}", trail.name, a.unknowns.join("; ")));
        } else if excluded.is_empty() {
            let mut v = noting(&unread);
            if !allowed_out.is_empty() {
                v.note(format!(
                    "excludes management events from {}, allowed by allowed_management_exclusions",
                    allowed_out.join(", ")
                ));
            }
            return v.emit(
                em,
                trail,
                format!(
                    "multi-region trail {} is logging all management events, global service events included, to existing bucket {}",
                    trail.name, trail.s3_bucket_name
                ),
            );
        } else if warn.is_none() {
            warn = Some((trail, excluded));
        }
    }
    let subject = regions::account_subject(ctx, "cloudtrail");
    if !unknowns.is_empty() {
        unknowns.extend(unread);
        return em.error_reason(
            &subject,
            format!(
                "no trail is known to log all management events in every region; could not evaluate {}",
                unknowns.join("; ")
            ),
        );
    }
    if ctx.blind_anywhere("cloudtrail") {
        return;
    }
    if let Some((trail, excluded)) = warn {
        let mut v = noting(&unread);
        v.warn(format!(
            "multi-region trail {} excludes management events from {}",
            trail.name,
            excluded.join(", ")
        ));
        return v.emit(em, trail, "");
    }
    for store in &ctx.cloudtrail().event_data_stores {
        let mut why = Vec::new();
        if !store.status.eq_ignore_ascii_case("ENABLED") {
            why.push(format!("status {}", store.status));
        }
        if !store.multi_region {
            why.push("not multi-region".to_string());
        }
        match advanced_management(&store.advanced_event_selectors) {
            Some(Ok(_)) => {}
            Some(Err(e)) => why.push(e),
            None => why.push("does not select management events".to_string()),
        }
        if why.is_empty() {
            let mut v = noting(&unread);
            v.warn(format!(
                "no trail logs all management events in every region; CloudTrail Lake event data store {} records them, but there is no S3 copy",
                store.name
            ));
            return v.emit(em, store, "");
        }
        fails.push(format!(
            "event data store {}: {}",
            store.name,
            why.join(", ")
        ));
    }
    // What the trails and readable stores lack, when there are some.
    let lacking = (!fails.is_empty()).then(|| {
        format!(
            "no trail logs all management events in every region ({})",
            fails.join("; ")
        )
    });
    match unread {
        Some(unread) => em.error_reason(
            &subject,
            format!(
                "{}; whether an event data store records them is unknown: {unread}",
                lacking.unwrap_or_else(|| {
                    "no CloudTrail trail records this account's API activity".into()
                })
            ),
        ),
        None => em.fail(
            &subject,
            lacking.unwrap_or_else(|| {
                "no CloudTrail trail or event data store records this account's API activity".into()
            }),
        ),
    }
}

/// `event data stores could not be read in R: E` for the regions whose
/// trails were listed but whose `ListEventDataStores` failed, if any.
fn unread_stores(ctx: &Context) -> Option<String> {
    let unread = regions::part_unreadable(ctx, cloudtrail::EVENT_DATA_STORES);
    (!unread.is_empty()).then(|| {
        let places: Vec<String> = unread.iter().map(|(r, e)| format!("{r}: {e}")).collect();
        format!(
            "event data stores could not be read in {}",
            places.join("; ")
        )
    })
}

/// A verdict noting what could not be read, if anything: for a verdict the
/// unread event data stores cannot overturn.
fn noting(unread: &Option<String>) -> Verdict {
    let mut v = Verdict::new();
    if let Some(unread) = unread {
        v.note(unread.clone());
    }
    v
}

fn assess(ctx: &Context, buckets: &BucketIndex, trail: &Trail) -> Assessment {
    let mut a = Assessment::default();
    if !trail.is_multi_region {
        a.fails.push("not multi-region".into());
    }
    match trail.status.known() {
        Err(e) => a.unknowns.push(e.to_string()),
        Ok(None) => a.unknowns.push("GetTrailStatus returned no status".into()),
        Ok(Some(s)) => {
            if !s.is_logging {
                a.fails.push("not logging".into());
            }
            if let Some(e) = s.latest_delivery_error.as_deref().filter(|e| !e.is_empty()) {
                a.fails.push(format!("S3 delivery error {e}"));
            }
        }
    }
    if !trail.include_global_service_events {
        a.fails
            .push("does not include global service events".into());
    }
    match trail.event_selectors.known() {
        Err(e) => a.unknowns.push(e.to_string()),
        Ok(None) => a.fails.push("no event selectors".into()),
        Ok(Some(selectors)) => match management(selectors) {
            Ok(excluded) => a.excluded = excluded,
            Err(why) => a.fails.push(why),
        },
    }
    let name = &trail.s3_bucket_name;
    match reference::bucket_region(ctx, buckets, name, format!("bucket {name}")) {
        Lookup::Found(_) => {}
        Lookup::Missing(why) => a.fails.push(why),
        Lookup::Unknown(why) => a.unknowns.push(why),
    }
    a
}

/// `Ok(excluded KMS / RDS Data sources)` when the selectors record all
/// management events, else why not.
fn management(selectors: &EventSelectors) -> Result<Vec<String>, String> {
    if let Some(advanced) = advanced_management(&selectors.advanced) {
        return advanced;
    }
    let mgmt: Vec<_> = selectors
        .basic
        .iter()
        .filter(|s| s.include_management_events)
        .collect();
    if mgmt.is_empty() {
        return Err("does not log management events".into());
    }
    // Whether management events (from `source`, or any) of both kinds are selected.
    let covers = |source: Option<&str>| {
        let kind = |t: &str| {
            mgmt.iter().any(|s| {
                s.read_write_type.eq_ignore_ascii_case(t)
                    && source.is_none_or(|src| {
                        !s.exclude_management_event_sources
                            .iter()
                            .any(|x| x.eq_ignore_ascii_case(src))
                    })
            })
        };
        kind("All") || (kind("ReadOnly") && kind("WriteOnly"))
    };
    if !covers(None) {
        return Err("logs only read-only or only write-only management events".into());
    }
    let mut excluded: Vec<String> = Vec::new();
    for src in mgmt
        .iter()
        .flat_map(|s| &s.exclude_management_event_sources)
    {
        if !covers(Some(src)) && !excluded.iter().any(|x| x.eq_ignore_ascii_case(src)) {
            excluded.push(src.clone());
        }
    }
    Ok(excluded)
}

/// `None` when no advanced selector picks management events; else as
/// [`management`]: an advanced selector on `eventCategory=Management` with
/// no `readOnly` filter, whose `eventSource` exclusions are KMS / RDS Data only.
fn advanced_management(selectors: &[AdvancedEventSelector]) -> Option<Result<Vec<String>, String>> {
    let mut outcome: Option<Result<Vec<String>, String>> = None;
    for sel in selectors {
        let field = |name: &'static str| {
            sel.field_selectors
                .iter()
                .filter(move |f| f.field.eq_ignore_ascii_case(name))
        };
        if !field("eventCategory").any(|f| f.equals.iter().any(|v| v == "Management")) {
            continue;
        }
        let this = if field("readOnly").next().is_some() {
            Err("logs only read-only or only write-only management events".to_string())
        } else if field("eventSource").any(|f| !f.equals.is_empty() || !f.starts_with.is_empty()) {
            Err("logs management events from selected sources only".to_string())
        } else {
            let excluded: Vec<String> = field("eventSource")
                .flat_map(|f| f.not_equals.iter().chain(&f.not_starts_with))
                .cloned()
                .collect();
            match excluded
                .iter()
                .find(|s| !COSTLY_SOURCES.iter().any(|c| c.eq_ignore_ascii_case(s)))
            {
                Some(other) => Err(format!("excludes management events from {other}")),
                None => Ok(excluded),
            }
        };
        outcome = match (outcome, this) {
            (Some(Ok(a)), Ok(b)) => Some(Ok(if b.len() < a.len() { b } else { a })),
            (Some(Ok(a)), Err(_)) | (Some(Err(_)), Ok(a)) => Some(Ok(a)),
            (_, this) => Some(this),
        };
    }
    outcome
}
