//! The Systems Manager fleet collectors (maintenance windows, patch
//! baselines and groups, associations, resource data syncs, activations,
//! association compliance) with aws-smithy-mocks: what moto 5.2.5 does not
//! implement (`DescribeInstanceInformation`, `DescribePatchGroups`,
//! `ListAssociations`, `DescribeAssociation`, `GetMaintenanceWindowTask`,
//! `ListResourceDataSync`, `DescribeActivations`,
//! `ListResourceComplianceSummaries`), paginated listings, and the error
//! paths: each failed listing blinds only the checks that read its part.

use super::*;
use aws_sdk_ssm::operation::*;
use aws_sdk_ssm::types::*;
use aws_sdk_ssm::Client;
use aws_smithy_mocks::{mock, Rule};

const DENIED: &str = r#"{"__type":"AccessDeniedException","message":"not authorized"}"#;
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;
const INTERNAL: &str = r#"{"__type":"InternalServerError","message":"internal error"}"#;

fn arn(resource: &str) -> String {
    format!("arn:aws:ssm:us-east-1:{ACCOUNT}:{resource}")
}

/// Managed nodes: i-1 (Amazon Linux 2), i-2 (Windows), i-3 (Ubuntu), and
/// the hybrid mi-9, offline for 30 days.
fn nodes() -> Rule {
    mock!(Client::describe_instance_information).then_output(|| {
        let node = |id: &str, platform: PlatformType, name: &str, version: &str| {
            InstanceInformation::builder()
                .instance_id(id)
                .ping_status(PingStatus::Online)
                .platform_type(platform)
                .platform_name(name)
                .platform_version(version)
                .last_ping_date_time(secs_ago(60))
                .build()
        };
        describe_instance_information::DescribeInstanceInformationOutput::builder()
            .instance_information_list(node("i-1", PlatformType::Linux, "Amazon Linux", "2"))
            .instance_information_list(node(
                "i-2",
                PlatformType::Windows,
                "Microsoft Windows Server 2022 Datacenter",
                "10.0",
            ))
            .instance_information_list(node("i-3", PlatformType::Linux, "Ubuntu", "22.04"))
            .instance_information_list(
                InstanceInformation::builder()
                    .instance_id("mi-9")
                    .ping_status(PingStatus::ConnectionLost)
                    .platform_type(PlatformType::Linux)
                    .last_ping_date_time(secs_ago(30 * 86_400))
                    .build(),
            )
            .build()
    })
}

/// EC2 instances i-1 (`Patch=yes`), i-2 (`Patch Group=web`) and i-3.
fn instances() -> Rule {
    use aws_sdk_ec2::types::*;
    let instance = |id: &str, tags: &[(&str, &str)]| {
        let mut b = Instance::builder()
            .instance_id(id)
            .state(
                InstanceState::builder()
                    .name(InstanceStateName::Running)
                    .build(),
            )
            .launch_time(secs_ago(86_400));
        for (k, v) in tags {
            b = b.tags(Tag::builder().key(*k).value(*v).build());
        }
        b.build()
    };
    let all = vec![
        instance("i-1", &[("Patch", "yes")]),
        instance("i-2", &[("Patch Group", "web")]),
        instance("i-3", &[]),
    ];
    mock!(aws_sdk_ec2::Client::describe_instances).then_output(move || {
        aws_sdk_ec2::operation::describe_instances::DescribeInstancesOutput::builder()
            .reservations(
                Reservation::builder()
                    .set_instances(Some(all.clone()))
                    .build(),
            )
            .build()
    })
}

