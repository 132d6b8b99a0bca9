//! Auto Scaling, per region: `DescribeAutoScalingGroups`, with each
//! group's capacity, zones, subnets, health checks and attached load
//! balancers and traffic sources, the launch template it uses (directly, or its mixed instances policy's), and,
//! when a selected check reads them, the launch configurations groups use
//! (`DescribeLaunchConfigurations`, by name, 50 a call).
//!
//! The groups' scaling policies (`DescribePolicies`) and scheduled actions
//! (`DescribeScheduledActions`) are read region-wide, one listing each, when
//! a selected check reads them.
//!
//! A failed `DescribeLaunchConfigurations` (likewise `DescribePolicies`,
//! `DescribeScheduledActions`) leaves the groups' launch
//! configurations unread in the region ([`Cx::unread`]): the model has no
//! room for "this group's launch configuration is unknown", and recording
//! none would hide it. Versions a group launches from are references
//! ([`crate::ec2::LAUNCH_TEMPLATE_VERSION`]).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_autoscaling;

use crate::ec2::metadata_options;
use crate::session::sdk_client;
use crate::{tags_of, Cx};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::autoscaling::{
    self as data, AutoScaling, AutoScalingGroup, LaunchConfiguration, LaunchTemplateRef,
    ScalingPolicy, ScheduledAction, TrafficSource,
};
use awscheck_model::Data;
use std::collections::{BTreeSet, HashMap};
use std::future::Future;

mod lifecycle_hooks;

crate::registry::operations! {
    sdk "Auto Scaling", iam "autoscaling" {
        DESCRIBE_AUTO_SCALING_GROUPS = DescribeAutoScalingGroups,
        DESCRIBE_LAUNCH_CONFIGURATIONS = DescribeLaunchConfigurations,
        DESCRIBE_POLICIES = DescribePolicies,
        DESCRIBE_SCHEDULED_ACTIONS = DescribeScheduledActions,
        DESCRIBE_LIFECYCLE_HOOKS = DescribeLifecycleHooks,
    }
}

crate::service!(AutoScaling);

/// The most names `DescribeLaunchConfigurations` takes in one call.
const CONFIGURATIONS_PER_CALL: usize = 50;

