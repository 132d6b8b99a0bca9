//! What `codedeploy-ec2-prereqs` reads across collectors, with
//! aws-smithy-mocks (moto 5.2.5 has no `BatchGetDeploymentGroups`,
//! `ListInventoryEntries` or `DescribeAssociation`): a group's targets,
//! revision and Auto Scaling groups (CodeDeploy), the instances (EC2), the
//! nodes' agents from their SSM inventory (every page) and the package
//! association's parameters (SSM), the lifecycle hooks (Auto Scaling); and
//! the failures of the per-node and per-group calls, each ERROR naming it.

use super::*;
use aws_smithy_mocks::{mock, Rule};

const HOOK: &str = "CodeDeploy-managed-automatic-launch-deployment-hook-web-1a2b";

fn codedeploy() -> Vec<Rule> {
    use aws_sdk_codedeploy::operation::*;
    use aws_sdk_codedeploy::types::*;
    use aws_sdk_codedeploy::Client;
    vec![
        mock!(Client::list_applications).then_output(|| {
            list_applications::ListApplicationsOutput::builder()
                .applications("shop")
                .build()
        }),
        mock!(Client::list_deployment_groups).then_output(|| {
            list_deployment_groups::ListDeploymentGroupsOutput::builder()
                .deployment_groups("web")
                .build()
        }),
        mock!(Client::batch_get_deployment_groups).then_output(|| {
            let group = DeploymentGroupInfo::builder()
                .application_name("shop")
                .deployment_group_name("web")
                .service_role_arn("arn:aws:iam::111122223333:role/deploy")
                .compute_platform(ComputePlatform::Server)
                .ec2_tag_filters(
                    Ec2TagFilter::builder()
                        .key("App")
                        .value("web")
                        .r#type(Ec2TagFilterType::KeyAndValue)
                        .build(),
                )
                .auto_scaling_groups(
                    AutoScalingGroup::builder()
                        .name("web-asg")
                        .hook(HOOK)
                        .build(),
                )
                .target_revision(
                    RevisionLocation::builder()
                        .revision_type(RevisionLocationType::S3)
                        .s3_location(
                            S3Location::builder()
                                .bucket("bundles")
                                .key("web/build-7.zip")
                                .bundle_type(BundleType::Zip)
                                .build(),
                        )
                        .build(),
                )
                .build();
            batch_get_deployment_groups::BatchGetDeploymentGroupsOutput::builder()
                .deployment_groups_info(group)
                .build()
        }),
        mock!(Client::list_tags_for_resource)
            .then_output(|| list_tags_for_resource::ListTagsForResourceOutput::builder().build()),
    ]
}

