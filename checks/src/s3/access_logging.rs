//! ## What it checks
//!
//! Every S3 bucket has server access logging enabled, delivering to a
//! bucket that exists in the same region.
//!
//! - SKIP: buckets that are themselves the log target (`TargetBucket`) of
//!   another bucket, to avoid recursive logging.
//! - PASS: `LoggingEnabled` is set and its target bucket exists in the
//!   bucket's region (a bucket that is its own target is noted).
//! - FAIL: `LoggingEnabled` is absent; the target bucket does not exist; or
//!   the target is in a different region (S3 delivers no logs there).
//! - Advisory (FAIL at low) instead of any of these FAILs: CloudTrail S3
//!   data events cover the bucket; with the setting
//!   `accept_data_events = true` this is a PASS. Coverage needs both read
//!   and write events for every object of the bucket, from a trail that is
//!   logging and is multi-region or homed in the bucket's region, or from an
//!   enabled CloudTrail Lake event data store of that reach:
//!   - basic event selectors: an `AWS::S3::Object` data resource whose value
//!     is a prefix of `arn:aws:s3:::BUCKET/`: `arn:aws:s3` or `arn:aws:s3:::`
//!     (all buckets), `arn:aws:s3:::BUCKET/` (the whole bucket); read/write
//!     from `ReadWriteType`.
//!   - advanced event selectors: `eventCategory` = `Data`, `resources.type`
//!     = `AWS::S3::Object`, and `resources.ARN` conditions that admit every
//!     object of the bucket (`StartsWith` a prefix of `arn:aws:s3:::BUCKET/`,
//!     and no `Equals`, or `NotStartsWith`/`NotEquals` that exclude any of
//!     its objects); `readOnly` decides read/write; any other field (for
//!     example `eventName`) narrows the selector, which then does not count.
//!
//!   Partial coverage (a key prefix only, read or write only) is reported in
//!   the reason but does not lower the FAIL.
//! - ERROR: the logging configuration could not be read; the target is a
//!   bucket of another account whose region could not be read; the target
//!   is not in the inventory while S3 could not be read in some region; or
//!   the bucket would FAIL but may be the target of another bucket of its
//!   region whose logging configuration could not be read. A trail whose
//!   status or selectors could not be read (or a region where CloudTrail
//!   could not be listed, or whose event data stores could not be read)
//!   leaves a FAIL in place, with the unknown named; a bucket that logs is
//!   judged without them.
//!
//! Remediation status (Config rule `s3-bucket-logging-enabled` with
//! `AWS-ConfigureS3BucketLogging`) is reported by the Config remediation
//! check, not here.
//!
//! ## Why it matters
//!
//! Server access logs are the record of who requested which object: without
//! them (or CloudTrail data events) there is no object-access audit trail.
//! The notes list S3 access logs to S3 among the AWS managed logs (notes 000
//! › Monitoring and Logging › "all kinds of logs") and use this exact rule,
//! `s3-bucket-logging-enabled`, remediated automatically by the SSM document
//! `AWS-ConfigureS3BucketLogging`, as their worked example of Config
//! auto-remediation (notes 001 › ## CloudFormation › ### Core Topics, item
//! 5; notes 001 › ## AWS Config & Auto Remediation).
//!
//! ## How to fix
//!
//! - **Console**: S3 › the bucket › Properties › Server access logging › Edit › Enable, choose a destination bucket in the same region (not the bucket itself) › Save.
//! - **CLI**: `aws s3api put-bucket-logging --bucket NAME --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"LOGS","TargetPrefix":"NAME/"}}'` (the target's policy must let `logging.s3.amazonaws.com` put objects). At scale: the Config rule `s3-bucket-logging-enabled` with the remediation `AWS-ConfigureS3BucketLogging`.
//! - **CloudFormation**: `LoggingConfiguration: {DestinationBucketName: !Ref LogBucket, LogFilePrefix: NAME/}` on the `AWS::S3::Bucket`, and an `AWS::S3::BucketPolicy` on the log bucket granting `logging.s3.amazonaws.com` `s3:PutObject`.
//!
//! ## References
//!
//! - Study notes: 000 › Monitoring and Logging › "all kinds of logs"; 001 › ## CloudFormation › ### Core Topics (5. Auto Remediation via AWS Config); 001 › ## AWS Config & Auto Remediation.
//! - AWS: S3 user guide, "Logging requests with server access logging" and "Logging Amazon S3 API calls using AWS CloudTrail"; CloudTrail user guide, "Logging data events".
//! - AWS Config managed rule `s3-bucket-logging-enabled` (remediation `AWS-ConfigureS3BucketLogging`); Prowler `s3_bucket_server_access_logging_enabled`.

