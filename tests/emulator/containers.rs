//! ECR end to end against the emulator: repositories under a basic
//! registry scanning rule (one with a lifecycle policy, one without) and
//! one the rule does not match (its own scan on push superseded by the
//! registry's rules); then `awscheck scan`, `snapshot` and
//! `scan --fixture <snapshot>` agree (`ecr-scan-and-lifecycle`). The
//! AccessDenied, throttling and 5xx answers are proven with
//! aws-smithy-mocks in `collect/src/tests/containers.rs`.

use crate::common::{assert_finding, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_ecr::types::{
    ImageScanningConfiguration, RegistryScanningRule, ScanFrequency, ScanType,
    ScanningRepositoryFilter, ScanningRepositoryFilterType,
};

const LIFECYCLE: &str = r#"{"rules":[{"rulePriority":1,"description":"expire untagged","selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}"#;

#[tokio::test(flavor = "multi_thread")]
async fn ecr_scanning_and_lifecycle_live() {
    let Some(lab) = Lab::new("ecr-scan-and-lifecycle").await else {
        return;
    };
    let ecr = aws_sdk_ecr::Client::new(&lab.sdk);
    for (name, scan_on_push) in [("web-app", false), ("web-cache", false), ("tools", true)] {
        ecr.create_repository()
            .repository_name(name)
            .image_scanning_configuration(
                ImageScanningConfiguration::builder()
                    .scan_on_push(scan_on_push)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    ecr.put_lifecycle_policy()
        .repository_name("web-app")
        .lifecycle_policy_text(LIFECYCLE)
        .send()
        .await
        .unwrap();
    ecr.put_registry_scanning_configuration()
        .scan_type(ScanType::Basic)
        .rules(
            RegistryScanningRule::builder()
                .scan_frequency(ScanFrequency::ScanOnPush)
                .repository_filters(
                    ScanningRepositoryFilter::builder()
                        .filter("web*")
                        .filter_type(ScanningRepositoryFilterType::Wildcard)
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let check = "ecr-scan-and-lifecycle";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    let arn = |n: &str| format!("arn:aws:ecr:us-east-1:{}:repository/{n}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (arn("web-app"), "pass"),
            (arn("web-cache"), "fail"),
            (arn("tools"), "fail")
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn("web-cache"),
        "fail",
        "advisory: no lifecycle policy",
    );
    assert_finding(
        &doc,
        check,
        &arn("tools"),
        "fail",
        "images are not scanned: no BASIC scanning rule matches the repository",
    );
    let rules = &account["ecr"]["registry_scanning"][0]["rules"][0];
    assert_eq!(rules["scan_frequency"], "SCAN_ON_PUSH", "{account:#}");
}
