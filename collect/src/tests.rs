//! The error paths the emulator cannot produce, with aws-smithy-mocks:
//! throttling that survives the retries, AccessDenied on a List call, 5xx
//! responses, the registry refusing an unregistered or undeclared
//! operation, and references read after the first pass. The clients are
//! the production ones (same interceptor, adaptive retries), with a mock
//! HTTP client underneath. The helpers here serve the per-area tests
//! below: `budget`, `cicd`, `compute`, `foundation`, `incident`, `observe`,
//! `security`, `selection` and `systems_manager`.

use super::interceptor::Stats;
use super::session::Session;
use super::*;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_smithy_mocks::{create_mock_http_client, mock, MockResponseInterceptor, Rule, RuleMode};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use awscheck_checks::{engine, registry as checks, Finding, Settings, Status};
use awscheck_model::collected::Collected;
use awscheck_model::inventory::{Account, Inventory, FORMAT_VERSION, GLOBAL};
use awscheck_model::Data;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod appconfig;
mod backup;
mod budget;
mod cicd;
mod codeartifact;
mod codecommit;
mod codestar_notifications;
mod compute;
mod config_health;
mod containers;
mod databases;
mod deploy_targets;
mod direct_connect;
mod ecs;
mod firewall_manager;
mod foundation;
mod glue;
mod iac;
mod iam;
mod image_builder;
mod images;
mod incident;
mod management;
mod oam;
mod observe;
mod resilience;
mod s3_replication;
mod security;
mod selection;
mod servicecatalog;
mod synthetics;
mod systems_manager;
mod trusted_advisor;

pub(super) const ACCOUNT: &str = "111122223333";
pub(super) const ATTEMPTS: u32 = 3;

