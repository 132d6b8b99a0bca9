//! AWS Config, per region: `DescribeConfigurationRecorders` (the customer
//! managed recorder) with `DescribeConfigurationRecorderStatus`, and as the
//! selected checks read them `ListConfigurationRecorders` (the
//! service-linked recorders, each then described and its status read by
//! ARN: two calls per recorder, a handful per region at most),
//! `DescribeDeliveryChannels` with
//! `DescribeDeliveryChannelStatus`, `DescribeConfigRules`,
//! `DescribeRemediationConfigurations` (25 rules a call) and
//! `DescribeRemediationExecutionStatus` per remediation.
//!
//! The two status calls are one call each for the region; when one fails,
//! every recorder's (or channel's) status carries the error. When a later
//! listing (service-linked recorders, channels, rules, remediation
//! configurations) fails, what was read is kept and that part is unread in
//! the region ([`Cx::unread`]): a rule must never look unremediated because
//! its remediation could not be read, and a policy without
//! `config:ListConfigurationRecorders` (or an endpoint that does not serve
//! it) leaves the customer managed recorder, the channels and the rules
//! judged. A service-linked recorder that cannot be described makes the
//! whole part unread in the region (what it records is unknown); one whose
//! status cannot be read carries the error in its status.
//!
//! A remediation's Automation document is a reference
//! ([`crate::ssm::DOCUMENT`]), described after the first pass.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_config;

use crate::session::sdk_client;
use crate::{text, utc, Cx};
use aws_sdk_config::types as sdk;
use aws_sdk_config::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::config::{
    self as data, Config, ConfigRule, DeliveryChannel, DeliveryStatus, Recorder, RecorderStatus,
    RecordingGroup, Remediation, RemediationExecution,
};

crate::registry::operations! {
    sdk "Config Service", iam "config" {
        DESCRIBE_CONFIGURATION_RECORDERS = DescribeConfigurationRecorders,
        DESCRIBE_CONFIGURATION_RECORDER_STATUS = DescribeConfigurationRecorderStatus,
        LIST_CONFIGURATION_RECORDERS = ListConfigurationRecorders,
        DESCRIBE_DELIVERY_CHANNELS = DescribeDeliveryChannels,
        DESCRIBE_DELIVERY_CHANNEL_STATUS = DescribeDeliveryChannelStatus,
        DESCRIBE_CONFIG_RULES = DescribeConfigRules,
        DESCRIBE_REMEDIATION_CONFIGURATIONS = DescribeRemediationConfigurations,
        DESCRIBE_REMEDIATION_EXECUTION_STATUS = DescribeRemediationExecutionStatus,
    }
}

crate::service!(Config);

/// `DescribeRemediationConfigurations` takes at most this many rule names.
const RULES_PER_CALL: usize = 25;

