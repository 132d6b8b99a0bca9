//! CloudFormation stack health, termination protection, stack policies and
//! plaintext secrets against moto: stacks created with and without
//! termination protection, a stack policy and a `NoEcho` parameter, then
//! `scan`, `snapshot` and `scan --fixture` agree.
//! Failed stacks and their events are proven with aws-smithy-mocks
//! (`collect/src/tests/iac.rs`): moto 5.2.5 completes every create.

use crate::common::*;
use crate::sdk::{aws_config, aws_sdk_appconfig, aws_sdk_cloudformation, aws_sdk_servicecatalog};
use aws_sdk_cloudformation::types::Tag;

/// A bucket (a resource that holds data) and a queue.
const TEMPLATE: &str =
    r#"{"Resources":{"Bucket":{"Type":"AWS::S3::Bucket"},"Queue":{"Type":"AWS::SQS::Queue"}}}"#;

/// The bucket kept on deletion and replacement (YAML, short-form tags), and
/// a parameter whose value must never be kept.
const KEPT: &str = "Parameters:\n  DbPassword: {Type: String}\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n    UpdateReplacePolicy: Retain\n    Properties:\n      Tags: [{Key: Name, Value: !Ref 'AWS::StackName'}]\n  Queue:\n    Type: AWS::SQS::Queue\n";

/// A token parameter marked `NoEcho` (moto masks its value as `****`) and
/// a secret whose string comes from Secrets Manager.
const ECHOLESS: &str = "Parameters:\n  ApiToken: {Type: String, NoEcho: true}\nResources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      SecretString: '{{resolve:ssm-secure:/orders/api-token}}'\n";

/// A synthetic password passed as a plain parameter value.
const PLAIN: &str = "synthetic-Pa55word-7f3a";

/// Allows updates, denies replacing or deleting the bucket.
const POLICY: &str = r#"{"Statement":[{"Effect":"Allow","Action":"Update:*","Principal":"*","Resource":"*"},{"Effect":"Deny","Action":["Update:Replace","Update:Delete"],"Principal":"*","Resource":"LogicalResourceId/Bucket"}]}"#;

const CHECKS: &str = "cloudformation-termination-protection,cloudformation-stack-health,cloudformation-stack-policy,cloudformation-stateful-deletion-policy,cloudformation-no-plaintext-secrets";

