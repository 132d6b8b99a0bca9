//! Elastic Load Balancing v2, per region: `DescribeLoadBalancers`, then, as
//! the selected checks read them, `DescribeTags` (20 load balancers a
//! call), `DescribeLoadBalancerAttributes` and `DescribeListeners` per load
//! balancer, `DescribeTargetGroups` for the region and
//! `DescribeTargetHealth` per target group. The access log bucket is
//! looked up in S3 (another account's: `s3::OTHER_BUCKET`). A load balancer or target group
//! deleted since it was listed has absent parts; a failed
//! `DescribeTargetGroups` leaves the target groups unread.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_elasticloadbalancingv2;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_elasticloadbalancingv2::types as sdk;
use aws_sdk_elasticloadbalancingv2::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::elbv2::{
    self as data, Elbv2, HealthCheck, Listener, ListenerAction, LoadBalancer, LoadBalancerZone,
    Target, TargetGroup,
};
use awscheck_model::inventory::Tags;
use std::collections::{BTreeMap, HashMap};

crate::registry::operations! {
    sdk "Elastic Load Balancing v2", iam "elasticloadbalancing" {
        DESCRIBE_LOAD_BALANCERS = DescribeLoadBalancers,
        DESCRIBE_TAGS = DescribeTags,
        DESCRIBE_LOAD_BALANCER_ATTRIBUTES = DescribeLoadBalancerAttributes,
        DESCRIBE_LISTENERS = DescribeListeners,
        DESCRIBE_TARGET_GROUPS = DescribeTargetGroups,
        DESCRIBE_TARGET_HEALTH = DescribeTargetHealth,
    }
}

crate::service!(Elbv2);

/// Resources per `DescribeTags` call (its maximum).
const TAGS_PER_CALL: usize = 20;

/// Page size of the Describe calls (their maximum).
const PAGE: i32 = 400;

/// Error codes of a load balancer or target group deleted since it was listed.
const GONE: &[&str] = &["LoadBalancerNotFound", "TargetGroupNotFound"];

