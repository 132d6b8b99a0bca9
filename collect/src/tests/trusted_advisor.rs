//! Trusted Advisor through the AWS Support API, with aws-smithy-mocks
//! (moto 5.2.5 serves `DescribeTrustedAdvisorChecks` but not
//! `DescribeTrustedAdvisorCheckSummaries`): the statuses asked only for the
//! security and service-limits checks, the no-support-plan answer, and
//! throttling, AccessDenied and 5xx on each call. Each collected account is
//! judged by `trustedadvisor-monitoring`.

use super::*;
use aws_sdk_support::operation::*;
use aws_sdk_support::types::*;
use aws_sdk_support::Client;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::Status;

const CHECK: &str = "trustedadvisor-monitoring";
const ACCOUNT_ARN: &str = "arn:aws:trustedadvisor::111122223333";

fn described(id: &str, name: &str, category: &str) -> TrustedAdvisorCheckDescription {
    TrustedAdvisorCheckDescription::builder()
        .id(id)
        .name(name)
        .description("d")
        .category(category)
        .set_metadata(Some(Vec::new()))
        .build()
        .unwrap()
}

fn checks() -> Rule {
    mock!(Client::describe_trusted_advisor_checks)
        .match_requests(|r| r.language() == Some("en"))
        .then_output(|| {
            describe_trusted_advisor_checks::DescribeTrustedAdvisorChecksOutput::builder()
                .checks(described(
                    "HCP4007jGY",
                    "Security Groups - Specific Ports Unrestricted",
                    "security",
                ))
                .checks(described(
                    "Qch7DwouX1",
                    "Low Utilization Amazon EC2 Instances",
                    "cost_optimizing",
                ))
                .build()
                .unwrap()
        })
}

/// The security check is red; only its id may be asked for.
fn summaries() -> Rule {
    mock!(Client::describe_trusted_advisor_check_summaries)
        .match_requests(|r| r.check_ids() == [Some("HCP4007jGY".to_string())])
        .then_output(|| {
            describe_trusted_advisor_check_summaries::DescribeTrustedAdvisorCheckSummariesOutput::builder()
                .summaries(
                    TrustedAdvisorCheckSummary::builder()
                        .check_id("HCP4007jGY")
                        .timestamp("2026-11-20T08:00:00Z")
                        .status("error")
                        .resources_summary(
                            TrustedAdvisorResourcesSummary::builder()
                                .resources_processed(10)
                                .resources_flagged(2)
                                .resources_ignored(0)
                                .resources_suppressed(0)
                                .build(),
                        )
                        .category_specific_summary(TrustedAdvisorCategorySpecificSummary::builder().build())
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap()
        })
}

#[tokio::test]
async fn red_security_checks_are_read_and_advised_on() {
    let rules = [checks(), summaries()];
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(&s, "trustedadvisor", CHECK).await;
    let f = judge(&account, CHECK);
    expect(
        &f,
        ACCOUNT_ARN,
        Status::Fail,
        "advisory: 1 Trusted Advisor check(s) are red: Security Groups - Specific Ports Unrestricted (security, 2 resource(s) flagged)",
    );
}

#[tokio::test]
async fn no_support_plan_skips_and_faults_are_errors_naming_the_call() {
    let plan = mock!(Client::describe_trusted_advisor_checks).then_http_response(|| {
        http(400, r#"{"__type":"SubscriptionRequiredException","message":"AWS Premium Support Subscription is required to use this service."}"#)
    });
    let s = session(&[&plan]);
    let f = judge(&collect_for_check(&s, "trustedadvisor", CHECK).await, CHECK);
    expect(
        &f,
        ACCOUNT_ARN,
        Status::Skip,
        "answers SubscriptionRequiredException",
    );
    let faults = |op: &str| {
        [
            (
                400,
                r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
                format!("throttled: {op} (ThrottlingException)"),
            ),
            (
                400,
                r#"{"__type":"AccessDeniedException","message":"not authorized"}"#,
                format!("{op} failed: AccessDeniedException"),
            ),
            (
                500,
                r#"{"__type":"InternalServerError","message":"oops"}"#,
                format!("{op} failed: InternalServerError"),
            ),
        ]
    };
    for (code, body, needle) in faults("DescribeTrustedAdvisorChecks") {
        let get = mock!(Client::describe_trusted_advisor_checks)
            .then_http_response(move || http(code, body));
        let s = session(&[&get]);
        let f = judge(&collect_for_check(&s, "trustedadvisor", CHECK).await, CHECK);
        expect(&f, ACCOUNT_ARN, Status::Error, &needle);
    }
    for (code, body, needle) in faults("DescribeTrustedAdvisorCheckSummaries") {
        let get = mock!(Client::describe_trusted_advisor_check_summaries)
            .then_http_response(move || http(code, body));
        let rules = [checks(), get];
        let s = session(&rules.iter().collect::<Vec<_>>());
        let f = judge(&collect_for_check(&s, "trustedadvisor", CHECK).await, CHECK);
        expect(&f, ACCOUNT_ARN, Status::Error, &needle);
    }
}
