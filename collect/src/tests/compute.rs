//! The compute collectors (EC2, Auto Scaling, SSM, API Gateway, RDS,
//! DynamoDB, Lambda) with aws-smithy-mocks: what moto 5.2.5 cannot produce
//! (Systems Manager managed nodes and patch data, EC2 instance metadata
//! defaults and AMI ImdsSupport, API Gateway's escaped policies), and the
//! error paths: throttling that survives the retries, AccessDenied, 5xx.

use super::*;
use aws_smithy_mocks::{mock, Rule};
use awscheck_checks::{Finding, Severity, Status};
use awscheck_model::inventory::ssm::{ComplianceSummary, PatchState};

/// `resource ARN → (status, reason)` of `findings`.
fn by_arn(findings: &[Finding]) -> BTreeMap<String, (Status, String)> {
    findings
        .iter()
        .map(|f| (f.resource_arn.clone(), (f.status, f.reason.clone())))
        .collect()
}

fn arn(service: &str, resource: &str) -> String {
    format!("arn:aws:{service}:us-east-1:{ACCOUNT}:{resource}")
}

use std::collections::BTreeMap;

/// A synthetic access key id, stored in a `String` parameter.
const PARAMETER_KEY_ID: &str = "AKIAIOSFODNN7PARAMTR";
const SSM_DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized to perform ssm:DescribeInstanceInformation"}"#;
const SSM_THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const SSM_INTERNAL: &str = r#"{"__type":"InternalServerError","message":"internal error"}"#;
const EC2_THROTTLED: &str = "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>";
const EC2_NO_VERSION: &str = "<Response><Errors><Error><Code>InvalidLaunchTemplateId.VersionNotFound</Code><Message>Could not find launch template version 4</Message></Error></Errors><RequestID>r</RequestID></Response>";
const ASG_DENIED: &str = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error><RequestId>r</RequestId></ErrorResponse>";

mod ssm_rules {
    use super::*;
    use aws_sdk_ssm::operation::*;
    use aws_sdk_ssm::types::*;
    use aws_sdk_ssm::Client;

    pub fn nodes() -> Rule {
        mock!(Client::describe_instance_information).then_output(|| {
            let node = |id: &str, ping: PingStatus| {
                InstanceInformation::builder()
                    .instance_id(id)
                    .ping_status(ping)
                    .is_latest_version(true)
                    .last_ping_date_time(secs_ago(3_600))
                    .build()
            };
            describe_instance_information::DescribeInstanceInformationOutput::builder()
                .instance_information_list(node("i-1", PingStatus::Online))
                .instance_information_list(node("i-2", PingStatus::Online))
                .instance_information_list(node("mi-3", PingStatus::ConnectionLost))
                .build()
        })
    }

    pub fn states() -> Rule {
        mock!(Client::describe_instance_patch_states).then_output(|| {
            let state = |id: &str, missing: i32| {
                InstancePatchState::builder()
                    .instance_id(id)
                    .patch_group("")
                    .baseline_id("pb-1")
                    .operation_start_time(secs_ago(25 * 3_600))
                    .operation_end_time(secs_ago(24 * 3_600))
                    .operation(PatchOperationType::Scan)
                    .missing_count(missing)
                    .installed_pending_reboot_count(0)
                    .build()
                    .unwrap()
            };
            describe_instance_patch_states::DescribeInstancePatchStatesOutput::builder()
                .instance_patch_states(state("i-1", 0))
                .instance_patch_states(state("i-2", 3))
                .build()
        })
    }

    pub fn compliance() -> Rule {
        mock!(Client::list_resource_compliance_summaries).then_output(|| {
            let item = |id: &str, status: ComplianceStatus, severity: ComplianceSeverity| {
                ResourceComplianceSummaryItem::builder()
                    .compliance_type("Patch")
                    .resource_type("ManagedInstance")
                    .resource_id(id)
                    .status(status)
                    .overall_severity(severity)
                    .build()
            };
            list_resource_compliance_summaries::ListResourceComplianceSummariesOutput::builder()
                .resource_compliance_summary_items(item(
                    "i-1",
                    ComplianceStatus::Compliant,
                    ComplianceSeverity::Unspecified,
                ))
                .resource_compliance_summary_items(item(
                    "i-2",
                    ComplianceStatus::NonCompliant,
                    ComplianceSeverity::Critical,
                ))
                .build()
        })
    }

