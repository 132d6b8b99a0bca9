//! Collecting only what the selected checks read, end to end: on a lab with
//! resources for several checks, `scan --checks X` finds for X exactly what
//! the full scan finds for X, with fewer API calls.

use crate::common::{findings, json, stderr, Lab};
#[allow(unused_imports)]
use crate::sdk::*;

/// The checks scanned alone: each has resources in the lab.
const CHECKS: &[&str] = &[
    "s3-https-only",
    "s3-access-logging",
    "cloudtrail-multi-region",
    "cloudtrail-cloudwatch-logs-cmk",
    "codepipeline-artifacts-kms",
    "codepipeline-s3-source-versioning",
    "ec2-imdsv2-required",
];

/// The API calls on a scan's summary line.
fn calls(stderr: &str) -> u64 {
    stderr
        .split(" with ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no API call count in {stderr:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn single_check_scans_find_what_the_full_scan_finds() {
    let Some(lab) = Lab::new("selection").await else {
        return;
    };
    // S3: a bucket that denies plain HTTP, one that does not.
    let (secure, open, trail_bucket) = (lab.name("secure"), lab.name("open"), lab.name("trail"));
    for b in [&secure, &open, &trail_bucket] {
        lab.bucket(b).await;
    }
    lab.bucket_policy("us-east-1", &secure, crate::s3::deny_http(&secure))
        .await;
    // CloudTrail: a multi-region trail, logging all management events.
    let ct = lab_client!(lab, aws_sdk_cloudtrail, "us-east-1");
    ct.create_trail()
        .name("main")
        .s3_bucket_name(&trail_bucket)
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .send()
        .await
        .unwrap();
    crate::observe::log_all_management_events(&ct, "main").await;
    // CodePipeline: an artifact store encrypted with a customer key, its
    // source in a bucket of the account and one that does not exist.
    let role = lab.role("pipeline", "codepipeline.amazonaws.com").await;
    let key = lab.kms("us-east-1").create_key().send().await.unwrap();
    let key = key.key_metadata().unwrap().arn().unwrap().to_string();
    let codepipeline = aws_sdk_codepipeline::Client::new(&lab.sdk);
    for (name, source) in [("app", &secure), ("gone", &lab.name("missing"))] {
        codepipeline
            .create_pipeline()
            .pipeline(crate::cicd::pipeline(
                name,
                &role,
                crate::cicd::store(&open, Some(&key)),
                source,
            ))
            .send()
            .await
            .unwrap();
    }
    // EC2 and Auto Scaling: instances, templates (one version pinned).
    crate::compute::ec2_and_autoscaling(&lab).await;

    let flags = ["--region", "us-east-1", "--max-attempts", "2"];
    let scan = |checks: Option<&str>| {
        let mut args = vec!["scan", "--format", "json"];
        if let Some(c) = checks {
            args.extend(["--checks", c]);
        }
        args.extend(flags);
        let out = lab.run(&args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "scan {checks:?}: exit {:?}; stderr: {}",
            out.status.code(),
            stderr(&out)
        );
        (json(&out), calls(&stderr(&out)))
    };
    let (full, full_calls) = scan(None);
    for check in CHECKS {
        let (alone, alone_calls) = scan(Some(check));
        let want = findings(&full, check);
        assert!(!want.is_empty(), "{check}: the lab gives it findings");
        assert_eq!(
            findings(&alone, check),
            want,
            "{check} alone finds what the full scan finds for it"
        );
        assert!(
            alone_calls < full_calls,
            "{check} alone made {alone_calls} API calls, the full scan {full_calls}"
        );
    }
}
