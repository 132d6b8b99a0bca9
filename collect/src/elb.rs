//! Classic Load Balancers, per region: `DescribeLoadBalancers`, then, as the
//! selected checks read them, `DescribeTags` (20 load balancers a call),
//! and per load balancer `DescribeLoadBalancerAttributes` and
//! `DescribeInstanceHealth`. A load balancer deleted since it was listed
//! has absent parts. The access log bucket is looked up in S3 (another
//! account's: `s3::OTHER_BUCKET`).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_elasticloadbalancing;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_elasticloadbalancing::types as sdk;
use aws_sdk_elasticloadbalancing::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::elb::{
    self as data, ClassicAttributes, ClassicListener, ClassicLoadBalancer, Elb, InstanceHealth,
};
use awscheck_model::inventory::Tags;
use std::collections::HashMap;

crate::registry::operations! {
    sdk "Elastic Load Balancing", iam "elasticloadbalancing" {
        DESCRIBE_LOAD_BALANCERS = DescribeLoadBalancers,
        DESCRIBE_TAGS = DescribeTags,
        DESCRIBE_LOAD_BALANCER_ATTRIBUTES = DescribeLoadBalancerAttributes,
        DESCRIBE_INSTANCE_HEALTH = DescribeInstanceHealth,
    }
}

crate::service!(Elb);

/// Load balancers per `DescribeTags` call (its maximum).
const TAGS_PER_CALL: usize = 20;

/// Page size of `DescribeLoadBalancers` (its maximum).
const PAGE: i32 = 400;

/// Error code of a load balancer deleted since it was listed.
const GONE: &[&str] = &["LoadBalancerNotFound"];

async fn collect(cx: &Cx) -> Result<Elb, CollectError> {
    let client = sdk_client!(aws_sdk_elasticloadbalancing, &cx.session, &cx.region);
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
    let names: Vec<String> = listed
        .iter()
        .filter_map(|lb| lb.load_balancer_name().map(str::to_string))
        .collect();
    let mut tags = if cx.wants(data::LOAD_BALANCER_TAGS) {
        describe_tags(cx, &client, &names).await
    } else {
        HashMap::new()
    };
    let load_balancers = cx
        .bounded(listed, |lb| {
            let tags = lb
                .load_balancer_name()
                .and_then(|name| tags.remove(name))
                .unwrap_or_default();
            read_load_balancer(cx, &client, lb, tags)
        })
        .await
        .into_iter()
        .flatten()
        .collect();
    Ok(Elb { load_balancers })
}

/// `DescribeTags` for `names`, 20 a call: tags by load balancer name. A
/// failed call leaves the tags of its batch unread.
async fn describe_tags(cx: &Cx, client: &Client, names: &[String]) -> HashMap<String, Tags> {
    let batches: Vec<Vec<String>> = names.chunks(TAGS_PER_CALL).map(<[_]>::to_vec).collect();
    let found = cx
        .bounded(batches, |batch| async move {
            let arns: Vec<String> = batch.iter().map(|name| arn(cx, name)).collect();
            let request = client
                .describe_tags()
                .set_load_balancer_names(Some(batch))
                .send();
            cx.call(DESCRIBE_TAGS, request)
                .await
                .batch_tags(data::LOAD_BALANCER_TAGS, arns, |o| {
                    o.tag_descriptions()
                        .iter()
                        .filter_map(|d| {
                            let tags = crate::tags_of(
                                d.tags()
                                    .iter()
                                    .map(|t| (t.key(), t.value().unwrap_or_default())),
                            );
                            Some((d.load_balancer_name()?.to_string(), tags))
                        })
                        .collect()
                })
        })
        .await;
    found.into_iter().flatten().collect()
}

/// A classic load balancer's ARN.
fn arn(cx: &Cx, name: &str) -> String {
    cx.arn("elasticloadbalancing", &format!("loadbalancer/{name}"))
}

async fn read_load_balancer(
    cx: &Cx,
    client: &Client,
    lb: sdk::LoadBalancerDescription,
    tags: Tags,
) -> Option<ClassicLoadBalancer> {
    let name = lb.load_balancer_name()?.to_string();
    let (attributes, instance_health) = tokio::join!(
        cx.read_if(data::ATTRIBUTES, async {
            let request = client
                .describe_load_balancer_attributes()
                .load_balancer_name(&name)
                .send();
            cx.call(DESCRIBE_LOAD_BALANCER_ATTRIBUTES, request)
                .await
                .read(GONE, |o| o.load_balancer_attributes().map(attributes))
        }),
        cx.read_if(data::INSTANCE_HEALTH, async {
            let request = client
                .describe_instance_health()
                .load_balancer_name(&name)
                .send();
            cx.call(DESCRIBE_INSTANCE_HEALTH, request)
                .await
                .read(GONE, |o| {
                    Some(
                        o.instance_states()
                            .iter()
                            .filter_map(|s| {
                                Some(InstanceHealth {
                                    instance_id: s.instance_id()?.to_string(),
                                    state: s.state().unwrap_or_default().to_string(),
                                    reason_code: text(s.reason_code()),
                                    description: text(s.description()),
                                })
                            })
                            .collect(),
                    )
                })
        }),
    );
    if let Some(bucket) = attributes
        .value()
        .and_then(|a| a.access_log_bucket.as_deref())
    {
        cx.refer(&crate::s3::OTHER_BUCKET, &cx.region, bucket);
    }
    Some(ClassicLoadBalancer {
        arn: arn(cx, &name),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        scheme: lb.scheme().unwrap_or("internet-facing").to_string(),
        dns_name: text(lb.dns_name()),
        vpc_id: text(lb.vpc_id()),
        availability_zones: lb.availability_zones().to_vec(),
        subnets: lb.subnets().to_vec(),
        security_groups: lb.security_groups().to_vec(),
        listeners: lb
            .listener_descriptions()
            .iter()
            .filter_map(|d| d.listener())
            .map(|l| ClassicListener {
                protocol: l.protocol().to_string(),
                load_balancer_port: i64::from(l.load_balancer_port()),
                instance_protocol: l.instance_protocol().unwrap_or(l.protocol()).to_string(),
                instance_port: i64::from(l.instance_port()),
            })
            .collect(),
        instances: lb
            .instances()
            .iter()
            .filter_map(|i| i.instance_id().map(str::to_string))
            .collect(),
        health_check_target: lb.health_check().map(|h| h.target().to_string()),
        attributes,
        instance_health,
        tags,
        name,
    })
}

fn attributes(a: &sdk::LoadBalancerAttributes) -> ClassicAttributes {
    let log = a.access_log();
    ClassicAttributes {
        access_log_enabled: log.is_some_and(|l| l.enabled()),
        access_log_bucket: text(log.and_then(|l| l.s3_bucket_name())),
        access_log_prefix: text(log.and_then(|l| l.s3_bucket_prefix())),
        cross_zone: a.cross_zone_load_balancing().is_some_and(|c| c.enabled()),
        connection_draining: a.connection_draining().is_some_and(|c| c.enabled()),
    }
}
