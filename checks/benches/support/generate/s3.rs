//! S3: buckets in the account (log targets, WAF log buckets, application
//! buckets) and buckets of other accounts that pipelines, trails and load
//! balancers name.

use super::fixture::{absent, de, denied, url_encode, val};
use super::gen::{Gen, PerRegion};
use super::kinds::{Generator, Kind};
use super::iam::{nth_role, DEPLOY};
use super::kms::key_ref;
use super::{ACCOUNT, OTHER, REGIONS, UNREADABLE};
use serde_json::{json, Value};

const BUCKETS: Kind = Kind::scaled("s3.buckets", 70);

pub const GENERATOR: Generator = Generator {
    kinds: &[BUCKETS, Kind::fixed("s3.other_buckets")],
    generate: |g, n| s3(g, n[BUCKETS]),
};

/// The buckets made that others refer to.
#[derive(Default)]
pub struct Buckets {
    /// Per region: ordinary (application) bucket names.
    pub by_region: PerRegion<String>,
    /// `aws-waf-logs-*` bucket names.
    pub waf: Vec<String>,
    /// A bucket every region's trail can deliver to.
    pub trail: String,
}

/// Buckets: one in 25 a log target of its region (the first, in the
/// first region, the main trail's); WAF log buckets
/// (`aws-waf-logs-*`, and tagged look-alikes without the prefix); TLS
/// policies that pass, near-miss, fail, deny everything, are text or
/// URL-encoded, are missing, unreadable or invalid; logging to targets of
/// the same region, another region, a missing bucket or itself.
fn s3(g: &mut Gen, n: usize) {
    let mut s3 = awscheck_checks::inventory::s3::S3::default();
    let mut targets: PerRegion<String> = Default::default();
    let mut buckets = Buckets::default();
    let layout: Vec<(usize, String, u8)> = (0..n)
        .map(|i| {
            // The first is the main trail's log bucket, in the first
            // region whatever the draw (so the trail's bucket exists at
            // every scale); the draw is made all the same, so the rest
            // of the layout does not shift.
            let r = match g.region() {
                _ if i == 0 => 0,
                r => r,
            };
            let region = REGIONS[r];
            match i {
                _ if i % 25 == 0 => (r, format!("logs-{i:06}-{region}"), b'l'),
                _ if i % 40 == 7 => (r, format!("aws-waf-logs-{i:06}"), b'w'),
                _ if i % 97 == 3 => (r, format!("waf-archive-{i:06}"), b'a'),
                _ => (r, format!("app-{i:06}-{region}"), b'b'),
            }
        })
        .collect();
    for (r, name, kind) in &layout {
        match kind {
            b'l' => targets[*r].push(name.clone()),
            b'w' => buckets.waf.push(name.clone()),
            b'b' => buckets.by_region[*r].push(name.clone()),
            _ => {}
        }
    }
    for r in 0..REGIONS.len() {
        if targets[r].is_empty() {
            targets[r].push(format!("logs-missing-{}", REGIONS[r]));
        }
    }
    buckets.trail = targets[0][0].clone();
    *g.made.of::<Buckets>() = buckets;
    for (i, (r, name, kind)) in layout.into_iter().enumerate() {
        let region = REGIONS[r];
        let arn = format!("arn:aws:s3:::{name}");
        let policy = bucket_policy(g, &arn);
        let versioning = match g.rng.pct() {
            0..=69 => val("Enabled"),
            70..=79 => val("Suspended"),
            80..=94 => absent(),
            _ => denied("GetBucketVersioning"),
        };
        let logging = if kind == b'l' {
            absent()
        } else {
            match g.rng.pct() {
                0..=54 => {
                    let t = g.rng.pick(&targets[r]).clone();
                    val(json!({"target_bucket": t, "target_prefix": format!("{name}/")}))
                }
                55..=59 => {
                    let other = (r + 1) % REGIONS.len();
                    let t = g.rng.pick(&targets[other]).clone();
                    val(json!({"target_bucket": t, "target_prefix": ""}))
                }
                60..=62 => val(json!({"target_bucket": format!("deleted-logs-{i}")})),
                63..=66 => val(json!({"target_bucket": name, "target_prefix": "self/"})),
                // Unreadable only in one region: elsewhere an unlogged
                // bucket is judged on CloudTrail data events.
                95.. if r == UNREADABLE => denied("GetBucketLogging"),
                _ => absent(),
            }
        };
        let mut tags = g.env_tags();
        let website = match g.rng.pct() {
            0..=3 => {
                if g.rng.chance(50) {
                    tags["website-endpoint"] = json!("true");
                }
                val(json!({"index_document": "index.html"}))
            }
            4 => denied("GetBucketWebsite"),
            _ => absent(),
        };
        if matches!(kind, b'w' | b'a') {
            tags["purpose"] = json!("waf-logs");
        }
        if g.rng.chance(1) {
            tags["compliance:exempt"] = json!("s3-https-only, s3-access-logging");
        }
        if g.rng.chance(20) {
            tags["data-classification"] = json!(*g.rng.pick(&["sensitive", "Confidential"]));
        }
        let notifications = notifications(g, region);
        let encryption = match g.rng.pct() {
            0..=49 => val(json!({"sse_algorithm": "AES256"})),
            50..=89 => match key_ref(g, r) {
                Some(k) => val(
                    json!({"sse_algorithm": "aws:kms", "kms_master_key_id": k, "bucket_key_enabled": true}),
                ),
                None => val(json!({"sse_algorithm": "aws:kms"})),
            },
            _ => absent(),
        };
        let mut bucket = json!({
            "arn": arn, "region": region, "account_id": ACCOUNT, "name": name, "tags": tags,
            "policy": policy, "versioning": versioning, "logging": logging,
            "website": website, "encryption": encryption, "notifications": notifications
        });
        replication(g, i, &mut bucket);
        s3.buckets.push(de(bucket));
    }
    for (name, region, versioning) in [
        ("partner-source-bucket", val("us-east-1"), val("Enabled")),
        ("partner-unversioned", val("eu-west-1"), absent()),
        (
            "partner-locked",
            denied("GetBucketLocation"),
            denied("GetBucketVersioning"),
        ),
        ("org-cloudtrail-archive", val("us-east-1"), val("Enabled")),
        ("gone-bucket", absent(), absent()),
        // The access log bucket of the replicated sandbox load balancers.
        (
            "storefront-s3-access-logs-111122223333-us-east-1",
            val("us-east-1"),
            val("Enabled"),
        ),
    ] {
        s3.other_buckets.push(de(
            json!({"name": name, "region": region, "versioning": versioning}),
        ));
    }
    g.acct.s3 = Some(s3);
}

