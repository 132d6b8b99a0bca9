//! ## What it checks
//!
//! CloudTrail records the object-level (data) events of sensitive buckets:
//! those tagged `data-classification` with a value of the setting
//! `sensitive_data_classifications` (default `sensitive`, `confidential`;
//! compared case-insensitively), or every bucket with
//! `require_s3_data_events = true`.
//!
//! A bucket is covered when a trail that is logging and reaches its region
//! (multi-region, or homed there; an organization trail counts) records
//! read and write data events for all of its objects:
//! - a basic selector with `DataResources` `Type=AWS::S3::Object` whose
//!   `Values` include `arn:aws:s3` (every bucket) or the bucket's ARN
//!   prefix (`arn:aws:s3:::NAME/`); or
//! - an advanced selector with `eventCategory=Data`,
//!   `resources.type=AWS::S3::Object` and a `resources.ARN` that matches
//!   the bucket (`StartsWith` a prefix of it, or no `resources.ARN` at
//!   all), not narrowed by other fields.
//!
//! A CloudTrail Lake event data store with such selectors counts as well.
//!
//! - PASS: a source covers the bucket (the reason names it).
//! - Advisory (FAIL at low): nothing covers it; the reason lists sources
//!   that cover it only partly (read or write events only, some objects
//!   only). With `s3_data_events_fail = true` this is a FAIL at the check's
//!   severity instead.
//! - ERROR: nothing is known to cover it and a trail's status or selectors,
//!   the event data stores of a region, or CloudTrail in a region could not
//!   be read.
//! - SKIP: buckets that are not sensitive (unless every bucket is required).
//!
//! ## Why it matters
//!
//! CloudTrail records management events by default, but object reads and
//! writes (`GetObject`, `PutObject`, `DeleteObject`) only when data events
//! are configured, because of their volume: without them there is no record
//! of who read or deleted the sensitive data (notes 000 › Incident and
//! Event Response › "cloudtrail", data events are not logged by default;
//! 000 › Security and Compliance › "AWS control tower", AFT's option to
//! turn on CloudTrail data events).
//!
//! ## How to fix
//!
//! - **Console**: CloudTrail › Trails › the primary trail › Data events › Edit › Add data event type S3, log selector template "Log all events" (or a custom selector on `resources.ARN` StartsWith `arn:aws:s3:::NAME/`) › Save.
//! - **CLI**: `aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors '[{"Name":"Management","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},{"Name":"Sensitive buckets","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]},{"Field":"resources.ARN","StartsWith":["arn:aws:s3:::NAME/"]}]}]'` (keep the management selector).
//! - **CloudFormation**: on the `AWS::CloudTrail::Trail`, `AdvancedEventSelectors` with a selector whose `FieldSelectors` are `eventCategory` Equals `Data`, `resources.type` Equals `AWS::S3::Object` and `resources.ARN` StartsWith `arn:aws:s3:::NAME/` (or `EventSelectors` with `DataResources: [{Type: AWS::S3::Object, Values: [!Sub "arn:aws:s3:::${Bucket}/"]}]`).
//!
//! ## References
//!
//! - Study notes: 000 › Incident and Event Response › "cloudtrail" (data events not logged by default); 000 › Security and Compliance › "AWS control tower" (AFT: CloudTrail data events).
//! - AWS: CloudTrail user guide, "Logging data events" and "Filtering data events by using advanced event selectors".
//! - AWS Config managed rule `cloudtrail-s3-dataevents-enabled`; Prowler `cloudtrail_s3_dataevents_read_enabled` (and `cloudtrail_s3_dataevents_write_enabled`).

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::s3::Bucket;
use crate::inventory::{cloudtrail, s3};
use crate::judge::data_events::coverage;
use crate::settings::{any, Setting};

/// Every bucket is in scope, not only the sensitive ones.
static REQUIRE_S3_DATA_EVENTS: Setting<bool> = Setting::new(
    "require_s3_data_events",
    "Require CloudTrail S3 data events for every bucket, not only those tagged as sensitive.",
    "false",
    any,
);

/// A bucket without data events fails rather than gets an advisory.
static S3_DATA_EVENTS_FAIL: Setting<bool> = Setting::new(
    "s3_data_events_fail",
    "A bucket in scope whose object-level events no trail records is a FAIL at the check's severity rather than an advisory.",
    "false",
    any,
);

/// The `data-classification` tag values that make a bucket sensitive.
static SENSITIVE_DATA_CLASSIFICATIONS: Setting<Vec<String>> = Setting::new(
    "sensitive_data_classifications",
    "Values of a bucket's `data-classification` tag (case-insensitive) that put it in scope.",
    r#"["sensitive", "confidential"]"#,
    any,
);

pub static CHECK: Check = Check {
    id: "cloudtrail-data-events",
    title: "CloudTrail records data events for sensitive buckets",
    service: "cloudtrail",
    severity: Severity::Low,
    section: "000 › Incident and Event Response › \"cloudtrail\"",
    catalog: "INC-06",
    reads: &[
        s3::BUCKETS,
        s3::BUCKET_TAGS,
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        cloudtrail::EVENT_DATA_STORES,
    ],
    tolerates: &[cloudtrail::EVENT_DATA_STORES],
    settings: &[
        &REQUIRE_S3_DATA_EVENTS,
        &S3_DATA_EVENTS_FAIL,
        &SENSITIVE_DATA_CLASSIFICATIONS,
    ],
    config_rule: Some("cloudtrail-s3-dataevents-enabled"),
    prowler: Some("cloudtrail_s3_dataevents_read_enabled"),
    source: include_str!("data_events.rs"),
    run,
};

/// The tag whose value classifies a bucket's data.
const CLASSIFICATION_TAG: &str = "data-classification";

fn run(ctx: &Context, em: &mut Emitter) {
    let every_bucket = ctx.setting(&REQUIRE_S3_DATA_EVENTS);
    let fail = ctx.setting(&S3_DATA_EVENTS_FAIL);
    let sensitive = ctx.setting(&SENSITIVE_DATA_CLASSIFICATIONS);
    for bucket in &ctx.s3().buckets {
        if !every_bucket && classification(bucket, &sensitive).is_none() {
            em.skip(
                bucket,
                format!(
                    "not tagged {CLASSIFICATION_TAG}={} (require_s3_data_events is not set)",
                    sensitive.join(" or ")
                ),
            );
            continue;
        }
        judge(ctx, bucket, fail, em);
    }
}

/// The bucket's sensitive classification, if it has one.
fn classification<'b>(bucket: &'b Bucket, sensitive: &[String]) -> Option<&'b str> {
    bucket
        .tags
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(CLASSIFICATION_TAG))
        .map(|(_, v)| v.trim())
        .filter(|v| sensitive.iter().any(|s| s.eq_ignore_ascii_case(v)))
}

fn judge(ctx: &Context, bucket: &Bucket, fail: bool, em: &mut Emitter) {
    let cover = coverage(ctx, bucket);
    if let Some(by) = cover.full {
        return em.pass(
            bucket,
            format!("{by} records read and write data events for every object"),
        );
    }
    if !cover.unknown.is_empty() {
        return em.error_reason(
            bucket,
            format!(
                "no source is known to record its data events, and could not evaluate: {}",
                cover.unknown.join("; ")
            ),
        );
    }
    let mut reason =
        "no trail records object-level (data) events for the bucket's objects".to_string();
    if !cover.partial.is_empty() {
        reason.push_str(&format!(" (only partly: {})", cover.partial.join("; ")));
    }
    if fail {
        em.fail(bucket, reason);
    } else {
        em.warn(bucket, reason);
    }
}
