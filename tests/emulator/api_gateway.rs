//! API Gateway's stages judged live: logging with the account's CloudWatch
//! role, X-Ray tracing and metrics of REST stages (`update-stage` patches
//! as the console and CLI write them), access logging of HTTP API stages.
//!
//! moto 5.2.5 implements every read used here (`GetStages` with method
//! settings, tracing and access logs; `GetAccount`; `apigatewayv2:GetStages`).
//! It fills a new method-settings scope with defaults (throttling 2000
//! burst, 1000 rate; cache encrypted, authorization required to flush):
//! the tests set the values they judge explicitly. It answers `update-method` patches of
//! `requestParameters` with an HTML 500 (the method is made with
//! `put-method` instead).

use crate::common::{assert_finding, statuses, want, Lab};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_apigateway::types::{Op, PatchOperation};

/// A `replace` patch of `path` with `value`.
fn replace(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

/// A REST API with a mock `GET /items`, deployed to `stages`; returns its id.
async fn deployed_api(client: &aws_sdk_apigateway::Client, name: &str, stages: &[&str]) -> String {
    let api = client
        .create_rest_api()
        .name(name)
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let root = client
        .get_resources()
        .rest_api_id(&api)
        .send()
        .await
        .unwrap()
        .items()[0]
        .id()
        .unwrap()
        .to_string();
    let items = client
        .create_resource()
        .rest_api_id(&api)
        .parent_id(&root)
        .path_part("items")
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    client
        .put_method()
        .rest_api_id(&api)
        .resource_id(&items)
        .http_method("GET")
        .authorization_type("AWS_IAM")
        .send()
        .await
        .unwrap();
    client
        .put_integration()
        .rest_api_id(&api)
        .resource_id(&items)
        .http_method("GET")
        .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
        .send()
        .await
        .unwrap();
    for stage in stages {
        client
            .create_deployment()
            .rest_api_id(&api)
            .stage_name(*stage)
            .send()
            .await
            .unwrap();
    }
    api
}

/// Applies `patches` to a stage.
async fn patch_stage(
    client: &aws_sdk_apigateway::Client,
    api: &str,
    stage: &str,
    patches: Vec<PatchOperation>,
) {
    client
        .update_stage()
        .rest_api_id(api)
        .stage_name(stage)
        .set_patch_operations(Some(patches))
        .send()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn apigateway_observability_live() {
    let Some(lab) = Lab::new("apigw-observability").await else {
        return;
    };
    let role = lab
        .role("apigateway-cloudwatch", "apigateway.amazonaws.com")
        .await;
    let east = lab_client!(lab, aws_sdk_apigateway, "us-east-1");
    east.update_account()
        .patch_operations(replace("/cloudwatchRoleArn", &role))
        .send()
        .await
        .unwrap();
    let api = deployed_api(&east, "orders", &["prod", "dev", "quiet"]).await;
    let log_group = format!(
        "arn:aws:logs:us-east-1:{}:log-group:orders-access",
        lab.account
    );
    patch_stage(
        &east,
        &api,
        "prod",
        vec![
            replace("/tracingEnabled", "true"),
            replace("/*/*/logging/loglevel", "ERROR"),
            replace("/*/*/metrics/enabled", "true"),
            replace("/accessLogSettings/destinationArn", &log_group),
            replace("/accessLogSettings/format", "$context.requestId"),
        ],
    )
    .await;
    patch_stage(
        &east,
        &api,
        "dev",
        vec![
            replace("/*/*/logging/loglevel", "INFO"),
            replace("/*/*/logging/dataTrace", "true"),
        ],
    )
    .await;
    // The same in eu-west-1, where the account has no CloudWatch role.
    let west = lab_client!(lab, aws_sdk_apigateway, "eu-west-1");
    let eu = deployed_api(&west, "orders-eu", &["prod"]).await;
    patch_stage(
        &west,
        &eu,
        "prod",
        vec![
            replace("/tracingEnabled", "true"),
            replace("/*/*/logging/loglevel", "ERROR"),
        ],
    )
    .await;
    // An HTTP API with and without access logging.
    let v2 = lab_client!(lab, aws_sdk_apigatewayv2, "us-east-1");
    let http = v2
        .create_api()
        .name("webhooks")
        .protocol_type(aws_sdk_apigatewayv2::types::ProtocolType::Http)
        .send()
        .await
        .unwrap()
        .api_id()
        .unwrap()
        .to_string();
    v2.create_stage()
        .api_id(&http)
        .stage_name("$default")
        .access_log_settings(
            aws_sdk_apigatewayv2::types::AccessLogSettings::builder()
                .destination_arn(format!(
                    "arn:aws:logs:us-east-1:{}:log-group:webhooks-access",
                    lab.account
                ))
                .format("$context.requestId")
                .build(),
        )
        .send()
        .await
        .unwrap();
    v2.create_stage()
        .api_id(&http)
        .stage_name("beta")
        .send()
        .await
        .unwrap();

    let check = "apigateway-observability";
    let (doc, account) = lab.scan_and_snapshot(check, &["us-east-1", "eu-west-1"], &[]);
    let stage = |region: &str, api: &str, name: &str| {
        format!("arn:aws:apigateway:{region}::/restapis/{api}/stages/{name}")
    };
    let http_stage =
        |name: &str| format!("arn:aws:apigateway:us-east-1::/apis/{http}/stages/{name}");
    assert_eq!(
        statuses(&doc, check),
        want(&[
            (&stage("us-east-1", &api, "prod"), "pass"),
            (&stage("us-east-1", &api, "dev"), "fail"),
            (&stage("us-east-1", &api, "quiet"), "fail"),
            (&stage("eu-west-1", &eu, "prod"), "fail"),
            (&http_stage("$default"), "pass"),
            (&http_stage("beta"), "fail"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        check,
        &stage("us-east-1", &api, "prod"),
        "pass",
        "execution logging ERROR, access logs to",
    );
    assert_finding(
        &doc,
        check,
        &stage("us-east-1", &api, "dev"),
        "fail",
        "advisory: stage dev of REST API orders does not trace requests with X-Ray",
    );
    assert_finding(
        &doc,
        check,
        &stage("us-east-1", &api, "quiet"),
        "fail",
        "neither execution logging",
    );
    assert_finding(
        &doc,
        check,
        &stage("eu-west-1", &eu, "prod"),
        "fail",
        "no CloudWatch Logs role for API Gateway in eu-west-1",
    );
    assert_finding(
        &doc,
        check,
        &http_stage("beta"),
        "fail",
        "has no access logging",
    );
    let settings = account["apigateway"]["account_settings"]
        .as_array()
        .unwrap();
    assert!(
        settings
            .iter()
            .any(|s| s["region"] == "us-east-1" && s["cloudwatch_role_arn"] == role.as_str()),
        "{settings:#?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn apigateway_cache_and_request_protection_live() {
    let Some(lab) = Lab::new("apigw-protection").await else {
        return;
    };
    let client = lab_client!(lab, aws_sdk_apigateway, "us-east-1");
    let api = deployed_api(
        &client,
        "catalog",
        &["prod", "prod-partners", "prod-open", "dev"],
    )
    .await;
    // POST /items declares a body model checked by a validator; GET /items
    // requires a query parameter and names no validator.
    let validator = client
        .create_request_validator()
        .rest_api_id(&api)
        .name("all")
        .validate_request_body(true)
        .validate_request_parameters(true)
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let items = client
        .get_resources()
        .rest_api_id(&api)
        .send()
        .await
        .unwrap()
        .items()
        .iter()
        .find(|r| r.path() == Some("/items"))
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    client
        .put_method()
        .rest_api_id(&api)
        .resource_id(&items)
        .http_method("POST")
        .authorization_type("AWS_IAM")
        .request_validator_id(&validator)
        .request_models("application/json", "Empty")
        .send()
        .await
        .unwrap();
    // (moto 5.2.5 answers update-method's requestParameters patch with an
    // HTML 500: the declaring method is made with put-method instead.)
    let root = client
        .get_resources()
        .rest_api_id(&api)
        .send()
        .await
        .unwrap()
        .items()
        .iter()
        .find(|r| r.path() == Some("/"))
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    let search = client
        .create_resource()
        .rest_api_id(&api)
        .parent_id(&root)
        .path_part("search")
        .send()
        .await
        .unwrap()
        .id()
        .unwrap()
        .to_string();
    client
        .put_method()
        .rest_api_id(&api)
        .resource_id(&search)
        .http_method("GET")
        .authorization_type("AWS_IAM")
        .request_parameters("method.request.querystring.q", true)
        .send()
        .await
        .unwrap();
    patch_stage(
        &client,
        &api,
        "prod",
        vec![
            replace("/cacheClusterEnabled", "true"),
            replace("/*/*/caching/enabled", "true"),
            replace("/*/*/caching/dataEncrypted", "true"),
            replace("/*/*/caching/requireAuthorizationForCacheControl", "true"),
            replace("/*/*/throttling/rateLimit", "500"),
            replace("/*/*/throttling/burstLimit", "1000"),
        ],
    )
    .await;
    patch_stage(
        &client,
        &api,
        "prod-open",
        vec![
            replace("/cacheClusterEnabled", "true"),
            replace("/*/*/caching/enabled", "true"),
            replace("/*/*/caching/dataEncrypted", "false"),
            replace("/*/*/caching/requireAuthorizationForCacheControl", "false"),
            replace("/*/*/throttling/rateLimit", "-1"),
            replace("/*/*/throttling/burstLimit", "-1"),
        ],
    )
    .await;
    client
        .create_usage_plan()
        .name("partners")
        .api_stages(
            aws_sdk_apigateway::types::ApiStage::builder()
                .api_id(&api)
                .stage("prod-partners")
                .build(),
        )
        .throttle(
            aws_sdk_apigateway::types::ThrottleSettings::builder()
                .burst_limit(200)
                .rate_limit(100.0)
                .build(),
        )
        .send()
        .await
        .unwrap();

    let checks = "apigateway-cache-security,apigateway-request-protection";
    let (doc, account) = lab.scan_and_snapshot(checks, &["us-east-1"], &[]);
    let arn = format!("arn:aws:apigateway:us-east-1::/restapis/{api}");
    let stage = |name: &str| format!("{arn}/stages/{name}");
    let cache = "apigateway-cache-security";
    assert_eq!(
        statuses(&doc, cache),
        want(&[
            (&stage("prod"), "pass"),
            (&stage("prod-partners"), "skip"),
            (&stage("prod-open"), "fail"),
            (&stage("dev"), "skip"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        cache,
        &stage("prod-open"),
        "fail",
        "caches responses unencrypted (cacheDataEncrypted is not true in */*)",
    );
    let protection = "apigateway-request-protection";
    assert_eq!(
        statuses(&doc, protection),
        want(&[
            (&arn, "fail"),
            (&stage("prod"), "pass"),
            (&stage("prod-partners"), "pass"),
            (&stage("prod-open"), "fail"),
            (&stage("dev"), "skip"),
        ]),
        "{doc:#}"
    );
    assert_finding(
        &doc,
        protection,
        &arn,
        "fail",
        "advisory: 1 of 2 methods of REST API catalog that declare request models or required parameters are not validated: GET /search (no request validator)",
    );
    assert_finding(
        &doc,
        protection,
        &stage("prod-partners"),
        "pass",
        "usage plan partners",
    );
    assert_eq!(
        account["apigateway"]["usage_plans"][0]["throttle"],
        serde_json::json!({"burst_limit": 200, "rate_limit": 100.0})
    );
}