use crate::engine::{name_list, Check, Context, Emitter, Severity};
use crate::inventory::cloudtrail::{AdvancedEventSelector, EventSelector, FieldSelector};
use crate::inventory::s3::{Bucket, BucketIndex};
use crate::inventory::{cloudtrail, s3};
use crate::judge::reference::{self, Lookup};
use crate::judge::regions;
use crate::judge::targets::{Aim, Pointer, Targets};
use crate::settings::{any, Setting};

/// CloudTrail S3 data events count as access logging.
static ACCEPT_DATA_EVENTS: Setting<bool> = Setting::new(
    "accept_data_events",
    "CloudTrail S3 data events that cover a bucket count as a PASS (by default they are noted on an advisory).",
    "false",
    any,
);

pub static CHECK: Check = Check {
    id: "s3-access-logging",
    title: "S3 buckets have server access logging",
    service: "s3",
    severity: Severity::Medium,
    section: "000 › Monitoring and Logging › \"all kinds of logs\"; 001 › ## AWS Config & Auto Remediation",
    catalog: "MON-10",
    reads: &[
        s3::BUCKETS,
        s3::LOGGING,
        s3::BUCKET_TAGS,
        s3::OTHER_BUCKETS,
        cloudtrail::TRAILS,
        cloudtrail::TRAIL_STATUS,
        cloudtrail::EVENT_SELECTORS,
        cloudtrail::EVENT_DATA_STORES,
    ],
    tolerates: &[cloudtrail::EVENT_DATA_STORES],
    settings: &[&ACCEPT_DATA_EVENTS],
    config_rule: Some("s3-bucket-logging-enabled"),
    prowler: Some("s3_bucket_server_access_logging_enabled"),
    source: include_str!("access_logging.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let s3 = ctx.s3();
    let index = s3.index();
    // Buckets receive the logs of the buckets of their region.
    let targets = Targets::new(s3.buckets.iter().map(|b| Pointer {
        id: &b.name,
        name: &b.name,
        place: b.region.as_str(),
        target: match b.logging.known() {
            Ok(Some(l)) => Aim::At(&l.target_bucket),
            Ok(None) => Aim::Nothing,
            Err(_) => Aim::Unknown,
        },
    }));
    for bucket in &s3.buckets {
        if let Some(srcs) = targets.sources(&bucket.name) {
            em.skip(
                bucket,
                format!(
                    "log target of {}: logging it would be recursive",
                    name_list(srcs)
                ),
            );
            continue;
        }
        judge(ctx, bucket, &index, &targets, em);
    }
}

/// Why a bucket is not compliant, before CloudTrail coverage is considered.
enum Problem {
    Fail(String),
    Error(String),
}

fn judge(
    ctx: &Context,
    bucket: &Bucket,
    index: &BucketIndex,
    targets: &Targets<&str>,
    em: &mut Emitter,
) {
    let reason = match logging_problem(ctx, bucket, index) {
        Ok(pass) => return em.pass(bucket, pass),
        Err(Problem::Error(e)) => return em.error_reason(bucket, e),
        Err(Problem::Fail(reason)) => reason,
    };
    let unreadable = targets.unread_near(&bucket.region.as_str(), &bucket.name);
    if !unreadable.is_empty() {
        return em.error_reason(
            bucket,
            format!(
                "{reason}, but it may be the log target of {}, whose logging configuration could not be read",
                name_list(&unreadable)
            ),
        );
    }
    let cover = coverage(ctx, bucket);
    if let Some(by) = cover.full {
        if ctx.setting(&ACCEPT_DATA_EVENTS) {
            return em.pass(
                bucket,
                format!("{reason}, but CloudTrail S3 data events cover it ({by}; accept_data_events is set)"),
            );
        }
        return em.warn(
            bucket,
            format!("{reason}; CloudTrail S3 data events cover it ({by}), but server access logging is the expected record"),
        );
    }
    let mut reason = reason;
    if !cover.partial.is_empty() {
        reason.push_str(&format!(
            " (CloudTrail data events cover it only partly: {})",
            cover.partial.join("; ")
        ));
    }
    if !cover.unknown.is_empty() {
        reason.push_str(&format!(
            "; also could not evaluate CloudTrail data events: {}",
            cover.unknown.join("; ")
        ));
    }
    em.fail(bucket, reason);
}

/// `Ok(pass reason)`, or what is wrong with the bucket's logging.
fn logging_problem(ctx: &Context, bucket: &Bucket, index: &BucketIndex) -> Result<String, Problem> {
    let logging = match bucket.logging.known() {
        Err(e) => return Err(Problem::Error(e.to_string())),
        Ok(None) => {
            return Err(Problem::Fail(
                "server access logging is not enabled".to_string(),
            ))
        }
        Ok(Some(l)) => l,
    };
    let target = logging.target_bucket.as_str();
    let label = format!("log target bucket {target}");
    match reference::bucket_region(ctx, index, target, label) {
        Lookup::Unknown(why) => Err(Problem::Error(why)),
        Lookup::Missing(why) => Err(Problem::Fail(why)),
        Lookup::Found((_, region)) if region != bucket.region => Err(Problem::Fail(format!(
            "log target bucket {target} is in {region}, not in the bucket's region {}: no logs are delivered",
            bucket.region
        ))),
        Lookup::Found(_) if target == bucket.name => Ok(format!(
            "server access logs go to s3://{target}/{} (note: the bucket is its own log target)",
            logging.target_prefix
        )),
        Lookup::Found(_) => Ok(format!(
            "server access logs go to s3://{target}/{}",
            logging.target_prefix
        )),
    }
}

/// What CloudTrail data events say about one bucket.
#[derive(Default)]
struct Coverage {
    /// The trail or event data store logging read and write events for all its objects.
    full: Option<String>,
    /// Sources covering part of it.
    partial: Vec<String>,
    /// Sources that could not be read.
    unknown: Vec<String>,
}

impl Coverage {
    /// Records what one trail or event data store logs for the bucket.
    fn record(&mut self, source: String, events: Events, notes: Vec<String>) {
        if events.read && events.write {
            self.full.get_or_insert(source);
            return;
        }
        if events.read || events.write {
            self.partial
                .push(format!("{source} logs {}", events.describe()));
        }
        self.partial
            .extend(notes.into_iter().map(|n| format!("{source}: {n}")));
    }
}

/// Read and write data events of one selector (or source) for the bucket.
#[derive(Clone, Copy, Default)]
struct Events {
    read: bool,
    write: bool,
}

impl Events {
    fn or(self, other: Events) -> Events {
        Events {
            read: self.read || other.read,
            write: self.write || other.write,
        }
    }

    fn describe(self) -> &'static str {
        match (self.read, self.write) {
            (true, true) => "read and write",
            (true, false) => "read events only",
            (false, true) => "write events only",
            (false, false) => "no events",
        }
    }
}