/// Replication, by index (no draw, so the other variants do not shift):
/// one bucket in 6 is tagged for it (`replicate=true`, or `dr-tier` with an
/// `rpo`), replicating to a partner bucket that is versioned, unversioned,
/// unreadable or gone, with a role of the deploy pool or a deleted one;
/// some have no configuration or an unreadable one. Untagged buckets keep
/// it uncollected, as a live scan does.
fn replication(g: &mut Gen, i: usize, bucket: &mut Value) {
    if i % 6 != 1 {
        return;
    }
    let k = i / 6;
    let tags = &mut bucket["tags"];
    if k % 2 == 0 {
        tags["replicate"] = json!("true");
    } else {
        tags["dr-tier"] = json!("gold");
        tags["rpo"] = json!("1h");
    }
    let role = if k % 7 == 3 {
        format!("arn:aws:iam::{ACCOUNT}:role/s3-replication-deleted")
    } else {
        nth_role(g, DEPLOY, k)
    };
    let destination = ["partner-source-bucket", "partner-unversioned", "partner-locked", "gone-bucket"][k % 9 % 4];
    bucket["replication"] = match k % 11 {
        5 => absent(),
        8 => denied("GetBucketReplication"),
        _ => val(json!({"role": role, "rules": [{
            "id": "dr", "status": if k % 13 == 4 { "Disabled" } else { "Enabled" },
            "destination_bucket": format!("arn:aws:s3:::{destination}"), "replication_time": k % 3 == 0
        }]})),
    };
}

/// A bucket policy that requires TLS, nearly does, does not, cannot be
/// read or does not parse.
fn bucket_policy(g: &mut Gen, arn: &str) -> Value {
    let objects = format!("{arn}/*");
    let tls = |resources: Value, values: Value| {
        json!({"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
               "Resource": resources, "Condition": {"Bool": {"aws:SecureTransport": values}}})
    };
    let reader = json!({"Sid": "Readers", "Effect": "Allow",
        "Principal": {"AWS": [format!("arn:aws:iam::{ACCOUNT}:role/app-role-00001"), format!("arn:aws:iam::{OTHER}:root")]},
        "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [arn, &objects]});
    let doc =
        |statements: Vec<Value>| json!({"Version": "2012-10-17", "Statement": statements});
    match g.rng.pct() {
        0..=44 => val(doc(vec![
            reader,
            tls(json!([arn, &objects]), json!("false")),
        ])),
        45..=49 => val(Value::String(url_encode(
            &doc(vec![tls(json!([arn, &objects]), json!("false"))]).to_string(),
        ))),
        50..=54 => val(doc(vec![
            tls(json!(arn), json!(false)),
            tls(
                json!(format!("arn:aws:s3:::{}*/*", &arn[13..arn.len() - 2])),
                json!("false"),
            ),
        ])),
        55..=62 => val(doc(vec![reader, tls(json!(objects), json!("false"))])),
        63..=66 => {
            let mut s = tls(json!([arn, &objects]), json!("false"));
            s["Condition"]["StringNotEquals"] = json!({"aws:PrincipalAccount": ACCOUNT});
            val(doc(vec![s]))
        }
        67..=69 => val(doc(vec![
            json!({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": &objects, "Condition": {"Bool": {"aws:SecureTransport": "true"}}}),
        ])),
        70..=71 => val(doc(vec![tls(
            json!([arn, &objects]),
            json!(["false", "true"]),
        )])),
        72..=73 => val(doc(vec![
            tls(json!([arn, &objects]), json!("false")),
            json!({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [arn, &objects],
                   "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}}}),
        ])),
        74..=87 => absent(),
        88..=93 => denied("GetBucketPolicy"),
        94..=95 => val(json!({"Version": "2012-10-17", "Statement": 5})),
        _ => val(doc(vec![reader])),
    }
}

/// Event notifications: none, to a topic named as the SNS generator names
/// them (made in this region or not, so existing or missing), to a queue
/// that does not exist, or unreadable.
fn notifications(g: &mut Gen, region: &str) -> Value {
    let topic = format!("arn:aws:sns:{region}:{ACCOUNT}:topic-{:05}", g.rng.below(200));
    let created = json!(["s3:ObjectCreated:*"]);
    match g.rng.pct() {
        0..=69 => absent(),
        70..=84 => val(json!({"topics": [{"arn": topic, "events": created}]})),
        85..=94 => val(json!({"queues": [{"arn": format!("arn:aws:sqs:{region}:{ACCOUNT}:q-deleted-{}", g.rng.below(20)),
            "events": created}], "eventbridge": true})),
        _ => denied("GetBucketNotificationConfiguration"),
    }
}