/// Two pages of windows: mw-1 (enabled, patches `Patch=yes` through a task
/// whose parameters only `GetMaintenanceWindowTask` gives) and mw-2
/// (disabled, no targets or tasks).
fn windows() -> Vec<Rule> {
    vec![
        mock!(Client::describe_maintenance_windows)
            .match_requests(|r| r.next_token().is_none())
            .then_output(|| {
                describe_maintenance_windows::DescribeMaintenanceWindowsOutput::builder()
                    .window_identities(
                        MaintenanceWindowIdentity::builder()
                            .window_id("mw-1")
                            .name("sunday-patching")
                            .enabled(true)
                            .schedule("cron(0 3 ? * SUN *)")
                            .duration(3)
                            .build(),
                    )
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::describe_maintenance_windows)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                describe_maintenance_windows::DescribeMaintenanceWindowsOutput::builder()
                    .window_identities(
                        MaintenanceWindowIdentity::builder()
                            .window_id("mw-2")
                            .name("retired")
                            .enabled(false)
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::describe_maintenance_window_targets)
            .match_requests(|r| r.window_id() == Some("mw-1"))
            .then_output(|| {
                describe_maintenance_window_targets::DescribeMaintenanceWindowTargetsOutput::builder()
                    .targets(
                        MaintenanceWindowTarget::builder()
                            .window_target_id("wt-1")
                            .resource_type(MaintenanceWindowResourceType::Instance)
                            .targets(Target::builder().key("tag:Patch").values("yes").build())
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::describe_maintenance_window_targets).then_output(|| {
            describe_maintenance_window_targets::DescribeMaintenanceWindowTargetsOutput::builder()
                .build()
        }),
        mock!(Client::describe_maintenance_window_tasks)
            .match_requests(|r| r.window_id() == Some("mw-1"))
            .then_output(|| {
                describe_maintenance_window_tasks::DescribeMaintenanceWindowTasksOutput::builder()
                    .tasks(
                        MaintenanceWindowTask::builder()
                            .window_task_id("task-1")
                            .r#type(MaintenanceWindowTaskType::RunCommand)
                            .task_arn("AWS-RunPatchBaseline")
                            .targets(Target::builder().key("WindowTargetIds").values("wt-1").build())
                            .build(),
                    )
                    .build()
            }),
        mock!(Client::describe_maintenance_window_tasks).then_output(|| {
            describe_maintenance_window_tasks::DescribeMaintenanceWindowTasksOutput::builder()
                .build()
        }),
        mock!(Client::get_maintenance_window_task).then_output(|| {
            let run = MaintenanceWindowRunCommandParameters::builder()
                .parameters("Operation", vec!["Install".to_string()])
                .parameters("RebootOption", vec!["NoReboot".to_string()])
                .parameters("SnapshotId", vec!["synthetic-not-kept".to_string()])
                .build();
            get_maintenance_window_task::GetMaintenanceWindowTaskOutput::builder()
                .task_invocation_parameters(
                    MaintenanceWindowTaskInvocationParameters::builder()
                        .run_command(run)
                        .build(),
                )
                .build()
        }),
    ]
}

fn association(id: &str, document: &str, key: &str, value: &str) -> Association {
    Association::builder()
        .association_id(id)
        .name(document)
        .association_name(id)
        .targets(Target::builder().key(key).values(value).build())
        .schedule_expression("rate(1 day)")
        .last_execution_date(secs_ago(600))
        .overview(AssociationOverview::builder().status("Success").build())
        .build()
}

/// a-apply: the Windows-only document on i-3 (Linux); a-scan: a scan-only
/// `AWS-RunPatchBaseline` on i-2; a-inventory: inventory on every node.
fn associations() -> Vec<Rule> {
    vec![
        mock!(Client::list_associations).then_output(|| {
            list_associations::ListAssociationsOutput::builder()
                .associations(association(
                    "a-apply",
                    "AWS-ApplyPatchBaseline",
                    "InstanceIds",
                    "i-3",
                ))
                .associations(association(
                    "a-scan",
                    "AWS-RunPatchBaseline",
                    "InstanceIds",
                    "i-2",
                ))
                .associations(association(
                    "a-inventory",
                    "AWS-GatherSoftwareInventory",
                    "InstanceIds",
                    "*",
                ))
                .build()
        }),
        mock!(Client::describe_association).then_compute_output(|r| {
            let operation = if r.association_id() == Some("a-scan") {
                "Scan"
            } else {
                "Install"
            };
            describe_association::DescribeAssociationOutput::builder()
                .association_description(
                    AssociationDescription::builder()
                        .parameters("Operation", vec![operation.to_string()])
                        .build(),
                )
                .build()
        }),
    ]
}

/// The AWS-provided default baseline for Amazon Linux 2, and a custom
/// Windows baseline registered for patch group `web`.
fn baselines() -> Vec<Rule> {
    vec![
        mock!(Client::describe_patch_baselines).then_output(|| {
            describe_patch_baselines::DescribePatchBaselinesOutput::builder()
                .baseline_identities(
                    PatchBaselineIdentity::builder()
                        .baseline_id("arn:aws:ssm:us-east-1:aws:patchbaseline/pb-0aws")
                        .baseline_name("AWS-AmazonLinux2DefaultPatchBaseline")
                        .operating_system(OperatingSystem::AmazonLinux2)
                        .default_baseline(true)
                        .build(),
                )
                .baseline_identities(
                    PatchBaselineIdentity::builder()
                        .baseline_id("pb-web")
                        .baseline_name("web-windows")
                        .operating_system(OperatingSystem::Windows)
                        .default_baseline(true)
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_patch_groups).then_output(|| {
            describe_patch_groups::DescribePatchGroupsOutput::builder()
                .mappings(
                    PatchGroupPatchBaselineMapping::builder()
                        .patch_group("web")
                        .baseline_identity(
                            PatchBaselineIdentity::builder()
                                .baseline_id("pb-web")
                                .build(),
                        )
                        .build(),
                )
                .build()
        }),
    ]
}

/// What `check` reads, collected over `rules`.
async fn collect_check(rules: &[&Rule], check: &str) -> Account {
    let s = session(rules);
    let reads = checks::find(check).unwrap().reads;
    let wanted = Wanted::only(reads);
    let services: Vec<&'static Service> = SERVICES
        .iter()
        .filter(|s| reads.iter().any(|d| d.section == s.section))
        .collect();
    collect_account(s, &services, wanted, 4, false).await
}

#[tokio::test]
async fn windows_associations_and_baselines_feed_patch_orchestration() {
    let mut rules = vec![nodes(), instances()];
    rules.extend(windows());
    rules.extend(associations());
    rules.extend(baselines());
    let refs: Vec<&Rule> = rules.iter().collect();
    let account = collect_check(&refs, "ssm-patch-orchestration").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let ssm = account.ssm.as_ref().unwrap();
    let names: Vec<&str> = ssm
        .maintenance_windows
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    assert_eq!(names, ["sunday-patching", "retired"], "both pages");
    let task = &ssm.maintenance_windows[0].tasks.value().unwrap()[0];
    let params = task.parameters.value().unwrap();
    assert_eq!(params["Operation"], ["Install"]);
    assert!(
        !params.contains_key("SnapshotId"),
        "only the judged parameters are kept"
    );
    // rules[8]: GetMaintenanceWindowTask; rules[10]: DescribeAssociation.
    assert_eq!(
        rules[8].num_calls(),
        1,
        "the one patching task without TaskParameters"
    );
    assert_eq!(
        rules[10].num_calls(),
        2,
        "the two associations of a patching document"
    );
    let inventory = ssm
        .associations
        .iter()
        .find(|a| a.id == "a-inventory")
        .unwrap();
    assert!(
        matches!(inventory.parameters, Collected::Absent),
        "not a patching document: DescribeAssociation not called"
    );
    assert_eq!(ssm.patch_groups[0].baseline_id, "pb-web");

    let findings = judge(&account, "ssm-patch-orchestration");
    let node = |id: &str| arn(&format!("managed-instance/{id}"));
    let f = expect(&findings, &node("i-1"), Status::Fail, "AWS-provided");
    assert_eq!(f.severity, awscheck_checks::Severity::Low, "advisory");
    assert!(f.reason.contains("NoReboot"), "{}", f.reason);
    expect(
        &findings,
        &node("i-2"),
        Status::Fail,
        "only scans: association a-scan (Operation=Scan)",
    );
    expect(
        &findings,
        &node("i-3"),
        Status::Fail,
        "AWS-ApplyPatchBaseline, which patches Windows only",
    );
}

#[tokio::test]
async fn inventory_syncs_compliance_and_activations_feed_their_checks() {
    let syncs = mock!(Client::list_resource_data_sync).then_output(|| {
        list_resource_data_sync::ListResourceDataSyncOutput::builder()
            .resource_data_sync_items(
                ResourceDataSyncItem::builder()
                    .sync_name("fleet-inventory")
                    .sync_type("SyncToDestination")
                    .s3_destination(
                        ResourceDataSyncS3Destination::builder()
                            .bucket_name("gone-inventory-bucket")
                            .sync_format(ResourceDataSyncS3Format::JsonSerde)
                            .region("us-east-1")
                            .build()
                            .unwrap(),
                    )
                    .last_status(LastResourceDataSyncStatus::Failed)
                    .last_sync_status_message("access denied to the bucket")
                    .build(),
            )
            .build()
    });
    let buckets = mock!(aws_sdk_s3::Client::list_buckets)
        .then_output(|| aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build());
    let compliance = mock!(Client::list_resource_compliance_summaries)
        .match_requests(|r| {
            r.filters()
                .iter()
                .any(|f| f.values().iter().any(|v| v == "Association"))
        })
        .then_output(|| {
            let item = |id: &str, status: ComplianceStatus| {
                ResourceComplianceSummaryItem::builder()
                    .resource_id(id)
                    .status(status)
                    .overall_severity(ComplianceSeverity::High)
                    .build()
            };
            list_resource_compliance_summaries::ListResourceComplianceSummariesOutput::builder()
                .resource_compliance_summary_items(item("i-1", ComplianceStatus::NonCompliant))
                .resource_compliance_summary_items(item("i-2", ComplianceStatus::Compliant))
                .build()
        });
    let activations = mock!(Client::describe_activations).then_output(|| {
        describe_activations::DescribeActivationsOutput::builder()
            .activation_list(
                aws_sdk_ssm::types::Activation::builder()
                    .activation_id("act-1")
                    .iam_role("SSMServiceRole")
                    .registration_limit(10)
                    .registrations_count(2)
                    .expired(false)
                    .created_date(secs_ago(30 * 86_400))
                    .build(),
            )
            .build()
    });
    let roles = mock!(aws_sdk_iam::Client::get_account_authorization_details).then_output(|| {
        let trust = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ssm.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D";
        aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput::builder()
            .role_detail_list(
                aws_sdk_iam::types::RoleDetail::builder()
                    .role_name("SSMServiceRole")
                    .arn(format!("arn:aws:iam::{ACCOUNT}:role/SSMServiceRole"))
                    .assume_role_policy_document(trust)
                    .build(),
            )
            .build()
    });
    let mut rules = vec![
        nodes(),
        instances(),
        syncs,
        buckets,
        compliance,
        activations,
        roles,
    ];
    rules.extend(associations());
    let refs: Vec<&Rule> = rules.iter().collect();

    let account = collect_check(&refs, "ssm-inventory-and-sync").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let findings = judge(&account, "ssm-inventory-and-sync");
    let region = format!("arn:aws:ssm:us-east-1:{ACCOUNT}");
    let f = expect(
        &findings,
        &region,
        Status::Fail,
        "resource data sync fleet-inventory last status Failed: access denied to the bucket",
    );
    assert!(f.reason.contains("gone-inventory-bucket"), "{}", f.reason);

    let account = collect_check(&refs, "ssm-association-compliance").await;
    let findings = judge(&account, "ssm-association-compliance");
    let node = |id: &str| arn(&format!("managed-instance/{id}"));
    expect(
        &findings,
        &node("i-1"),
        Status::Fail,
        "NON_COMPLIANT (severity HIGH)",
    );
    expect(&findings, &node("i-2"), Status::Pass, "COMPLIANT");
    expect(
        &findings,
        &node("i-3"),
        Status::Skip,
        "no association compliance reported",
    );
    expect(
        &findings,
        &arn("association/a-inventory"),
        Status::Pass,
        "last ran",
    );

    let account = collect_check(&refs, "ssm-hybrid-nodes").await;
    assert!(
        account.collection_errors.is_empty(),
        "{:?}",
        account.collection_errors
    );
    let findings = judge(&account, "ssm-hybrid-nodes");
    expect(
        &findings,
        &arn("activation/act-1"),
        Status::Fail,
        "open for 30 days with 8 of 10 registrations left",
    );
    expect(
        &findings,
        &node("mi-9"),
        Status::Fail,
        "hybrid node is ConnectionLost",
    );
    assert_eq!(findings.len(), 2, "{findings:#?}");
}

/// A failing listing's rule, the check that reads it, its part, and what
/// the check's ERROR says.
type FailingListing = (fn() -> Rule, &'static str, &'static str, &'static str);

#[tokio::test]
async fn each_failed_listing_blinds_only_the_checks_that_read_it() {
    let cases: [FailingListing; 4] = [
        (
            || mock!(Client::describe_maintenance_windows).then_http_response(|| http(400, DENIED)),
            "ssm-patch-orchestration",
            "maintenance_windows",
            "DescribeMaintenanceWindows failed: AccessDeniedException",
        ),
        (
            || mock!(Client::describe_activations).then_http_response(|| http(400, THROTTLED)),
            "ssm-hybrid-nodes",
            "activations",
            "throttled: DescribeActivations (ThrottlingException)",
        ),
        (
            || mock!(Client::list_resource_data_sync).then_http_response(|| http(500, INTERNAL)),
            "ssm-inventory-and-sync",
            "data_syncs",
            "ListResourceDataSync failed: InternalServerError",
        ),
        (
            || mock!(Client::list_associations).then_http_response(|| http(400, DENIED)),
            "ssm-association-compliance",
            "associations",
            "ListAssociations failed: AccessDeniedException",
        ),
    ];
    for (failing, check, part, needle) in cases {
        let failing = failing();
        let empty = [
            mock!(Client::describe_maintenance_windows).then_output(|| {
                describe_maintenance_windows::DescribeMaintenanceWindowsOutput::builder().build()
            }),
            mock!(Client::list_associations).then_output(|| {
                list_associations::ListAssociationsOutput::builder().build()
            }),
            mock!(Client::list_resource_compliance_summaries).then_output(|| {
                list_resource_compliance_summaries::ListResourceComplianceSummariesOutput::builder().build()
            }),
            mock!(aws_sdk_s3::Client::list_buckets).then_output(|| {
                aws_sdk_s3::operation::list_buckets::ListBucketsOutput::builder().build()
            }),
            mock!(aws_sdk_iam::Client::get_account_authorization_details).then_output(|| {
                aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput::builder()
                    .build()
            }),
        ];
        let (nodes, instances) = (nodes(), instances());
        let mut refs: Vec<&Rule> = vec![&failing, &nodes, &instances];
        refs.extend(empty.iter());
        let account = collect_check(&refs, check).await;
        let parts: Vec<Option<&str>> = account
            .collection_errors
            .iter()
            .map(|e| e.part.as_deref())
            .collect();
        assert_eq!(parts, [Some(part)], "{check}");
        assert!(
            !account.ssm.as_ref().unwrap().managed_instances.is_empty(),
            "{check}: nodes read"
        );
        let findings = judge(&account, check);
        let region = format!("arn:aws:ssm:us-east-1:{ACCOUNT}");
        expect(&findings, &region, Status::Error, needle);
        // The parameters are not blinded by it.
        let other = judge(&account, "ssm-parameter-securestring");
        assert!(
            other
                .iter()
                .all(|f| f.status != Status::Error || f.reason.contains("not collected")),
            "{other:?}"
        );
    }
}