/// i-1 tagged `App=web`; i-2 launched by `web-asg`.
fn instances() -> Rule {
    use aws_sdk_ec2::types::*;
    let instance = |id: &str, key: &str, value: &str| {
        Instance::builder()
            .instance_id(id)
            .state(
                InstanceState::builder()
                    .name(InstanceStateName::Running)
                    .build(),
            )
            .launch_time(secs_ago(86_400))
            .iam_instance_profile(
                IamInstanceProfile::builder()
                    .arn("arn:aws:iam::111122223333:instance-profile/web")
                    .build(),
            )
            .tags(Tag::builder().key(key).value(value).build())
            .build()
    };
    let all = vec![
        instance("i-1", "App", "web"),
        instance("i-2", "aws:autoscaling:groupName", "web-asg"),
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

/// Nodes i-1 and i-2, Online; the agent installer associated with `App=web`.
fn ssm() -> Vec<Rule> {
    use aws_sdk_ssm::operation::*;
    use aws_sdk_ssm::types::*;
    use aws_sdk_ssm::Client;
    vec![
        mock!(Client::describe_instance_information).then_output(|| {
            let node = |id: &str| {
                InstanceInformation::builder()
                    .instance_id(id)
                    .ping_status(PingStatus::Online)
                    .build()
            };
            describe_instance_information::DescribeInstanceInformationOutput::builder()
                .instance_information_list(node("i-1"))
                .instance_information_list(node("i-2"))
                .build()
        }),
        mock!(Client::list_associations).then_output(|| {
            list_associations::ListAssociationsOutput::builder()
                .associations(
                    Association::builder()
                        .association_id("a-agent")
                        .name("AWS-ConfigureAWSPackage")
                        .targets(Target::builder().key("tag:App").values("web").build())
                        .schedule_expression("rate(14 days)")
                        .build(),
                )
                .build()
        }),
        mock!(Client::describe_association).then_output(|| {
            describe_association::DescribeAssociationOutput::builder()
                .association_description(
                    AssociationDescription::builder()
                        .parameters("action", vec!["Install".to_string()])
                        .parameters("name", vec!["AWSCodeDeployAgent".to_string()])
                        .parameters("version", vec!["1.7.1".to_string()])
                        .build(),
                )
                .build()
        }),
    ]
}

/// i-1's inventory on two pages (the agent on the second); i-2 never
/// inventoried (no capture time, no entry).
fn inventory() -> Vec<Rule> {
    use aws_sdk_ssm::operation::list_inventory_entries::ListInventoryEntriesOutput;
    use aws_sdk_ssm::Client;
    let entry = |name: &str, version: &str| {
        std::collections::HashMap::from([
            ("Name".to_string(), name.to_string()),
            ("Version".to_string(), version.to_string()),
        ])
    };
    vec![
        mock!(Client::list_inventory_entries)
            .match_requests(|r| r.instance_id() == Some("i-1") && r.next_token().is_none())
            .then_output(move || {
                ListInventoryEntriesOutput::builder()
                    .capture_time("2026-11-20T10:00:00Z")
                    .entries(entry("bash", "5.2"))
                    .next_token("page-2")
                    .build()
            }),
        mock!(Client::list_inventory_entries)
            .match_requests(|r| r.instance_id() == Some("i-1"))
            .then_output(move || {
                ListInventoryEntriesOutput::builder()
                    .capture_time("2026-11-20T10:00:00Z")
                    .entries(entry("codedeploy-agent", "1.7.1-110"))
                    .build()
            }),
        mock!(Client::list_inventory_entries)
            .then_output(|| ListInventoryEntriesOutput::builder().build()),
    ]
}

fn autoscaling(hooks: Rule) -> Vec<Rule> {
    use aws_sdk_autoscaling::types::AutoScalingGroup;
    vec![
        mock!(aws_sdk_autoscaling::Client::describe_auto_scaling_groups).then_output(|| {
            aws_sdk_autoscaling::operation::describe_auto_scaling_groups::DescribeAutoScalingGroupsOutput::builder()
                .auto_scaling_groups(
                    AutoScalingGroup::builder()
                        .auto_scaling_group_name("web-asg")
                        .min_size(1)
                        .max_size(4)
                        .desired_capacity(2)
                        .health_check_type("ELB")
                        .build(),
                )
                .build()
        }),
        hooks,
    ]
}

fn hooks() -> Rule {
    use aws_sdk_autoscaling::types::LifecycleHook;
    mock!(aws_sdk_autoscaling::Client::describe_lifecycle_hooks).then_output(|| {
        aws_sdk_autoscaling::operation::describe_lifecycle_hooks::DescribeLifecycleHooksOutput::builder()
            .lifecycle_hooks(
                LifecycleHook::builder()
                    .lifecycle_hook_name(HOOK)
                    .auto_scaling_group_name("web-asg")
                    .lifecycle_transition("autoscaling:EC2_INSTANCE_LAUNCHING")
                    .default_result("ABANDON")
                    .heartbeat_timeout(600)
                    .build(),
            )
            .build()
    })
}

/// The instance role, allowed to read the bundles.
fn with_iam(account: Account) -> Account {
    with_sections(
        account,
        serde_json::json!({"iam": {
            "roles": [{"arn": "arn:aws:iam::111122223333:role/web", "region": "global", "account_id": ACCOUNT,
                       "name": "web", "trust_policy": {"Statement": []},
                       "attached_policies": {"value": []},
                       "inline_policies": {"value": [{"name": "bundles", "document": {"Statement": [
                         {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bundles/*"}]}}]}}],
            "instance_profiles": [{"arn": "arn:aws:iam::111122223333:instance-profile/web", "region": "global",
                                   "account_id": ACCOUNT, "name": "web",
                                   "role_arns": ["arn:aws:iam::111122223333:role/web"]}]}}),
    )
}

async fn scan(rules: &[&Rule]) -> Account {
    let s = session(rules);
    let sections = ["codedeploy", "ec2", "ssm", "autoscaling"];
    let account = collect_sections_for_check(&s, &sections, "codedeploy-ec2-prereqs").await;
    with_iam(account)
}

const GROUP: &str = "arn:aws:codedeploy:us-east-1:111122223333:deploymentgroup:shop/web";

#[tokio::test]
async fn targets_agents_associations_and_hooks_feed_ec2_prereqs() {
    let (cd, ssm, inventory, asg) = (codedeploy(), ssm(), inventory(), autoscaling(hooks()));
    let mut rules: Vec<&Rule> = cd
        .iter()
        .chain(&ssm)
        .chain(&inventory)
        .chain(&asg)
        .collect();
    let ec2 = instances();
    rules.push(&ec2);
    let account = scan(&rules).await;
    let config = account.codedeploy.as_ref().unwrap().deployment_groups[0]
        .config
        .value()
        .unwrap()
        .clone();
    assert_eq!(config.ec2_tag_filters[0].kind, "KEY_AND_VALUE");
    assert_eq!(config.auto_scaling_groups[0].hook.as_deref(), Some(HOOK));
    assert_eq!(
        config
            .revision
            .as_ref()
            .map(|r| (r.bucket.as_str(), r.key.as_str())),
        Some(("bundles", "web/build-7.zip"))
    );
    let ssm_section = account.ssm.as_ref().unwrap();
    let node = |id: &str| {
        ssm_section
            .managed_instances
            .iter()
            .find(|n| n.instance_id == id)
            .unwrap()
    };
    let agents = node("i-1").agents.value().unwrap();
    assert_eq!(
        agents.len(),
        1,
        "only the agents are kept, across pages: {agents:?}"
    );
    assert_eq!(agents[0].version.as_deref(), Some("1.7.1-110"));
    assert!(
        matches!(node("i-2").agents, Collected::Absent),
        "never inventoried"
    );
    assert_eq!(
        ssm_section.associations[0].parameters.value().unwrap()["name"],
        ["AWSCodeDeployAgent"]
    );
    let asg_section = account.autoscaling.as_ref().unwrap();
    assert_eq!(
        asg_section.groups[0].lifecycle_hooks.value().unwrap()[0].name,
        HOOK
    );

    // i-2 (web-asg's) has no agent and the association targets App=web only.
    let f = judge(&account, "codedeploy-ec2-prereqs");
    expect(&f, GROUP, Status::Fail, "AWSCodeDeployAgent on i-2");

    // A node's inventory throttled, the hooks denied: ERROR naming the calls.
    let throttled = mock!(aws_sdk_ssm::Client::list_inventory_entries).then_http_response(|| {
        http(
            400,
            r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
        )
    });
    let denied = mock!(aws_sdk_autoscaling::Client::describe_lifecycle_hooks).then_http_response(|| {
        http(
            403,
            r#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error></ErrorResponse>"#,
        )
    });
    let asg = autoscaling(denied);
    let mut rules: Vec<&Rule> = cd.iter().chain(&ssm).chain(&asg).collect();
    rules.extend([&ec2, &throttled]);
    let account = scan(&rules).await;
    let f = judge(&account, "codedeploy-ec2-prereqs");
    let finding = expect(
        &f,
        GROUP,
        Status::Error,
        "throttled: ListInventoryEntries (ThrottlingException)",
    );
    assert!(
        finding.reason.contains("DescribeLifecycleHooks"),
        "{}",
        finding.reason
    );
}
