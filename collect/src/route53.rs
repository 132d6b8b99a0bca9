//! Route 53 (global): `ListHostedZones`, then, as the selected checks read
//! them, `ListTagsForResources` (10 zones a call), `GetHostedZone` per
//! private zone (its VPCs), `ListResourceRecordSets` per zone (paged by
//! record name, type and identifier), `ListHealthChecks` and
//! `ListQueryLoggingConfigs`. A zone deleted since it was listed has absent
//! parts; a failed listing leaves its part unread.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_route53;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_route53::types::{self as sdk, TagResourceType};
use aws_sdk_route53::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::route53::{
    self as data, AliasTarget, HealthCheck, HealthCheckAlarm, HostedZone, QueryLoggingConfig,
    RecordSet, Route53, ZoneVpc,
};
use awscheck_model::inventory::{Tags, GLOBAL};
use std::collections::HashMap;

crate::registry::operations! {
    sdk "Route 53", iam "route53" {
        LIST_HOSTED_ZONES = ListHostedZones,
        LIST_TAGS_FOR_RESOURCES = ListTagsForResources,
        GET_HOSTED_ZONE = GetHostedZone,
        LIST_RESOURCE_RECORD_SETS = ListResourceRecordSets,
        LIST_HEALTH_CHECKS = ListHealthChecks,
        LIST_QUERY_LOGGING_CONFIGS = ListQueryLoggingConfigs,
    }
}

crate::service!(Route53, global: true);

/// Zones per `ListTagsForResources` call (its maximum).
const TAGS_PER_CALL: usize = 10;

/// Error code of a zone deleted since it was listed.
const GONE: &[&str] = &["NoSuchHostedZone"];

async fn collect(cx: &Cx) -> Result<Route53, CollectError> {
    let client = sdk_client!(aws_sdk_route53, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_HOSTED_ZONES,
            client.list_hosted_zones().into_paginator().items().send(),
        )
        .await?;
    let ids: Vec<String> = listed.iter().map(|z| zone_id(z.id())).collect();
    let mut tags = if cx.wants(data::ZONE_TAGS) {
        zone_tags(cx, &client, &ids).await
    } else {
        HashMap::new()
    };
    let hosted_zones = cx
        .bounded(listed, |z| {
            let tags = tags.remove(&zone_id(z.id())).unwrap_or_default();
            read_zone(cx, &client, z, tags)
        })
        .await;
    let (health_checks, query_logging_configs) = tokio::join!(
        cx.part(data::HEALTH_CHECKS, async {
            let listed = client.list_health_checks().into_paginator().items().send();
            let checks = cx.list(LIST_HEALTH_CHECKS, listed).await?;
            Ok(checks.iter().map(|c| health_check(cx, c)).collect())
        }),
        cx.part(data::QUERY_LOGGING, async {
            let listed = client
                .list_query_logging_configs()
                .into_paginator()
                .items()
                .send();
            let configs = cx.list(LIST_QUERY_LOGGING_CONFIGS, listed).await?;
            Ok(configs
                .iter()
                .map(|c| QueryLoggingConfig {
                    id: c.id().to_string(),
                    hosted_zone_id: zone_id(c.hosted_zone_id()),
                    cloudwatch_logs_log_group_arn: c.cloud_watch_logs_log_group_arn().to_string(),
                })
                .collect())
        }),
    );
    Ok(Route53 {
        hosted_zones,
        health_checks,
        query_logging_configs,
    })
}

/// A zone id without its `/hostedzone/` prefix.
fn zone_id(id: &str) -> String {
    id.rsplit('/').next().unwrap_or(id).to_string()
}

/// `ListTagsForResources` for `ids`, 10 a call: tags by zone id. A failed
/// call leaves the tags of its batch unread.
async fn zone_tags(cx: &Cx, client: &Client, ids: &[String]) -> HashMap<String, Tags> {
    let batches: Vec<Vec<String>> = ids.chunks(TAGS_PER_CALL).map(<[_]>::to_vec).collect();
    let found = cx
        .bounded(batches, |batch| async move {
            let arns: Vec<String> = batch.iter().map(|id| zone_arn(cx, id)).collect();
            let request = client
                .list_tags_for_resources()
                .resource_type(TagResourceType::Hostedzone)
                .set_resource_ids(Some(batch))
                .send();
            cx.call(LIST_TAGS_FOR_RESOURCES, request)
                .await
                .batch_tags(data::ZONE_TAGS, arns, |o| {
                    o.resource_tag_sets()
                        .iter()
                        .filter_map(|set| {
                            let tags =
                                crate::tags_of(set.tags().iter().filter_map(|t| {
                                    Some((t.key()?, t.value().unwrap_or_default()))
                                }));
                            Some((zone_id(set.resource_id()?), tags))
                        })
                        .collect()
                })
        })
        .await;
    found.into_iter().flatten().collect()
}

/// A hosted zone's ARN.
fn zone_arn(cx: &Cx, id: &str) -> String {
    format!("arn:{}:route53:::hostedzone/{id}", cx.partition())
}