    /// A SecureString, a secret-named String, and a String holding an
    /// access key id (its value read, redacted).
    pub fn parameters() -> Rule {
        mock!(Client::describe_parameters).then_output(|| {
            let parameter = |name: &str, kind: ParameterType| {
                ParameterMetadata::builder().name(name).r#type(kind)
            };
            describe_parameters::DescribeParametersOutput::builder()
                .parameters(
                    parameter("/app/db-password", ParameterType::SecureString)
                        .key_id("alias/app")
                        .build(),
                )
                .parameters(parameter("/app/api-token", ParameterType::String).build())
                .parameters(
                    parameter("/app/upload-config", ParameterType::String)
                        .tier(ParameterTier::Advanced)
                        .policies(
                            ParameterInlinePolicy::builder()
                                .policy_type("Expiration")
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
    }

    /// The Session Manager preferences: `content`, or an error `body` with `status`.
    pub fn preferences(reply: Result<&'static str, (u16, &'static str)>) -> Rule {
        let rule = mock!(Client::get_document).match_requests(|r| {
            r.name() == Some("SSM-SessionManagerRunShell")
                && r.document_format() == Some(&DocumentFormat::Json)
        });
        match reply {
            Ok(content) => rule.then_output(move || {
                get_document::GetDocumentOutput::builder()
                    .name("SSM-SessionManagerRunShell")
                    .content(content)
                    .build()
            }),
            Err((status, body)) => rule.then_http_response(move || http(status, body)),
        }
    }

    pub fn no_parameters() -> Rule {
        mock!(Client::describe_parameters)
            .then_output(|| describe_parameters::DescribeParametersOutput::builder().build())
    }

    /// The plain-text values, asked without decryption, never the SecureString's.
    pub fn values() -> Rule {
        mock!(Client::get_parameters)
            .match_requests(|r| {
                r.with_decryption() == Some(false)
                    && r.names().iter().all(|n| n != "/app/db-password")
            })
            .then_output(|| {
                let value = |name: &str, value: &str| {
                    Parameter::builder()
                        .name(name)
                        .r#type(ParameterType::String)
                        .value(value)
                        .build()
                };
                get_parameters::GetParametersOutput::builder()
                    .parameters(value("/app/api-token", "plain"))
                    .parameters(value("/app/upload-config", PARAMETER_KEY_ID))
                    .build()
            })
    }

    pub fn dhmc(status: &'static str, value: &'static str) -> Rule {
        mock!(Client::get_service_setting)
            .match_requests(|r| r.setting_id() == Some(ssm::DHMC_SETTING))
            .then_output(move || {
                get_service_setting::GetServiceSettingOutput::builder()
                    .service_setting(
                        ServiceSetting::builder()
                            .setting_id(ssm::DHMC_SETTING)
                            .setting_value(value)
                            .status(status)
                            .build(),
                    )
                    .build()
            })
    }
}

/// EC2 with `instances` and nothing else; IAM empty.
fn ec2_and_iam(instances: Vec<aws_sdk_ec2::types::Instance>) -> Vec<Rule> {
    use aws_sdk_ec2::operation::*;
    use aws_sdk_ec2::Client;
    vec![
        mock!(Client::describe_instances).then_output(move || {
            describe_instances::DescribeInstancesOutput::builder()
                .reservations(
                    aws_sdk_ec2::types::Reservation::builder()
                        .set_instances(Some(instances.clone()))
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_launch_templates).then_output(|| {
            describe_launch_templates::DescribeLaunchTemplatesOutput::builder().build()
        }),
        mock!(Client::get_instance_metadata_defaults).then_output(|| {
            get_instance_metadata_defaults::GetInstanceMetadataDefaultsOutput::builder().build()
        }),
        mock!(aws_sdk_iam::Client::get_account_authorization_details).then_output(|| {
            aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput::builder().build()
        }),
        mock!(aws_sdk_iam::Client::list_instance_profiles).then_output(|| {
            aws_sdk_iam::operation::list_instance_profiles::ListInstanceProfilesOutput::builder()
                .set_instance_profiles(Some(Vec::new()))
                .build()
                .unwrap()
        }),
    ]
}

fn instance(id: &str, tokens: aws_sdk_ec2::types::HttpTokensState) -> aws_sdk_ec2::types::Instance {
    use aws_sdk_ec2::types::*;
    Instance::builder()
        .instance_id(id)
        .state(
            InstanceState::builder()
                .name(InstanceStateName::Running)
                .build(),
        )
        .launch_time(secs_ago(48 * 3_600))
        .metadata_options(
            InstanceMetadataOptionsResponse::builder()
                .http_tokens(tokens)
                .http_endpoint(InstanceMetadataEndpointState::Enabled)
                .build(),
        )
        .build()
}

#[tokio::test]
async fn ssm_nodes_patch_data_and_dhmc_feed_the_ssm_checks() {
    use aws_sdk_ec2::types::HttpTokensState;
    let mut rules = vec![
        ssm_rules::nodes(),
        ssm_rules::states(),
        ssm_rules::compliance(),
        ssm_rules::parameters(),
        ssm_rules::values(),
        ssm_rules::preferences(Ok(r#"{"inputs":{}}"#)),
        ssm_rules::dhmc(
            "Customized",
            "service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole",
        ),
    ];
    rules.extend(ec2_and_iam(vec![
        instance("i-1", HttpTokensState::Required),
        instance("i-9", HttpTokensState::Optional),
    ]));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ssm", "ec2", "iam"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ssm = account.ssm.as_ref().unwrap();
    assert_eq!(
        ssm.regions[0].dhmc_role,
        Collected::Value("service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole".into())
    );
    let node = |id: &str| {
        ssm.managed_instances
            .iter()
            .find(|m| m.instance_id == id)
            .unwrap()
    };
    assert_eq!(node("i-1").arn, arn("ssm", "managed-instance/i-1"));
    assert_eq!(node("mi-3").ping_status, "ConnectionLost");
    assert!(matches!(
        node("i-2").patch_state.value(),
        Some(PatchState {
            missing_count: 3,
            failed_count: 0,
            ..
        })
    ));
    assert!(
        matches!(node("mi-3").patch_state, Collected::Absent),
        "never scanned"
    );
    assert!(matches!(
        node("i-2").patch_compliance.value(),
        Some(ComplianceSummary { status, overall_severity: Some(sev) })
            if status == "NON_COMPLIANT" && sev == "CRITICAL"
    ));
    assert!(matches!(node("mi-3").patch_compliance, Collected::Absent));

    let patch = by_arn(&judge(&account, "ssm-patch-compliance"));
    let status = |id: &str| patch[&arn("ssm", &format!("managed-instance/{id}"))].0;
    assert_eq!(
        (status("i-1"), status("i-2"), status("mi-3")),
        (Status::Pass, Status::Fail, Status::Fail),
        "{patch:?}"
    );
    assert!(patch[&arn("ssm", "managed-instance/i-2")]
        .1
        .contains("NON_COMPLIANT at severity CRITICAL"));

    let managed = by_arn(&judge(&account, "ssm-managed-instances"));
    assert_eq!(
        managed[&arn("ec2", "instance/i-1")].0,
        Status::Pass,
        "{managed:?}"
    );
    let (status, reason) = &managed[&arn("ec2", "instance/i-9")];
    assert_eq!(*status, Status::Fail);
    assert!(
        reason.contains("DHMC is set in us-east-1") && reason.contains("HttpTokens=optional"),
        "{reason}"
    );
}

/// What `ssm-parameter-securestring` reads of SSM, collected over `rules`.
async fn collect_parameters(rules: &[&Rule]) -> Account {
    let s = session(rules);
    let check = awscheck_checks::registry::find("ssm-parameter-securestring").unwrap();
    let services: Vec<&'static Service> = SERVICES.iter().filter(|s| s.section == "ssm").collect();
    collect_account(s, &services, Wanted::only(check.reads), 4, false).await
}

#[tokio::test]
async fn ssm_parameters_are_listed_and_plain_values_redacted() {
    let rules = [
        ssm_rules::nodes(),
        ssm_rules::parameters(),
        ssm_rules::values(),
    ];
    let account = collect_parameters(&rules.iter().collect::<Vec<_>>()).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    assert_eq!(rules[2].num_calls(), 1, "two plain values, one batch");
    let ssm = account.ssm.as_ref().unwrap();
    let parameter = |name: &str| ssm.parameters.iter().find(|p| p.name == name).unwrap();
    let secure = parameter("/app/db-password");
    assert_eq!(secure.arn, arn("ssm", "parameter/app/db-password"));
    assert_eq!(secure.key_id.as_deref(), Some("alias/app"));
    assert!(matches!(secure.value, Collected::Absent), "never read");
    let config = parameter("/app/upload-config");
    assert_eq!(config.policies, ["Expiration"]);
    let json = serde_json::to_string(&account).unwrap();
    assert!(!json.contains(PARAMETER_KEY_ID), "redacted at the source");
    assert!(!json.contains("\"plain\""), "redacted at the source");

    let findings = by_arn(&judge(&account, "ssm-parameter-securestring"));
    let status = |name: &str| findings[&arn("ssm", &format!("parameter{name}"))].clone();
    assert_eq!(status("/app/db-password").0, Status::Pass);
    let (token, why) = status("/app/api-token");
    assert_eq!(token, Status::Fail);
    assert!(why.contains("name looks secret (\"token\")"), "{why}");
    let (config, why) = status("/app/upload-config");
    assert_eq!(config, Status::Fail);
    assert!(why.contains("value looks like a credential"), "{why}");
    assert!(!why.contains(PARAMETER_KEY_ID), "{why}");
}

#[tokio::test]
async fn ssm_parameter_failures_blind_only_the_parameters() {
    // A throttled values batch: unknown values, never a pass.
    let throttled =
        mock!(aws_sdk_ssm::Client::get_parameters).then_http_response(|| http(400, SSM_THROTTLED));
    let (nodes, parameters) = (ssm_rules::nodes(), ssm_rules::parameters());
    let account = collect_parameters(&[&nodes, &parameters, &throttled]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize, "retried");
    let findings = by_arn(&judge(&account, "ssm-parameter-securestring"));
    let (status, why) = &findings[&arn("ssm", "parameter/app/upload-config")];
    assert_eq!(*status, Status::Error);
    assert!(
        why.contains("throttled: GetParameters (ThrottlingException)"),
        "{why}"
    );
    assert_eq!(
        findings[&arn("ssm", "parameter/app/api-token")].0,
        Status::Fail,
        "its name alone fails it"
    );
    assert_eq!(
        findings[&arn("ssm", "parameter/app/db-password")].0,
        Status::Pass
    );

    // AccessDenied, then a 5xx, on the listing: the parameters are unread
    // (ERROR naming the operation), and nothing else.
    for (status, body, code) in [
        (400, SSM_DENIED, "AccessDeniedException"),
        (500, SSM_INTERNAL, "InternalServerError"),
    ] {
        let failing = mock!(aws_sdk_ssm::Client::describe_parameters)
            .then_http_response(move || http(status, body));
        let account = collect_parameters(&[&nodes, &failing]).await;
        let parts: Vec<_> = account
            .collection_errors
            .iter()
            .map(|e| e.part.as_deref())
            .collect();
        assert_eq!(parts, [Some("parameters")]);
        let findings = judge(&account, "ssm-parameter-securestring");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].status, Status::Error);
        assert!(
            findings[0].reason.contains("DescribeParameters") && findings[0].reason.contains(code),
            "{}",
            findings[0].reason
        );
    }
}

/// What `ssm-session-logging` reads of SSM, collected over `rules`, and its findings.
async fn session_logging(rules: &[&Rule]) -> (Account, Vec<Finding>) {
    let s = session(rules);
    let check = awscheck_checks::registry::find("ssm-session-logging").unwrap();
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| ["ssm", "logs", "s3"].contains(&s.section))
        .collect();
    let account = collect_account(s, &services, Wanted::only(check.reads), 4, false).await;
    let findings = judge(&account, "ssm-session-logging");
    (account, findings)
}

#[tokio::test]
async fn session_manager_preferences_are_read_from_their_document() {
    const LOGGED: &str = r#"{"schemaVersion":"1.0","sessionType":"Standard_Stream","inputs":{"s3BucketName":"","cloudWatchLogGroupName":"/ssm/sessions","cloudWatchEncryptionEnabled":true,"idleSessionTimeout":"20"}}"#;
    const NOT_FOUND: &str = r#"{"__type":"InvalidDocument","message":"Document with name SSM-SessionManagerRunShell does not exist."}"#;
    let nodes = ssm_rules::nodes();
    let subject = arn("ssm", "document/SSM-SessionManagerRunShell");
    let groups = mock!(aws_sdk_cloudwatchlogs::Client::describe_log_groups).then_output(|| {
        aws_sdk_cloudwatchlogs::operation::describe_log_groups::DescribeLogGroupsOutput::builder()
            .log_groups(
                aws_sdk_cloudwatchlogs::types::LogGroup::builder()
                    .log_group_name("/ssm/sessions")
                    .arn(format!(
                        "arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/ssm/sessions:*"
                    ))
                    .build(),
            )
            .build()
    });
    let buckets = mock!(aws_sdk_s3::Client::list_buckets)
        .then_output(|| aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());

    let logged = ssm_rules::preferences(Ok(LOGGED));
    let (account, findings) = session_logging(&[&nodes, &groups, &buckets, &logged]).await;
    let prefs = &account.ssm.as_ref().unwrap().session_preferences[0];
    let settings = prefs.settings.value().unwrap();
    assert_eq!(
        settings.cloudwatch_log_group_name.as_deref(),
        Some("/ssm/sessions")
    );
    assert!(settings.cloudwatch_encryption_enabled);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].resource_arn, subject);
    assert_eq!(findings[0].status, Status::Pass, "{findings:?}");
    assert!(
        findings[0].reason.contains("log group /ssm/sessions"),
        "{}",
        findings[0].reason
    );

    let never_saved = ssm_rules::preferences(Err((400, NOT_FOUND)));
    let (account, findings) = session_logging(&[&nodes, &groups, &buckets, &never_saved]).await;
    assert!(matches!(
        account.ssm.unwrap().session_preferences[0].settings,
        Collected::Absent
    ));
    assert_eq!(findings[0].status, Status::Fail);
    assert!(
        findings[0].reason.contains("never saved"),
        "{}",
        findings[0].reason
    );

    for (status, body, code) in [
        (400, SSM_DENIED, "AccessDeniedException"),
        (400, SSM_THROTTLED, "ThrottlingException"),
        (500, SSM_INTERNAL, "InternalServerError"),
    ] {
        let failing = ssm_rules::preferences(Err((status, body)));
        let (_, findings) = session_logging(&[&nodes, &groups, &buckets, &failing]).await;
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].status, Status::Error);
        assert!(
            findings[0].reason.contains("GetDocument") && findings[0].reason.contains(code),
            "{}",
            findings[0].reason
        );
    }
}

