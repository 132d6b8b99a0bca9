//! The AppConfig collector with aws-smithy-mocks: moto 5.2.5 has no
//! `ListApplications` (HTTP 500), so nothing past the listing can be
//! reached there (`tests/emulator/iac.rs` proves that gap). Paged
//! applications, profiles with their validator types and environments
//! with their monitors from the list calls alone, the newest deployment
//! read by number, an environment never deployed to (absent), and the
//! AccessDenied, throttling and 5xx answers, each run through
//! `appconfig-safe-deployment`.

use super::*;
use aws_sdk_appconfig::operation::get_deployment::GetDeploymentOutput;
use aws_sdk_appconfig::operation::list_applications::ListApplicationsOutput;
use aws_sdk_appconfig::operation::list_configuration_profiles::ListConfigurationProfilesOutput;
use aws_sdk_appconfig::operation::list_deployments::ListDeploymentsOutput;
use aws_sdk_appconfig::operation::list_environments::ListEnvironmentsOutput;
use aws_sdk_appconfig::operation::list_tags_for_resource::ListTagsForResourceOutput;
use aws_sdk_appconfig::types::{
    Application, ConfigurationProfileSummary, DeploymentState, DeploymentSummary, Environment,
    EnvironmentState, Monitor, ValidatorType,
};
use aws_sdk_appconfig::Client;
use aws_smithy_mocks::{mock, Rule};
use serde_json::json;

const CHECK: &str = "appconfig-safe-deployment";
const APP: &str = "arn:aws:appconfig:us-east-1:111122223333:application/w3bapp1";
const ALARM: &str = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:web-5xx";

fn profile_arn(id: &str) -> String {
    format!("{APP}/configurationprofile/{id}")
}

fn environment_arn(id: &str) -> String {
    format!("{APP}/environment/{id}")
}

