//! CodeDeploy, per region: `ListApplications`, per application
//! `ListDeploymentGroups` (both list calls: a failure blinds CodeDeploy in
//! the region), then, as the selected checks read them,
//! `BatchGetDeploymentGroups` in batches of [`BATCH`] names (a failed batch
//! makes those groups' `config` an error; a group it does not return was
//! deleted since the listing, `config` absent), `ListTagsForResource`
//! per group (the tags say which groups are production; when one fails the
//! region's group tags are unread, never "no tags"), and
//! `ListDeploymentConfigs` with `GetDeploymentConfig` for each custom
//! configuration (the predefined `CodeDeployDefault.*` ones are known by
//! name; a failed listing leaves the part unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codedeploy;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_codedeploy::types as sdk;
use aws_sdk_codedeploy::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::codedeploy::{
    self as data, AlarmConfiguration, AutoRollback, BlueGreen, CodeDeploy, DeploymentConfig,
    DeploymentConfigSettings, DeploymentGroup, DeploymentGroupConfig, DeploymentStyle,
    GroupAutoScaling, LoadBalancerInfo, MinimumHealthyHosts, S3Revision, TagFilter, TagFilterGroup,
    TargetGroupPair, Trigger, PREDEFINED_PREFIX,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "CodeDeploy", iam "codedeploy" {
        LIST_APPLICATIONS = ListApplications,
        LIST_DEPLOYMENT_GROUPS = ListDeploymentGroups,
        BATCH_GET_DEPLOYMENT_GROUPS = BatchGetDeploymentGroups,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        LIST_DEPLOYMENT_CONFIGS = ListDeploymentConfigs,
        GET_DEPLOYMENT_CONFIG = GetDeploymentConfig,
    }
}

crate::service!(CodeDeploy);

/// Group names per `BatchGetDeploymentGroups` call.
pub const BATCH: usize = 25;

async fn collect(cx: &Cx) -> Result<CodeDeploy, CollectError> {
    let client = sdk_client!(aws_sdk_codedeploy, &cx.session, &cx.region);
    let applications: Vec<String> = cx
        .list(
            LIST_APPLICATIONS,
            client.list_applications().into_paginator().items().send(),
        )
        .await?;
    let listed = cx
        .bounded(applications, |app| {
            let client = &client;
            async move {
                let listed = client
                    .list_deployment_groups()
                    .application_name(&app)
                    .into_paginator()
                    .items()
                    .send();
                cx.list(LIST_DEPLOYMENT_GROUPS, listed)
                    .await
                    .map(|groups| (app, groups))
            }
        })
        .await;
    let mut batches: Vec<(String, Vec<String>)> = Vec::new();
    for result in listed {
        let (app, groups) = result?;
        for chunk in groups.chunks(BATCH) {
            batches.push((app.clone(), chunk.to_vec()));
        }
    }
    let groups = cx
        .bounded(batches, |(app, names)| read_batch(cx, &client, app, names))
        .await;
    let groups: Vec<DeploymentGroup> = groups.into_iter().flatten().collect();
    let arns: Vec<String> = groups.iter().map(|g| g.arn.clone()).collect();
    let tags = cx
        .bounded(arns, |arn| {
            cx.read_if(data::DEPLOYMENT_GROUP_TAGS, read_tags(cx, &client, arn))
        })
        .await;
    let deployment_groups = groups
        .into_iter()
        .zip(tags)
        .map(|(g, tags)| DeploymentGroup { tags, ..g })
        .collect();
    let deployment_configs = cx
        .part(data::DEPLOYMENT_CONFIGS, read_configs(cx, &client))
        .await;
    Ok(CodeDeploy {
        deployment_groups,
        deployment_configs,
    })
}