#[tokio::test]
async fn a_failed_node_listing_blinds_only_the_checks_that_read_nodes() {
    // DescribeInstanceInformation denied: the managed nodes are unread, the
    // parameters and the Session Manager preferences are still read.
    let denied = mock!(aws_sdk_ssm::Client::describe_instance_information)
        .then_http_response(|| http(400, SSM_DENIED));
    let (parameters, values) = (ssm_rules::parameters(), ssm_rules::values());
    let s = session(&[&denied, &parameters, &values]);
    let check = awscheck_checks::registry::find("ssm-parameter-securestring").unwrap();
    let wanted = Wanted::only(
        &[
            check.reads,
            &[awscheck_model::inventory::ssm::MANAGED_INSTANCES],
        ]
        .concat(),
    );
    let services: Vec<&'static Service> = SERVICES.iter().filter(|s| s.section == "ssm").collect();
    let account = collect_account(s, &services, wanted, 4, false).await;
    assert_eq!(denied.num_calls(), 1);
    let errors = &account.collection_errors;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].part.as_deref(), Some("managed_instances"));
    let ssm = account.ssm.as_ref().unwrap();
    assert!(ssm.managed_instances.is_empty());
    assert_eq!(ssm.parameters.len(), 3, "read all the same");

    let findings = judge(&account, "ssm-parameter-securestring");
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(
        findings.iter().all(|f| f.status != Status::Error),
        "{findings:?}"
    );
    // A check that reads the nodes is blind in the region, naming the call.
    let findings = judge(&account, "ssm-patch-compliance");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0].reason.contains(
            "ssm managed_instances could not be read in us-east-1: DescribeInstanceInformation failed: AccessDeniedException"
        ),
        "{}",
        findings[0].reason
    );
}

#[tokio::test]
async fn ssm_error_paths_become_errors_never_empty_passes() {
    // AccessDenied on the node listing blinds the checks that read nodes.
    let denied = mock!(aws_sdk_ssm::Client::describe_instance_information)
        .then_http_response(|| http(400, SSM_DENIED));
    let none = ssm_rules::no_parameters();
    let unsaved = ssm_rules::preferences(Ok(r#"{"inputs":{}}"#));
    let default = ssm_rules::dhmc("Default", "$None");
    let s = session(&[&denied, &none, &unsaved, &default]);
    let account = collect(&s, &["ssm"]).await;
    assert_eq!(denied.num_calls(), 1, "AccessDenied is not retried");
    let findings = judge(&account, "ssm-patch-compliance");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0]
            .reason
            .contains("DescribeInstanceInformation failed: AccessDeniedException"),
        "{}",
        findings[0].reason
    );

    // Throttled patch states and a 5xx compliance listing: unknown on every node.
    let throttled = mock!(aws_sdk_ssm::Client::describe_instance_patch_states)
        .then_http_response(|| http(400, SSM_THROTTLED));
    let broken = mock!(aws_sdk_ssm::Client::list_resource_compliance_summaries)
        .then_http_response(|| http(500, SSM_INTERNAL));
    let not_found = mock!(aws_sdk_ssm::Client::get_service_setting).then_http_response(|| {
        http(
            400,
            r#"{"__type":"ServiceSettingNotFound","message":"no such setting"}"#,
        )
    });
    let nodes = ssm_rules::nodes();
    let s = session(&[&nodes, &throttled, &broken, &not_found, &none, &unsaved]);
    let account = collect(&s, &["ssm"]).await;
    assert_eq!(
        throttled.num_calls(),
        ATTEMPTS as usize,
        "retried up to --max-attempts"
    );
    assert_eq!(
        broken.num_calls(),
        2 * ATTEMPTS as usize,
        "5xx is retried, for the Patch and the Association summaries"
    );
    let ssm = account.ssm.as_ref().unwrap();
    assert_eq!(
        ssm.regions[0].dhmc_role,
        Collected::Absent,
        "ServiceSettingNotFound"
    );
    for node in &ssm.managed_instances {
        assert_eq!(
            node.patch_state.error().unwrap().code,
            "ThrottlingException"
        );
        assert_eq!(
            node.patch_compliance.error().unwrap().code,
            "InternalServerError"
        );
    }
    let findings = judge(&account, "ssm-patch-compliance");
    assert_eq!(findings.len(), 3);
    for f in &findings {
        assert_eq!(f.status, Status::Error, "{f:?}");
        assert!(
            f.reason
                .contains("throttled: DescribeInstancePatchStates (ThrottlingException)"),
            "{}",
            f.reason
        );
    }

    // A setting never customised is the service default: no DHMC role.
    let empty = mock!(aws_sdk_ssm::Client::describe_instance_information).then_output(|| {
        aws_sdk_ssm::operation::describe_instance_information::DescribeInstanceInformationOutput::builder().build()
    });
    let s = session(&[&empty, &default, &none, &unsaved]);
    let account = collect(&s, &["ssm"]).await;
    let ssm = account.ssm.unwrap();
    assert_eq!(ssm.regions[0].dhmc_role, Collected::Absent);
    assert!(ssm.managed_instances.is_empty());
    assert_eq!(
        s.stats.calls(),
        10,
        "nodes, DHMC, parameters, preferences and the six fleet listings: no patch calls without nodes"
    );
}

