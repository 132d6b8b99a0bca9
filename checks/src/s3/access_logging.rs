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
        if ctx.settings.accept_data_events {
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

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Finding, Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, run, run_with};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:s3:::app";

    fn bucket(name: &str, region: &str, logging: Value) -> Value {
        json!({"arn": format!("arn:aws:s3:::{name}"), "region": region, "account_id": "111122223333",
               "name": name, "logging": logging})
    }

    fn logs_to(target: &str) -> Value {
        json!({"value": {"target_bucket": target, "target_prefix": "app/"}})
    }

    fn account(buckets: Vec<Value>, trails: Vec<Value>) -> Value {
        json!({"s3": {"buckets": buckets}, "cloudtrail": {"trails": trails}})
    }

    fn trail(name: &str, region: &str, multi: bool, selectors: Value) -> Value {
        json!({"arn": format!("arn:aws:cloudtrail:{region}:111122223333:trail/{name}"),
               "region": region, "account_id": "111122223333", "name": name,
               "is_multi_region": multi, "include_global_service_events": true,
               "s3_bucket_name": "trail-logs", "status": {"value": {"is_logging": true}},
               "event_selectors": {"value": selectors}})
    }

    fn basic(rw: &str, values: &[&str]) -> Value {
        json!({"basic": [{"read_write_type": rw, "include_management_events": true,
               "data_resources": [{"type": "AWS::S3::Object", "values": values}]}]})
    }

    fn advanced(fields: Value) -> Value {
        json!({"advanced": [{"name": "s3-data", "field_selectors": fields}]})
    }

    fn data_fields(extra: Value) -> Value {
        let mut f = vec![
            json!({"field": "eventCategory", "equals": ["Data"]}),
            json!({"field": "resources.type", "equals": ["AWS::S3::Object"]}),
        ];
        f.extend(extra.as_array().unwrap().iter().cloned());
        Value::Array(f)
    }

    fn unlogged_with(trails: Vec<Value>) -> Vec<Finding> {
        run(
            &CHECK,
            account(vec![bucket("app", "us-east-1", json!("absent"))], trails),
        )
    }

    #[test]
    fn logging_to_a_same_region_bucket_passes_and_the_target_is_skipped() {
        let f = run(
            &CHECK,
            account(
                vec![
                    bucket("app", "us-east-1", logs_to("logs")),
                    bucket("logs", "us-east-1", json!("absent")),
                ],
                vec![],
            ),
        );
        assert_finding(
            &f,
            ARN,
            Status::Pass,
            "server access logs go to s3://logs/app/",
        );
        assert_finding(
            &f,
            "arn:aws:s3:::logs",
            Status::Skip,
            "log target of app: logging it would be recursive",
        );
        let f = run(
            &CHECK,
            account(vec![bucket("app", "us-east-1", logs_to("app"))], vec![]),
        );
        assert_finding(&f, ARN, Status::Pass, "its own log target");
    }

    #[test]
    fn missing_logging_or_target_fails() {
        let got = assert_finding(
            &unlogged_with(vec![]),
            ARN,
            Status::Fail,
            "server access logging is not enabled",
        );
        assert_eq!(got.severity, Severity::Medium);
        let f = run(
            &CHECK,
            account(vec![bucket("app", "us-east-1", logs_to("gone"))], vec![]),
        );
        assert_finding(
            &f,
            ARN,
            Status::Fail,
            "log target bucket gone does not exist",
        );
        let f = run(
            &CHECK,
            account(
                vec![
                    bucket("app", "us-east-1", logs_to("logs")),
                    bucket("logs", "eu-west-1", json!("absent")),
                ],
                vec![],
            ),
        );
        assert_finding(
            &f,
            ARN,
            Status::Fail,
            "log target bucket logs is in eu-west-1, not in the bucket's region us-east-1",
        );
    }

    #[test]
    fn other_account_targets_use_their_region() {
        let with_other = |region: Value| {
            let mut a = account(
                vec![bucket("app", "us-east-1", logs_to("central-logs"))],
                vec![],
            );
            a["s3"]["other_buckets"] = json!([{"name": "central-logs", "region": region}]);
            run(&CHECK, a)
        };
        assert_finding(
            &with_other(json!({"value": "us-east-1"})),
            ARN,
            Status::Pass,
            "central-logs",
        );
        assert_finding(
            &with_other(json!({"value": "eu-west-1"})),
            ARN,
            Status::Fail,
            "is in eu-west-1",
        );
        assert_finding(
            &with_other(json!("absent")),
            ARN,
            Status::Fail,
            "does not exist",
        );
        assert_finding(
            &with_other(
                json!({"error": {"operation": "GetBucketLocation", "code": "AccessDenied"}}),
            ),
            ARN,
            Status::Error,
            "log target bucket central-logs: GetBucketLocation failed: AccessDenied",
        );
    }

    #[test]
    fn basic_data_events_turn_the_fail_into_an_advisory() {
        for values in [
            vec!["arn:aws:s3"],
            vec!["arn:aws:s3:::"],
            vec!["arn:aws:s3:::other/", "arn:aws:s3:::app/"],
        ] {
            let f = unlogged_with(vec![trail(
                "main",
                "eu-west-1",
                true,
                basic("All", &values),
            )]);
            let got = assert_finding(
                &f,
                ARN,
                Status::Fail,
                "CloudTrail S3 data events cover it (trail main)",
            );
            assert_eq!(got.severity, Severity::Low, "{values:?}");
            assert!(
                got.reason
                    .starts_with("advisory: server access logging is not enabled"),
                "{}",
                got.reason
            );
        }
        // The advisory also replaces a broken target's FAIL.
        let f = run(
            &CHECK,
            account(
                vec![bucket("app", "us-east-1", logs_to("gone"))],
                vec![trail(
                    "main",
                    "us-east-1",
                    false,
                    basic("All", &["arn:aws:s3"]),
                )],
            ),
        );
        let got = assert_finding(
            &f,
            ARN,
            Status::Fail,
            "advisory: log target bucket gone does not exist",
        );
        assert_eq!(got.severity, Severity::Low);
    }

    #[test]
    fn accept_data_events_passes() {
        let settings = Settings {
            accept_data_events: true,
            ..Settings::default()
        };
        let f = run_with(
            &CHECK,
            account(
                vec![bucket("app", "us-east-1", json!("absent"))],
                vec![trail(
                    "main",
                    "us-east-1",
                    false,
                    basic("All", &["arn:aws:s3:::app/"]),
                )],
            ),
            &settings,
        );
        assert_finding(&f, ARN, Status::Pass, "accept_data_events is set");
    }

    #[test]
    fn partial_or_out_of_reach_data_events_do_not_count() {
        for (name, trails, needle) in [
            (
                "prefix only",
                vec![trail(
                    "main",
                    "us-east-1",
                    true,
                    basic("All", &["arn:aws:s3:::app/uploads/"]),
                )],
                "only objects under arn:aws:s3:::app/uploads/",
            ),
            (
                "write only",
                vec![trail(
                    "main",
                    "us-east-1",
                    true,
                    basic("WriteOnly", &["arn:aws:s3"]),
                )],
                "trail main logs write events only",
            ),
            (
                "other bucket",
                vec![trail(
                    "main",
                    "us-east-1",
                    true,
                    basic("All", &["arn:aws:s3:::application/"]),
                )],
                "not enabled",
            ),
            (
                "single-region trail elsewhere",
                vec![trail(
                    "eu",
                    "eu-west-1",
                    false,
                    basic("All", &["arn:aws:s3"]),
                )],
                "not enabled",
            ),
        ] {
            let got = unlogged_with(trails);
            assert_eq!(got[0].severity, Severity::Medium, "{name}: {got:#?}");
            assert_finding(&got, ARN, Status::Fail, needle);
        }
        let mut stopped = trail("main", "us-east-1", true, basic("All", &["arn:aws:s3"]));
        stopped["status"] = json!({"value": {"is_logging": false}});
        let got = assert_finding(
            &unlogged_with(vec![stopped]),
            ARN,
            Status::Fail,
            "not enabled",
        );
        assert_eq!(got.severity, Severity::Medium);
    }

    #[test]
    fn advanced_selectors() {
        for (name, fields, covered) in [
            ("all s3 objects", data_fields(json!([])), true),
            (
                "bucket prefix",
                data_fields(
                    json!([{"field": "resources.ARN", "starts_with": ["arn:aws:s3:::app/"]}]),
                ),
                true,
            ),
            (
                "excluding another bucket",
                data_fields(
                    json!([{"field": "resources.ARN", "not_starts_with": ["arn:aws:s3:::logs/"]}, {"field": "eventSource", "equals": ["s3.amazonaws.com"]}]),
                ),
                true,
            ),
            (
                "excluding this bucket",
                data_fields(
                    json!([{"field": "resources.ARN", "not_starts_with": ["arn:aws:s3:::app/"]}]),
                ),
                false,
            ),
            (
                "one object",
                data_fields(
                    json!([{"field": "resources.ARN", "equals": ["arn:aws:s3:::app/key"]}]),
                ),
                false,
            ),
            (
                "key prefix",
                data_fields(
                    json!([{"field": "resources.ARN", "starts_with": ["arn:aws:s3:::app/uploads/"]}]),
                ),
                false,
            ),
            (
                "read only",
                data_fields(json!([{"field": "readOnly", "equals": ["true"]}])),
                false,
            ),
            (
                "narrowed by event name",
                data_fields(json!([{"field": "eventName", "equals": ["PutObject"]}])),
                false,
            ),
            (
                "lambda data events",
                json!([{"field": "eventCategory", "equals": ["Data"]}, {"field": "resources.type", "equals": ["AWS::Lambda::Function"]}]),
                false,
            ),
            (
                "management events",
                json!([{"field": "eventCategory", "equals": ["Management"]}]),
                false,
            ),
        ] {
            let f = unlogged_with(vec![trail("main", "us-east-1", true, advanced(fields))]);
            let want = if covered {
                Severity::Low
            } else {
                Severity::Medium
            };
            assert_eq!(f[0].severity, want, "{name}: {f:#?}");
            assert_eq!(f[0].status, Status::Fail, "{name}");
        }
        // Near misses are named.
        let key_prefix = data_fields(
            json!([{"field": "resources.ARN", "starts_with": ["arn:aws:s3:::app/uploads/"]}]),
        );
        assert_finding(
            &unlogged_with(vec![trail("main", "us-east-1", true, advanced(key_prefix))]),
            ARN,
            Status::Fail,
            "trail main: selector \"s3-data\" covers only some objects",
        );
        let narrowed = data_fields(json!([{"field": "eventName", "equals": ["PutObject"]}]));
        assert_finding(
            &unlogged_with(vec![trail("main", "us-east-1", true, advanced(narrowed))]),
            ARN,
            Status::Fail,
            "selector \"s3-data\" is narrowed by eventName",
        );
        // Separate read and write selectors add up.
        let split = json!({"advanced": [
            {"field_selectors": data_fields(json!([{"field": "readOnly", "equals": ["true"]}]))},
            {"field_selectors": data_fields(json!([{"field": "readOnly", "equals": ["false"]}]))}]});
        let got = assert_finding(
            &unlogged_with(vec![trail("main", "us-east-1", true, split)]),
            ARN,
            Status::Fail,
            "advisory:",
        );
        assert_eq!(got.severity, Severity::Low);
    }

    #[test]
    fn event_data_stores_count() {
        let mut a = account(vec![bucket("app", "us-east-1", json!("absent"))], vec![]);
        a["cloudtrail"]["event_data_stores"] = json!([{
            "arn": "arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/x", "region": "eu-west-1",
            "account_id": "111122223333", "name": "lake", "status": "ENABLED", "multi_region": true,
            "advanced_event_selectors": [{"field_selectors": data_fields(json!([]))}]}]);
        let got = assert_finding(
            &run(&CHECK, a.clone()),
            ARN,
            Status::Fail,
            "event data store lake",
        );
        assert_eq!(got.severity, Severity::Low);
        a["cloudtrail"]["event_data_stores"][0]["status"] = json!("STOPPED");
        let got = assert_finding(&run(&CHECK, a), ARN, Status::Fail, "not enabled");
        assert_eq!(got.severity, Severity::Medium);
    }

    #[test]
    fn unknowns() {
        let denied = json!({"error": {"operation": "GetBucketLogging", "code": "AccessDenied"}});
        let f = run(
            &CHECK,
            account(vec![bucket("app", "us-east-1", denied.clone())], vec![]),
        );
        assert_finding(
            &f,
            ARN,
            Status::Error,
            "GetBucketLogging failed: AccessDenied",
        );
        // Without logging, it may be the target of a bucket whose logging is unknown.
        let f = run(
            &CHECK,
            account(
                vec![
                    bucket("app", "us-east-1", json!("absent")),
                    bucket("web", "us-east-1", denied.clone()),
                ],
                vec![],
            ),
        );
        assert_finding(&f, ARN, Status::Error, "may be the log target of web");
        // However many such buckets there are, the reason names five.
        let mut buckets = vec![bucket("app", "us-east-1", json!("absent"))];
        buckets.extend((1..=7).map(|i| bucket(&format!("web{i}"), "us-east-1", denied.clone())));
        let f = run(&CHECK, account(buckets, vec![]));
        assert_finding(
            &f,
            ARN,
            Status::Error,
            "may be the log target of web1, web2, web3, web4, web5 and 2 more, whose",
        );
        // A target not in the inventory while S3 was blind somewhere.
        let mut a = account(vec![bucket("app", "us-east-1", logs_to("gone"))], vec![]);
        a["collection_errors"] = json!([{"service": "s3", "region": "eu-west-1", "operation": "GetBucketLocation", "code": "AccessDenied"}]);
        assert_finding(
            &run(&CHECK, a),
            ARN,
            Status::Error,
            "log target bucket gone could not be looked up: S3 could not be listed in eu-west-1",
        );
        // An unreadable trail leaves the FAIL, naming the unknown.
        let mut t = trail("main", "us-east-1", true, json!({}));
        t["event_selectors"] =
            json!({"error": {"operation": "GetEventSelectors", "code": "ThrottlingException"}});
        let got = assert_finding(
            &unlogged_with(vec![t]),
            ARN,
            Status::Fail,
            "also could not evaluate CloudTrail data events: trail main: throttled: GetEventSelectors",
        );
        assert_eq!(got.severity, Severity::Medium);
        let mut a = account(vec![bucket("app", "us-east-1", json!("absent"))], vec![]);
        a["collection_errors"] = json!([{"service": "cloudtrail", "region": "eu-west-1", "operation": "DescribeTrails", "code": "AccessDenied"}]);
        let f = run(&CHECK, a);
        assert_finding(
            &f,
            ARN,
            Status::Fail,
            "CloudTrail could not be listed in eu-west-1",
        );
        assert_finding(
            &f,
            "arn:aws:cloudtrail:eu-west-1:111122223333",
            Status::Error,
            "DescribeTrails failed",
        );
        let f = run(&CHECK, json!({"s3": {"buckets": []}}));
        assert!(f[0].status == Status::Error && f[0].reason.contains("no cloudtrail section"));
    }

    #[test]
    fn exempt_tag_skips() {
        let mut b = bucket("app", "us-east-1", json!("absent"));
        b["tags"] = json!({"compliance:exempt": "s3-access-logging"});
        assert_finding(
            &run(&CHECK, account(vec![b], vec![])),
            ARN,
            Status::Skip,
            "exempted by tag",
        );
    }
}