/// `ListDeploymentConfigs`, then `GetDeploymentConfig` for each custom one.
async fn read_configs(cx: &Cx, client: &Client) -> Result<Vec<DeploymentConfig>, CollectError> {
    let names: Vec<String> = cx
        .list(
            LIST_DEPLOYMENT_CONFIGS,
            client
                .list_deployment_configs()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let custom = names
        .into_iter()
        .filter(|n| !n.starts_with(PREDEFINED_PREFIX));
    Ok(cx
        .bounded(custom, |name| async move {
            let request = client
                .get_deployment_config()
                .deployment_config_name(&name)
                .send();
            let settings = cx
                .call(GET_DEPLOYMENT_CONFIG, request)
                .await
                .read(&[CONFIG_GONE], |o| {
                    o.deployment_config_info().map(settings_of)
                });
            DeploymentConfig {
                arn: cx.arn("codedeploy", &format!("deploymentconfig:{name}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                name,
                settings,
            }
        })
        .await)
}

/// What `GetDeploymentConfig` answers for a configuration deleted since the listing.
const CONFIG_GONE: &str = "DeploymentConfigDoesNotExistException";

fn settings_of(i: &sdk::DeploymentConfigInfo) -> DeploymentConfigSettings {
    DeploymentConfigSettings {
        compute_platform: i.compute_platform().map(|p| p.as_str().to_string()),
        minimum_healthy_hosts: i.minimum_healthy_hosts().map(|m| MinimumHealthyHosts {
            kind: m.r#type().map_or("", |t| t.as_str()).to_string(),
            value: i64::from(m.value()),
        }),
        traffic_routing: i
            .traffic_routing_config()
            .and_then(|t| t.r#type())
            .map(|t| t.as_str().to_string()),
    }
}

/// One `BatchGetDeploymentGroups` call: a group per name, tags not yet read.
async fn read_batch(
    cx: &Cx,
    client: &Client,
    app: String,
    names: Vec<String>,
) -> Vec<DeploymentGroup> {
    let infos = if cx.wants(data::DEPLOYMENT_GROUP_CONFIG) {
        let request = client
            .batch_get_deployment_groups()
            .application_name(&app)
            .set_deployment_group_names(Some(names.clone()))
            .send();
        let out = cx.call(BATCH_GET_DEPLOYMENT_GROUPS, request).await.ok();
        Some(out.map(|o| o.deployment_groups_info().to_vec()))
    } else {
        None
    };
    names
        .into_iter()
        .map(|name| {
            let config = match &infos {
                Some(Ok(infos)) => infos
                    .iter()
                    .find(|i| i.deployment_group_name() == Some(name.as_str()))
                    .map_or(Collected::Absent, |i| Collected::Value(config_of(i))),
                Some(Err(e)) => Collected::Error(e.clone()),
                None => Collected::default(),
            };
            DeploymentGroup {
                arn: cx.arn("codedeploy", &format!("deploymentgroup:{app}/{name}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                application_name: app.clone(),
                name,
                tags: Default::default(),
                config,
            }
        })
        .collect()
}

fn config_of(i: &sdk::DeploymentGroupInfo) -> DeploymentGroupConfig {
    DeploymentGroupConfig {
        service_role_arn: i.service_role_arn().unwrap_or_default().to_string(),
        deployment_config_name: i.deployment_config_name().map(str::to_string),
        compute_platform: i.compute_platform().map(|p| p.as_str().to_string()),
        auto_rollback: i.auto_rollback_configuration().map(|r| AutoRollback {
            enabled: r.enabled(),
            events: r.events().iter().map(|e| e.as_str().to_string()).collect(),
        }),
        alarm_configuration: i.alarm_configuration().map(|a| AlarmConfiguration {
            enabled: a.enabled(),
            alarms: a
                .alarms()
                .iter()
                .filter_map(|x| x.name().map(str::to_string))
                .collect(),
            ignore_poll_alarm_failure: a.ignore_poll_alarm_failure(),
        }),
        deployment_style: i.deployment_style().map(|d| DeploymentStyle {
            deployment_type: d
                .deployment_type()
                .map_or("IN_PLACE", |t| t.as_str())
                .to_string(),
            deployment_option: d
                .deployment_option()
                .map_or("WITHOUT_TRAFFIC_CONTROL", |o| o.as_str())
                .to_string(),
        }),
        load_balancer: i.load_balancer_info().map(load_balancer_of),
        ec2_tag_filters: i.ec2_tag_filters().iter().map(ec2_filter).collect(),
        ec2_tag_set: i
            .ec2_tag_set()
            .map(|set| {
                set.ec2_tag_set_list()
                    .iter()
                    .map(|g| TagFilterGroup {
                        filters: g.iter().map(ec2_filter).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        on_premises_tag_filters: i
            .on_premises_instance_tag_filters()
            .iter()
            .chain(
                i.on_premises_tag_set()
                    .map_or(&[][..], |s| s.on_premises_tag_set_list())
                    .iter()
                    .flatten(),
            )
            .map(|f| TagFilter {
                key: f.key().map(str::to_string),
                value: f.value().map(str::to_string),
                kind: f.r#type().map_or("", |t| t.as_str()).to_string(),
            })
            .collect(),
        auto_scaling_groups: i
            .auto_scaling_groups()
            .iter()
            .filter_map(|a| {
                Some(GroupAutoScaling {
                    name: a.name()?.to_string(),
                    hook: a.hook().map(str::to_string),
                })
            })
            .collect(),
        revision: i
            .target_revision()
            .and_then(|r| r.s3_location())
            .and_then(|s| {
                Some(S3Revision {
                    bucket: s.bucket()?.to_string(),
                    key: s.key()?.to_string(),
                })
            }),
        triggers: i
            .trigger_configurations()
            .iter()
            .map(|t| Trigger {
                name: t.trigger_name().unwrap_or_default().to_string(),
                target_arn: t.trigger_target_arn().unwrap_or_default().to_string(),
                events: t
                    .trigger_events()
                    .iter()
                    .map(|e| e.as_str().to_string())
                    .collect(),
            })
            .collect(),
        blue_green: i.blue_green_deployment_configuration().map(|b| {
            let terminate = b.terminate_blue_instances_on_deployment_success();
            let ready = b.deployment_ready_option();
            BlueGreen {
                terminate_action: terminate
                    .and_then(|t| t.action())
                    .map(|a| a.as_str().to_string()),
                termination_wait_minutes: terminate
                    .map_or(0, |t| i64::from(t.termination_wait_time_in_minutes())),
                ready_action: ready
                    .and_then(|r| r.action_on_timeout())
                    .map(|a| a.as_str().to_string()),
                ready_wait_minutes: ready.map_or(0, |r| i64::from(r.wait_time_in_minutes())),
            }
        }),
    }
}

fn ec2_filter(f: &sdk::Ec2TagFilter) -> TagFilter {
    TagFilter {
        key: f.key().map(str::to_string),
        value: f.value().map(str::to_string),
        kind: f.r#type().map_or("", |t| t.as_str()).to_string(),
    }
}

fn load_balancer_of(l: &sdk::LoadBalancerInfo) -> LoadBalancerInfo {
    let names = |groups: &[sdk::TargetGroupInfo]| -> Vec<String> {
        groups
            .iter()
            .filter_map(|g| g.name().map(str::to_string))
            .collect()
    };
    let listeners = |route: Option<&sdk::TrafficRoute>| {
        route.map_or_else(Vec::new, |r| r.listener_arns().to_vec())
    };
    LoadBalancerInfo {
        classic_load_balancers: l
            .elb_info_list()
            .iter()
            .filter_map(|e| e.name().map(str::to_string))
            .collect(),
        target_groups: names(l.target_group_info_list()),
        target_group_pairs: l
            .target_group_pair_info_list()
            .iter()
            .map(|p| TargetGroupPair {
                target_groups: names(p.target_groups()),
                prod_listener_arns: listeners(p.prod_traffic_route()),
                test_listener_arns: listeners(p.test_traffic_route()),
            })
            .collect(),
    }
}

/// `ListTagsForResource`, every page (the SDK has no paginator for it). A
/// failure leaves the region's group tags unread: whether a group is
/// production is then unknown, and the checks say so.
async fn read_tags(cx: &Cx, client: &Client, arn: String) -> Tags {
    let pages = crate::pages(
        |token| {
            client
                .list_tags_for_resource()
                .resource_arn(&arn)
                .set_next_token(token)
                .send()
        },
        |page| (page.tags().to_vec(), page.next_token().map(str::to_string)),
    );
    cx.call(LIST_TAGS_FOR_RESOURCE, pages).await.tags(
        data::DEPLOYMENT_GROUP_TAGS,
        &arn,
        &[],
        |tags: Vec<sdk::Tag>| {
            crate::tags_of(
                tags.iter()
                    .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
            )
        },
    )
}
