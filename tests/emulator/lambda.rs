//! Lambda's asynchronous-invocation safety end to end against the emulator:
//! functions that S3, SNS and EventBridge may invoke, with an on-failure
//! destination their role may send to, one to a queue that does not exist,
//! or none; queue and DynamoDB stream event source mappings. Then
//! `awscheck scan` and `snapshot` as a user runs them, and
//! `scan --fixture <snapshot>` giving identical findings.
//!
//! moto 5.2.5 (and 5.2.6) answers `GetPolicy` and `ListEventSourceMappings`;
//! `ListFunctionEventInvokeConfigs` answers an empty list for a function
//! without settings, but for one with an on-failure destination it returns
//! `LastModified` as an ISO string where AWS (and the SDK) use epoch
//! seconds: the SDK cannot parse the reply, and those functions are ERROR
//! naming the call, never PASS or FAIL. Reading the settings is proven with
//! aws-smithy-mocks (`collect/src/tests/compute.rs`,
//! `lambda_async_settings_are_read_per_qualifier_with_the_mappings`), the
//! verdicts on them (found, missing queue, role that may not send) by the
//! check's cases.

use crate::common::{assert_finding, statuses, want, Lab};
use crate::compute::{new_table, EMPTY_ZIP};
#[allow(unused_imports)]
use crate::sdk::*;
use aws_sdk_dynamodb::types::{StreamSpecification, StreamViewType};
use aws_sdk_lambda::types::{DestinationConfig, FunctionCode, OnFailure, Runtime};
use serde_json::json;

const CHECK: &str = "lambda-async-failure-destination";

/// Creates function `name` running as `role`; returns its ARN.
pub(crate) async fn function(lambda: &aws_sdk_lambda::Client, name: &str, role: &str) -> String {
    lambda
        .create_function()
        .function_name(name)
        .runtime(Runtime::Python312)
        .role(role)
        .handler("index.handler")
        .code(
            FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(EMPTY_ZIP))
                .build(),
        )
        .send()
        .await
        .unwrap()
        .function_arn()
        .unwrap()
        .to_string()
}

/// Lets `service` invoke `function`.
pub(crate) async fn invoked_by(lambda: &aws_sdk_lambda::Client, function: &str, service: &str) {
    lambda
        .add_permission()
        .function_name(function)
        .statement_id("invoke")
        .action("lambda:InvokeFunction")
        .principal(service)
        .send()
        .await
        .unwrap();
}

/// Sends `function`'s events whose retries ran out to `destination`.
pub(crate) async fn on_failure(lambda: &aws_sdk_lambda::Client, function: &str, destination: &str) {
    lambda
        .put_function_event_invoke_config()
        .function_name(function)
        .maximum_retry_attempts(1)
        .destination_config(
            DestinationConfig::builder()
                .on_failure(OnFailure::builder().destination(destination).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
}

/// Creates DynamoDB table `name` with a stream; returns the stream's ARN.
async fn table_stream(ddb: &aws_sdk_dynamodb::Client, name: &str) -> String {
    let out = new_table(ddb, name)
        .stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::NewImage)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    out.table_description()
        .unwrap()
        .latest_stream_arn()
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn lambda_async_failure_destination_both_verdicts_scan_snapshot_and_fixture_agree() {
    let Some(lab) = Lab::new("lambdaasync").await else {
        return;
    };
    let queue = |name: &str| format!("arn:aws:sqs:us-east-1:{}:{name}", lab.account);
    let sqs = lab_client!(lab, aws_sdk_sqs, "us-east-1");
    sqs.create_queue()
        .queue_name("resize-failures")
        .send()
        .await
        .unwrap();
    let role = lab.role("resize", "lambda.amazonaws.com").await;
    let send = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "sqs:SendMessage", "Resource": queue("resize-failures")}]});
    lab.iam()
        .put_role_policy()
        .role_name("resize")
        .policy_name("failures")
        .policy_document(send.to_string())
        .send()
        .await
        .unwrap();

    let lambda = lab_client!(lab, aws_sdk_lambda, "us-east-1");
    // Invoked by S3; failures go to a queue the role may send to.
    let resize = function(&lambda, "resize", &role).await;
    invoked_by(&lambda, "resize", "s3.amazonaws.com").await;
    on_failure(&lambda, "resize", &queue("resize-failures")).await;
    // Invoked by SNS; nothing keeps its failed events.
    let thumbs = function(&lambda, "thumbs", &role).await;
    invoked_by(&lambda, "thumbs", "sns.amazonaws.com").await;
    // Invoked by EventBridge; its destination queue does not exist.
    let report = function(&lambda, "report", &role).await;
    invoked_by(&lambda, "report", "events.amazonaws.com").await;
    on_failure(&lambda, "report", &queue("report-failures")).await;
    // Called synchronously (API Gateway): out of scope.
    let api = function(&lambda, "api", &role).await;
    invoked_by(&lambda, "api", "apigateway.amazonaws.com").await;

    // Mappings: a queue (its redrive policy decides), a stream retried
    // forever without bisecting, a stream that bisects failing batches.
    let ddb = lab_client!(lab, aws_sdk_dynamodb, "us-east-1");
    let mut mappings = Vec::new();
    for (source, bisect) in [
        (queue("resize-failures"), None),
        (table_stream(&ddb, "clicks").await, Some(false)),
        (table_stream(&ddb, "orders").await, Some(true)),
    ] {
        let mut m = lambda
            .create_event_source_mapping()
            .function_name("api")
            .event_source_arn(&source);
        if let Some(bisect) = bisect {
            m = m
                .maximum_retry_attempts(-1)
                .bisect_batch_on_function_error(bisect);
        }
        let out = m.send().await.unwrap();
        mappings.push(out.event_source_mapping_arn().unwrap().to_string());
    }

    let (doc, account) = lab.scan_and_snapshot(CHECK, &["us-east-1"], &[]);
    assert_eq!(
        statuses(&doc, CHECK),
        want(&[
            (resize.as_str(), "error"),
            (thumbs.as_str(), "fail"),
            (report.as_str(), "error"),
            (api.as_str(), "skip"),
            (mappings[0].as_str(), "skip"),
            (mappings[1].as_str(), "fail"),
            (mappings[2].as_str(), "pass"),
        ])
    );
    let unparsable = "ListFunctionEventInvokeConfigs failed: InvalidResponse";
    assert_finding(&doc, CHECK, &resize, "error", unparsable);
    assert_finding(&doc, CHECK, &thumbs, "fail", "no dead-letter queue");
    assert_finding(&doc, CHECK, &report, "error", unparsable);
    assert_finding(&doc, CHECK, &mappings[1], "fail", "poison record");
    // The snapshot holds what was read, the policy and the settings included.
    let functions = account["lambda"]["functions"].as_array().unwrap();
    let f = functions
        .iter()
        .find(|f| f["arn"] == resize.as_str())
        .unwrap();
    assert_eq!(f["role"], role.as_str());
    assert_eq!(
        f["event_invoke_configs"]["error"]["operation"],
        "ListFunctionEventInvokeConfigs"
    );
    assert!(f["policy"]["value"].is_object(), "{f}");
}