async fn collect(cx: &Cx) -> Result<Config, CollectError> {
    let client = sdk_client!(aws_sdk_config, &cx.session, &cx.region);
    let recorders = cx
        .call(
            DESCRIBE_CONFIGURATION_RECORDERS,
            client.describe_configuration_recorders().send(),
        )
        .await
        .ok()?;
    let recorders = read_recorders(cx, &client, recorders.configuration_recorders()).await;
    let service_linked_recorders = cx
        .part(data::SERVICE_LINKED_RECORDERS, service_linked(cx, &client))
        .await;
    let delivery_channels = if cx.wants(data::DELIVERY_CHANNELS) {
        let listed = cx
            .call(
                DESCRIBE_DELIVERY_CHANNELS,
                client.describe_delivery_channels().send(),
            )
            .await
            .ok();
        match listed {
            Ok(out) => read_channels(cx, &client, out.delivery_channels()).await,
            Err(e) => {
                cx.unread(data::DELIVERY_CHANNELS, e);
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    // Remediations are listed by rule name: the rules are read for either.
    let rules = if cx.wants(data::RULES) || cx.wants(data::REMEDIATIONS) {
        let listed = cx
            .list(
                DESCRIBE_CONFIG_RULES,
                client
                    .describe_config_rules()
                    .into_paginator()
                    .items()
                    .send(),
            )
            .await;
        match listed {
            Ok(rules) => rules.iter().map(|r| rule(cx, r)).collect(),
            Err(e) => {
                for part in [data::RULES, data::REMEDIATIONS] {
                    if cx.wants(part) {
                        cx.unread(part, e.clone());
                    }
                }
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    let remediations = if cx.wants(data::REMEDIATIONS) {
        remediations(cx, &client, &rules).await.unwrap_or_else(|e| {
            cx.unread(data::REMEDIATIONS, e);
            Vec::new()
        })
    } else {
        Vec::new()
    };
    Ok(Config {
        recorders,
        service_linked_recorders,
        delivery_channels,
        rules: if cx.wants(data::RULES) {
            rules
        } else {
            Vec::new()
        },
        remediations,
    })
}

fn arn_or(cx: &Cx, arn: Option<&str>, resource: &str) -> String {
    text(arn).unwrap_or_else(|| {
        format!(
            "arn:{}:config:{}:{}:{resource}",
            cx.partition(),
            cx.region,
            cx.account_id()
        )
    })
}

/// The customer managed recorder (a service-linked one, should the call
/// ever return one, is read with the others by [`service_linked`]).
async fn read_recorders(
    cx: &Cx,
    client: &Client,
    listed: &[sdk::ConfigurationRecorder],
) -> Vec<Recorder> {
    let listed: Vec<&sdk::ConfigurationRecorder> = listed
        .iter()
        .filter(|r| r.service_principal().is_none())
        .collect();
    if listed.is_empty() {
        return Vec::new();
    }
    let statuses = cx
        .read_if(data::RECORDER_STATUS, async {
            let request = client.describe_configuration_recorder_status().send();
            cx.call(DESCRIBE_CONFIGURATION_RECORDER_STATUS, request)
                .await
                .read(&[], |o| Some(o.configuration_recorders_status().to_vec()))
        })
        .await;
    listed
        .into_iter()
        .map(|r| {
            let name = r.name().unwrap_or_default();
            let status = status_of(&statuses, |s| s.name() == Some(name), recorder_status);
            recorder(cx, r, status)
        })
        .collect()
}

/// The service-linked recorders: `ListConfigurationRecorders` (every
/// page), then each one described and its status read by ARN.
async fn service_linked(cx: &Cx, client: &Client) -> Result<Vec<Recorder>, CollectError> {
    let listed = cx
        .list(
            LIST_CONFIGURATION_RECORDERS,
            client
                .list_configuration_recorders()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let linked: Vec<sdk::ConfigurationRecorderSummary> = listed
        .into_iter()
        .filter(|s| s.service_principal().is_some())
        .collect();
    let read = cx.bounded(linked, |s| linked_recorder(cx, client, s)).await;
    Ok(read
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// One service-linked recorder, described by ARN with its status; `None`
/// when it was deleted since the listing (described as none, or
/// `NoSuchConfigurationRecorderException`).
async fn linked_recorder(
    cx: &Cx,
    client: &Client,
    summary: sdk::ConfigurationRecorderSummary,
) -> Result<Option<Recorder>, CollectError> {
    let arn = summary.arn();
    let (described, status) = tokio::join!(
        cx.call(
            DESCRIBE_CONFIGURATION_RECORDERS,
            client.describe_configuration_recorders().arn(arn).send(),
        ),
        cx.call(
            DESCRIBE_CONFIGURATION_RECORDER_STATUS,
            client
                .describe_configuration_recorder_status()
                .arn(arn)
                .send(),
        ),
    );
    if described.failed_with(&["NoSuchConfigurationRecorderException"]) {
        return Ok(None);
    }
    let described = described.ok()?;
    let Some(r) = described.configuration_recorders().first() else {
        return Ok(None);
    };
    let status = status.read(&[], |o| {
        o.configuration_recorders_status()
            .first()
            .map(recorder_status)
    });
    let mut linked = recorder(cx, r, status);
    linked.service_principal = linked
        .service_principal
        .or_else(|| text(summary.service_principal()));
    linked.recording_scope = r
        .recording_scope()
        .unwrap_or(summary.recording_scope())
        .as_str()
        .to_string()
        .into();
    Ok(Some(linked))
}

fn recorder(
    cx: &Cx,
    r: &sdk::ConfigurationRecorder,
    status: Collected<RecorderStatus>,
) -> Recorder {
    let name = r.name().unwrap_or_default().to_string();
    Recorder {
        arn: arn_or(cx, r.arn(), &format!("configuration-recorder/{name}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        recording_group: r.recording_group().map(group).unwrap_or_default(),
        recording_frequency: r
            .recording_mode()
            .map(|m| m.recording_frequency().as_str().to_string()),
        service_principal: text(r.service_principal()),
        recording_scope: None,
        name,
        status,
    }
}

fn recorder_status(s: &sdk::ConfigurationRecorderStatus) -> RecorderStatus {
    RecorderStatus {
        recording: s.recording(),
        last_status: s.last_status().map(|x| x.as_str().to_string()),
        last_error_code: text(s.last_error_code()),
    }
}

/// One resource's entry in a region-wide status call: absent when the call
/// does not mention it, the call's error when it failed, not collected when
/// it was not made.
fn status_of<S, T>(
    statuses: &Collected<Vec<S>>,
    mine: impl Fn(&S) -> bool,
    map: impl FnOnce(&S) -> T,
) -> Collected<T> {
    match statuses {
        Collected::Value(all) => all
            .iter()
            .find(|s| mine(s))
            .map_or(Collected::Absent, |s| Collected::Value(map(s))),
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e.clone()),
    }
}

fn group(g: &sdk::RecordingGroup) -> RecordingGroup {
    RecordingGroup {
        all_supported: g.all_supported(),
        include_global_resource_types: g.include_global_resource_types(),
        resource_types: g
            .resource_types()
            .iter()
            .map(|t| t.as_str().to_string())
            .collect(),
        recording_strategy: g
            .recording_strategy()
            .and_then(|s| s.use_only())
            .map(|s| s.as_str().to_string()),
        exclusion_resource_types: g
            .exclusion_by_resource_types()
            .map(|x| {
                x.resource_types()
                    .iter()
                    .map(|t| t.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

async fn read_channels(
    cx: &Cx,
    client: &Client,
    listed: &[sdk::DeliveryChannel],
) -> Vec<DeliveryChannel> {
    if listed.is_empty() {
        return Vec::new();
    }
    let statuses = cx
        .read_if(data::DELIVERY_STATUS, async {
            let request = client.describe_delivery_channel_status().send();
            cx.call(DESCRIBE_DELIVERY_CHANNEL_STATUS, request)
                .await
                .read(&[], |o| Some(o.delivery_channels_status().to_vec()))
        })
        .await;
    let last = |info: Option<&sdk::ConfigExportDeliveryInfo>| {
        info.and_then(|i| i.last_status())
            .map(|s| s.as_str().to_string())
    };
    listed
        .iter()
        .map(|c| {
            let name = c.name().unwrap_or_default().to_string();
            let status = status_of(
                &statuses,
                |s| s.name() == Some(name.as_str()),
                |s| DeliveryStatus {
                    config_history_last_status: last(s.config_history_delivery_info()),
                    config_snapshot_last_status: last(s.config_snapshot_delivery_info()),
                },
            );
            DeliveryChannel {
                arn: arn_or(cx, None, &format!("delivery-channel/{name}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                name,
                s3_bucket_name: c.s3_bucket_name().unwrap_or_default().to_string(),
                status,
            }
        })
        .collect()
}

fn rule(cx: &Cx, r: &sdk::ConfigRule) -> ConfigRule {
    let name = r.config_rule_name().unwrap_or_default().to_string();
    let source_identifier = r
        .source()
        .filter(|s| *s.owner() == sdk::Owner::Aws)
        .and_then(|s| text(s.source_identifier()));
    ConfigRule {
        arn: arn_or(cx, r.config_rule_arn(), &format!("config-rule/{name}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        source_identifier,
    }
}

/// The rules' remediation configurations, with their execution statuses.
async fn remediations(
    cx: &Cx,
    client: &Client,
    rules: &[ConfigRule],
) -> Result<Vec<Remediation>, CollectError> {
    let mut configs = Vec::new();
    for chunk in rules.chunks(RULES_PER_CALL) {
        let request = client
            .describe_remediation_configurations()
            .set_config_rule_names(Some(chunk.iter().map(|r| r.name.clone()).collect()))
            .send();
        let out = cx
            .call(DESCRIBE_REMEDIATION_CONFIGURATIONS, request)
            .await
            .ok()?;
        configs.extend(out.remediation_configurations().iter().cloned());
    }
    Ok(cx.bounded(configs, |c| remediation(cx, client, c)).await)
}

async fn remediation(cx: &Cx, client: &Client, c: sdk::RemediationConfiguration) -> Remediation {
    let rule = c.config_rule_name().to_string();
    let executions = cx
        .read_if(data::REMEDIATION_EXECUTIONS, async {
            let listed = client
                .describe_remediation_execution_status()
                .config_rule_name(&rule)
                .into_paginator()
                .items()
                .send();
            match cx.list(DESCRIBE_REMEDIATION_EXECUTION_STATUS, listed).await {
                Ok(list) => Collected::Value(
                    list.iter()
                        .filter_map(|x| {
                            Some(RemediationExecution {
                                resource_id: x.resource_key()?.resource_id().to_string(),
                                state: x.state()?.as_str().to_string(),
                                last_updated: x
                                    .last_updated_time()
                                    .or(x.invocation_time())
                                    .and_then(utc)?,
                            })
                        })
                        .collect(),
                ),
                Err(e) => Collected::Error(e),
            }
        })
        .await;
    let target_id = c.target_id().to_string();
    if *c.target_type() == sdk::RemediationTargetType::SsmDocument {
        cx.refer(&crate::ssm::DOCUMENT, &cx.region, &target_id);
    }
    let automation_assume_role = c
        .parameters()
        .and_then(|p| p.get("AutomationAssumeRole"))
        .and_then(|v| v.static_value())
        .and_then(|s| s.values().first())
        .filter(|v| !v.is_empty())
        .cloned();
    Remediation {
        arn: arn_or(cx, c.arn(), &format!("remediation-configuration/{rule}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        config_rule_name: rule,
        target_type: c.target_type().as_str().to_string(),
        target_id,
        target_version: text(c.target_version()),
        automatic: c.automatic(),
        automation_assume_role,
        maximum_automatic_attempts: c.maximum_automatic_attempts().map(i64::from),
        retry_attempt_seconds: c.retry_attempt_seconds(),
        executions,
    }
}