/// Launch template lt-1 (default 1, latest 1) whose version 1 sets no
/// HttpTokens and launches from ami-v2 (ImdsSupport v2.0).
fn template_rules() -> Vec<Rule> {
    use aws_sdk_ec2::operation::*;
    use aws_sdk_ec2::types::*;
    use aws_sdk_ec2::Client;
    let version = |n: i64, tokens: Option<LaunchTemplateHttpTokensState>| {
        let mut data = ResponseLaunchTemplateData::builder().image_id("ami-v2");
        if let Some(t) = tokens {
            data = data.metadata_options(
                LaunchTemplateInstanceMetadataOptions::builder()
                    .http_tokens(t)
                    .build(),
            );
        }
        LaunchTemplateVersion::builder()
            .launch_template_id("lt-1")
            .version_number(n)
            .launch_template_data(data.build())
            .build()
    };
    let v1 = version(1, None);
    let v2 = version(2, Some(LaunchTemplateHttpTokensState::Required));
    vec![
        mock!(Client::describe_instances)
            .then_output(|| describe_instances::DescribeInstancesOutput::builder().build()),
        mock!(Client::describe_launch_templates).then_output(|| {
            describe_launch_templates::DescribeLaunchTemplatesOutput::builder()
                .launch_templates(
                    LaunchTemplate::builder()
                        .launch_template_id("lt-1")
                        .launch_template_name("web")
                        .default_version_number(1)
                        .latest_version_number(1)
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_launch_template_versions)
            .match_requests(|r| r.launch_template_id().is_none())
            .then_output(move || {
                describe_launch_template_versions::DescribeLaunchTemplateVersionsOutput::builder()
                    .launch_template_versions(v1.clone())
                    .build()
            }),
        mock!(Client::describe_launch_template_versions)
            .match_requests(|r| r.versions() == ["2"])
            .then_output(move || {
                describe_launch_template_versions::DescribeLaunchTemplateVersionsOutput::builder()
                    .launch_template_versions(v2.clone())
                    .build()
            }),
        mock!(Client::describe_launch_template_versions)
            .match_requests(|r| r.versions() == ["4"])
            .then_http_response(|| http(400, EC2_NO_VERSION)),
        mock!(Client::describe_images).then_output(|| {
            describe_images::DescribeImagesOutput::builder()
                .images(
                    Image::builder()
                        .image_id("ami-v2")
                        .imds_support(ImdsSupportValues::V20)
                        .build(),
                )
                .build()
        }),
        mock!(Client::get_instance_metadata_defaults).then_output(|| {
            get_instance_metadata_defaults::GetInstanceMetadataDefaultsOutput::builder()
                .account_level(
                    InstanceMetadataDefaultsResponse::builder()
                        .http_tokens(HttpTokensState::Required)
                        .build(),
                )
                .build()
        }),
    ]
}

/// Groups using lt-1 at `versions` (the last through a mixed instances policy).
fn groups(versions: &'static [&'static str]) -> Rule {
    use aws_sdk_autoscaling::types::*;
    mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(move || {
        let spec = |v: &str| {
            LaunchTemplateSpecification::builder()
                .launch_template_id("lt-1")
                .launch_template_name("web")
                .version(v)
                .build()
        };
        let mut out = aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder();
        for (i, v) in versions.iter().enumerate() {
            let g = AutoScalingGroup::builder().auto_scaling_group_name(format!("g{i}"));
            let g = if i + 1 == versions.len() {
                g.mixed_instances_policy(
                    MixedInstancesPolicy::builder()
                        .launch_template(
                            aws_sdk_autoscaling::types::LaunchTemplate::builder()
                                .launch_template_specification(spec(v))
                                .build(),
                        )
                        .build(),
                )
            } else {
                g.launch_template(spec(v))
            };
            out = out.auto_scaling_groups(g.build());
        }
        out.build()
    })
}

#[tokio::test]
async fn metadata_defaults_ami_support_and_pinned_versions_feed_the_imdsv2_check() {
    let mut rules = template_rules();
    rules.push(groups(&["$Default", "2", "4"]));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ec2", "autoscaling"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ec2 = account.ec2.as_ref().unwrap();
    let defaults = ec2.regions[0].metadata_defaults.value().unwrap();
    assert_eq!(defaults.http_tokens.as_deref(), Some("required"));
    assert_eq!(ec2.images[0].imds_support.as_deref(), Some("v2.0"));
    let template = &ec2.launch_templates[0];
    assert_eq!(template.arn, arn("ec2", "launch-template/lt-1"));
    let numbers: Vec<i64> = template
        .versions
        .value()
        .unwrap()
        .iter()
        .map(|v| v.version_number)
        .collect();
    assert_eq!(
        numbers,
        [1, 2],
        "the pinned 2 read after collection; 4 does not exist"
    );
    let asgs = &account.autoscaling.as_ref().unwrap().groups;
    let lt = asgs[2]
        .launch_template
        .as_ref()
        .expect("from the mixed instances policy");
    assert_eq!((lt.id.as_str(), lt.version.as_str()), ("lt-1", "4"));

    let findings = by_arn(&judge(&account, "ec2-imdsv2-required"));
    let (status, reason) = &findings[&arn("ec2", "launch-template/lt-1")];
    assert_eq!(*status, Status::Error, "{reason}");
    assert!(
        reason.contains("version 4 (g2: 4) is not in the inventory"),
        "{reason}"
    );

    // Without the missing version: the unset HttpTokens of version 1 is
    // covered by the account default and the AMI, which is advisory.
    let mut rules = template_rules();
    rules.push(groups(&["$Default", "2"]));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ec2", "autoscaling"]).await;
    let findings = judge(&account, "ec2-imdsv2-required");
    let f = findings
        .iter()
        .find(|f| f.resource_arn == arn("ec2", "launch-template/lt-1"))
        .unwrap();
    assert_eq!(
        (f.status, f.severity),
        (Status::Fail, Severity::Low),
        "{}",
        f.reason
    );
    assert!(
        f.reason.contains(
            "IMDSv2 comes only from the account default in us-east-1 (required) and AMI ami-v2"
        ),
        "{}",
        f.reason
    );
}

#[tokio::test]
async fn throttled_template_versions_and_denied_launch_configurations() {
    use aws_sdk_ec2::Client;
    // Throttling on the versions listing: every template's versions are unknown.
    let mut rules: Vec<Rule> = template_rules()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, r)| r)
        .collect();
    let throttled = mock!(Client::describe_launch_template_versions)
        .then_http_response(|| http(503, EC2_THROTTLED));
    rules.push(throttled.clone());
    rules.push(groups(&["$Latest"]));
    let s = session(&rules.iter().collect::<Vec<_>>());
    let account = collect(&s, &["ec2", "autoscaling"]).await;
    assert_eq!(throttled.num_calls(), ATTEMPTS as usize);
    let template = &account.ec2.as_ref().unwrap().launch_templates[0];
    assert_eq!(
        template.versions.error().unwrap().code,
        "RequestLimitExceeded"
    );
    let findings = by_arn(&judge(&account, "ec2-imdsv2-required"));
    let (status, reason) = &findings[&arn("ec2", "launch-template/lt-1")];
    assert_eq!(*status, Status::Error);
    assert!(
        reason.contains("throttled: DescribeLaunchTemplateVersions (RequestLimitExceeded)"),
        "{reason}"
    );

    // A launch configuration that cannot be read leaves the groups' launch
    // configurations unread there: the groups are kept, and a check that
    // reads them reports ERROR for the region, never judges a group.
    let group = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(|| {
        aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder()
            .auto_scaling_groups(
                aws_sdk_autoscaling::types::AutoScalingGroup::builder()
                    .auto_scaling_group_name("legacy")
                    .launch_configuration_name("lc-1")
                    .build(),
            )
            .build()
    });
    let denied = mock!(aws_sdk_autoscaling::Client::describe_launch_configurations)
        .then_http_response(|| http(403, ASG_DENIED));
    let s = session(&[&group, &denied]);
    let account = collect(&s, &["autoscaling"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            "autoscaling",
            "DescribeLaunchConfigurations",
            "AccessDenied"
        )
    );
    assert_eq!(e.part.as_deref(), Some("groups.launch_configuration"));
    let groups = &account.autoscaling.as_ref().unwrap().groups;
    assert_eq!(groups.len(), 1, "the groups are kept");
    let mut account = account;
    account.ec2 = Some(Default::default());
    let findings = judge(&account, "ec2-imdsv2-required");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0].reason.starts_with(
            "autoscaling groups.launch_configuration could not be read in us-east-1: DescribeLaunchConfigurations failed: AccessDenied"
        ),
        "{}",
        findings[0].reason
    );
}