async fn collect(cx: &Cx) -> Result<AutoScaling, CollectError> {
    let client = sdk_client!(aws_sdk_autoscaling, &cx.session, &cx.region);
    let groups = cx
        .list(
            DESCRIBE_AUTO_SCALING_GROUPS,
            client
                .describe_auto_scaling_groups()
                .max_records(100)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let configurations = if cx.wants(data::LAUNCH_CONFIGURATIONS) {
        let names: BTreeSet<String> = groups
            .iter()
            .filter_map(|g| g.launch_configuration_name().map(str::to_string))
            .collect();
        launch_configurations(cx, &client, names)
            .await
            .unwrap_or_else(|e| {
                cx.unread(data::LAUNCH_CONFIGURATIONS, e);
                HashMap::new()
            })
    } else {
        HashMap::new()
    };
    let (mut policies, mut scheduled) = tokio::join!(
        by_group(cx, data::POLICIES, async {
            let listed = client
                .describe_policies()
                .max_records(100)
                .into_paginator()
                .items()
                .send();
            Ok(cx
                .list(DESCRIBE_POLICIES, listed)
                .await?
                .iter()
                .filter_map(|p| {
                    let policy = ScalingPolicy {
                        name: p.policy_name()?.to_string(),
                        policy_type: p.policy_type().unwrap_or("SimpleScaling").to_string(),
                        enabled: p.enabled().unwrap_or(true),
                    };
                    Some((p.auto_scaling_group_name()?.to_string(), policy))
                })
                .collect())
        }),
        by_group(cx, data::SCHEDULED_ACTIONS, async {
            let listed = client
                .describe_scheduled_actions()
                .max_records(100)
                .into_paginator()
                .items()
                .send();
            Ok(cx
                .list(DESCRIBE_SCHEDULED_ACTIONS, listed)
                .await?
                .iter()
                .filter_map(|a| {
                    let action = ScheduledAction {
                        name: a.scheduled_action_name()?.to_string(),
                        recurrence: a.recurrence().map(str::to_string),
                    };
                    Some((a.auto_scaling_group_name()?.to_string(), action))
                })
                .collect())
        }),
    );
    let groups = groups
        .iter()
        .filter_map(|g| {
            let name = g.auto_scaling_group_name()?.to_string();
            let launch_template = g
                .launch_template()
                .or_else(|| {
                    g.mixed_instances_policy()?
                        .launch_template()?
                        .launch_template_specification()
                })
                .and_then(|spec| {
                    let id = spec.launch_template_id().or(spec.launch_template_name())?;
                    Some(LaunchTemplateRef {
                        id: id.to_string(),
                        // A group that names no version launches from the default.
                        version: spec.version().unwrap_or("$Default").to_string(),
                    })
                });
            if let Some(lt) = &launch_template {
                cx.refer(
                    &crate::ec2::LAUNCH_TEMPLATE_VERSION,
                    &cx.region,
                    &crate::ec2::version_id(&lt.id, &lt.version),
                );
            }
            Some(AutoScalingGroup {
                arn: g.auto_scaling_group_arn().map_or_else(
                    || {
                        cx.arn(
                            "autoscaling",
                            &format!("autoScalingGroup:*:autoScalingGroupName/{name}"),
                        )
                    },
                    str::to_string,
                ),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                min_size: g.min_size().map_or(0, i64::from),
                max_size: g.max_size().map_or(0, i64::from),
                desired_capacity: g.desired_capacity().map_or(0, i64::from),
                availability_zones: g.availability_zones().to_vec(),
                subnet_ids: g
                    .vpc_zone_identifier()
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                // The API reports `EC2` when the group left it out.
                health_check_type: g.health_check_type().unwrap_or("EC2").to_string(),
                health_check_grace_period: g.health_check_grace_period().map(i64::from),
                target_group_arns: g.target_group_arns().to_vec(),
                load_balancer_names: g.load_balancer_names().to_vec(),
                traffic_sources: g
                    .traffic_sources()
                    .iter()
                    .filter_map(|t| {
                        Some(TrafficSource {
                            identifier: t.identifier()?.to_string(),
                            kind: t.r#type().unwrap_or_default().to_string(),
                        })
                    })
                    .collect(),
                launch_template,
                launch_configuration: g
                    .launch_configuration_name()
                    .and_then(|n| configurations.get(n).cloned()),
                policies: policies.remove(&name).unwrap_or_default(),
                scheduled_actions: scheduled.remove(&name).unwrap_or_default(),
                // Read after the listing, by `lifecycle_hooks::attach`.
                lifecycle_hooks: Collected::default(),
                tags: tags_of(
                    g.tags()
                        .iter()
                        .filter_map(|t| Some((t.key()?, t.value().unwrap_or_default()))),
                ),
                name,
            })
        })
        .collect();
    let groups = lifecycle_hooks::attach(cx, &client, groups).await;
    Ok(AutoScaling { groups })
}

/// A region-wide listing of what belongs to groups, by group name, when a
/// selected check reads `data` (its failure leaves `data` unread).
async fn by_group<T>(
    cx: &Cx,
    data: Data,
    read: impl Future<Output = Result<Vec<(String, T)>, CollectError>>,
) -> HashMap<String, Vec<T>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    if !cx.wants(data) {
        return out;
    }
    match read.await {
        Ok(items) => {
            for (group, item) in items {
                out.entry(group).or_default().push(item);
            }
        }
        Err(e) => cx.unread(data, e),
    }
    out
}

/// The launch configurations `names`, by name.
async fn launch_configurations(
    cx: &Cx,
    client: &aws_sdk_autoscaling::Client,
    names: BTreeSet<String>,
) -> Result<HashMap<String, LaunchConfiguration>, CollectError> {
    let names: Vec<String> = names.into_iter().collect();
    let mut configurations = HashMap::new();
    for batch in names.chunks(CONFIGURATIONS_PER_CALL) {
        let listed = cx
            .list(
                DESCRIBE_LAUNCH_CONFIGURATIONS,
                client
                    .describe_launch_configurations()
                    .set_launch_configuration_names(Some(batch.to_vec()))
                    .into_paginator()
                    .items()
                    .send(),
            )
            .await?;
        for lc in listed {
            let Some(name) = lc.launch_configuration_name() else {
                continue;
            };
            let config = LaunchConfiguration {
                arn: lc
                    .launch_configuration_arn()
                    .unwrap_or_default()
                    .to_string(),
                name: name.to_string(),
                image_id: lc.image_id().map(str::to_string),
                metadata_options: lc.metadata_options().map(|o| {
                    metadata_options(
                        o.http_tokens().map(|v| v.as_str()),
                        o.http_endpoint().map(|v| v.as_str()),
                        o.http_put_response_hop_limit(),
                    )
                }),
                security_groups: lc.security_groups().to_vec(),
            };
            configurations.insert(name.to_string(), config);
        }
    }
    Ok(configurations)
}
