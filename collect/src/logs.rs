//! CloudWatch Logs, per region: `DescribeLogGroups`; as the selected checks
//! read them, `DescribeMetricFilters` once for the region (each filter put
//! on its group; a failure makes every group's filters unknown),
//! `DescribeSubscriptionFilters` and `ListTagsForResource` per group, and
//! for the region `DescribeResourcePolicies`, `DescribeAccountPolicies`
//! (subscription filter policies) and `DescribeDestinations`. A log group's KMS key is a reference
//! ([`crate::kms::KEY`]), read after collection when it is another
//! account's or region's.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_cloudwatchlogs;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_cloudwatchlogs::types::PolicyType;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::logs::{
    self as data, Destination, LogGroup, Logs, MetricFilter, MetricTransformation, ResourcePolicy,
    SubscriptionFilter, SubscriptionPolicy,
};
use awscheck_model::inventory::Tags;
use std::collections::HashMap;

crate::registry::operations! {
    sdk "CloudWatch Logs", iam "logs" {
        DESCRIBE_LOG_GROUPS = DescribeLogGroups,
        DESCRIBE_METRIC_FILTERS = DescribeMetricFilters,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
        DESCRIBE_RESOURCE_POLICIES = DescribeResourcePolicies,
        DESCRIBE_SUBSCRIPTION_FILTERS = DescribeSubscriptionFilters,
        DESCRIBE_ACCOUNT_POLICIES = DescribeAccountPolicies,
        DESCRIBE_DESTINATIONS = DescribeDestinations,
    }
}

crate::service!(Logs);

/// A group deleted since the listing answers this: it has no filters left.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Logs, CollectError> {
    let client = sdk_client!(aws_sdk_cloudwatchlogs, &cx.session, &cx.region);
    let groups = cx
        .list(
            DESCRIBE_LOG_GROUPS,
            client.describe_log_groups().into_paginator().items().send(),
        )
        .await?;
    // Each group's filters come from one listing for the region; when it
    // was not made or failed, `instead` stands for every group's.
    let mut by_group: HashMap<String, Vec<MetricFilter>> = HashMap::new();
    let instead: Option<Collected<Vec<MetricFilter>>> = if cx.wants(data::METRIC_FILTERS) {
        let listed = client
            .describe_metric_filters()
            .into_paginator()
            .items()
            .send();
        match cx.list(DESCRIBE_METRIC_FILTERS, listed).await {
            Ok(filters) => {
                for f in filters {
                    by_group
                        .entry(f.log_group_name().unwrap_or_default().to_string())
                        .or_default()
                        .push(metric_filter(&f));
                }
                None
            }
            Err(e) => Some(Collected::Error(e)),
        }
    } else {
        Some(Collected::default())
    };
    let log_groups = cx
        .bounded(groups, |g| {
            let name = g.log_group_name().unwrap_or_default().to_string();
            let metric_filters = match &instead {
                Some(all) => all.clone(),
                None => Collected::Value(by_group.remove(&name).unwrap_or_default()),
            };
            read_group(cx, &client, g, name, metric_filters)
        })
        .await;
    let resource_policies = cx
        .part(data::RESOURCE_POLICIES, async {
            let listed = crate::pages(
                |token| {
                    client
                        .describe_resource_policies()
                        .limit(50)
                        .set_next_token(token)
                        .send()
                },
                |o| (o.resource_policies.unwrap_or_default(), o.next_token),
            );
            let policies = cx.call(DESCRIBE_RESOURCE_POLICIES, listed).await.ok()?;
            Ok(policies
                .iter()
                .map(|p| ResourcePolicy {
                    region: cx.region.clone(),
                    account_id: cx.account_id().to_string(),
                    name: p.policy_name().unwrap_or_default().to_string(),
                    document: crate::policy_json(p.policy_document().unwrap_or("{}")),
                })
                .collect())
        })
        .await;
    let subscription_policies = cx
        .part(
            data::SUBSCRIPTION_POLICIES,
            subscription_policies(cx, &client),
        )
        .await;
    let destinations = cx
        .part(data::DESTINATIONS, async {
            let listed = client
                .describe_destinations()
                .into_paginator()
                .items()
                .send();
            let found = cx.list(DESCRIBE_DESTINATIONS, listed).await?;
            Ok(found.iter().map(|d| destination(cx, d)).collect())
        })
        .await;
    Ok(Logs {
        log_groups,
        resource_policies,
        subscription_policies,
        destinations,
    })
}