async fn read_zone(cx: &Cx, client: &Client, z: sdk::HostedZone, tags: Tags) -> HostedZone {
    let id = zone_id(z.id());
    let private = z.config().is_some_and(|c| c.private_zone());
    let (vpcs, record_sets) = tokio::join!(
        cx.read_if(data::ZONE_VPCS, async {
            if !private {
                return Collected::Absent;
            }
            let request = client.get_hosted_zone().id(&id).send();
            cx.call(GET_HOSTED_ZONE, request).await.read(GONE, |o| {
                Some(
                    o.vpcs()
                        .iter()
                        .filter_map(|v| {
                            Some(ZoneVpc {
                                vpc_id: v.vpc_id()?.to_string(),
                                vpc_region: v
                                    .vpc_region()
                                    .map(|r| r.as_str().to_string())
                                    .unwrap_or_default(),
                            })
                        })
                        .collect(),
                )
            })
        }),
        cx.read_if(data::RECORD_SETS, async {
            cx.call(LIST_RESOURCE_RECORD_SETS, record_sets(client, &id))
                .await
                .read(GONE, |sets| Some(sets.iter().map(record_set).collect()))
        }),
    );
    HostedZone {
        arn: zone_arn(cx, &id),
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        name: z.name().to_string(),
        private,
        record_count: z.resource_record_set_count().unwrap_or_default(),
        vpcs,
        record_sets,
        tags,
        id,
    }
}

/// `ListResourceRecordSets` of zone `id`, every page (the next page starts
/// at the name, type and identifier the last one gives).
async fn record_sets(
    client: &Client,
    id: &str,
) -> crate::SdkResult<
    Vec<sdk::ResourceRecordSet>,
    aws_sdk_route53::operation::list_resource_record_sets::ListResourceRecordSetsError,
> {
    let mut out = Vec::new();
    let mut start: Option<(String, sdk::RrType, Option<String>)> = None;
    loop {
        let mut request = client.list_resource_record_sets().hosted_zone_id(id);
        if let Some((name, kind, identifier)) = start.take() {
            request = request
                .start_record_name(name)
                .start_record_type(kind)
                .set_start_record_identifier(identifier);
        }
        let page = request.send().await?;
        out.extend(page.resource_record_sets().iter().cloned());
        match (
            page.is_truncated(),
            page.next_record_name(),
            page.next_record_type(),
        ) {
            (true, Some(name), Some(kind)) if !page.resource_record_sets().is_empty() => {
                start = Some((
                    name.to_string(),
                    kind.clone(),
                    page.next_record_identifier().map(str::to_string),
                ));
            }
            _ => return Ok(out),
        }
    }
}

fn record_set(r: &sdk::ResourceRecordSet) -> RecordSet {
    RecordSet {
        name: r.name().to_string(),
        record_type: r.r#type().as_str().to_string(),
        routing_policy: routing_policy(r).to_string(),
        set_identifier: text(r.set_identifier()),
        weight: r.weight(),
        failover: r.failover().map(|f| f.as_str().to_string()),
        latency_region: r.region().map(|x| x.as_str().to_string()),
        health_check_id: text(r.health_check_id()),
        alias_target: r.alias_target().map(|a| AliasTarget {
            dns_name: a.dns_name().to_string(),
            hosted_zone_id: a.hosted_zone_id().to_string(),
            evaluate_target_health: a.evaluate_target_health(),
        }),
        values: r
            .resource_records()
            .iter()
            .map(|v| v.value().to_string())
            .collect(),
    }
}

/// The routing policy a record's fields set.
fn routing_policy(r: &sdk::ResourceRecordSet) -> &'static str {
    if r.failover().is_some() {
        "failover"
    } else if r.weight().is_some() {
        "weighted"
    } else if r.region().is_some() {
        "latency"
    } else if r.geo_location().is_some() {
        "geolocation"
    } else if r.geo_proximity_location().is_some() {
        "geoproximity"
    } else if r.cidr_routing_config().is_some() {
        "cidr"
    } else if r.multi_value_answer() == Some(true) {
        "multivalue"
    } else {
        "simple"
    }
}

fn health_check(cx: &Cx, c: &sdk::HealthCheck) -> HealthCheck {
    let config = c.health_check_config();
    HealthCheck {
        arn: format!("arn:{}:route53:::healthcheck/{}", cx.partition(), c.id()),
        region: GLOBAL.to_string(),
        account_id: cx.account_id().to_string(),
        id: c.id().to_string(),
        check_type: config
            .map(|c| c.r#type().as_str().to_string())
            .unwrap_or_default(),
        fqdn: text(config.and_then(|c| c.fully_qualified_domain_name())),
        ip_address: text(config.and_then(|c| c.ip_address())),
        port: config.and_then(|c| c.port()).map(i64::from),
        resource_path: text(config.and_then(|c| c.resource_path())),
        child_health_checks: config
            .map(|c| c.child_health_checks().to_vec())
            .unwrap_or_default(),
        alarm: config
            .and_then(|c| c.alarm_identifier())
            .map(|a| HealthCheckAlarm {
                name: a.name().to_string(),
                region: a.region().as_str().to_string(),
            }),
        inverted: config.and_then(|c| c.inverted()).unwrap_or_default(),
        disabled: config.and_then(|c| c.disabled()).unwrap_or_default(),
    }
}