fn coverage(ctx: &Context, bucket: &Bucket) -> Coverage {
    let partition = bucket.arn.split(':').nth(1).unwrap_or("aws");
    let objects = format!("arn:{partition}:s3:::{}/", bucket.name);
    let ct = ctx.cloudtrail();
    let mut cover = Coverage::default();
    for trail in &ct.trails {
        if !(trail.is_multi_region || trail.region == bucket.region) {
            continue;
        }
        let source = format!("trail {}", trail.name);
        match trail.status.known() {
            Err(e) => {
                cover.unknown.push(format!("{source}: {e}"));
                continue;
            }
            Ok(Some(s)) if s.is_logging => {}
            Ok(_) => continue,
        }
        let selectors = match trail.event_selectors.known() {
            Err(e) => {
                cover.unknown.push(format!("{source}: {e}"));
                continue;
            }
            Ok(None) => continue,
            Ok(Some(s)) => s,
        };
        let mut events = Events::default();
        let mut notes = Vec::new();
        for s in &selectors.basic {
            events = events.or(basic(s, &objects, &mut notes));
        }
        for s in &selectors.advanced {
            events = events.or(advanced(s, &objects, &mut notes));
        }
        cover.record(source, events, notes);
    }
    for store in &ct.event_data_stores {
        if !store.status.eq_ignore_ascii_case("ENABLED")
            || !(store.multi_region || store.region == bucket.region)
        {
            continue;
        }
        let mut notes = Vec::new();
        let events = store
            .advanced_event_selectors
            .iter()
            .fold(Events::default(), |e, s| {
                e.or(advanced(s, &objects, &mut notes))
            });
        cover.record(format!("event data store {}", store.name), events, notes);
    }
    for region in regions::blind(ctx, "cloudtrail") {
        cover
            .unknown
            .push(format!("CloudTrail could not be listed in {region}"));
    }
    for (region, e) in regions::part_unreadable(ctx, cloudtrail::EVENT_DATA_STORES) {
        cover.unknown.push(format!(
            "event data stores could not be read in {region}: {e}"
        ));
    }
    cover
}

