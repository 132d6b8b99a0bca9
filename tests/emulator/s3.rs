//! S3 end to end against the emulator: buckets created through the SDK,
//! then `awscheck scan` and `snapshot` as a user runs them, and
//! `scan --fixture <snapshot>` giving identical findings.

use crate::common::{assert_finding, json, statuses, stderr, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_s3::types::{
    BucketVersioningStatus, IndexDocument, ServerSideEncryption, ServerSideEncryptionByDefault,
    ServerSideEncryptionConfiguration, ServerSideEncryptionRule, Tag, Tagging,
    VersioningConfiguration, WebsiteConfiguration,
};

pub(crate) fn deny_http(bucket: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
    )
}

fn allow_https_only(bucket: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::123456789012:root"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*","Condition":{{"Bool":{{"aws:SecureTransport":"true"}}}}}}]}}"#
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_https_only_both_verdicts_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("s3").await else {
        return;
    };
    let s3 = lab.s3("us-east-1");
    let secure = lab.name("secure");
    let open = lab.name("open");
    let allow = lab.name("allow");
    let logs = lab.name("logs");
    for b in [&secure, &open, &allow, &logs] {
        lab.bucket(b).await;
    }
    lab.bucket_policy("us-east-1", &secure, deny_http(&secure))
        .await;
    lab.bucket_policy("us-east-1", &allow, allow_https_only(&allow))
        .await;
    s3.put_bucket_versioning()
        .bucket(&secure)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    lab.access_logging(&secure, &logs, "s3/").await;
    s3.put_bucket_encryption()
        .bucket(&secure)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(
                    ServerSideEncryptionRule::builder()
                        .apply_server_side_encryption_by_default(
                            ServerSideEncryptionByDefault::builder()
                                .sse_algorithm(ServerSideEncryption::AwsKms)
                                .kms_master_key_id("alias/app")
                                .build()
                                .unwrap(),
                        )
                        .bucket_key_enabled(true)
                        .build(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    s3.put_bucket_website()
        .bucket(&open)
        .website_configuration(
            WebsiteConfiguration::builder()
                .index_document(
                    IndexDocument::builder()
                        .suffix("index.html")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
    s3.put_bucket_tagging()
        .bucket(&open)
        .tagging(
            Tagging::builder()
                .tag_set(Tag::builder().key("team").value("web").build().unwrap())
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // A bucket in another region, read there.
    let eu = lab.name("eu");
    lab.bucket_in("eu-west-1", &eu).await;
    lab.bucket_policy("eu-west-1", &eu, deny_http(&eu)).await;

    let regions = ["--region", "us-east-1", "--region", "eu-west-1"];
    let arn = |b: &str| format!("arn:aws:s3:::{b}");

    // scan: the live account (the s3 check only: every other section would
    // be collected too).
    let mut args = vec!["scan", "--format", "json", "--checks", "s3-https-only"];
    args.extend(regions);
    let live = lab.run(&args);
    assert_eq!(
        live.status.code(),
        Some(1),
        "a high FAIL fails the gate; stderr: {}",
        stderr(&live)
    );
    let live_doc = json(&live);
    let got = statuses(&live_doc, "s3-https-only");
    let want: std::collections::BTreeMap<String, String> = [
        (arn(&secure), "pass"),
        (arn(&open), "fail"),
        (arn(&allow), "fail"),
        (arn(&logs), "fail"),
        (arn(&eu), "pass"),
    ]
    .into_iter()
    .map(|(a, s)| (a, s.to_string()))
    .collect();
    assert_eq!(got, want, "stderr: {}", stderr(&live));
    for f in live_doc["findings"].as_array().unwrap() {
        assert_eq!(f["account_id"], lab.account.as_str());
    }
    let eu_finding = live_doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["resource_arn"] == arn(&eu))
        .unwrap();
    assert_eq!(eu_finding["region"], "eu-west-1");
    let err = stderr(&live);
    let last = err.lines().last().unwrap_or_default();
    // None failed: s3-https-only does not read versioning, the one call
    // moto fails on each bucket (see the snapshot below).
    assert!(
        last.starts_with(&format!(
            "awscheck: collected account {} (2 regions) with ",
            lab.account
        )) && last.contains(" API calls (0 failed, 0 back-offs) in "),
        "final stderr line: {err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no progress bar when stderr is not a terminal: {err:?}"
    );

    // Only the sections the selected checks read are collected.
    let calls = |o: &std::process::Output| -> u64 {
        let e = stderr(o);
        let after = e.split(" with ").last().unwrap().to_string();
        after.split(' ').next().unwrap().parse().unwrap()
    };
    assert!(
        calls(&live) < 60,
        "scan of s3 checks made {} calls",
        calls(&live)
    );

    // snapshot: the inventory as a fixture.
    let snap = lab.path("s3.json");
    let mut args = vec!["snapshot", "--out", &snap];
    args.extend(regions);
    let out = lab.run(&args);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    let inv: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&snap).unwrap()).unwrap();
    let account = &inv["accounts"][0];
    assert_eq!(account["account_id"], lab.account.as_str());
    assert_eq!(
        account["regions"],
        serde_json::json!(["us-east-1", "eu-west-1"])
    );
    crate::common::assert_only_moto_gaps(account);
    let bucket = |name: &str| {
        account["s3"]["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no bucket {name} in {account}"))
    };
    let b = bucket(&secure);
    assert_eq!(b["region"], "us-east-1");
    assert_eq!(
        b["policy"]["value"]["Statement"][0]["Sid"], "DenyInsecureTransport",
        "stored as a JSON object"
    );
    // moto 5.2.5 answers GetBucketVersioning with a <GetBucketVersioningResponse>
    // root the SDK rightly rejects: recorded as unknown, never as "absent".
    // The Value/Absent mapping is covered by collect::tests instead.
    assert_eq!(b["versioning"]["error"]["code"], "InvalidResponse", "{b}");
    assert_eq!(
        b["logging"]["value"],
        serde_json::json!({"target_bucket": logs, "target_prefix": "s3/"})
    );
    assert_eq!(b["website"], "absent");
    assert_eq!(b["encryption"]["value"]["sse_algorithm"], "aws:kms");
    assert_eq!(b["encryption"]["value"]["kms_master_key_id"], "alias/app");
    let o = bucket(&open);
    assert_eq!(o["policy"], "absent");
    assert_eq!(o["logging"], "absent");
    assert_eq!(o["website"]["value"]["index_document"], "index.html");
    assert_eq!(o["tags"], serde_json::json!({"team": "web"}));
    assert_eq!(bucket(&eu)["region"], "eu-west-1");
    // The referenced KMS alias does not exist: recorded with no target.
    let aliases = account["kms"]["aliases"].as_array().unwrap();
    let app = aliases
        .iter()
        .find(|a| a["name"] == "alias/app" && a["region"] == "us-east-1")
        .unwrap_or_else(|| panic!("{aliases:?}"));
    assert!(app.get("target_key_id").is_none());

    // scan --fixture: the same findings.
    lab.assert_fixture_agrees(&snap, "s3-https-only", &live_doc, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn aws_endpoint_url_in_the_environment_works_like_the_flag() {
    let Some(lab) = Lab::new("s3env").await else {
        return;
    };
    let b = lab.name("only");
    lab.s3("us-east-1")
        .create_bucket()
        .bucket(&b)
        .send()
        .await
        .unwrap();
    let out = lab
        .command(&[
            "scan",
            "--format",
            "json",
            "--quiet",
            "--role-arn",
            &lab.role_arn,
            "--checks",
            "s3-https-only",
        ])
        .env("AWS_ENDPOINT_URL", &lab.endpoint)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(
        statuses(&json(&out), "s3-https-only")
            .get(&format!("arn:aws:s3:::{b}"))
            .map(String::as_str),
        Some("fail")
    );
    assert_eq!(stderr(&out), "", "--quiet prints nothing on stderr");
}

#[tokio::test(flavor = "multi_thread")]
async fn buckets_outside_the_scanned_regions_are_left_out() {
    let Some(lab) = Lab::new("s3regions").await else {
        return;
    };
    let here = lab.name("here");
    let there = lab.name("there");
    lab.bucket(&here).await;
    lab.bucket_in("ap-south-1", &there).await;
    let scan = |scope: &str| {
        lab.run(&[
            "scan",
            "--format",
            "json",
            "--checks",
            "s3-https-only",
            scope,
        ])
    };
    let out = scan("--region=us-east-1");
    let got = statuses(&json(&out), "s3-https-only");
    assert_eq!(
        got.keys().cloned().collect::<Vec<_>>(),
        [format!("arn:aws:s3:::{here}")],
        "stderr: {}",
        stderr(&out)
    );
    let out = scan("--all-regions");
    let got = statuses(&json(&out), "s3-https-only");
    assert_eq!(
        got.len(),
        2,
        "--all-regions: {got:?}; stderr: {}",
        stderr(&out)
    );
}

/// Default encryption as `s3-kms-bucket-key` judges it: SSE-KMS with and
/// without a Bucket Key, SSE-S3.
async fn encrypt(lab: &Lab, bucket: &str, algorithm: ServerSideEncryption, bucket_key: bool) {
    let mut default = ServerSideEncryptionByDefault::builder().sse_algorithm(algorithm.clone());
    if algorithm == ServerSideEncryption::AwsKms {
        default = default.kms_master_key_id("alias/uploads");
    }
    let rule = ServerSideEncryptionRule::builder()
        .apply_server_side_encryption_by_default(default.build().unwrap())
        .bucket_key_enabled(bucket_key)
        .build();
    lab.s3("us-east-1")
        .put_bucket_encryption()
        .bucket(bucket)
        .server_side_encryption_configuration(
            ServerSideEncryptionConfiguration::builder()
                .rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_kms_bucket_key_live() {
    let Some(lab) = Lab::new("s3-kms-bucket-key").await else {
        return;
    };
    let (keyed, unkeyed, sse_s3) = (lab.name("keyed"), lab.name("unkeyed"), lab.name("sse-s3"));
    for b in [&keyed, &unkeyed, &sse_s3] {
        lab.bucket(b).await;
    }
    encrypt(&lab, &keyed, ServerSideEncryption::AwsKms, true).await;
    encrypt(&lab, &unkeyed, ServerSideEncryption::AwsKms, false).await;
    encrypt(&lab, &sse_s3, ServerSideEncryption::Aes256, false).await;
    let check = "s3-kms-bucket-key";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |b: &str| format!("arn:aws:s3:::{b}");
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn(&keyed), "pass"),
            (arn(&unkeyed), "fail"),
            (arn(&sse_s3), "pass"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn(&unkeyed),
        "fail",
        "advisory: SSE-KMS with key alias/uploads but no Bucket Key",
    );
    assert_finding(&doc, check, &arn(&sse_s3), "pass", "SSE-S3 (AES256)");
}

/// Tags bucket `name` (us-east-1) with `tags`.
async fn tag_bucket(lab: &Lab, name: &str, tags: &[(&str, &str)]) {
    let set = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(*k).value(*v).build().unwrap())
        .collect::<Vec<_>>();
    lab.s3("us-east-1")
        .put_bucket_tagging()
        .bucket(name)
        .tagging(Tagging::builder().set_tag_set(Some(set)).build().unwrap())
        .send()
        .await
        .unwrap();
}

/// Replicates us-east-1 bucket `source` (versioned first, as S3 requires)
/// to `destination` with `role`, RTC on or off.
async fn replicate(lab: &Lab, source: &str, destination: &str, role: &str, rtc: bool) {
    use aws_sdk_s3::types::{
        Destination, ReplicationConfiguration, ReplicationRule, ReplicationRuleFilter,
        ReplicationRuleStatus, ReplicationTime, ReplicationTimeStatus, ReplicationTimeValue,
    };
    let s3 = lab.s3("us-east-1");
    s3.put_bucket_versioning()
        .bucket(source)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let mut to = Destination::builder().bucket(format!("arn:aws:s3:::{destination}"));
    if rtc {
        to = to.replication_time(
            ReplicationTime::builder()
                .status(ReplicationTimeStatus::Enabled)
                .time(ReplicationTimeValue::builder().minutes(15).build())
                .build()
                .unwrap(),
        );
    }
    let rule = ReplicationRule::builder()
        .id("dr")
        .filter(ReplicationRuleFilter::builder().prefix("").build())
        .status(ReplicationRuleStatus::Enabled)
        .destination(to.build().unwrap())
        .build()
        .unwrap();
    s3.put_bucket_replication()
        .bucket(source)
        .replication_configuration(
            ReplicationConfiguration::builder()
                .role(role)
                .rules(rule)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
}

/// `s3-replication-critical` live: `GetBucketReplication` only for the
/// buckets tagged for it, its rules (destination, RTC) and role read, the
/// destination of another account looked up, and an untagged bucket never
/// asked. moto 5.2.5 answers `GetBucketVersioning` with a root the SDK
/// rejects, so every replicating bucket's verdict waits on an unknown
/// versioning (ERROR) unless something is confirmed wrong (the role).
#[tokio::test(flavor = "multi_thread")]
async fn s3_replication_critical_live() {
    let Some(lab) = Lab::new("s3-replication").await else {
        return;
    };
    let (dr, gone_role, bare, plain, target) = (
        lab.name("dr"),
        lab.name("gone-role"),
        lab.name("bare"),
        lab.name("plain"),
        lab.name("target"),
    );
    for b in [&dr, &gone_role, &bare, &plain, &target] {
        lab.bucket(b).await;
    }
    let role = lab.role("s3-replication", "s3.amazonaws.com").await;
    let deleted = format!("arn:aws:iam::{}:role/s3-replication-deleted", lab.account);
    tag_bucket(&lab, &dr, &[("dr-tier", "gold"), ("rpo", "15m")]).await;
    tag_bucket(&lab, &gone_role, &[("replicate", "true")]).await;
    tag_bucket(&lab, &bare, &[("replicate", "true")]).await;
    replicate(&lab, &dr, &target, &role, true).await;
    replicate(&lab, &gone_role, "partner-vault", &deleted, false).await;
    // Replicating but untagged: never asked.
    replicate(&lab, &plain, &target, &role, false).await;

    let check = "s3-replication-critical";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |b: &str| format!("arn:aws:s3:::{b}");
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn(&dr), "error"),
            (arn(&gone_role), "fail"),
            (arn(&bare), "fail"),
            (arn(&plain), "skip"),
            (arn(&target), "skip"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn(&bare),
        "fail",
        "no replication configuration",
    );
    assert_finding(
        &doc,
        check,
        &arn(&gone_role),
        "fail",
        &format!("replication role {deleted} does not exist"),
    );
    assert_finding(
        &doc,
        check,
        &arn(&dr),
        "error",
        "the source bucket's versioning: ",
    );
    let bucket = |name: &str| {
        account["s3"]["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no bucket {name} in {account}"))
    };
    assert_eq!(
        bucket(&dr)["replication"]["value"],
        serde_json::json!({"role": role, "rules": [{"id": "dr", "status": "Enabled",
            "destination_bucket": arn(&target), "replication_time": true}]})
    );
    assert_eq!(
        bucket(&gone_role)["replication"]["value"]["rules"][0]["replication_time"],
        false
    );
    assert_eq!(bucket(&bare)["replication"], "absent");
    assert_eq!(
        bucket(&plain)["replication"]["error"]["code"],
        "NotCollected",
        "an untagged bucket is not asked: {}",
        bucket(&plain)
    );
    // The destination no account of the lab owns, looked up after the first pass.
    let other = account["s3"]["other_buckets"].as_array().unwrap();
    assert!(
        other.iter().any(|b| b["name"] == "partner-vault"),
        "{other:?}"
    );
}