/// A REST API policy as API Gateway returns it: quotes and slashes escaped.
const ESCAPED_POLICY: &str = r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:111122223333:abc\/*\",\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":\"vpce-1\"}}},{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:111122223333:abc\/*\"}]}"#;

#[tokio::test]
async fn rest_api_policies_are_unescaped_and_v2_pages_are_followed() {
    use aws_sdk_apigateway::operation::*;
    use aws_sdk_apigatewayv2::operation::{get_apis::GetApisOutput, get_routes::GetRoutesOutput};
    use aws_sdk_apigatewayv2::types::{Api, AuthorizationType, ProtocolType, Route};
    let apis = mock!(aws_sdk_apigateway::Client::get_rest_apis).then_output(|| {
        get_rest_apis::GetRestApisOutput::builder()
            .items(
                aws_sdk_apigateway::types::RestApi::builder()
                    .id("abc")
                    .name("private")
                    .policy(ESCAPED_POLICY)
                    .endpoint_configuration(
                        aws_sdk_apigateway::types::EndpointConfiguration::builder()
                            .types(aws_sdk_apigateway::types::EndpointType::Private)
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let resources = mock!(aws_sdk_apigateway::Client::get_resources).then_output(|| {
        let method = aws_sdk_apigateway::types::Method::builder()
            .http_method("GET")
            .authorization_type("NONE")
            .build();
        get_resources::GetResourcesOutput::builder()
            .items(
                aws_sdk_apigateway::types::Resource::builder()
                    .path("/items")
                    .resource_methods("GET", method)
                    .build(),
            )
            .build()
    });
    let api = |id: &str| {
        Api::builder()
            .api_id(id)
            .name(id)
            .protocol_type(ProtocolType::Http)
            .build()
    };
    let page1 = mock!(aws_sdk_apigatewayv2::Client::get_apis)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            GetApisOutput::builder()
                .items(api("h1"))
                .next_token("p2")
                .build()
        });
    let page2 = mock!(aws_sdk_apigatewayv2::Client::get_apis)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(move || {
            GetApisOutput::builder()
                .items(api("h2"))
                .next_token("p2")
                .build()
        });
    let routes = mock!(aws_sdk_apigatewayv2::Client::get_routes).then_output(|| {
        GetRoutesOutput::builder()
            .items(
                Route::builder()
                    .route_key("GET /x")
                    .authorization_type(AuthorizationType::Jwt)
                    .build(),
            )
            .build()
    });
    let s = session(&[&apis, &resources, &page1, &page2, &routes]);
    let account = collect(&s, &["apigateway"]).await;
    assert_eq!(
        (page1.num_calls(), page2.num_calls()),
        (1, 1),
        "a repeated token ends the listing"
    );
    let gw = account.apigateway.as_ref().unwrap();
    let policy = gw.rest_apis[0].policy.as_ref().unwrap();
    assert_eq!(policy.0["Statement"][0]["Effect"], "Deny", "{:?}", policy.0);
    assert_eq!(
        policy.0["Statement"][1]["Resource"],
        "arn:aws:execute-api:us-east-1:111122223333:abc/*"
    );
    assert_eq!(
        gw.v2_apis.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["h1", "h2"]
    );
    let findings = by_arn(&judge(&account, "apigateway-authorization"));
    let (status, reason) = &findings["arn:aws:apigateway:us-east-1::/restapis/abc"];
    assert_eq!(*status, Status::Pass, "the VPC deny was read: {reason}");
    assert_eq!(
        findings["arn:aws:apigateway:us-east-1::/apis/h2"].0,
        Status::Pass
    );

    // Plain JSON text (what moto returns) reads the same.
    assert_eq!(
        apigateway::rest_api_policy(r#"{"Statement":[]}"#).0["Statement"],
        serde_json::json!([])
    );

    // Methods that cannot be read make the API's verdict an error.
    let denied = mock!(aws_sdk_apigateway::Client::get_resources).then_http_response(|| {
        http(
            403,
            r#"{"__type":"AccessDeniedException","message":"not authorized"}"#,
        )
    });
    let no_v2 = mock!(aws_sdk_apigatewayv2::Client::get_apis)
        .then_output(|| GetApisOutput::builder().build());
    let s = session(&[&apis, &denied, &no_v2]);
    let account = collect(&s, &["apigateway"]).await;
    let findings = judge(&account, "apigateway-authorization");
    assert_eq!(findings[0].status, Status::Error);
    assert!(
        findings[0]
            .reason
            .contains("GetResources failed: AccessDeniedException"),
        "{}",
        findings[0].reason
    );
}

#[tokio::test]
async fn deleted_tables_are_left_out_and_a_missing_pitr_description_fails() {
    use aws_sdk_dynamodb::operation::*;
    use aws_sdk_dynamodb::Client;
    let tables = mock!(Client::list_tables).then_output(|| {
        list_tables::ListTablesOutput::builder()
            .table_names("gone")
            .table_names("events")
            .build()
    });
    let gone = mock!(Client::describe_continuous_backups)
        .match_requests(|r| r.table_name() == Some("gone"))
        .then_http_response(|| {
            http(400, r#"{"__type":"com.amazonaws.dynamodb.v20120810#TableNotFoundException","message":"Table not found: gone"}"#)
        });
    let backups = mock!(Client::describe_continuous_backups).then_output(|| {
        describe_continuous_backups::DescribeContinuousBackupsOutput::builder()
            .continuous_backups_description(
                aws_sdk_dynamodb::types::ContinuousBackupsDescription::builder()
                    .continuous_backups_status(
                        aws_sdk_dynamodb::types::ContinuousBackupsStatus::Enabled,
                    )
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let tags = mock!(Client::list_tags_of_resource).then_output(|| {
        list_tags_of_resource::ListTagsOfResourceOutput::builder()
            .tags(
                aws_sdk_dynamodb::types::Tag::builder()
                    .key("env")
                    .value("prod")
                    .build()
                    .unwrap(),
            )
            .build()
    });
    let s = session(&[&tables, &gone, &backups, &tags]);
    let account = collect(&s, &["dynamodb"]).await;
    let ddb = account.dynamodb.as_ref().unwrap();
    assert_eq!(ddb.tables.len(), 1, "{:?}", ddb.tables);
    let t = &ddb.tables[0];
    assert_eq!(
        (t.name.as_str(), t.arn.clone()),
        ("events", arn("dynamodb", "table/events"))
    );
    assert!(matches!(t.pitr, Collected::Absent));
    assert_eq!(t.tags.get("env").map(String::as_str), Some("prod"));
    let findings = judge(&account, "dynamodb-pitr");
    assert_eq!(findings[0].status, Status::Fail);
    assert_eq!(
        s.stats.errors(),
        0,
        "a table deleted since listing is no error"
    );
}

#[tokio::test]
async fn global_clusters_are_kept_once_in_their_writer_region_and_lambda_values_redacted() {
    use aws_sdk_rds::operation::*;
    use aws_sdk_rds::types::*;
    use aws_sdk_rds::Client;
    let global = mock!(Client::describe_global_clusters).then_output(|| {
        describe_global_clusters::DescribeGlobalClustersOutput::builder()
            .global_clusters(
                GlobalCluster::builder()
                    .global_cluster_identifier("g1")
                    .global_cluster_arn(format!("arn:aws:rds::{ACCOUNT}:global-cluster:g1"))
                    .global_cluster_members(
                        GlobalClusterMember::builder()
                            .db_cluster_arn(format!("arn:aws:rds:eu-west-1:{ACCOUNT}:cluster:c2"))
                            .is_writer(false)
                            .build(),
                    )
                    .global_cluster_members(
                        GlobalClusterMember::builder()
                            .db_cluster_arn(format!("arn:aws:rds:us-east-1:{ACCOUNT}:cluster:c1"))
                            .is_writer(true)
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let instances = mock!(Client::describe_db_instances)
        .then_output(|| describe_db_instances::DescribeDbInstancesOutput::builder().build());
    let clusters = mock!(Client::describe_db_clusters)
        .then_output(|| describe_db_clusters::DescribeDbClustersOutput::builder().build());
    let functions = mock!(aws_sdk_lambda::Client::list_functions).then_output(|| {
        aws_sdk_lambda::operation::list_functions::ListFunctionsOutput::builder()
            .functions(
                aws_sdk_lambda::types::FunctionConfiguration::builder()
                    .function_name("f")
                    .environment(
                        aws_sdk_lambda::types::EnvironmentResponse::builder()
                            .variables("TOKEN", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let tags = mock!(aws_sdk_lambda::Client::list_tags)
        .then_http_response(|| http(429, r#"{"Type":"User","message":"Rate exceeded"}"#));
    let [policy, configs, mappings] = lambda_rules::nothing_async();
    let s = {
        let s = session(&[
            &global, &instances, &clusters, &functions, &tags, &policy, &configs, &mappings,
        ]);
        let mut inner = Arc::try_unwrap(s).ok().expect("only reference");
        inner.regions = vec!["us-east-1".into(), "eu-west-1".into()];
        Arc::new(inner)
    };
    let account = collect(&s, &["rds", "lambda"]).await;
    let globals = &account.rds.as_ref().unwrap().global_clusters;
    assert_eq!(
        globals.len(),
        1,
        "listed in both regions, kept once: {globals:?}"
    );
    assert_eq!(
        (globals[0].region.as_str(), globals[0].members.len()),
        ("us-east-1", 2)
    );
    let functions = &account.lambda.as_ref().unwrap().functions;
    assert_eq!(functions.len(), 2, "one per region");
    let f = &functions[0];
    assert_eq!(f.arn, arn("lambda", "function:f"));
    assert_eq!(f.environment[0].name, "TOKEN");
    assert_eq!(
        f.environment[0].value.looks_like,
        [awscheck_model::secret::SecretKind::GithubToken]
    );
    assert!(
        !format!("{:?}", account.lambda).contains("ghp_"),
        "only the redacted form is held"
    );
    assert!(f.tags.is_empty(), "unread tags hold nothing");
    assert_eq!(s.stats.errors(), 2, "ListTags failed in each region");
    assert_eq!(
        account
            .collection_errors
            .iter()
            .map(|e| (e.part.as_deref(), e.resource.as_deref()))
            .collect::<Vec<_>>(),
        [
            (Some("functions.tags"), Some(f.arn.as_str())),
            (Some("functions.tags"), Some(functions[1].arn.as_str()))
        ],
        "each function's tags are unread, not read as none"
    );
}

/// `TrafficSources` (which moto 5.2.5 does not report): a VPC Lattice
/// target group needs `VPC_LATTICE` health checks, which `ELB` alone is not.
#[tokio::test]
async fn traffic_sources_feed_the_elb_health_check() {
    use aws_sdk_autoscaling::types::{AutoScalingGroup, TrafficSourceIdentifier};
    let lattice = "arn:aws:vpc-lattice:us-east-1:111122223333:targetgroup/tg-0123456789abcdef0";
    let groups = mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(
        move || {
            let group = |name: &str, health: &str| {
                AutoScalingGroup::builder()
                    .auto_scaling_group_name(name)
                    .min_size(1)
                    .max_size(4)
                    .desired_capacity(2)
                    .availability_zones("us-east-1a")
                    .availability_zones("us-east-1b")
                    .vpc_zone_identifier("subnet-a,subnet-b")
                    .health_check_type(health)
                    .health_check_grace_period(300)
                    .traffic_sources(
                        TrafficSourceIdentifier::builder()
                            .identifier(lattice)
                            .r#type("vpc-lattice")
                            .build(),
                    )
                    .build()
            };
            aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder()
                .auto_scaling_groups(group("lattice-elb", "ELB"))
                .auto_scaling_groups(group("lattice-ok", "EC2,VPC_LATTICE"))
                .build()
        },
    );
    let s = session(&[&groups]);
    let account = collect(&s, &["autoscaling"]).await;
    let asgs = &account.autoscaling.as_ref().unwrap().groups;
    assert_eq!(asgs[0].subnet_ids, ["subnet-a", "subnet-b"]);
    assert_eq!(asgs[0].traffic_sources[0].identifier, lattice);
    assert_eq!(asgs[0].traffic_sources[0].kind, "vpc-lattice");
    let group_arn = |name: &str| {
        arn(
            "autoscaling",
            &format!("autoScalingGroup:*:autoScalingGroupName/{name}"),
        )
    };
    let findings = by_arn(&judge(&account, "asg-elb-health-check"));
    let (status, reason) = &findings[&group_arn("lattice-elb")];
    assert_eq!(*status, Status::Fail, "{reason}");
    assert!(reason.contains("not VPC_LATTICE"), "{reason}");
    assert_eq!(findings[&group_arn("lattice-ok")].0, Status::Pass);
}

#[tokio::test]
async fn lambda_concurrency_is_read_and_judged() {
    use aws_sdk_lambda::operation::*;
    use aws_sdk_lambda::types::*;
    use aws_sdk_lambda::Client;
    let f = arn("lambda", "function:f");
    let functions = lambda_rules::function();
    let tags = mock!(Client::list_tags).then_output(|| {
        list_tags::ListTagsOutput::builder()
            .tags("criticality", "high")
            .build()
    });
    let reserved = mock!(Client::get_function_concurrency).then_output(|| {
        get_function_concurrency::GetFunctionConcurrencyOutput::builder()
            .reserved_concurrent_executions(0)
            .build()
    });
    let failed = f.clone();
    let provisioned = mock!(Client::list_provisioned_concurrency_configs).then_output(move || {
        list_provisioned_concurrency_configs::ListProvisionedConcurrencyConfigsOutput::builder()
            .provisioned_concurrency_configs(
                ProvisionedConcurrencyConfigListItem::builder()
                    .function_arn(format!("{failed}:live"))
                    .requested_provisioned_concurrent_executions(50)
                    .allocated_provisioned_concurrent_executions(0)
                    .status(ProvisionedConcurrencyStatusEnum::Failed)
                    .status_reason("FUNCTION_ERROR_INIT_FAILURE")
                    .build(),
            )
            .build()
    });
    let settings = mock!(Client::get_account_settings).then_output(|| {
        get_account_settings::GetAccountSettingsOutput::builder()
            .account_limit(
                AccountLimit::builder()
                    .concurrent_executions(1000)
                    .unreserved_concurrent_executions(105)
                    .build(),
            )
            .build()
    });
    let s = session(&[&functions, &tags, &reserved, &provisioned, &settings]);
    let account = collect_for_check(&s, "lambda", "lambda-concurrency-config").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let lambda = account.lambda.as_ref().unwrap();
    let func = &lambda.functions[0];
    assert_eq!(func.reserved_concurrency.value(), Some(&0));
    let p = &func.provisioned_concurrency.value().unwrap()[0];
    assert_eq!(
        (p.qualifier.as_str(), p.requested, p.status.as_str()),
        ("live", 50, "FAILED")
    );
    assert_eq!(
        lambda.account_settings[0].unreserved_concurrent_executions,
        105
    );
    let findings = judge(&account, "lambda-concurrency-config");
    let function = findings.iter().find(|x| x.resource_arn == f).unwrap();
    assert_eq!(function.status, Status::Fail);
    assert!(
        function.reason.contains(
            "provisioned concurrency of live (50 requested) FAILED: FUNCTION_ERROR_INIT_FAILURE"
        ) && function
            .reason
            .contains("advisory: reserved concurrency is 0"),
        "{}",
        function.reason
    );
    let region = findings
        .iter()
        .find(|x| x.resource_arn == format!("arn:aws:lambda:us-east-1:{ACCOUNT}"))
        .unwrap();
    assert_eq!(
        (region.status, region.severity),
        (Status::Fail, Severity::Low)
    );
    assert!(
        region.reason.contains("only 105 of 1000"),
        "{}",
        region.reason
    );

    // No reservation answers an empty body: absent, not an error.
    let none = mock!(Client::get_function_concurrency)
        .then_output(|| get_function_concurrency::GetFunctionConcurrencyOutput::builder().build());
    // Throttled provisioned configs and denied account settings.
    let throttled = mock!(Client::list_provisioned_concurrency_configs)
        .then_http_response(|| http(429, r#"{"Type":"User","message":"Rate exceeded"}"#));
    let denied = mock!(Client::get_account_settings)
        .then_http_response(|| http(403, r#"{"Type":"User","Message":"not authorized"}"#));
    let s = session(&[&functions, &tags, &none, &throttled, &denied]);
    let account = collect_for_check(&s, "lambda", "lambda-concurrency-config").await;
    let func = &account.lambda.as_ref().unwrap().functions[0];
    assert!(matches!(func.reserved_concurrency, Collected::Absent));
    assert_eq!(
        func.provisioned_concurrency.known().unwrap_err().operation,
        "ListProvisionedConcurrencyConfigs"
    );
    let e = &account.collection_errors[0];
    assert_eq!(
        (e.part.as_deref(), e.error.operation.as_str()),
        (Some("account_settings"), "GetAccountSettings")
    );
    let findings = judge(&account, "lambda-concurrency-config");
    let statuses: Vec<(&str, Status)> = findings
        .iter()
        .map(|x| (x.resource_arn.as_str(), x.status))
        .collect();
    assert_eq!(
        statuses,
        [
            (
                format!("arn:aws:lambda:us-east-1:{ACCOUNT}").as_str(),
                Status::Error
            ),
            (f.as_str(), Status::Error),
        ]
    );
    // A 5xx on the reservation: that function's error, named by operation.
    let broken = mock!(Client::get_function_concurrency)
        .then_http_response(|| http(500, "<html>Internal Server Error</html>"));
    let s = session(&[&functions, &tags, &broken]);
    let account = collect_for_check(&s, "lambda", "lambda-concurrency-config").await;
    let func = &account.lambda.as_ref().unwrap().functions[0];
    assert_eq!(
        func.reserved_concurrency.known().unwrap_err().operation,
        "GetFunctionConcurrency"
    );
}

mod lambda_rules {
    use super::*;
    use aws_sdk_lambda::operation::*;
    use aws_sdk_lambda::types::*;
    use aws_sdk_lambda::Client;

    /// No resource policy, no asynchronous settings, no mappings.
    pub fn nothing_async() -> [Rule; 3] {
        [
            mock!(Client::get_policy).then_http_response(|| http(404, NO_POLICY)),
            mock!(Client::list_function_event_invoke_configs).then_output(|| {
                list_function_event_invoke_configs::ListFunctionEventInvokeConfigsOutput::builder()
                    .build()
            }),
            mock!(Client::list_event_source_mappings).then_output(|| {
                list_event_source_mappings::ListEventSourceMappingsOutput::builder().build()
            }),
        ]
    }

    /// Function `f`, running as role `f`, with a dead-letter queue.
    pub fn function() -> Rule {
        mock!(Client::list_functions).then_output(|| {
            list_functions::ListFunctionsOutput::builder()
                .functions(
                    FunctionConfiguration::builder()
                        .function_name("f")
                        .function_arn(arn("lambda", "function:f"))
                        .role(format!("arn:aws:iam::{ACCOUNT}:role/f"))
                        .dead_letter_config(
                            DeadLetterConfig::builder()
                                .target_arn(arn("sqs", "f-dlq"))
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
    }

    /// The settings of `$LATEST` (unqualified ARN) and alias `live`.
    pub fn configs() -> Rule {
        mock!(Client::list_function_event_invoke_configs).then_output(|| {
            let f = arn("lambda", "function:f");
            list_function_event_invoke_configs::ListFunctionEventInvokeConfigsOutput::builder()
                .function_event_invoke_configs(
                    FunctionEventInvokeConfig::builder()
                        .function_arn(&f)
                        .maximum_retry_attempts(0)
                        .build(),
                )
                .function_event_invoke_configs(
                    FunctionEventInvokeConfig::builder()
                        .function_arn(format!("{f}:live"))
                        .maximum_event_age_in_seconds(3600)
                        .destination_config(
                            DestinationConfig::builder()
                                .on_failure(
                                    OnFailure::builder()
                                        .destination(arn("sns", "failures"))
                                        .build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
    }

    /// A Kinesis mapping that bisects failing batches.
    pub fn mappings() -> Rule {
        mock!(Client::list_event_source_mappings).then_output(|| {
            list_event_source_mappings::ListEventSourceMappingsOutput::builder()
                .event_source_mappings(
                    EventSourceMappingConfiguration::builder()
                        .uuid("m1")
                        .function_arn(arn("lambda", "function:f"))
                        .event_source_arn(arn("kinesis", "stream/clicks"))
                        .state("Enabled")
                        .maximum_retry_attempts(-1)
                        .bisect_batch_on_function_error(true)
                        .build(),
                )
                .build()
        })
    }
}

const NO_POLICY: &str = r#"{"__type":"ResourceNotFoundException","message":"The resource you requested does not exist."}"#;
const LAMBDA_DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const LAMBDA_THROTTLED: &str = r#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#;
const LAMBDA_INTERNAL: &str = r#"{"__type":"ServiceException","message":"internal error"}"#;

#[tokio::test]
async fn lambda_async_settings_are_read_per_qualifier_with_the_mappings() {
    let policy = mock!(aws_sdk_lambda::Client::get_policy).then_output(|| {
        aws_sdk_lambda::operation::get_policy::GetPolicyOutput::builder()
            .policy(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Resource":"*"}]}"#)
            .build()
    });
    let tags = mock!(aws_sdk_lambda::Client::list_tags)
        .then_output(|| aws_sdk_lambda::operation::list_tags::ListTagsOutput::builder().build());
    let (functions, configs, mappings) = (
        lambda_rules::function(),
        lambda_rules::configs(),
        lambda_rules::mappings(),
    );
    let s = session(&[&functions, &tags, &policy, &configs, &mappings]);
    let account = collect(&s, &["lambda"]).await;
    assert_eq!(s.stats.errors(), 0);
    let lambda = account.lambda.as_ref().unwrap();
    let f = &lambda.functions[0];
    assert_eq!(
        f.role.as_deref(),
        Some(format!("arn:aws:iam::{ACCOUNT}:role/f").as_str())
    );
    assert_eq!(f.dead_letter_target_arn, Some(arn("sqs", "f-dlq")));
    assert!(f.policy.value().is_some(), "{:?}", f.policy);
    let configs = f.event_invoke_configs.value().unwrap();
    let seen: Vec<_> = configs
        .iter()
        .map(|c| {
            (
                c.qualifier.as_str(),
                c.on_failure.clone(),
                c.maximum_retry_attempts,
                c.maximum_event_age_seconds,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("$LATEST", None, Some(0), None),
            ("live", Some(arn("sns", "failures")), None, Some(3600)),
        ]
    );
    let m = &lambda.event_source_mappings[0];
    assert_eq!(m.arn, arn("lambda", "event-source-mapping:m1"));
    assert_eq!(m.event_source_arn, Some(arn("kinesis", "stream/clicks")));
    assert_eq!(
        (m.maximum_retry_attempts, m.bisect_batch_on_function_error),
        (Some(-1), true)
    );
}

#[tokio::test]
async fn lambda_async_reads_that_fail_give_errors_naming_the_operation_and_code() {
    let functions = lambda_rules::function();
    let tags = mock!(aws_sdk_lambda::Client::list_tags)
        .then_output(|| aws_sdk_lambda::operation::list_tags::ListTagsOutput::builder().build());
    let denied =
        mock!(aws_sdk_lambda::Client::get_policy).then_http_response(|| http(403, LAMBDA_DENIED));
    let internal = mock!(aws_sdk_lambda::Client::list_function_event_invoke_configs)
        .then_http_response(|| http(500, LAMBDA_INTERNAL));
    let throttled = mock!(aws_sdk_lambda::Client::list_event_source_mappings)
        .then_http_response(|| http(429, LAMBDA_THROTTLED));
    let s = session(&[&functions, &tags, &denied, &internal, &throttled]);
    let mut account = collect(&s, &["lambda"]).await;
    let f = &account.lambda.as_ref().unwrap().functions[0];
    assert_eq!(
        f.policy
            .error()
            .map(|e| (e.operation.as_str(), e.code.as_str())),
        Some(("GetPolicy", "AccessDeniedException"))
    );
    assert_eq!(
        f.event_invoke_configs
            .error()
            .map(|e| (e.operation.as_str(), e.code.as_str())),
        Some(("ListFunctionEventInvokeConfigs", "ServiceException"))
    );
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.service.as_str(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (
            "lambda",
            "ListEventSourceMappings",
            "TooManyRequestsException"
        )
    );
    // The function cannot be judged: its scope and settings are unknown,
    // and the ERROR says which read failed (the targets' sections are there,
    // empty: its dead-letter queue does not exist).
    account.sqs = Some(Default::default());
    account.sns = Some(Default::default());
    account.s3 = Some(Default::default());
    account.iam = Some(Default::default());
    let findings = judge(&account, "lambda-async-failure-destination");
    assert!(
        findings.iter().any(|f| f.status == Status::Error
            && f.reason.contains("event_source_mappings could not be read")),
        "{findings:#?}"
    );
    let (status, reason) = &by_arn(&findings)[&arn("lambda", "function:f")];
    assert_eq!(*status, Status::Error, "{reason}");
    assert!(reason.contains("GetPolicy"), "{reason}");
}

#[tokio::test]
async fn scaling_policies_and_scheduled_actions_are_grouped_by_group() {
    use aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput;
    use aws_sdk_autoscaling::operation::describe_policies::DescribePoliciesOutput;
    use aws_sdk_autoscaling::operation::describe_scheduled_actions::DescribeScheduledActionsOutput;
    use aws_sdk_autoscaling::types::{AutoScalingGroup, ScalingPolicy, ScheduledUpdateGroupAction};
    let listing = || {
        mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(|| {
            DescribeAutoScalingGroupsOutput::builder()
                .auto_scaling_groups(
                    AutoScalingGroup::builder()
                        .auto_scaling_group_name("web")
                        .build(),
                )
                .auto_scaling_groups(
                    AutoScalingGroup::builder()
                        .auto_scaling_group_name("batch")
                        .build(),
                )
                .build()
        })
    };
    let policies = mock!(aws_sdk_autoscaling::Client::describe_policies).then_output(|| {
        DescribePoliciesOutput::builder()
            .scaling_policies(
                ScalingPolicy::builder()
                    .auto_scaling_group_name("web")
                    .policy_name("cpu50")
                    .policy_type("TargetTrackingScaling")
                    .enabled(true)
                    .build(),
            )
            .scaling_policies(
                ScalingPolicy::builder()
                    .auto_scaling_group_name("web")
                    .policy_name("old-step")
                    .policy_type("StepScaling")
                    .enabled(false)
                    .build(),
            )
            .build()
    });
    let scheduled = || {
        mock!(aws_sdk_autoscaling::Client::describe_scheduled_actions).then_output(|| {
            DescribeScheduledActionsOutput::builder()
                .scheduled_update_group_actions(
                    ScheduledUpdateGroupAction::builder()
                        .auto_scaling_group_name("batch")
                        .scheduled_action_name("nightly")
                        .recurrence("0 22 * * *")
                        .build(),
                )
                .build()
        })
    };
    let (g, s) = (listing(), scheduled());
    let account = collect(&session(&[&g, &policies, &s]), &["autoscaling"]).await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let groups = &account.autoscaling.as_ref().unwrap().groups;
    let web = groups.iter().find(|g| g.name == "web").unwrap();
    let names: Vec<(&str, &str, bool)> = web
        .policies
        .iter()
        .map(|p| (p.name.as_str(), p.policy_type.as_str(), p.enabled))
        .collect();
    assert_eq!(
        names,
        [
            ("cpu50", "TargetTrackingScaling", true),
            ("old-step", "StepScaling", false)
        ]
    );
    assert!(web.scheduled_actions.is_empty());
    let batch = groups.iter().find(|g| g.name == "batch").unwrap();
    assert!(batch.policies.is_empty());
    assert_eq!(batch.scheduled_actions[0].name, "nightly");
    assert_eq!(
        batch.scheduled_actions[0].recurrence.as_deref(),
        Some("0 22 * * *")
    );

    // A denied DescribePolicies leaves the policies unread in the region:
    // the groups and their scheduled actions are kept.
    let denied = mock!(aws_sdk_autoscaling::Client::describe_policies)
        .then_http_response(|| http(403, ASG_DENIED));
    let (g, s) = (listing(), scheduled());
    let account = collect(&session(&[&g, &denied, &s]), &["autoscaling"]).await;
    let e = &account.collection_errors[0];
    assert_eq!(
        (
            e.part.as_deref(),
            e.error.operation.as_str(),
            e.error.code.as_str()
        ),
        (Some("groups.policies"), "DescribePolicies", "AccessDenied")
    );
    let groups = &account.autoscaling.as_ref().unwrap().groups;
    assert_eq!(groups.len(), 2, "the groups are kept");
    let findings = judge(&account, "autoscaling-policies-present");
    assert!(
        findings.iter().all(|f| f.status == Status::Error),
        "{findings:#?}"
    );
}
