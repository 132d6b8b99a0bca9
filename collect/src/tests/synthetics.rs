//! The Synthetics collector with aws-smithy-mocks (moto 5.2.5 implements
//! `DescribeCanaries` but neither `DescribeCanariesLastRun` nor
//! `DescribeRuntimeVersions`): canaries with their last run and runtime,
//! judged by `synthetics-canaries` beside CloudWatch alarms, and
//! AccessDenied, throttling and 5xx answers as ERRORs naming the operation.

use super::*;
use aws_sdk_synthetics::operation::{
    describe_canaries, describe_canaries_last_run, describe_runtime_versions,
};
use aws_sdk_synthetics::types::{
    Canary, CanaryLastRun, CanaryRun, CanaryRunState, CanaryRunStatus, CanaryState, CanaryStatus,
    RuntimeVersion,
};
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const CHECK: &str = "synthetics-canaries";

fn arn(name: &str) -> String {
    format!("arn:aws:synthetics:us-east-1:{ACCOUNT}:canary:{name}")
}

fn canaries() -> Rule {
    mock!(aws_sdk_synthetics::Client::describe_canaries).then_output(|| {
        let canary = |name: &str, runtime: &str| {
            Canary::builder()
                .name(name)
                .runtime_version(runtime)
                .status(CanaryStatus::builder().state(CanaryState::Running).build())
                .tags("endpoint", format!("https://{name}.example.com"))
                .build()
        };
        describe_canaries::DescribeCanariesOutput::builder()
            .canaries(canary("home", "syn-nodejs-puppeteer-9.1"))
            .canaries(canary("legacy", "syn-nodejs-puppeteer-3.9"))
            .build()
    })
}

fn runtimes() -> Rule {
    mock!(aws_sdk_synthetics::Client::describe_runtime_versions).then_output(|| {
        describe_runtime_versions::DescribeRuntimeVersionsOutput::builder()
            .runtime_versions(
                RuntimeVersion::builder()
                    .version_name("syn-nodejs-puppeteer-9.1")
                    .build(),
            )
            .runtime_versions(
                RuntimeVersion::builder()
                    .version_name("syn-nodejs-puppeteer-3.9")
                    .deprecation_date(aws_smithy_types::DateTime::from_secs(1_736_294_400))
                    .build(),
            )
            .build()
    })
}

fn last_runs() -> Rule {
    mock!(aws_sdk_synthetics::Client::describe_canaries_last_run).then_output(|| {
        let run = |name: &str, state: CanaryRunState| {
            CanaryLastRun::builder()
                .canary_name(name)
                .last_run(
                    CanaryRun::builder()
                        .status(CanaryRunStatus::builder().state(state).build())
                        .build(),
                )
                .build()
        };
        describe_canaries_last_run::DescribeCanariesLastRunOutput::builder()
            .canaries_last_run(run("home", CanaryRunState::Passed))
            .build()
    })
}

/// A `SuccessPercent` alarm on `home` (CloudWatch is another collector's).
fn home_alarm() -> serde_json::Value {
    serde_json::json!({"alarms": [{"arn": format!("arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:home"),
        "region": "us-east-1", "account_id": ACCOUNT, "name": "home", "namespace": "CloudWatchSynthetics",
        "metric_name": "SuccessPercent", "dimensions": [{"name": "CanaryName", "value": "home"}],
        "actions_enabled": true, "alarm_actions": [], "state_value": "OK"}]})
}

#[tokio::test]
async fn canaries_runs_and_runtimes_are_collected_and_judged() {
    let (listed, runs, versions) = (canaries(), last_runs(), runtimes());
    let s = session(&[&listed, &runs, &versions]);
    let account = collect(&s, &["synthetics"]).await;
    assert!(account.collection_errors.is_empty(), "{account:#?}");
    let synthetics = account.synthetics.as_ref().unwrap();
    assert_eq!(
        synthetics.canaries[0].last_run,
        Collected::Value("PASSED".into())
    );
    assert_eq!(synthetics.canaries[1].last_run, Collected::Absent);
    assert_eq!(
        synthetics.canaries[0]
            .tags
            .get("endpoint")
            .map(String::as_str),
        Some("https://home.example.com")
    );
    let account = with_sections(account, serde_json::json!({"cloudwatch": home_alarm()}));
    let f = judge(&account, CHECK);
    expect(&f, &arn("home"), Status::Pass, "alarmed on SuccessPercent");
    let legacy = expect(
        &f,
        &arn("legacy"),
        Status::Fail,
        "runtime syn-nodejs-puppeteer-3.9 was deprecated on 2025-01-08",
    );
    assert!(legacy.reason.contains("no CloudWatch alarm"), "{legacy:#?}");
}

#[tokio::test]
async fn synthetics_denied_throttled_and_failing_calls_are_errors_naming_the_operation() {
    // Last runs throttled, runtime versions denied: every canary's run is
    // unknown, and the runtimes are unread.
    let throttled = mock!(aws_sdk_synthetics::Client::describe_canaries_last_run)
        .then_http_response(|| http(429, THROTTLED));
    let denied = mock!(aws_sdk_synthetics::Client::describe_runtime_versions)
        .then_http_response(|| http(403, DENIED));
    let listed = canaries();
    let s = session(&[&listed, &throttled, &denied]);
    let account = collect(&s, &["synthetics"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.part.as_deref(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            Some("runtime_versions"),
            "DescribeRuntimeVersions",
            "AccessDeniedException"
        )
    );
    let account = with_sections(account, serde_json::json!({"cloudwatch": home_alarm()}));
    let f = judge(&account, CHECK);
    let home = expect(
        &f,
        &arn("home"),
        Status::Error,
        "throttled: DescribeCanariesLastRun (ThrottlingException)",
    );
    assert!(
        home.reason.contains("runtime versions of us-east-1"),
        "{home:#?}"
    );

    // A 5xx on DescribeCanaries blinds Synthetics in the region.
    let broken = mock!(aws_sdk_synthetics::Client::describe_canaries)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&broken]);
    let account = collect(&s, &["synthetics"]).await;
    assert_eq!(broken.num_calls(), ATTEMPTS as usize);
    assert_eq!(account.collection_errors[0].error.code, "Http500");
}