/// A basic event selector's events for every object under `objects` (`arn:aws:s3:::BUCKET/`).
fn basic(s: &EventSelector, objects: &str, notes: &mut Vec<String>) -> Events {
    let whole = s
        .data_resources
        .iter()
        .filter(|d| d.resource_type == "AWS::S3::Object")
        .flat_map(|d| d.values.iter())
        .filter(|v| {
            if v.starts_with(objects) && v.len() > objects.len() {
                notes.push(format!("only objects under {v}"));
            }
            objects.starts_with(v.as_str())
        })
        .count()
        > 0;
    if !whole {
        return Events::default();
    }
    match s.read_write_type.to_ascii_lowercase().as_str() {
        "all" => Events {
            read: true,
            write: true,
        },
        "readonly" => Events {
            read: true,
            write: false,
        },
        "writeonly" => Events {
            read: false,
            write: true,
        },
        _ => Events::default(),
    }
}

/// An advanced event selector's events for every object under `objects`.
fn advanced(s: &AdvancedEventSelector, objects: &str, notes: &mut Vec<String>) -> Events {
    let field = |name: &'static str| fields(s, name);
    let present_and_allows = |name: &'static str, value: &str| {
        field(name).next().is_some() && field(name).all(|f| allows(f, value))
    };
    if !present_and_allows("eventCategory", "Data")
        || !present_and_allows("resources.type", "AWS::S3::Object")
    {
        return Events::default();
    }
    if !field("eventSource").all(|f| allows(f, "s3.amazonaws.com")) {
        return Events::default();
    }
    let label = s
        .name
        .as_deref()
        .map(|n| format!("selector {n:?}"))
        .unwrap_or_else(|| "an advanced selector".into());
    if !field("resources.ARN").all(|f| admits_all_objects(f, objects)) {
        if field("resources.ARN").any(|f| {
            f.equals
                .iter()
                .chain(&f.starts_with)
                .any(|v| v.starts_with(objects))
        }) {
            notes.push(format!("{label} covers only some objects"));
        }
        return Events::default();
    }
    const KNOWN: [&str; 5] = [
        "eventCategory",
        "resources.type",
        "resources.ARN",
        "readOnly",
        "eventSource",
    ];
    if let Some(other) = s
        .field_selectors
        .iter()
        .find(|f| !KNOWN.iter().any(|k| f.field.eq_ignore_ascii_case(k)))
    {
        notes.push(format!("{label} is narrowed by {}", other.field));
        return Events::default();
    }
    Events {
        read: field("readOnly").all(|f| allows(f, "true")),
        write: field("readOnly").all(|f| allows(f, "false")),
    }
}

/// The field selectors on one field (case-insensitive).
fn fields<'a>(
    s: &'a AdvancedEventSelector,
    name: &'a str,
) -> impl Iterator<Item = &'a FieldSelector> + 'a {
    s.field_selectors
        .iter()
        .filter(move |f| f.field.eq_ignore_ascii_case(name))
}

/// True when the field selector lets `value` through.
fn allows(f: &FieldSelector, value: &str) -> bool {
    let eq = |v: &String| v.eq_ignore_ascii_case(value);
    (f.equals.is_empty() || f.equals.iter().any(eq))
        && !f.not_equals.iter().any(eq)
        && (f.starts_with.is_empty() || f.starts_with.iter().any(|p| value.starts_with(p.as_str())))
        && !f
            .not_starts_with
            .iter()
            .any(|p| value.starts_with(p.as_str()))
}

/// True when a `resources.ARN` selector admits every object ARN starting with `objects`.
fn admits_all_objects(f: &FieldSelector, objects: &str) -> bool {
    let overlaps = |p: &String| objects.starts_with(p.as_str()) || p.starts_with(objects);
    f.equals.is_empty()
        && (f.starts_with.is_empty()
            || f.starts_with
                .iter()
                .any(|p| objects.starts_with(p.as_str())))
        && !f.not_starts_with.iter().any(overlaps)
        && !f.not_equals.iter().any(|v| v.starts_with(objects))
}