async fn collect(cx: &Cx) -> Result<Elbv2, CollectError> {
    let client = sdk_client!(aws_sdk_elasticloadbalancingv2, &cx.session, &cx.region);
    let listed = cx
        .list(
            DESCRIBE_LOAD_BALANCERS,
            client
                .describe_load_balancers()
                .page_size(PAGE)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let arns: Vec<String> = listed
        .iter()
        .filter_map(|lb| lb.load_balancer_arn().map(str::to_string))
        .collect();
    let mut tags = if cx.wants(data::LOAD_BALANCER_TAGS) {
        describe_tags(cx, &client, &arns).await
    } else {
        HashMap::new()
    };
    let load_balancers = cx
        .bounded(listed, |lb| {
            let tags = lb
                .load_balancer_arn()
                .and_then(|arn| tags.remove(arn))
                .unwrap_or_default();
            read_load_balancer(cx, &client, lb, tags)
        })
        .await
        .into_iter()
        .flatten()
        .collect();
    let target_groups = cx
        .part(data::TARGET_GROUPS, target_groups(cx, &client))
        .await;
    Ok(Elbv2 {
        load_balancers,
        target_groups,
    })
}

/// `DescribeTags` for `arns`, 20 a call: tags by ARN. A failed call
/// leaves the tags of its batch unread.
async fn describe_tags(cx: &Cx, client: &Client, arns: &[String]) -> HashMap<String, Tags> {
    let batches: Vec<Vec<String>> = arns.chunks(TAGS_PER_CALL).map(<[_]>::to_vec).collect();
    let found = cx
        .bounded(batches, |batch| async move {
            let request = client
                .describe_tags()
                .set_resource_arns(Some(batch.clone()))
                .send();
            cx.call(DESCRIBE_TAGS, request)
                .await
                .batch_tags(data::LOAD_BALANCER_TAGS, batch, |o| {
                    o.tag_descriptions()
                        .iter()
                        .filter_map(|d| {
                            let tags =
                                crate::tags_of(d.tags().iter().filter_map(|t| {
                                    Some((t.key()?, t.value().unwrap_or_default()))
                                }));
                            Some((d.resource_arn()?.to_string(), tags))
                        })
                        .collect()
                })
        })
        .await;
    found.into_iter().flatten().collect()
}

async fn read_load_balancer(
    cx: &Cx,
    client: &Client,
    lb: sdk::LoadBalancer,
    tags: Tags,
) -> Option<LoadBalancer> {
    let arn = lb.load_balancer_arn()?.to_string();
    let (attributes, listeners) = tokio::join!(
        cx.read_if(data::ATTRIBUTES, async {
            let request = client
                .describe_load_balancer_attributes()
                .load_balancer_arn(&arn)
                .send();
            cx.call(DESCRIBE_LOAD_BALANCER_ATTRIBUTES, request)
                .await
                .read(GONE, |o| {
                    Some(
                        o.attributes()
                            .iter()
                            .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
                            .collect::<BTreeMap<_, _>>(),
                    )
                })
        }),
        cx.read_if(data::LISTENERS, async {
            let listed = client
                .describe_listeners()
                .load_balancer_arn(&arn)
                .page_size(PAGE)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(DESCRIBE_LISTENERS, listed)
                .await
                .read(GONE, |listeners| {
                    Some(listeners.iter().filter_map(listener).collect())
                })
        }),
    );
    if let Some(bucket) = attributes
        .value()
        .and_then(|a| a.get("access_logs.s3.bucket"))
        .filter(|b| !b.is_empty())
    {
        cx.refer(&crate::s3::OTHER_BUCKET, &cx.region, bucket);
    }
    Some(LoadBalancer {
        account_id: cx.account_of(&arn),
        region: cx.region.clone(),
        name: lb.load_balancer_name().unwrap_or_default().to_string(),
        lb_type: lb
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        scheme: lb.scheme().map(|s| s.as_str().to_string()),
        dns_name: text(lb.dns_name()),
        canonical_hosted_zone_id: text(lb.canonical_hosted_zone_id()),
        vpc_id: text(lb.vpc_id()),
        state: lb
            .state()
            .and_then(|s| s.code())
            .map(|c| c.as_str().to_string())
            .unwrap_or_default(),
        availability_zones: lb
            .availability_zones()
            .iter()
            .filter_map(|z| {
                Some(LoadBalancerZone {
                    zone_name: z.zone_name()?.to_string(),
                    subnet_id: text(z.subnet_id()),
                })
            })
            .collect(),
        security_groups: lb.security_groups().to_vec(),
        ip_address_type: lb.ip_address_type().map(|t| t.as_str().to_string()),
        attributes,
        listeners,
        tags,
        arn,
    })
}

fn listener(l: &sdk::Listener) -> Option<Listener> {
    Some(Listener {
        arn: l.listener_arn()?.to_string(),
        protocol: l.protocol().map(|p| p.as_str().to_string()),
        port: l.port().map(i64::from),
        ssl_policy: text(l.ssl_policy()),
        default_actions: l.default_actions().iter().map(action).collect(),
    })
}

fn action(a: &sdk::Action) -> ListenerAction {
    let mut target_group_arns: Vec<String> = a
        .forward_config()
        .map(|f| f.target_groups())
        .unwrap_or_default()
        .iter()
        .filter_map(|t| t.target_group_arn().map(str::to_string))
        .collect();
    if let Some(arn) = a.target_group_arn() {
        if !target_group_arns.iter().any(|t| t == arn) {
            target_group_arns.insert(0, arn.to_string());
        }
    }
    ListenerAction {
        action_type: a
            .r#type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        target_group_arns,
        redirect_protocol: text(a.redirect_config().and_then(|r| r.protocol())),
    }
}

/// `DescribeTargetGroups` for the region, and each group's targets
/// (`DescribeTargetHealth`) when read.
async fn target_groups(cx: &Cx, client: &Client) -> Result<Vec<TargetGroup>, CollectError> {
    let listed = cx
        .list(
            DESCRIBE_TARGET_GROUPS,
            client
                .describe_target_groups()
                .page_size(PAGE)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let mut groups: Vec<TargetGroup> = listed.iter().filter_map(|g| target_group(cx, g)).collect();
    if cx.wants(data::TARGET_HEALTH) {
        let arns: Vec<String> = groups.iter().map(|g| g.arn.clone()).collect();
        let health = cx
            .bounded(arns, |arn| async move {
                let request = client
                    .describe_target_health()
                    .target_group_arn(&arn)
                    .send();
                cx.call(DESCRIBE_TARGET_HEALTH, request)
                    .await
                    .read(GONE, |o| {
                        Some(
                            o.target_health_descriptions()
                                .iter()
                                .filter_map(target)
                                .collect(),
                        )
                    })
            })
            .await;
        for (g, targets) in groups.iter_mut().zip(health) {
            g.targets = targets;
        }
    }
    Ok(groups)
}

fn target_group(cx: &Cx, g: &sdk::TargetGroup) -> Option<TargetGroup> {
    let arn = g.target_group_arn()?.to_string();
    Some(TargetGroup {
        account_id: cx.account_of(&arn),
        region: cx.region.clone(),
        name: g.target_group_name().unwrap_or_default().to_string(),
        target_type: g
            .target_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        protocol: g.protocol().map(|p| p.as_str().to_string()),
        port: g.port().map(i64::from),
        vpc_id: text(g.vpc_id()),
        load_balancer_arns: g.load_balancer_arns().to_vec(),
        health_check: HealthCheck {
            // Absent only where checks cannot be turned off: on.
            enabled: g.health_check_enabled().unwrap_or(true),
            protocol: g.health_check_protocol().map(|p| p.as_str().to_string()),
            port: text(g.health_check_port()),
            path: text(g.health_check_path()),
            interval_seconds: g.health_check_interval_seconds().map(i64::from),
            timeout_seconds: g.health_check_timeout_seconds().map(i64::from),
            healthy_threshold: g.healthy_threshold_count().map(i64::from),
            unhealthy_threshold: g.unhealthy_threshold_count().map(i64::from),
            matcher: g
                .matcher()
                .and_then(|m| m.http_code().or(m.grpc_code()))
                .map(str::to_string),
        },
        targets: Collected::default(),
        arn,
    })
}

fn target(d: &sdk::TargetHealthDescription) -> Option<Target> {
    let t = d.target()?;
    let health = d.target_health();
    Some(Target {
        id: t.id()?.to_string(),
        port: t.port().map(i64::from),
        availability_zone: text(t.availability_zone()),
        state: health
            .and_then(|h| h.state())
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        reason: health
            .and_then(|h| h.reason())
            .map(|r| r.as_str().to_string()),
    })
}