/// The application `web` on the second page of the listing: a freeform
/// profile without validators, a feature flag profile, a production
/// environment monitored by `web-5xx` whose deployments #4 and #5 (the
/// newest, by `strategy`) are listed, and a staging one never deployed to.
/// Each call answers as `overrides` say, else so.
fn rules(strategy: &'static str, overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::list_applications)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| ListApplicationsOutput::builder().next_token("p2").build()),
        mock!(Client::list_applications)
            .match_requests(|r| r.next_token() == Some("p2"))
            .then_output(|| {
                ListApplicationsOutput::builder()
                    .items(Application::builder().id("w3bapp1").name("web").build())
                    .build()
            }),
        mock!(Client::list_configuration_profiles).then_output(|| {
            ListConfigurationProfilesOutput::builder()
                .items(
                    ConfigurationProfileSummary::builder()
                        .application_id("w3bapp1")
                        .id("fr33frm")
                        .name("web-settings")
                        .r#type("AWS.Freeform")
                        .build(),
                )
                .items(
                    ConfigurationProfileSummary::builder()
                        .application_id("w3bapp1")
                        .id("fl4gs01")
                        .name("web-flags")
                        .r#type("AWS.AppConfig.FeatureFlags")
                        .validator_types(ValidatorType::JsonSchema)
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_environments).then_output(|| {
            ListEnvironmentsOutput::builder()
                .items(
                    Environment::builder()
                        .application_id("w3bapp1")
                        .id("prd0001")
                        .name("production")
                        .state(EnvironmentState::ReadyForDeployment)
                        .monitors(Monitor::builder().alarm_arn(ALARM).build().unwrap())
                        .build(),
                )
                .items(
                    Environment::builder()
                        .application_id("w3bapp1")
                        .id("stg0001")
                        .name("staging")
                        .state(EnvironmentState::ReadyForDeployment)
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_deployments)
            .match_requests(|r| r.environment_id() == Some("prd0001"))
            .then_output(|| {
                let summary = |n| DeploymentSummary::builder().deployment_number(n).build();
                ListDeploymentsOutput::builder()
                    .items(summary(5))
                    .items(summary(4))
                    .build()
            }),
        mock!(Client::list_deployments).then_output(|| ListDeploymentsOutput::builder().build()),
        mock!(Client::get_deployment)
            .match_requests(|r| r.deployment_number() == Some(5))
            .then_output(move || {
                let gradual = strategy != "AppConfig.AllAtOnce";
                GetDeploymentOutput::builder()
                    .deployment_number(5)
                    .deployment_strategy_id(strategy)
                    .deployment_duration_in_minutes(if gradual { 20 } else { 0 })
                    .final_bake_time_in_minutes(10)
                    .state(DeploymentState::Complete)
                    .started_at(secs_ago(3600))
                    .build()
            }),
        mock!(Client::list_tags_for_resource)
            .match_requests(|r| r.resource_arn() == Some(environment_arn("prd0001").as_str()))
            .then_output(|| {
                ListTagsForResourceOutput::builder()
                    .tags("Environment", "prod")
                    .build()
            }),
        mock!(Client::list_tags_for_resource)
            .then_output(|| ListTagsForResourceOutput::builder().build()),
    ]);
    all
}

/// What the collector reads for the check, with the alarm `web-5xx`.
async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect_for_check(&s, "appconfig", CHECK).await;
    with_sections(
        account,
        json!({"cloudwatch": {"alarms": [{"arn": ALARM, "region": "us-east-1", "account_id": ACCOUNT,
            "name": "web-5xx", "actions_enabled": true, "state_value": "OK"}]}}),
    )
}

#[tokio::test]
async fn appconfig_profiles_environments_and_the_newest_deployment_are_read_and_judged() {
    let account = collected(&rules("AppConfig.Canary10Percent20Minutes", vec![])).await;
    assert!(account.collection_errors.is_empty(), "{account:#?}");
    let section = account.appconfig.as_ref().unwrap();
    let flags = &section.configuration_profiles[1];
    assert_eq!(flags.validator_types, ["JSON_SCHEMA"]);
    let production = &section.environments[0];
    assert_eq!(production.monitors[0].alarm_arn, ALARM);
    let latest = production.latest_deployment.value().unwrap();
    assert_eq!(
        (latest.number, latest.strategy_id.as_str()),
        (5, "AppConfig.Canary10Percent20Minutes")
    );
    assert!(
        matches!(section.environments[1].latest_deployment, Collected::Absent),
        "never deployed to"
    );
    let f = judge(&account, CHECK);
    expect(
        &f,
        &profile_arn("fr33frm"),
        Status::Fail,
        "AWS.Freeform profile has no validator",
    );
    expect(
        &f,
        &profile_arn("fl4gs01"),
        Status::Pass,
        "feature flag profile",
    );
    expect(
        &f,
        &environment_arn("prd0001"),
        Status::Pass,
        "last deployed gradually",
    );
    expect(
        &f,
        &environment_arn("stg0001"),
        Status::Skip,
        "not production",
    );

    let account = collected(&rules("AppConfig.AllAtOnce", vec![])).await;
    let f = judge(&account, CHECK);
    let all_at_once = expect(
        &f,
        &environment_arn("prd0001"),
        Status::Fail,
        "advisory: the most recent deployment (#5) used AppConfig.AllAtOnce",
    );
    assert_eq!(all_at_once.severity, awscheck_checks::Severity::Low);
}

#[tokio::test]
async fn appconfig_denied_throttled_and_5xx_are_errors_naming_the_call() {
    let region = "arn:aws:appconfig:us-east-1:111122223333";
    for (status, body, reason) in faults("ListApplications") {
        let denied =
            mock!(Client::list_applications).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules("x", vec![denied])).await, CHECK);
        assert_eq!(f.len(), 1, "{f:#?}");
        expect(&f, region, Status::Error, &reason);
    }
    for (status, body, reason) in faults("ListEnvironments") {
        let failing =
            mock!(Client::list_environments).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules("x", vec![failing])).await, CHECK);
        assert_eq!(f.len(), 1, "a failed listing blinds the region: {f:#?}");
        expect(&f, region, Status::Error, &reason);
    }
    for (status, body, reason) in faults("GetDeployment") {
        let failing = mock!(Client::get_deployment).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules("x", vec![failing])).await, CHECK);
        expect(&f, &environment_arn("prd0001"), Status::Error, &reason);
        expect(&f, &profile_arn("fl4gs01"), Status::Pass, "feature flag");
    }
    for (status, body, reason) in faults("ListTagsForResource") {
        let failing =
            mock!(Client::list_tags_for_resource).then_http_response(move || http(status, body));
        let f = judge(&collected(&rules("x", vec![failing])).await, CHECK);
        for arn in [environment_arn("prd0001"), profile_arn("fr33frm")] {
            expect(&f, &arn, Status::Error, "its tags could not be read");
            expect(&f, &arn, Status::Error, &reason);
        }
    }
}