#[tokio::test(flavor = "multi_thread")]
async fn stack_health_protection_and_policy_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("cfnhealth").await else {
        return;
    };
    let cloudformation = aws_sdk_cloudformation::Client::new(&lab.sdk);
    let prod = Tag::builder().key("Environment").value("prod").build();
    let guarded = cloudformation
        .create_stack()
        .stack_name("orders-guarded")
        .template_body(KEPT)
        .parameters(
            aws_sdk_cloudformation::types::Parameter::builder()
                .parameter_key("DbPassword")
                .parameter_value(PLAIN)
                .build(),
        )
        .enable_termination_protection(true)
        .stack_policy_body(POLICY)
        .tags(prod.clone())
        .send()
        .await
        .unwrap();
    let guarded = guarded.stack_id().unwrap().to_string();
    let open = cloudformation
        .create_stack()
        .stack_name("orders-open")
        .template_body(TEMPLATE)
        .tags(prod)
        .send()
        .await
        .unwrap();
    let open = open.stack_id().unwrap().to_string();
    let scratch = cloudformation
        .create_stack()
        .stack_name("scratch")
        .template_body(TEMPLATE)
        .send()
        .await
        .unwrap();
    let scratch = scratch.stack_id().unwrap().to_string();
    let echoless = cloudformation
        .create_stack()
        .stack_name("orders-echoless")
        .template_body(ECHOLESS)
        .parameters(
            aws_sdk_cloudformation::types::Parameter::builder()
                .parameter_key("ApiToken")
                .parameter_value(PLAIN)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let echoless = echoless.stack_id().unwrap().to_string();

    let (doc, account) = lab.scan_and_snapshot(CHECKS, &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    assert_eq!(
        statuses(&doc, "cloudformation-termination-protection"),
        want(&[
            (&guarded, "pass"),
            (&open, "fail"),
            (&scratch, "skip"),
            (&echoless, "skip")
        ])
    );
    assert_eq!(
        statuses(&doc, "cloudformation-stack-health"),
        want(&[
            (&guarded, "pass"),
            (&open, "pass"),
            (&scratch, "pass"),
            (&echoless, "pass")
        ])
    );
    assert_eq!(
        statuses(&doc, "cloudformation-stack-policy"),
        want(&[
            (&guarded, "pass"),
            (&open, "fail"),
            (&scratch, "skip"),
            (&echoless, "skip")
        ])
    );
    assert_finding(
        &doc,
        "cloudformation-stack-policy",
        &open,
        "fail",
        "no stack policy: any update may replace or delete Bucket (AWS::S3::Bucket)",
    );
    assert_eq!(
        statuses(&doc, "cloudformation-stateful-deletion-policy"),
        want(&[
            (&guarded, "pass"),
            (&open, "fail"),
            (&scratch, "fail"),
            (&echoless, "skip")
        ])
    );
    assert_finding(
        &doc,
        "cloudformation-stateful-deletion-policy",
        &open,
        "fail",
        "Bucket (AWS::S3::Bucket): no DeletionPolicy",
    );
    assert_eq!(
        statuses(&doc, "cloudformation-no-plaintext-secrets"),
        want(&[
            (&guarded, "fail"),
            (&open, "skip"),
            (&scratch, "skip"),
            (&echoless, "pass")
        ])
    );
    assert_finding(
        &doc,
        "cloudformation-no-plaintext-secrets",
        &guarded,
        "fail",
        &format!(
            "parameter DbPassword has no NoEcho: DescribeStacks shows it in plain text (sha256 {})",
            awscheck_model::secret::short_hash(PLAIN)
        ),
    );
    assert_finding(
        &doc,
        "cloudformation-no-plaintext-secrets",
        &echoless,
        "pass",
        "ApiToken (NoEcho), Secret.SecretString (SSM SecureString)",
    );
    assert!(
        !account.to_string().contains(PLAIN),
        "a parameter value never enters the snapshot"
    );
    let stacks = account["cloudformation"]["stacks"].as_array().unwrap();
    let g = stacks
        .iter()
        .find(|s| s["arn"] == guarded.as_str())
        .unwrap();
    assert_eq!(g["termination_protection"], true, "{g}");
    assert!(g["created"].is_string(), "{g}");
}

/// RDS master passwords: managed by RDS in Secrets Manager, or static.
#[tokio::test(flavor = "multi_thread")]
async fn master_password_managed_scan_snapshot_and_fixture_agree() {
    use crate::sdk::aws_sdk_rds;
    let Some(lab) = Lab::new("rdssecret").await else {
        return;
    };
    let rds = aws_sdk_rds::Client::new(&lab.sdk);
    let mut arns = std::collections::BTreeMap::new();
    for (id, managed) in [
        ("ledger-prod", true),
        ("legacy-prod", false),
        ("scratch-dev", false),
    ] {
        let mut create = rds
            .create_db_instance()
            .db_instance_identifier(id)
            .db_instance_class("db.t3.micro")
            .engine("postgres")
            .master_username("admin")
            .allocated_storage(20);
        create = if managed {
            create.manage_master_user_password(true)
        } else {
            create.master_user_password("not-a-real-password")
        };
        let out = create.send().await.unwrap();
        let arn = out
            .db_instance()
            .unwrap()
            .db_instance_arn()
            .unwrap()
            .to_string();
        arns.insert(id, arn);
    }
    let (doc, account) = lab.scan_and_snapshot("rds-master-password-managed", &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    assert_eq!(
        statuses(&doc, "rds-master-password-managed"),
        want(&[
            (&arns["ledger-prod"], "pass"),
            (&arns["legacy-prod"], "fail"),
            (&arns["scratch-dev"], "fail"),
        ])
    );
    assert_finding(
        &doc,
        "rds-master-password-managed",
        &arns["scratch-dev"],
        "fail",
        "advisory: the master password is not managed in Secrets Manager",
    );
    assert!(!account.to_string().contains("not-a-real-password"));
}

/// AppConfig (`appconfig-safe-deployment`): moto 5.2.5 creates
/// applications and configuration profiles (with validators), but answers
/// `ListApplications` with a 500 (not implemented), and has no
/// environments or deployments: the region is ERROR naming that call, in
/// the live scan and in `scan --fixture` of the snapshot alike, never a
/// silent PASS (and so is CloudWatch, whose `DescribeAlarms` moto does not
/// serve either). The collector is proven with aws-smithy-mocks
/// (`collect/src/tests/appconfig.rs`).
#[tokio::test(flavor = "multi_thread")]
async fn appconfig_safe_deployment_live_is_blind_where_moto_lists_no_applications() {
    let Some(lab) = Lab::new("appconfig-safe-deployment").await else {
        return;
    };
    let appconfig = lab_client!(lab, aws_sdk_appconfig, "us-east-1");
    let app = appconfig
        .create_application()
        .name("storefront-web")
        .send()
        .await
        .unwrap();
    appconfig
        .create_configuration_profile()
        .application_id(app.id().unwrap())
        .name("web-settings")
        .location_uri("hosted")
        .send()
        .await
        .unwrap();
    let check = "appconfig-safe-deployment";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    let region = |service: &str| format!("arn:aws:{service}:us-east-1:{}", lab.account);
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (region("appconfig"), "error"),
            (region("cloudwatch"), "error")
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &region("appconfig"),
        "error",
        "appconfig could not be read in us-east-1: ListApplications failed",
    );
}

/// Service Catalog (`servicecatalog-launch-constraints`): moto 5.2.5
/// creates and lists portfolios, but answers `SearchProductsAsAdmin` (and
/// the constraint and principal listings) with a 500: the portfolio is
/// ERROR naming that call, never a PASS or a SKIP for "no products", in
/// the live scan and in `scan --fixture` of the snapshot alike. The rest of
/// the collector is proven with aws-smithy-mocks
/// (`collect/src/tests/servicecatalog.rs`).
#[tokio::test(flavor = "multi_thread")]
async fn servicecatalog_launch_constraints_live_lists_portfolios() {
    let Some(lab) = Lab::new("servicecatalog-launch-constraints").await else {
        return;
    };
    let catalog = lab_client!(lab, aws_sdk_servicecatalog, "us-east-1");
    let created = catalog
        .create_portfolio()
        .display_name("storefront-self-service")
        .provider_name("storefront")
        .idempotency_token("w6-svc-portfolio")
        .send()
        .await
        .unwrap();
    let arn = created
        .portfolio_detail()
        .and_then(|p| p.arn())
        .unwrap()
        .to_string();
    let check = "servicecatalog-launch-constraints";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &[]);
    assert_only_moto_gaps(&account);
    assert_eq!(
        statuses(&doc, check),
        want(&[(arn.as_str(), "error")]),
        "{doc:#}"
    );
    assert_finding(&doc, check, &arn, "error", "SearchProductsAsAdmin failed");
    let portfolio = &account["servicecatalog"]["portfolios"][0];
    assert_eq!(portfolio["name"], "storefront-self-service", "{account:#}");
}
