//! The edge checks judged live: web ACL associations (API Gateway stages,
//! AppSync APIs, load balancers) and where the account's CloudTrail logs
//! go (a trail's KMS key, log file validation and bucket policy).
//!
//! moto 5.2.5 gaps met here: `wafv2:ListResourcesForWebACL` answers HTTP
//! 500, so a load balancer no stage-like field names is ERROR, never FAIL;
//! `appsync:ListGraphqlApis` has no `wafWebAclArn` (and no pages): a
//! GraphQL API's web ACL is proven with aws-smithy-mocks
//! (`collect/src/tests/security.rs`).

use crate::common::{assert_finding, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn waf_webacl_associated_live() {
    let Some(lab) = Lab::new("waf-associated").await else {
        return;
    };
    let acl = lab
        .web_acl("edge-api", aws_sdk_wafv2::types::Scope::Regional, &[])
        .await;
    // A REST API with two stages, the web ACL associated with one.
    let apigw = lab_client!(lab, aws_sdk_apigateway, "us-east-1");
    let api = apigw
        .create_rest_api()
        .name("orders")
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let root = apigw
        .get_resources()
        .rest_api_id(&api)
        .send()
        .await
        .unwrap()
        .items()[0]
        .id()
        .unwrap()
        .to_string();
    apigw
        .put_method()
        .rest_api_id(&api)
        .resource_id(&root)
        .http_method("GET")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    apigw
        .put_integration()
        .rest_api_id(&api)
        .resource_id(&root)
        .http_method("GET")
        .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
        .send()
        .await
        .unwrap();
    for stage in ["prod", "dev"] {
        apigw
            .create_deployment()
            .rest_api_id(&api)
            .stage_name(stage)
            .send()
            .await
            .unwrap();
    }
    let stage = |name: &str| format!("arn:aws:apigateway:us-east-1::/restapis/{api}/stages/{name}");
    lab_client!(lab, aws_sdk_wafv2, "us-east-1")
        .associate_web_acl()
        .web_acl_arn(&acl)
        .resource_arn(stage("prod"))
        .send()
        .await
        .unwrap();
    // GraphQL APIs: one behind an API key, one IAM-only.
    let appsync = lab_client!(lab, aws_sdk_appsync, "us-east-1");
    let mut graphql = Vec::new();
    for (name, auth) in [
        (
            "catalog",
            aws_sdk_appsync::types::AuthenticationType::ApiKey,
        ),
        (
            "backoffice",
            aws_sdk_appsync::types::AuthenticationType::AwsIam,
        ),
    ] {
        let made = appsync
            .create_graphql_api()
            .name(name)
            .authentication_type(auth)
            .tags("Team", "storefront")
            .send()
            .await
            .unwrap();
        graphql.push(made.graphql_api().unwrap().arn().unwrap().to_string());
    }
    // An internet-facing ALB: moto cannot list the web ACL's associations.
    let (_, subnets) =
        crate::traffic::vpc_with_subnets(&lab, "10.40.0.0/16", &["us-east-1a", "us-east-1b"]).await;
    let alb = aws_sdk_elasticloadbalancingv2::Client::new(&lab.sdk)
        .create_load_balancer()
        .name("shop")
        .scheme(aws_sdk_elasticloadbalancingv2::types::LoadBalancerSchemeEnum::InternetFacing)
        .set_subnets(Some(subnets))
        .send()
        .await
        .unwrap()
        .load_balancers()[0]
        .load_balancer_arn()
        .unwrap()
        .to_string();

    let check = "waf-webacl-associated";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &["--max-attempts", "2"]);
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (&stage("prod"), "pass"),
            (&stage("dev"), "fail"),
            (&graphql[0], "fail"),
            (&graphql[1], "skip"),
            (&alb, "error"),
        ]),
        "{doc:#}"
    );
    assert_finding(&doc, check, &stage("prod"), "pass", &acl);
    assert_finding(
        &doc,
        check,
        &graphql[0],
        "fail",
        "GraphQL API catalog (API_KEY) has no web ACL",
    );
    assert_finding(
        &doc,
        check,
        &alb,
        "error",
        "the associations of web ACL edge-api in us-east-1 could not be read: ListResourcesForWebACL failed",
    );
    let stages = &account["apigateway"]["rest_apis"][0]["stages"]["value"];
    assert_eq!(
        stages.as_array().map(Vec::len),
        Some(2),
        "both stages: {stages:#}"
    );
    let apis = account["appsync"]["graphql_apis"].as_array().unwrap();
    let catalog = apis.iter().find(|a| a["name"] == "catalog").unwrap();
    assert_eq!(
        (
            &catalog["authentication_type"],
            &catalog["visibility"],
            &catalog["tags"]
        ),
        (
            &json!("API_KEY"),
            &json!("GLOBAL"),
            &json!({"Team": "storefront"})
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cloudtrail_org_central_live() {
    let Some(lab) = Lab::new("org-central").await else {
        return;
    };
    let acct = lab.account.clone();
    let bucket = lab.name("trail");
    lab.bucket(&bucket).await;
    // The trail's bucket lets another account delete the logs.
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "CloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
             "Action": "s3:PutObject", "Resource": format!("arn:aws:s3:::{bucket}/*")},
            {"Sid": "PartnerCleanup", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
             "Action": "s3:DeleteObject", "Resource": format!("arn:aws:s3:::{bucket}/*")}
        ]
    });
    lab.bucket_policy("us-east-1", &bucket, policy.to_string())
        .await;
    let key = lab
        .kms("us-east-1")
        .create_key()
        .send()
        .await
        .unwrap()
        .key_metadata()
        .unwrap()
        .arn()
        .unwrap()
        .to_string();
    let ct = lab_client!(lab, aws_sdk_cloudtrail, "us-east-1");
    ct.create_trail()
        .name("main")
        .s3_bucket_name(&bucket)
        .is_multi_region_trail(true)
        .include_global_service_events(true)
        .enable_log_file_validation(true)
        .kms_key_id(&key)
        .send()
        .await
        .unwrap();
    crate::observe::log_all_management_events(&ct, "main").await;

    let check = "cloudtrail-org-central";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1"], &["--max-attempts", "2"]);
    let subject = format!("arn:aws:cloudtrail::{acct}");
    let bucket_arn = format!("arn:aws:s3:::{bucket}");
    assert_eq!(
        statuses(&doc, check),
        want(&[(&subject, "fail"), (&bucket_arn, "fail")]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &subject,
        "fail",
        &format!("trail main delivers to bucket {bucket}, owned by this account itself"),
    );
    assert_finding(
        &doc,
        check,
        &bucket_arn,
        "fail",
        "statement PartnerCleanup lets account(s) 444455556666 run s3:DeleteObject",
    );
    let trail = &account["cloudtrail"]["trails"][0];
    assert_eq!(
        (&trail["kms_key_id"], &trail["log_file_validation_enabled"]),
        (&json!(key), &json!(true))
    );
}