pub(super) fn session(rules: &[&Rule]) -> Arc<Session> {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for r in rules.iter().copied().chain(&unconfigured()) {
        mocks = mocks.with_rule(r);
    }
    let sdk = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDEXAMPLE",
            "secret",
            None,
            None,
            "test",
        )))
        .http_client(create_mock_http_client())
        .retry_config(
            RetryConfig::adaptive()
                .with_max_attempts(ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .build();
    let mut s = Session::new(sdk, vec![SharedInterceptor::new(mocks)]);
    s.account_id = ACCOUNT.into();
    s.regions = vec!["us-east-1".into()];
    Arc::new(s)
}

/// Answers, after a test's own rules, for the per-resource reads most
/// tests are not about: what an account where the feature was never
/// configured answers (no notifications, no function policy, no insight
/// selectors, rotation off, no topic attributes, no launch templates or
/// instance types, no account-level metadata defaults, no AMIs of the
/// account, launch permissions or snapshots, AMI block public access off,
/// no EBS volumes, no EFS backup policy,
/// no topic tags or
/// subscription attributes, no WAF Classic web ACLs, no maintenance
/// windows, patch baselines or groups, associations, resource data syncs
/// or activations, no API Gateway stages, no CodeBuild report groups, no
/// reserved or provisioned Lambda concurrency, an untouched 1,000
/// concurrent executions per region, no log subscription filters,
/// account-level subscription policies or destinations). A
/// test about one of them names its own rule, which comes first.
fn unconfigured() -> Vec<Rule> {
    vec![
        mock!(aws_sdk_ec2::Client::describe_volumes).then_output(|| {
            aws_sdk_ec2::operation::describe_volumes::DescribeVolumesOutput::builder().build()
        }),
        mock!(aws_sdk_efs::Client::describe_backup_policy).then_output(|| {
            aws_sdk_efs::operation::describe_backup_policy::DescribeBackupPolicyOutput::builder().build()
        }),
        mock!(aws_sdk_cloudformation::Client::list_stack_sets).then_output(|| {
            aws_sdk_cloudformation::operation::list_stack_sets::ListStackSetsOutput::builder().build()
        }),
        mock!(aws_sdk_cloudformation::Client::get_stack_policy).then_output(|| {
            aws_sdk_cloudformation::operation::get_stack_policy::GetStackPolicyOutput::builder().build()
        }),
        mock!(aws_sdk_cloudformation::Client::get_template).then_output(|| {
            aws_sdk_cloudformation::operation::get_template::GetTemplateOutput::builder().build()
        }),
        mock!(aws_sdk_cloudformation::Client::describe_stack_events).then_output(|| {
            aws_sdk_cloudformation::operation::describe_stack_events::DescribeStackEventsOutput::builder().build()
        }),
        mock!(aws_sdk_lambda::Client::get_function_concurrency).then_output(|| {
            aws_sdk_lambda::operation::get_function_concurrency::GetFunctionConcurrencyOutput::builder().build()
        }),
        mock!(aws_sdk_lambda::Client::list_provisioned_concurrency_configs).then_output(|| {
            aws_sdk_lambda::operation::list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput::builder().build()
        }),
        mock!(aws_sdk_lambda::Client::get_account_settings).then_output(|| {
            aws_sdk_lambda::operation::get_account_settings::GetAccountSettingsOutput::builder()
                .account_limit(
                    aws_sdk_lambda::types::AccountLimit::builder()
                        .concurrent_executions(1000)
                        .unreserved_concurrent_executions(1000)
                        .build(),
                )
                .build()
        }),
        mock!(aws_sdk_codedeploy::Client::list_deployment_configs).then_output(|| {
            aws_sdk_codedeploy::operation::list_deployment_configs::ListDeploymentConfigsOutput::builder().build()
        }),
        mock!(aws_sdk_autoscaling::Client::describe_lifecycle_hooks).then_output(|| {
            aws_sdk_autoscaling::operation::describe_lifecycle_hooks::DescribeLifecycleHooksOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::list_inventory_entries).then_output(|| {
            aws_sdk_ssm::operation::list_inventory_entries::ListInventoryEntriesOutput::builder().build()
        }),
        mock!(aws_sdk_codebuild::Client::list_report_groups).then_output(|| {
            aws_sdk_codebuild::operation::list_report_groups::ListReportGroupsOutput::builder().build()
        }),
        mock!(aws_sdk_s3::Client::get_bucket_notification_configuration).then_output(|| {
            aws_sdk_s3::operation::get_bucket_notification_configuration::GetBucketNotificationConfigurationOutput::builder().build()
        }),
        mock!(aws_sdk_lambda::Client::get_policy).then_http_response(|| {
            http(404, r#"{"__type":"ResourceNotFoundException","Message":"The resource you requested does not exist."}"#)
        }),
        mock!(aws_sdk_cloudtrail::Client::get_insight_selectors).then_http_response(|| {
            http(400, r#"{"__type":"InsightNotEnabledException","message":"Trail does not have Insights enabled."}"#)
        }),
        mock!(aws_sdk_kms::Client::get_key_rotation_status).then_output(|| {
            aws_sdk_kms::operation::get_key_rotation_status::GetKeyRotationStatusOutput::builder()
                .key_rotation_enabled(false)
                .build()
        }),
        mock!(aws_sdk_sns::Client::get_topic_attributes).then_output(|| {
            aws_sdk_sns::operation::get_topic_attributes::GetTopicAttributesOutput::builder().build()
        }),
        mock!(aws_sdk_autoscaling::Client::describe_policies).then_output(|| {
            aws_sdk_autoscaling::operation::describe_policies::DescribePoliciesOutput::builder().build()
        }),
        mock!(aws_sdk_autoscaling::Client::describe_scheduled_actions).then_output(|| {
            aws_sdk_autoscaling::operation::describe_scheduled_actions::DescribeScheduledActionsOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::describe_launch_templates).then_output(|| {
            aws_sdk_ec2::operation::describe_launch_templates::DescribeLaunchTemplatesOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::get_instance_metadata_defaults).then_output(|| {
            aws_sdk_ec2::operation::get_instance_metadata_defaults::GetInstanceMetadataDefaultsOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::describe_images)
            .match_requests(|r| r.owners() == ["self"])
            .then_output(|| {
                aws_sdk_ec2::operation::describe_images::DescribeImagesOutput::builder().build()
            }),
        mock!(aws_sdk_ec2::Client::describe_image_attribute).then_output(|| {
            aws_sdk_ec2::operation::describe_image_attribute::DescribeImageAttributeOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::describe_snapshots).then_output(|| {
            aws_sdk_ec2::operation::describe_snapshots::DescribeSnapshotsOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::get_image_block_public_access_state).then_output(|| {
            aws_sdk_ec2::operation::get_image_block_public_access_state::GetImageBlockPublicAccessStateOutput::builder()
                .image_block_public_access_state("unblocked")
                .build()
        }),
        mock!(aws_sdk_sns::Client::list_tags_for_resource).then_output(|| {
            aws_sdk_sns::operation::list_tags_for_resource::ListTagsForResourceOutput::builder().build()
        }),
        mock!(aws_sdk_sns::Client::get_subscription_attributes).then_output(|| {
            aws_sdk_sns::operation::get_subscription_attributes::GetSubscriptionAttributesOutput::builder().build()
        }),
        mock!(aws_sdk_ec2::Client::describe_instance_types).then_output(|| {
            aws_sdk_ec2::operation::describe_instance_types::DescribeInstanceTypesOutput::builder().build()
        }),
        mock!(aws_sdk_waf::Client::list_web_acls).then_output(|| {
            aws_sdk_waf::operation::list_web_acls::ListWebAcLsOutput::builder().build()
        }),
        mock!(aws_sdk_wafregional::Client::list_web_acls).then_output(|| {
            aws_sdk_wafregional::operation::list_web_acls::ListWebAcLsOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::describe_maintenance_windows).then_output(|| {
            aws_sdk_ssm::operation::describe_maintenance_windows::DescribeMaintenanceWindowsOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::describe_patch_baselines).then_output(|| {
            aws_sdk_ssm::operation::describe_patch_baselines::DescribePatchBaselinesOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::describe_patch_groups).then_output(|| {
            aws_sdk_ssm::operation::describe_patch_groups::DescribePatchGroupsOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::list_associations).then_output(|| {
            aws_sdk_ssm::operation::list_associations::ListAssociationsOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::list_resource_data_sync).then_output(|| {
            aws_sdk_ssm::operation::list_resource_data_sync::ListResourceDataSyncOutput::builder().build()
        }),
        mock!(aws_sdk_ssm::Client::describe_activations).then_output(|| {
            aws_sdk_ssm::operation::describe_activations::DescribeActivationsOutput::builder().build()
        }),
        mock!(aws_sdk_apigateway::Client::get_stages).then_output(|| {
            aws_sdk_apigateway::operation::get_stages::GetStagesOutput::builder().build()
        }),
        mock!(aws_sdk_apigateway::Client::get_account).then_output(|| {
            aws_sdk_apigateway::operation::get_account::GetAccountOutput::builder().build()
        }),
        mock!(aws_sdk_apigatewayv2::Client::get_stages).then_output(|| {
            aws_sdk_apigatewayv2::operation::get_stages::GetStagesOutput::builder().build()
        }),
        mock!(aws_sdk_apigateway::Client::get_usage_plans).then_output(|| {
            aws_sdk_apigateway::operation::get_usage_plans::GetUsagePlansOutput::builder().build()
        }),
        mock!(aws_sdk_apigateway::Client::get_request_validators).then_output(|| {
            aws_sdk_apigateway::operation::get_request_validators::GetRequestValidatorsOutput::builder().build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::describe_subscription_filters).then_output(|| {
            aws_sdk_cloudwatchlogs::operation::describe_subscription_filters::DescribeSubscriptionFiltersOutput::builder().build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::describe_account_policies).then_output(|| {
            aws_sdk_cloudwatchlogs::operation::describe_account_policies::DescribeAccountPoliciesOutput::builder().build()
        }),
        mock!(aws_sdk_cloudwatchlogs::Client::describe_destinations).then_output(|| {
            aws_sdk_cloudwatchlogs::operation::describe_destinations::DescribeDestinationsOutput::builder().build()
        }),
    ]
}

pub(super) const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
pub(super) const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
pub(super) const INTERNAL: &str = r#"{"__type":"InternalServerException","message":"oops"}"#;

/// Throttled past the retries, denied, and a 5xx: the status code, body and
/// what the ERROR reason says.
pub(super) fn faults(op: &str) -> [(u16, &'static str, String); 3] {
    [
        (
            429,
            THROTTLED,
            format!("throttled: {op} (ThrottlingException)"),
        ),
        (403, DENIED, format!("{op} failed: AccessDeniedException")),
        (
            500,
            INTERNAL,
            format!("{op} failed: InternalServerException"),
        ),
    ]
}

pub(super) fn http(status: u16, body: &'static str) -> HttpResponse {
    HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
}

const S3_ACCESS_DENIED: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>R</RequestId></Error>"#;
const KMS_THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const KMS_INTERNAL: &str = r#"{"__type":"KMSInternalException","message":"internal error"}"#;

/// `account` with the sections of `extra` (JSON, as in a fixture) added.
pub(super) fn with_sections(account: Account, extra: serde_json::Value) -> Account {
    let mut v = serde_json::to_value(&account).unwrap();
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).unwrap()
}

/// The finding on `arn`, asserted to have `status` and a reason containing `needle`.
pub(super) fn expect<'f>(
    findings: &'f [Finding],
    arn: &str,
    status: Status,
    needle: &str,
) -> &'f Finding {
    let f = findings
        .iter()
        .find(|f| f.resource_arn == arn)
        .unwrap_or_else(|| panic!("no finding on {arn}: {findings:#?}"));
    assert_eq!(f.status, status, "{f:#?}");
    assert!(
        f.reason.contains(needle),
        "{needle:?} not in {:?}",
        f.reason
    );
    f
}

/// Everything the collectors of `sections` read.
pub(super) async fn collect(session: &Arc<Session>, sections: &[&str]) -> Account {
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| sections.contains(&s.section))
        .collect();
    collect_account(session.clone(), &services, Wanted::everything(), 4, false).await
}

/// What the collectors of `section` read for `check` alone (its `reads`).
pub(super) async fn collect_for_check(
    session: &Arc<Session>,
    section: &str,
    check: &str,
) -> Account {
    collect_sections_for_check(session, &[section], check).await
}

/// What the collectors of `sections` read for `check` alone (its `reads`).
pub(super) async fn collect_sections_for_check(
    session: &Arc<Session>,
    sections: &[&str],
    check: &str,
) -> Account {
    let wanted = Wanted::only(checks::find(check).unwrap().reads);
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| sections.contains(&s.section))
        .collect();
    collect_account(session.clone(), &services, wanted, 4, false).await
}

pub(super) fn inventory(account: Account) -> Inventory {
    Inventory {
        format: FORMAT_VERSION,
        generated_at: chrono::Utc::now(),
        description: None,
        accounts: vec![account],
    }
}

/// A session over `rules`, changed by `edit` (its regions, drift options).
pub(super) fn session_with(rules: &[&Rule], edit: impl FnOnce(&mut Session)) -> Arc<Session> {
    let mut inner = Arc::try_unwrap(session(rules))
        .ok()
        .expect("only reference");
    edit(&mut inner);
    Arc::new(inner)
}

/// The findings of `check` alone on `account`, with `settings`.
pub(super) fn judge_with(account: &Account, check: &str, settings: &Settings) -> Vec<Finding> {
    let check = checks::find(check).unwrap();
    engine::run(&inventory(account.clone()), &[check], settings)
}

/// The findings of `check` alone on `account`, with the default settings.
pub(super) fn judge(account: &Account, check: &str) -> Vec<Finding> {
    judge_with(account, check, &Settings::default())
}

/// `secs` seconds before now, as the SDK gives times.
pub(super) fn secs_ago(secs: i64) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(chrono::Utc::now().timestamp() - secs)
}

/// One bucket whose reads succeed except where `rules` say otherwise.
fn bucket_rules() -> Vec<Rule> {
    use aws_sdk_s3::operation::*;
    use aws_sdk_s3::Client;
    vec![
        mock!(Client::list_buckets).then_output(|| {
            list_buckets::ListBucketsOutput::builder()
                .buckets(
                    aws_sdk_s3::types::Bucket::builder()
                        .name("b1")
                        .bucket_region("us-east-1")
                        .build(),
                )
                .build()
        }),
        mock!(Client::get_bucket_versioning)
            .then_output(|| get_bucket_versioning::GetBucketVersioningOutput::builder().build()),
        mock!(Client::get_bucket_logging)
            .then_output(|| get_bucket_logging::GetBucketLoggingOutput::builder().build()),
        mock!(Client::get_bucket_website)
            .then_output(|| get_bucket_website::GetBucketWebsiteOutput::builder().build()),
        mock!(Client::get_bucket_encryption)
            .then_output(|| get_bucket_encryption::GetBucketEncryptionOutput::builder().build()),
        mock!(Client::get_bucket_tagging).then_output(|| {
            get_bucket_tagging::GetBucketTaggingOutput::builder()
                .set_tag_set(Some(Vec::new()))
                .build()
                .unwrap()
        }),
    ]
}

/// Mock rules for a KMS region listing one key (`k1`) and no aliases.
fn one_kms_key_listed() -> (Rule, Rule) {
    let list = mock!(aws_sdk_kms::Client::list_keys).then_output(|| {
        aws_sdk_kms::operation::list_keys::ListKeysOutput::builder()
            .keys(
                aws_sdk_kms::types::KeyListEntry::builder()
                    .key_id("k1")
                    .build(),
            )
            .build()
    });
    let aliases = mock!(aws_sdk_kms::Client::list_aliases)
        .then_output(|| aws_sdk_kms::operation::list_aliases::ListAliasesOutput::builder().build());
    (list, aliases)
}

#[tokio::test]
async fn throttling_that_survives_the_retries_reads_as_throttled() {
    let throttled = mock!(aws_sdk_s3::Client::get_bucket_policy)
        .then_http_response(|| http(503, r#"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"#));
    let mut rules = bucket_rules();
    rules.push(throttled.clone());
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["s3"]).await;
    assert_eq!(
        throttled.num_calls(),
        ATTEMPTS as usize,
        "retried up to --max-attempts"
    );
    let bucket = &account.s3.as_ref().unwrap().buckets[0];
    let err = bucket.policy.error().expect("policy unknown");
    assert_eq!(
        (err.operation.as_str(), err.code.as_str()),
        ("GetBucketPolicy", "SlowDown")
    );
    assert!(
        account.collection_errors.is_empty(),
        "a per-resource failure does not blind the service"
    );
    let findings = judge(&account, "s3-https-only");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].status, Status::Error);
    assert_eq!(findings[0].reason, "throttled: GetBucketPolicy (SlowDown)");

    // The same through a JSON protocol: KMS ThrottlingException on DescribeKey.
    let (list, aliases) = one_kms_key_listed();
    let describe =
        mock!(aws_sdk_kms::Client::describe_key).then_http_response(|| http(400, KMS_THROTTLED));
    let policy = mock!(aws_sdk_kms::Client::get_key_policy).then_output(|| {
        aws_sdk_kms::operation::get_key_policy::GetKeyPolicyOutput::builder()
            .policy(r#"{"Version":"2012-10-17","Statement":[]}"#)
            .build()
    });
    let tags = mock!(aws_sdk_kms::Client::list_resource_tags).then_output(|| {
        aws_sdk_kms::operation::list_resource_tags::ListResourceTagsOutput::builder().build()
    });
    let s = session(&[&list, &aliases, &describe, &policy, &tags]);
    let account = collect(&s, &["kms"]).await;
    assert_eq!(describe.num_calls(), ATTEMPTS as usize);
    let key = &account.kms.as_ref().unwrap().keys[0];
    let err = key.metadata.error().unwrap();
    assert_eq!(err.code, "ThrottlingException");
    assert_eq!(
        err.to_string(),
        "throttled: DescribeKey (ThrottlingException)"
    );
    assert!(
        key.policy.value().is_some(),
        "other reads of the key still succeed"
    );
    assert_eq!(s.stats.errors(), 1);
    assert!(s.stats.denied().is_empty(), "throttling is not a denial");
}

#[tokio::test]
async fn access_denied_on_a_list_call_blinds_the_service_and_checks_report_error() {
    let denied =
        mock!(aws_sdk_s3::Client::list_buckets).then_http_response(|| http(403, S3_ACCESS_DENIED));
    let s = session(&[&denied]);
    let account = collect(&s, &["s3"]).await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    assert!(
        account.s3.as_ref().is_some_and(|s3| s3.buckets.is_empty()),
        "the section exists, empty"
    );
    assert_eq!(account.collection_errors.len(), 1);
    let e = &account.collection_errors[0];
    assert_eq!((e.service.as_str(), e.region.as_str()), ("s3", "global"));
    assert_eq!(
        (e.error.operation.as_str(), e.error.code.as_str()),
        ("ListBuckets", "AccessDenied")
    );
    assert_eq!(e.error.message, "Access Denied");
    let findings = judge(&account, "s3-https-only");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].status, Status::Error, "never an empty PASS");
    assert!(
        findings[0]
            .reason
            .contains("ListBuckets failed: AccessDenied"),
        "{}",
        findings[0].reason
    );

    // A regional service records its region.
    let denied = mock!(aws_sdk_kms::Client::list_keys).then_http_response(|| {
        http(400, r#"{"__type":"AccessDeniedException","message":"not authorized to perform kms:ListKeys"}"#)
    });
    let s = session(&[&denied]);
    let account = collect(&s, &["kms"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.service.as_str(), e.region.as_str(), e.error.code.as_str()),
        ("kms", "us-east-1", "AccessDeniedException")
    );
}

/// The summary line counts denied calls by service (the scan's role lacks
/// the policy), whatever each service calls its denial.
#[tokio::test]
async fn denied_calls_are_counted_by_service() {
    let buckets =
        mock!(aws_sdk_s3::Client::list_buckets).then_http_response(|| http(403, S3_ACCESS_DENIED));
    let keys = mock!(aws_sdk_kms::Client::list_keys).then_http_response(|| {
        http(400, r#"{"__type":"AccessDeniedException","message":"not authorized to perform kms:ListKeys"}"#)
    });
    let s = session(&[&buckets, &keys]);
    collect(&s, &["s3", "kms"]).await;
    assert_eq!(s.stats.errors(), 2);
    assert_eq!(
        s.stats.denied(),
        [("kms".to_string(), 1), ("s3".to_string(), 1)]
    );
}

#[tokio::test]
async fn server_errors_are_retried_then_recorded_with_their_code() {
    // A modeled 5xx keeps its AWS code.
    let (list, aliases) = one_kms_key_listed();
    let describe =
        mock!(aws_sdk_kms::Client::describe_key).then_http_response(|| http(500, KMS_INTERNAL));
    let policy = mock!(aws_sdk_kms::Client::get_key_policy).then_http_response(|| http(503, ""));
    let tags = mock!(aws_sdk_kms::Client::list_resource_tags).then_output(|| {
        aws_sdk_kms::operation::list_resource_tags::ListResourceTagsOutput::builder().build()
    });
    let s = session(&[&list, &aliases, &describe, &policy, &tags]);
    let account = collect(&s, &["kms"]).await;
    assert_eq!(describe.num_calls(), ATTEMPTS as usize, "5xx is retried");
    let key = &account.kms.as_ref().unwrap().keys[0];
    assert_eq!(key.metadata.error().unwrap().code, "KMSInternalException");
    // A 5xx with no error body (an HTML page, an empty body) gets its status as the code.
    let err = key.policy.error().unwrap();
    assert_eq!(
        (err.operation.as_str(), err.code.as_str()),
        ("GetKeyPolicy", "Http503"),
        "{err:?}"
    );

    // A 5xx on the List call blinds the service in that region.
    let list = mock!(aws_sdk_kms::Client::list_keys)
        .then_http_response(|| http(500, "<html><body>Internal Server Error</body></html>"));
    let s = session(&[&list]);
    let account = collect(&s, &["kms"]).await;
    assert_eq!(list.num_calls(), ATTEMPTS as usize);
    assert_eq!(account.collection_errors[0].error.code, "Http500");
}

#[tokio::test]
async fn the_registry_refuses_unregistered_operations_before_sending() {
    let put = mock!(aws_sdk_s3::Client::put_bucket_policy).then_output(|| {
        aws_sdk_s3::operation::put_bucket_policy::PutBucketPolicyOutput::builder().build()
    });
    let s = session(&[&put]);
    let client = s.s3("us-east-1");
    let err = client
        .put_bucket_policy()
        .bucket("b1")
        .policy("{}")
        .send()
        .await
        .expect_err("PutBucketPolicy is not a registered read");
    let e = error::collect_error("PutBucketPolicy", &err);
    assert_eq!(e.code, error::NOT_IN_REGISTRY, "{e:?}");
    assert!(
        e.message
            .contains("S3:PutBucketPolicy is not in awscheck's registry"),
        "{}",
        e.message
    );
    assert_eq!(s.stats.calls(), 0, "nothing was sent");
}

/// A registered operation is sent only by a call that declares it
/// (`Cx::call` with its `Operation`): the declaration is the only way in.
#[tokio::test]
async fn a_request_its_call_does_not_declare_is_refused_before_sending() {
    let list = mock!(aws_sdk_s3::Client::list_buckets)
        .then_output(|| aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    let s = session(&[&list]);
    let client = s.s3("us-east-1");
    let err = client
        .list_buckets()
        .send()
        .await
        .expect_err("sent outside a declared call");
    let e = error::collect_error("ListBuckets", &err);
    assert_eq!(e.code, error::NOT_DECLARED, "{e:?}");
    assert!(
        e.message.contains("outside a call that declares it"),
        "{e:?}"
    );
    let policy = *registry::find("S3", "GetBucketPolicy").unwrap();
    let err = interceptor::declare(policy, client.list_buckets().send())
        .await
        .expect_err("declared as another operation");
    let e = error::collect_error("ListBuckets", &err);
    assert_eq!(e.code, error::NOT_DECLARED, "{e:?}");
    assert!(e.message.contains("declares S3:GetBucketPolicy"), "{e:?}");
    assert_eq!(s.stats.calls(), 0, "nothing was sent");
    let listing = *registry::find("S3", "ListBuckets").unwrap();
    interceptor::declare(listing, client.list_buckets().send())
        .await
        .expect("declared");
    assert_eq!(s.stats.calls(), 1);
}

#[tokio::test]
async fn referenced_keys_of_other_accounts_are_described_after_collection() {
    let describe = mock!(aws_sdk_kms::Client::describe_key).then_output(|| {
        aws_sdk_kms::operation::describe_key::DescribeKeyOutput::builder()
            .key_metadata(
                aws_sdk_kms::types::KeyMetadata::builder()
                    .key_id("k9")
                    .aws_account_id("999988887777")
                    .arn("arn:aws:kms:eu-west-1:999988887777:key/k9")
                    .key_manager(aws_sdk_kms::types::KeyManagerType::Customer)
                    .key_state(aws_sdk_kms::types::KeyState::Enabled)
                    .key_spec(aws_sdk_kms::types::KeySpec::SymmetricDefault)
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let s = session(&[&describe]);
    let wanted = Arc::new(Wanted::everything());
    let cx = Cx::new(
        &s,
        "us-east-1".into(),
        GLOBAL.into(),
        &wanted,
        &Arc::default(),
        &Arc::new(crate::budget::Budget::new(4, s.stats.clone())),
    );
    cx.refer(
        &kms::KEY,
        "us-east-1",
        "arn:aws:kms:eu-west-1:999988887777:key/k9",
    );
    let mut account = Account::new(ACCOUNT, vec!["us-east-1".into()]);
    account.kms = Some(Default::default());
    references::resolve(&cx, &mut account).await;
    let kms = account.kms.as_ref().unwrap();
    let key = &kms.keys[0];
    assert_eq!(
        (
            key.region.as_str(),
            key.account_id.as_str(),
            key.key_id.as_str()
        ),
        ("eu-west-1", "999988887777", "k9")
    );
    assert!(key
        .metadata
        .value()
        .is_some_and(|m| m.is_customer_managed() && m.is_enabled()));
    assert_eq!(
        key.policy.error().unwrap().code,
        awscheck_model::collected::NOT_COLLECTED
    );
    assert!(matches!(
        kms.index()
            .resolve("arn:aws:kms:eu-west-1:999988887777:key/k9", "us-east-1"),
        awscheck_model::inventory::kms::KeyLookup::Found(..)
    ));
}

#[test]
fn policies_are_stored_decoded() {
    let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
    assert_eq!(policy_json(encoded).0["Version"], "2012-10-17");
    assert_eq!(
        policy_json(r#"{"Statement":[]}"#).0["Statement"],
        serde_json::json!([])
    );
    assert_eq!(
        policy_json("not json").0,
        serde_json::Value::String("not json".into())
    );
    assert_eq!(s3::region_of_constraint(None), "us-east-1");
    assert_eq!(s3::region_of_constraint(Some("EU")), "eu-west-1");
    assert_eq!(s3::region_of_constraint(Some("ap-south-1")), "ap-south-1");
    let _ = Stats::default();
}

#[tokio::test]
async fn bucket_reads_map_values_and_absent_codes() {
    use aws_sdk_s3::operation::*;
    let s3_rules = [
        mock!(aws_sdk_s3::Client::list_buckets).then_output(|| {
            list_buckets::ListBucketsOutput::builder()
                .buckets(aws_sdk_s3::types::Bucket::builder().name("on").build())
                .buckets(aws_sdk_s3::types::Bucket::builder().name("never").build())
                .build()
        }),
        mock!(aws_sdk_s3::Client::get_bucket_location)
            .match_requests(|r| r.bucket() == Some("on"))
            .then_output(|| get_bucket_location::GetBucketLocationOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_bucket_location)
            .match_requests(|r| r.bucket() == Some("never"))
            .then_output(|| {
                get_bucket_location::GetBucketLocationOutput::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::Eu)
                    .build()
            }),
        mock!(aws_sdk_s3::Client::get_bucket_versioning)
            .match_requests(|r| r.bucket() == Some("on"))
            .then_output(|| {
                get_bucket_versioning::GetBucketVersioningOutput::builder()
                    .status(aws_sdk_s3::types::BucketVersioningStatus::Enabled)
                    .build()
            }),
        mock!(aws_sdk_s3::Client::get_bucket_versioning)
            .then_output(|| get_bucket_versioning::GetBucketVersioningOutput::builder().build()),
        mock!(aws_sdk_s3::Client::get_bucket_policy).then_http_response(|| {
            http(404, "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>")
        }),
    ];
    let rest: Vec<Rule> = bucket_rules().into_iter().skip(2).collect(); // logging, website, encryption, tagging
    let all: Vec<&Rule> = s3_rules.iter().chain(rest.iter()).collect();
    let s = {
        let s = session(&all);
        let mut inner = Arc::try_unwrap(s).ok().expect("only reference");
        inner.regions = vec!["us-east-1".into(), "eu-west-1".into()];
        Arc::new(inner)
    };
    let account = collect(&s, &["s3"]).await;
    let buckets = &account.s3.as_ref().unwrap().buckets;
    assert_eq!(buckets.len(), 2);
    let (on, never) = (&buckets[0], &buckets[1]);
    assert_eq!(
        (on.name.as_str(), on.region.as_str()),
        ("on", "us-east-1"),
        "null location → us-east-1"
    );
    assert_eq!(
        (never.name.as_str(), never.region.as_str()),
        ("never", "eu-west-1"),
        "EU → eu-west-1"
    );
    assert_eq!(on.versioning, Collected::Value("Enabled".to_string()));
    assert_eq!(never.versioning, Collected::Absent, "never enabled");
    assert_eq!(on.policy, Collected::Absent, "NoSuchBucketPolicy");
    assert_eq!(on.arn, "arn:aws:s3:::on");
    assert_eq!(s.stats.errors(), 0);
}

/// The organization `o-a1b2c3d4e5`, managed by `management`.
pub(super) fn described(management: &'static str) -> Rule {
    mock!(aws_sdk_organizations::Client::describe_organization).then_output(move || {
        aws_sdk_organizations::operation::describe_organization::DescribeOrganizationOutput::builder()
            .organization(
                aws_sdk_organizations::types::Organization::builder()
                    .id("o-a1b2c3d4e5")
                    .arn(format!("arn:aws:organizations::{management}:organization/o-a1b2c3d4e5"))
                    .master_account_id(management)
                    .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
                    .build(),
            )
            .build()
    })
}
