//! The ECR collector on the paths the emulator cannot show (the emulator
//! test proves the repositories, lifecycle policies and registry scanning
//! it serves): AccessDenied on the listing, a lifecycle policy throttled
//! after the retries, the registry's scanning configuration answering a
//! 5xx, each run through `ecr-scan-and-lifecycle`.

use super::*;
use aws_sdk_ecr::operation::*;
use aws_sdk_ecr::types::{
    ImageScanningConfiguration, RegistryScanningConfiguration, RegistryScanningRule, Repository,
    ScanFrequency, ScanType, ScanningRepositoryFilter, ScanningRepositoryFilterType,
};
use aws_sdk_ecr::Client;
use aws_smithy_mocks::{mock, Rule};

const CHECK: &str = "ecr-scan-and-lifecycle";
const WEB: &str = "arn:aws:ecr:us-east-1:111122223333:repository/web";
const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

/// One repository `web` under a basic scan-on-push rule, with a lifecycle
/// policy; each call answers as `overrides` say, else so.
fn rules(overrides: Vec<Rule>) -> Vec<Rule> {
    let mut all = overrides;
    all.extend([
        mock!(Client::describe_repositories).then_output(|| {
            describe_repositories::DescribeRepositoriesOutput::builder()
                .repositories(
                    Repository::builder()
                        .repository_name("web")
                        .repository_arn(WEB)
                        .registry_id(ACCOUNT)
                        .image_scanning_configuration(
                            ImageScanningConfiguration::builder()
                                .scan_on_push(true)
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
        mock!(Client::list_tags_for_resource)
            .then_output(|| list_tags_for_resource::ListTagsForResourceOutput::builder().build()),
        mock!(Client::get_lifecycle_policy).then_output(|| {
            get_lifecycle_policy::GetLifecyclePolicyOutput::builder()
                .lifecycle_policy_text(r#"{"rules":[]}"#)
                .build()
        }),
        mock!(Client::get_registry_scanning_configuration).then_output(|| {
            get_registry_scanning_configuration::GetRegistryScanningConfigurationOutput::builder()
                .registry_id(ACCOUNT)
                .scanning_configuration(
                    RegistryScanningConfiguration::builder()
                        .scan_type(ScanType::Basic)
                        .rules(
                            RegistryScanningRule::builder()
                                .scan_frequency(ScanFrequency::ScanOnPush)
                                .repository_filters(
                                    ScanningRepositoryFilter::builder()
                                        .filter("*")
                                        .filter_type(ScanningRepositoryFilterType::Wildcard)
                                        .build()
                                        .unwrap(),
                                )
                                .build()
                                .unwrap(),
                        )
                        .build(),
                )
                .build()
        }),
    ]);
    all
}

async fn collected(rules: &[Rule]) -> Account {
    let s = session(&rules.iter().collect::<Vec<_>>());
    with_sections(
        collect(&s, &["ecr"]).await,
        serde_json::json!({"inspector2": {}}),
    )
}

#[tokio::test]
async fn ecr_repository_and_registry_are_read_and_judged() {
    let account = collected(&rules(vec![])).await;
    assert!(account.collection_errors.is_empty());
    let ecr = account.ecr.as_ref().unwrap();
    assert!(ecr.repositories[0].scan_on_push);
    assert_eq!(ecr.registry_scanning[0].rules[0].repository_filters, ["*"]);
    let f = judge(&account, CHECK);
    expect(&f, WEB, Status::Pass, "images are scanned");

    // No lifecycle policy: the advisory, not an error.
    let account = collected(&rules(vec![mock!(Client::get_lifecycle_policy)
        .then_http_response(|| {
            http(
                400,
                r#"{"__type":"LifecyclePolicyNotFoundException","message":"none"}"#,
            )
        })]))
    .await;
    let f = judge(&account, CHECK);
    expect(&f, WEB, Status::Fail, "advisory: no lifecycle policy");
}

#[tokio::test]
async fn ecr_denied_throttled_and_5xx_are_errors_naming_the_call() {
    let account = collected(&rules(vec![
        mock!(Client::describe_repositories).then_http_response(|| http(400, DENIED))
    ]))
    .await;
    let f = judge(&account, CHECK);
    assert_eq!(f.len(), 1, "{f:#?}");
    expect(
        &f,
        "arn:aws:ecr:us-east-1:111122223333",
        Status::Error,
        "ecr could not be read in us-east-1: DescribeRepositories failed: AccessDeniedException",
    );

    let throttled = mock!(Client::get_lifecycle_policy).then_http_response(|| http(400, THROTTLED));
    let account = collected(&rules(vec![throttled.clone()])).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let f = judge(&account, CHECK);
    expect(
        &f,
        WEB,
        Status::Error,
        "throttled: GetLifecyclePolicy (ThrottlingException)",
    );

    let account = collected(&rules(vec![mock!(
        Client::get_registry_scanning_configuration
    )
    .then_http_response(|| {
        http(
            500,
            r#"{"__type":"ServerException","message":"internal error"}"#,
        )
    })]))
    .await;
    let e = &account.collection_errors[0];
    assert_eq!(e.part.as_deref(), Some("registry_scanning"));
    let f = judge(&account, CHECK);
    expect(
        &f,
        WEB,
        Status::Error,
        "the registry's scanning configuration could not be read: GetRegistryScanningConfiguration failed: ServerException",
    );
}