/// moto 5.2.5 answers `GetFunctionConcurrency` (and `PutFunctionConcurrency`),
/// but `GetAccountSettings` and `ListProvisionedConcurrencyConfigs` answer
/// 404: the region's settings are the engine's ERROR, and every function
/// is ERROR naming the provisioned-concurrency call, never PASS; the
/// reservations are read all the same (the verdicts on settings and
/// provisioned concurrency are proven with aws-smithy-mocks,
/// `lambda_concurrency_is_read_and_judged`).
#[tokio::test(flavor = "multi_thread")]
async fn lambda_concurrency_reservations_are_read_and_moto_gaps_are_errors() {
    const CONCURRENCY: &str = "lambda-concurrency-config";
    let Some(lab) = Lab::new("lambdaconc").await else {
        return;
    };
    let role = lab.role("worker", "lambda.amazonaws.com").await;
    let lambda = lab_client!(lab, aws_sdk_lambda, "us-east-1");
    let off = function(&lambda, "switched-off", &role).await;
    lambda
        .put_function_concurrency()
        .function_name("switched-off")
        .reserved_concurrent_executions(0)
        .send()
        .await
        .unwrap();
    let capped = function(&lambda, "capped", &role).await;
    lambda
        .put_function_concurrency()
        .function_name("capped")
        .reserved_concurrent_executions(25)
        .send()
        .await
        .unwrap();
    let (doc, account) = lab.scan_and_snapshot(CONCURRENCY, &["us-east-1"], &[]);
    let region = format!("arn:aws:lambda:us-east-1:{}", lab.account);
    assert_eq!(
        statuses(&doc, CONCURRENCY),
        want(&[
            (off.as_str(), "error"),
            (capped.as_str(), "error"),
            (region.as_str(), "error"),
        ])
    );
    assert_finding(
        &doc,
        CONCURRENCY,
        &off,
        "error",
        "ListProvisionedConcurrencyConfigs failed",
    );
    assert_finding(
        &doc,
        CONCURRENCY,
        &region,
        "error",
        "lambda account_settings could not be read in us-east-1: GetAccountSettings failed",
    );
    let functions = account["lambda"]["functions"].as_array().unwrap();
    let reserved = |arn: &str| {
        functions.iter().find(|f| f["arn"] == arn).unwrap()["reserved_concurrency"].clone()
    };
    assert_eq!(reserved(&off), json!({"value": 0}));
    assert_eq!(reserved(&capped), json!({"value": 25}));
}
