//! CloudWatch, per region: `DescribeAlarms` for metric **and** composite
//! alarms (a CodeDeploy deployment group may name a composite alarm; left
//! out, it would read as missing, a false FAIL). A composite alarm has no
//! namespace or metric, but a rule naming the alarms it combines.
//!
//! Alarm tags are not read (one `ListTagsForResource` per alarm, and no
//! check judges an alarm itself): `tags` stays empty.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_cloudwatch;

use crate::session::sdk_client;
use crate::{utc, Cx};
use aws_sdk_cloudwatch::types::AlarmType;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::cloudwatch::{Alarm, CloudWatch, Dimension};

crate::registry::operations! {
    sdk "CloudWatch", iam "cloudwatch" {
        DESCRIBE_ALARMS = DescribeAlarms,
    }
}

crate::service!(CloudWatch);

async fn collect(cx: &Cx) -> Result<CloudWatch, CollectError> {
    let client = sdk_client!(aws_sdk_cloudwatch, &cx.session, &cx.region);
    let listed = client
        .describe_alarms()
        .alarm_types(AlarmType::MetricAlarm)
        .alarm_types(AlarmType::CompositeAlarm)
        .into_paginator()
        .send();
    let pages = cx.list(DESCRIBE_ALARMS, listed).await?;
    // The fields both kinds of alarm have, read the same way.
    macro_rules! alarm {
        ($a:expr, $metric:expr) => {
            alarm(
                cx,
                Common {
                    name: $a.alarm_name(),
                    arn: $a.alarm_arn(),
                    actions_enabled: $a.actions_enabled(),
                    actions: $a.alarm_actions(),
                    state: $a.state_value().map(|s| s.as_str()),
                    state_updated: $a.state_updated_timestamp(),
                },
                $metric,
            )
        };
    }
    let mut alarms = Vec::new();
    for page in &pages {
        for a in page.metric_alarms() {
            alarms.push(alarm!(a, (a.namespace(), a.metric_name(), a.dimensions())));
        }
        for a in page.composite_alarms() {
            alarms.push(alarm!(a, (None, None, &[])).map(|alarm| Alarm {
                alarm_rule: a.alarm_rule().map(str::to_string),
                ..alarm
            }));
        }
    }
    Ok(CloudWatch {
        alarms: alarms.into_iter().flatten().collect(),
    })
}

/// What metric and composite alarms share.
struct Common<'a> {
    name: Option<&'a str>,
    arn: Option<&'a str>,
    actions_enabled: Option<bool>,
    actions: &'a [String],
    state: Option<&'a str>,
    state_updated: Option<&'a aws_smithy_types::DateTime>,
}

/// The metric a metric alarm watches: namespace, name and dimensions.
type Metric<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    &'a [aws_sdk_cloudwatch::types::Dimension],
);

/// One alarm of either kind (its metric for a metric alarm); `None`
/// without a name.
fn alarm(cx: &Cx, c: Common<'_>, (namespace, metric, dimensions): Metric<'_>) -> Option<Alarm> {
    let name = c.name?.to_string();
    Some(Alarm {
        arn: c.arn.map_or_else(
            || cx.arn("cloudwatch", &format!("alarm:{name}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        namespace: namespace.map(str::to_string),
        metric_name: metric.map(str::to_string),
        dimensions: dimensions
            .iter()
            .filter_map(|d| {
                Some(Dimension {
                    name: d.name()?.to_string(),
                    value: d.value()?.to_string(),
                })
            })
            .collect(),
        alarm_rule: None,
        // CloudWatch's default: actions are enabled unless disabled.
        actions_enabled: c.actions_enabled.unwrap_or(true),
        alarm_actions: c.actions.to_vec(),
        state_value: c.state.unwrap_or("INSUFFICIENT_DATA").to_string(),
        state_updated: c.state_updated.and_then(utc),
        tags: Default::default(),
    })
}
