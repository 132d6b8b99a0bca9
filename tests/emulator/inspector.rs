//! Amazon Inspector collected live: each region's scanning status beside
//! the EC2 instances it should scan, as `inspector-scanning` judges them.

use crate::common::{assert_finding, findings, Lab};
use crate::sdk::*;

/// An instance in a region where Inspector was never enabled fails. moto
/// 5.2.5 has no `ListCoverage` (HTTP 404): the coverage is unreadable, so
/// with ECR scanning off the ECR question is ERROR (never a PASS), beside
/// the EC2 FAIL in us-east-1 and alone in eu-west-1.
#[tokio::test(flavor = "multi_thread")]
async fn inspector_scanning_verdicts() {
    let Some(lab) = Lab::new("inspscan").await else {
        return;
    };
    let ec2 = lab_client!(lab, aws_sdk_ec2, "us-east-1");
    let ami = crate::compute::amazon_ami(&ec2).await;
    ec2.run_instances()
        .image_id(&ami)
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .unwrap();

    let check = "inspector-scanning";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1", "eu-west-1"], &[]);
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:inspector2:us-east-1:{}", lab.account),
        "fail",
        "EC2 scanning is DISABLED while 1 EC2 instance(s) run in us-east-1; also could not evaluate: ECR scanning is DISABLED",
    );
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:inspector2:eu-west-1:{}", lab.account),
        "error",
        "Inspector's coverage (the only sight of ECR repositories) could not be read: ListCoverage",
    );
    assert_eq!(findings(&doc, check).len(), 2, "{doc:#}");
}