/// The region's account-level subscription filter policies.
async fn subscription_policies(
    cx: &Cx,
    client: &aws_sdk_cloudwatchlogs::Client,
) -> Result<Vec<SubscriptionPolicy>, CollectError> {
    let listed = crate::pages(
        |token| {
            client
                .describe_account_policies()
                .policy_type(PolicyType::SubscriptionFilterPolicy)
                .set_next_token(token)
                .send()
        },
        |o| (o.account_policies.unwrap_or_default(), o.next_token),
    );
    let policies = cx.call(DESCRIBE_ACCOUNT_POLICIES, listed).await.ok()?;
    Ok(policies
        .iter()
        .map(|p| SubscriptionPolicy {
            region: cx.region.clone(),
            account_id: cx.account_id().to_string(),
            name: p.policy_name().unwrap_or_default().to_string(),
            selection_criteria: text(p.selection_criteria()),
            destination_arn: p.policy_document().and_then(policy_destination),
        })
        .collect())
}

/// The `DestinationArn` a subscription filter policy document names.
fn policy_destination(document: &str) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(document).ok()?;
    text(doc.get("DestinationArn")?.as_str())
}

fn destination(cx: &Cx, d: &aws_sdk_cloudwatchlogs::types::Destination) -> Destination {
    let name = d.destination_name().unwrap_or_default().to_string();
    Destination {
        arn: d.arn().map_or_else(
            || cx.arn("logs", &format!("destination:{name}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        target_arn: d.target_arn().unwrap_or_default().to_string(),
        access_policy: text(d.access_policy()).map(|p| crate::policy_json(&p)),
    }
}

fn metric_filter(f: &aws_sdk_cloudwatchlogs::types::MetricFilter) -> MetricFilter {
    MetricFilter {
        name: f.filter_name().unwrap_or_default().to_string(),
        pattern: f.filter_pattern().unwrap_or_default().to_string(),
        transformations: f
            .metric_transformations()
            .iter()
            .map(|t| MetricTransformation {
                metric_namespace: t.metric_namespace().to_string(),
                metric_name: t.metric_name().to_string(),
            })
            .collect(),
    }
}

async fn read_group(
    cx: &Cx,
    client: &aws_sdk_cloudwatchlogs::Client,
    g: aws_sdk_cloudwatchlogs::types::LogGroup,
    name: String,
    metric_filters: Collected<Vec<MetricFilter>>,
) -> LogGroup {
    let arn = group_arn(cx, &g, &name);
    let tags: Tags = cx
        .read_if(data::LOG_GROUP_TAGS, async {
            let request = client.list_tags_for_resource().resource_arn(&arn).send();
            cx.call(LIST_TAGS_FOR_RESOURCE, request).await.tags(
                data::LOG_GROUP_TAGS,
                &arn,
                &[],
                |o| {
                    o.tags()
                        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                        .unwrap_or_default()
                },
            )
        })
        .await;
    let subscription_filters = cx
        .read_if(data::SUBSCRIPTION_FILTERS, async {
            let listed = client
                .describe_subscription_filters()
                .log_group_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(DESCRIBE_SUBSCRIPTION_FILTERS, listed)
                .await
                .read(GONE, |filters| {
                    Some(
                        filters
                            .iter()
                            .map(|f| SubscriptionFilter {
                                name: f.filter_name().unwrap_or_default().to_string(),
                                destination_arn: f
                                    .destination_arn()
                                    .unwrap_or_default()
                                    .to_string(),
                            })
                            .collect(),
                    )
                })
        })
        .await;
    let kms_key_id = text(g.kms_key_id());
    if let Some(key) = &kms_key_id {
        cx.refer(&crate::kms::KEY, &cx.region, key);
    }
    LogGroup {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        kms_key_id,
        retention_in_days: g.retention_in_days().map(i64::from),
        log_group_class: g.log_group_class().map(|c| c.as_str().to_string()),
        metric_filters,
        subscription_filters,
        tags,
    }
}

/// The group's ARN without the trailing `:*` (`logGroupArn`, else `arn`
/// trimmed, else built).
fn group_arn(cx: &Cx, g: &aws_sdk_cloudwatchlogs::types::LogGroup, name: &str) -> String {
    g.log_group_arn()
        .or_else(|| g.arn().map(|a| a.strip_suffix(":*").unwrap_or(a)))
        .map(str::to_string)
        .unwrap_or_else(|| {
            format!(
                "arn:{}:logs:{}:{}:log-group:{name}",
                cx.partition(),
                cx.region,
                cx.account_id()
            )
        })
}
