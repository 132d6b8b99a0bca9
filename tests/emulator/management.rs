//! The management and governance collectors end to end against the
//! emulator, then `awscheck scan`, `snapshot` and `scan --fixture
//! <snapshot>` agree. Resource Groups Tagging (`tagging-required-tags`):
//! moto's `GetResources` lists the tagged resources (never the untagged
//! ones) and pages them. Elastic Beanstalk: see its test. The AccessDenied,
//! throttling and 5xx answers are proven with aws-smithy-mocks in
//! `collect/src/tests/management.rs`.

use crate::common::{assert_finding, assert_only_moto_gaps, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
use aws_sdk_s3::types::{Tag as S3Tag, Tagging};

#[tokio::test(flavor = "multi_thread")]
async fn tagging_required_tags_live() {
    let Some(lab) = Lab::new("tagging-required-tags").await else {
        return;
    };
    let ec2 = lab_client!(lab, aws_sdk_ec2, "us-east-1");
    let volume = |tags: &[(&str, &str)]| {
        let mut request = ec2.create_volume().availability_zone("us-east-1a").size(1);
        if !tags.is_empty() {
            let mut spec = TagSpecification::builder().resource_type(ResourceType::Volume);
            for (k, v) in tags {
                spec = spec.tags(Tag::builder().key(*k).value(*v).build());
            }
            request = request.tag_specifications(spec.build());
        }
        request.send()
    };
    let tagged = volume(&[
        ("Environment", "prod"),
        ("Owner", "web"),
        ("CostCenter", "CC-1"),
    ])
    .await
    .unwrap();
    // Never tagged: GetResources does not list it.
    let untagged = volume(&[]).await.unwrap();
    let bucket = lab.name("scratch");
    lab.bucket(&bucket).await;
    lab.s3("us-east-1")
        .put_bucket_tagging()
        .bucket(&bucket)
        .tagging(
            Tagging::builder()
                .tag_set(
                    S3Tag::builder()
                        .key("Owner")
                        .value("jsmith")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let check = "tagging-required-tags";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    let tagged_arn = format!(
        "arn:aws:ec2:us-east-1:{}:volume/{}",
        lab.account,
        tagged.volume_id().unwrap()
    );
    let bucket_arn = format!("arn:aws:s3:::{bucket}");
    // The never-tagged volume is not listed, so not judged.
    assert!(
        !doc.to_string().contains(untagged.volume_id().unwrap()),
        "{doc:#}"
    );
    assert_eq!(
        statuses(&doc, check),
        want(&[(tagged_arn, "pass"), (bucket_arn.clone(), "fail")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &bucket_arn,
        "fail",
        "missing required tag Environment, CostCenter",
    );
}

/// Elastic Beanstalk (`elasticbeanstalk-deployment-policy`): moto serves
/// the environments and their tags; it answers
/// `DescribeConfigurationSettings` with a 500 (not implemented), so the
/// production environment is ERROR naming that call, and the staging one,
/// judged on its tags alone, is SKIP. The settings are proven with
/// aws-smithy-mocks.
#[tokio::test(flavor = "multi_thread")]
async fn elasticbeanstalk_deployment_policy_live() {
    let Some(lab) = Lab::new("elasticbeanstalk-deployment-policy").await else {
        return;
    };
    let eb = lab_client!(lab, aws_sdk_elasticbeanstalk, "us-east-1");
    eb.create_application()
        .application_name("shop")
        .send()
        .await
        .unwrap();
    for (name, environment) in [("web-live", "prod"), ("web-next", "staging")] {
        eb.create_environment()
            .application_name("shop")
            .environment_name(name)
            .solution_stack_name("64bit Amazon Linux 2023 v4.3.0 running Python 3.11")
            .tags(
                aws_sdk_elasticbeanstalk::types::Tag::builder()
                    .key("Environment")
                    .value(environment)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    }
    let check = "elasticbeanstalk-deployment-policy";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    let arn = |n: &str| {
        format!(
            "arn:aws:elasticbeanstalk:us-east-1:{}:environment/shop/{n}",
            lab.account
        )
    };
    assert_eq!(
        statuses(&doc, check),
        want(&[(arn("web-live"), "error"), (arn("web-next"), "skip")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &arn("web-live"),
        "error",
        "DescribeConfigurationSettings failed",
    );
    let env = &account["elasticbeanstalk"]["environments"][0];
    assert_eq!(env["tags"]["Environment"], "prod", "{account:#}");
}
