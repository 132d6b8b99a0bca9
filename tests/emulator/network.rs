//! The VPC collector end to end: moto gives every region a default VPC
//! (with a subnet per Availability Zone), as AWS does.

use crate::common::{assert_finding, findings, Lab};
#[allow(unused_imports)]
use crate::sdk::*;

/// The default VPC of `ec2`'s region and its subnets' ids.
async fn default_vpc(ec2: &aws_sdk_ec2::Client) -> (String, Vec<String>) {
    let vpcs = ec2.describe_vpcs().send().await.unwrap();
    let default = vpcs
        .vpcs()
        .iter()
        .find(|v| v.is_default() == Some(true))
        .unwrap();
    let id = default.vpc_id().unwrap().to_string();
    let subnets = ec2
        .describe_subnets()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("vpc-id")
                .values(&id)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let subnets = subnets
        .subnets()
        .iter()
        .map(|s| s.subnet_id().unwrap().to_string())
        .collect();
    (id, subnets)
}

/// Deletes the default VPC of `region` (its subnets first).
async fn delete_default_vpc(lab: &Lab, region: &str) {
    let ec2 = lab_client!(lab, aws_sdk_ec2, region);
    let (id, subnets) = default_vpc(&ec2).await;
    for subnet in subnets {
        ec2.delete_subnet().subnet_id(subnet).send().await.unwrap();
    }
    ec2.delete_vpc().vpc_id(&id).send().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn default_vpcs_in_use_unused_and_deleted() {
    let Some(lab) = Lab::new("default-vpc").await else {
        return;
    };
    let (used, unused, deleted) = ("us-east-1", "eu-west-1", "us-west-2");
    // An interface in a subnet of us-east-1's default VPC.
    let ec2 = lab_client!(lab, aws_sdk_ec2, used);
    let (vpc_id, subnets) = default_vpc(&ec2).await;
    ec2.create_network_interface()
        .subnet_id(&subnets[0])
        .send()
        .await
        .unwrap();
    // The default VPC of eu-west-1 is touched once, so that it exists.
    let eu = lab_client!(lab, aws_sdk_ec2, unused);
    let eu_vpcs = eu.describe_vpcs().send().await.unwrap();
    let eu_default = eu_vpcs
        .vpcs()
        .iter()
        .find(|v| v.is_default() == Some(true))
        .unwrap()
        .vpc_id()
        .unwrap()
        .to_string();
    delete_default_vpc(&lab, deleted).await;

    let check = "ec2-no-default-vpc";
    let (doc, account) = lab.scan_and_snapshot(check, &[used, unused, deleted], &[]);
    let acct = &lab.account;
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:ec2:{used}:{acct}:vpc/{vpc_id}"),
        "fail",
        &format!("advisory: workloads run in default VPC {vpc_id} in {used}: 1 network interface(s) (1 interface)"),
    );
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:ec2:{unused}:{acct}:vpc/{eu_default}"),
        "fail",
        "unused: delete it",
    );
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:ec2:{deleted}:{acct}"),
        "pass",
        &format!("no default VPC in {deleted}"),
    );
    assert_eq!(findings(&doc, check).len(), 3, "{doc:#}");
    let vpcs = account["vpc"]["vpcs"].as_array().unwrap();
    assert_eq!(
        vpcs.iter().filter(|v| v["is_default"] == true).count(),
        2,
        "{vpcs:#?}"
    );
}
