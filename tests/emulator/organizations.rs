//! AWS Organizations collected live from the management account: the tree
//! (roots, organizational units, the accounts in each), the service control
//! policies with their documents and targets, as `org-scp-guardrails`
//! judges them.

use crate::common::{assert_finding, findings, Lab};
use crate::sdk::*;
use serde_json::json;

/// An account kept in by a leave-organization Deny on its OU passes; one
/// left in the root, with no such Deny on its path, fails. (moto 5.2.5
/// attaches FullAWSAccess to every new OU and account, as AWS does, and
/// like AWS leaves the root's SERVICE_CONTROL_POLICY type to be enabled.)
#[tokio::test(flavor = "multi_thread")]
async fn org_scp_guardrails_verdicts() {
    use aws_sdk_organizations::types::{OrganizationFeatureSet, PolicyType};
    let Some(lab) = Lab::new("orgscp").await else {
        return;
    };
    let org = lab_client!(lab, aws_sdk_organizations, "us-east-1");
    let organization = org
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap();
    let org_arn = organization
        .organization()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let root = org.list_roots().send().await.unwrap().roots()[0]
        .id()
        .unwrap()
        .to_string();
    // As in AWS, service control policies are enabled on the root apart.
    org.enable_policy_type()
        .root_id(&root)
        .policy_type(PolicyType::ServiceControlPolicy)
        .send()
        .await
        .unwrap();
    let ou = org
        .create_organizational_unit()
        .parent_id(&root)
        .name("Workloads")
        .send()
        .await
        .unwrap()
        .organizational_unit()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let mut ids = Vec::new();
    for name in ["kept", "free"] {
        let status = org
            .create_account()
            .account_name(name)
            .email(format!("{name}@example.com"))
            .send()
            .await
            .unwrap();
        ids.push(
            status
                .create_account_status()
                .unwrap()
                .account_id()
                .unwrap()
                .to_string(),
        );
    }
    org.move_account()
        .account_id(&ids[0])
        .source_parent_id(&root)
        .destination_parent_id(&ou)
        .send()
        .await
        .unwrap();
    let deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]});
    let policy = org
        .create_policy()
        .name("deny-leave")
        .description("members stay in the organization")
        .r#type(PolicyType::ServiceControlPolicy)
        .content(deny.to_string())
        .send()
        .await
        .unwrap()
        .policy()
        .unwrap()
        .policy_summary()
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    org.attach_policy()
        .policy_id(&policy)
        .target_id(&ou)
        .send()
        .await
        .unwrap();
    let arn = |id: &str| {
        let org_id = org_arn.rsplit('/').next().unwrap();
        format!(
            "arn:aws:organizations::{}:account/{org_id}/{id}",
            lab.account
        )
    };

    let check = "org-scp-guardrails";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_finding(
        &doc,
        check,
        &arn(&ids[0]),
        "pass",
        "SCP deny-leave on Workloads denies organizations:LeaveOrganization",
    );
    assert_finding(
        &doc,
        check,
        &arn(&ids[1]),
        "fail",
        "the account can leave the organization",
    );
    assert_finding(&doc, check, &org_arn, "pass", "all features on");
    // The management account: no workloads (and SCPs never apply to it).
    assert_finding(
        &doc,
        check,
        &arn(&lab.account),
        "pass",
        "no EC2 instances or Lambda functions run in the management account",
    );
    assert_eq!(findings(&doc, check).len(), 4, "{doc:#}");
}

/// GuardDuty delegated to a member account (registered through
/// Organizations) passes from the management account, whose delegated
/// administrators are listed with their services.
#[tokio::test(flavor = "multi_thread")]
async fn security_services_delegated_administrator() {
    use aws_sdk_organizations::types::OrganizationFeatureSet;
    let Some(lab) = Lab::new("orgsecsvc").await else {
        return;
    };
    let org = lab_client!(lab, aws_sdk_organizations, "us-east-1");
    let org_arn = org
        .create_organization()
        .feature_set(OrganizationFeatureSet::All)
        .send()
        .await
        .unwrap()
        .organization()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let security = org
        .create_account()
        .account_name("security")
        .email("security@example.com")
        .send()
        .await
        .unwrap()
        .create_account_status()
        .unwrap()
        .account_id()
        .unwrap()
        .to_string();
    org.register_delegated_administrator()
        .account_id(&security)
        .service_principal("guardduty.amazonaws.com")
        .send()
        .await
        .unwrap();

    let check = "security-services-org-coverage";
    let (doc, _) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_finding(
        &doc,
        check,
        &org_arn,
        "pass",
        &format!("GuardDuty is administered by {security}"),
    );
    // moto 5.2.5 answers Inspector's DescribeOrganizationConfiguration in
    // any account (AWS: only the delegated administrator), auto-enable off.
    assert_finding(
        &doc,
        check,
        &format!("arn:aws:inspector2:us-east-1:{}", lab.account),
        "fail",
        "advisory: Inspector does not auto-enable ec2, ecr, lambda scanning",
    );
    assert_eq!(findings(&doc, check).len(), 2, "{doc:#}");
}
