//! AWS Config, per region: `DescribeConfigurationRecorders` (the customer
//! managed recorder) with `DescribeConfigurationRecorderStatus`, and as the
//! selected checks read them `ListConfigurationRecorders` (the
//! service-linked recorders, each then described and its status read by
//! ARN: two calls per recorder, a handful per region at most),
//! `DescribeDeliveryChannels` with
//! `DescribeDeliveryChannelStatus`, `DescribeConfigRules`,
//! `DescribeRemediationConfigurations` (25 rules a call) and
//! `DescribeRemediationExecutionStatus` per remediation,
//! `DescribeConfigRuleEvaluationStatus` (one listing for the region's
//! rules), `DescribeConformancePacks` with `DescribeConformancePackStatus`,
//! the organization deployments (`DescribeOrganizationConfigRules` and
//! `DescribeOrganizationConformancePacks`, each then read member account
//! by member account with `GetOrganizationConfigRuleDetailedStatus` or
//! `GetOrganizationConformancePackDetailedStatus`),
//! `DescribeConfigurationAggregators` with
//! `DescribeConfigurationAggregatorSourcesStatus` per aggregator, and
//! `DescribeAggregationAuthorizations`.
//!
//! The organization calls answer only in the management account or a
//! delegated administrator: `OrganizationAccessDeniedException` (a member
//! account) and `NoAvailableOrganizationException` (no organization) are
//! recorded as `absent`, "not visible from this account"; any other
//! failure is the list's error. Conformance packs, aggregators and
//! authorizations are parts of their own: a listing that fails leaves that
//! part unread in the region and nothing else.
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
    self as data, AggregationAuthorization, Aggregator, AggregatorSource, AggregatorSourceStatus,
    Config, ConfigRule, ConformancePack, ConformancePackStatus, DeliveryChannel, DeliveryStatus,
    MemberDeploymentStatus, OrganizationDeployment, OrganizationDeployments, Recorder,
    RecorderStatus, RecordingGroup, Remediation, RemediationExecution, RuleEvaluationStatus,
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
        DESCRIBE_CONFIG_RULE_EVALUATION_STATUS = DescribeConfigRuleEvaluationStatus,
        DESCRIBE_CONFORMANCE_PACKS = DescribeConformancePacks,
        DESCRIBE_CONFORMANCE_PACK_STATUS = DescribeConformancePackStatus,
        DESCRIBE_ORGANIZATION_CONFIG_RULES = DescribeOrganizationConfigRules,
        GET_ORGANIZATION_CONFIG_RULE_DETAILED_STATUS = GetOrganizationConfigRuleDetailedStatus,
        DESCRIBE_ORGANIZATION_CONFORMANCE_PACKS = DescribeOrganizationConformancePacks,
        GET_ORGANIZATION_CONFORMANCE_PACK_DETAILED_STATUS = GetOrganizationConformancePackDetailedStatus,
        DESCRIBE_CONFIGURATION_AGGREGATORS = DescribeConfigurationAggregators,
        DESCRIBE_CONFIGURATION_AGGREGATOR_SOURCES_STATUS = DescribeConfigurationAggregatorSourcesStatus,
        DESCRIBE_AGGREGATION_AUTHORIZATIONS = DescribeAggregationAuthorizations,
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
            Ok(listed) => {
                let mut rules: Vec<ConfigRule> = listed.iter().map(|r| rule(cx, r)).collect();
                if !rules.is_empty() && cx.wants(data::RULE_STATUS) {
                    let statuses = rule_statuses(cx, &client).await;
                    for r in &mut rules {
                        r.evaluation_status = status_of(
                            &statuses,
                            |s| s.config_rule_name() == Some(r.name.as_str()),
                            evaluation_status,
                        );
                    }
                }
                rules
            }
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
    let conformance_packs = cx
        .part(data::CONFORMANCE_PACKS, conformance_packs(cx, &client))
        .await;
    let organization_deployments = cx
        .read_if(data::ORGANIZATION_DEPLOYMENTS, async {
            vec![organization_deployments(cx, &client).await]
        })
        .await;
    let aggregators = cx.part(data::AGGREGATORS, aggregators(cx, &client)).await;
    let aggregation_authorizations = cx
        .part(
            data::AGGREGATION_AUTHORIZATIONS,
            authorizations(cx, &client),
        )
        .await;
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
        conformance_packs,
        organization_deployments,
        aggregators,
        aggregation_authorizations,
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
                sns_topic_arn: text(c.sns_topic_arn()),
                status,
            }
        })
        .collect()
}

fn rule(cx: &Cx, r: &sdk::ConfigRule) -> ConfigRule {
    let name = r.config_rule_name().unwrap_or_default().to_string();
    let owned_by = |owner: sdk::Owner| {
        r.source()
            .filter(|s| *s.owner() == owner)
            .and_then(|s| text(s.source_identifier()))
    };
    ConfigRule {
        arn: arn_or(cx, r.config_rule_arn(), &format!("config-rule/{name}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        source_identifier: owned_by(sdk::Owner::Aws),
        lambda_function_arn: owned_by(sdk::Owner::CustomLambda),
        created_by: text(r.created_by()),
        evaluation_status: Collected::default(),
    }
}

/// Every rule's evaluation status in the region: one listing.
async fn rule_statuses(
    cx: &Cx,
    client: &Client,
) -> Collected<Vec<sdk::ConfigRuleEvaluationStatus>> {
    let listed = client
        .describe_config_rule_evaluation_status()
        .into_paginator()
        .items()
        .send();
    match cx
        .list(DESCRIBE_CONFIG_RULE_EVALUATION_STATUS, listed)
        .await
    {
        Ok(all) => Collected::Value(all),
        Err(e) => Collected::Error(e),
    }
}

fn evaluation_status(s: &sdk::ConfigRuleEvaluationStatus) -> RuleEvaluationStatus {
    let time = |t: Option<&aws_smithy_types::DateTime>| t.and_then(utc);
    RuleEvaluationStatus {
        first_activated: time(s.first_activated_time()),
        first_evaluation_started: s.first_evaluation_started(),
        last_successful_evaluation: time(s.last_successful_evaluation_time()),
        last_failed_evaluation: time(s.last_failed_evaluation_time()),
        last_successful_invocation: time(s.last_successful_invocation_time()),
        last_failed_invocation: time(s.last_failed_invocation_time()),
        last_error_code: text(s.last_error_code()),
    }
}

/// The conformance packs, with their deployment state (one listing for the
/// region's packs).
async fn conformance_packs(cx: &Cx, client: &Client) -> Result<Vec<ConformancePack>, CollectError> {
    let listed = client
        .describe_conformance_packs()
        .into_paginator()
        .items()
        .send();
    let listed = cx.list(DESCRIBE_CONFORMANCE_PACKS, listed).await?;
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    let statuses = cx
        .read_if(data::CONFORMANCE_PACK_STATUS, async {
            let request = client
                .describe_conformance_pack_status()
                .into_paginator()
                .items()
                .send();
            match cx.list(DESCRIBE_CONFORMANCE_PACK_STATUS, request).await {
                Ok(all) => Collected::Value(all),
                Err(e) => Collected::Error(e),
            }
        })
        .await;
    Ok(listed
        .iter()
        .map(|p| {
            let name = p.conformance_pack_name().to_string();
            ConformancePack {
                arn: p.conformance_pack_arn().to_string(),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                status: status_of(
                    &statuses,
                    |s| s.conformance_pack_name() == name,
                    |s| ConformancePackStatus {
                        state: s.conformance_pack_state().as_str().to_string(),
                        reason: text(s.conformance_pack_status_reason()),
                    },
                ),
                created_by: text(p.created_by()),
                name,
            }
        })
        .collect())
}

/// The organization calls' answers in an account that cannot see the
/// organization's deployments: not visible, not an error.
const NOT_VISIBLE: &[&str] = &[
    "OrganizationAccessDeniedException",
    "NoAvailableOrganizationException",
];

/// The rules and packs this account deploys to its organization in the
/// region, each with its member accounts' statuses.
async fn organization_deployments(cx: &Cx, client: &Client) -> OrganizationDeployments {
    let (rules, packs) = tokio::join!(
        cx.call(
            DESCRIBE_ORGANIZATION_CONFIG_RULES,
            client
                .describe_organization_config_rules()
                .into_paginator()
                .items()
                .send()
                .try_collect(),
        ),
        cx.call(
            DESCRIBE_ORGANIZATION_CONFORMANCE_PACKS,
            client
                .describe_organization_conformance_packs()
                .into_paginator()
                .items()
                .send()
                .try_collect(),
        ),
    );
    let rules = match rules.read(NOT_VISIBLE, Some) {
        Collected::Value(listed) => Collected::Value(
            cx.bounded(listed, |r: sdk::OrganizationConfigRule| async move {
                let name = r.organization_config_rule_name().to_string();
                let request = client
                    .get_organization_config_rule_detailed_status()
                    .organization_config_rule_name(&name)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect();
                let statuses = cx
                    .call(GET_ORGANIZATION_CONFIG_RULE_DETAILED_STATUS, request)
                    .await
                    .read(&["NoSuchOrganizationConfigRuleException"], |all| {
                        Some(
                            all.iter()
                                .map(|s: &sdk::MemberAccountStatus| MemberDeploymentStatus {
                                    account_id: s.account_id().to_string(),
                                    status: s.member_account_rule_status().as_str().to_string(),
                                    error_code: text(s.error_code()),
                                })
                                .collect(),
                        )
                    });
                deployment(cx, r.organization_config_rule_arn(), name, statuses)
            })
            .await,
        ),
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e),
    };
    let conformance_packs = match packs.read(NOT_VISIBLE, Some) {
        Collected::Value(listed) => Collected::Value(
            cx.bounded(listed, |p: sdk::OrganizationConformancePack| async move {
                let name = p.organization_conformance_pack_name().to_string();
                let request = client
                    .get_organization_conformance_pack_detailed_status()
                    .organization_conformance_pack_name(&name)
                    .into_paginator()
                    .items()
                    .send()
                    .try_collect();
                let statuses = cx
                    .call(GET_ORGANIZATION_CONFORMANCE_PACK_DETAILED_STATUS, request)
                    .await
                    .read(&["NoSuchOrganizationConformancePackException"], |all| {
                        Some(
                            all.iter()
                                .map(|s: &sdk::OrganizationConformancePackDetailedStatus| {
                                    MemberDeploymentStatus {
                                        account_id: s.account_id().to_string(),
                                        status: s.status().as_str().to_string(),
                                        error_code: text(s.error_code()),
                                    }
                                })
                                .collect(),
                        )
                    });
                deployment(cx, p.organization_conformance_pack_arn(), name, statuses)
            })
            .await,
        ),
        Collected::Absent => Collected::Absent,
        Collected::Error(e) => Collected::Error(e),
    };
    OrganizationDeployments {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        rules,
        conformance_packs,
    }
}

fn deployment(
    cx: &Cx,
    arn: &str,
    name: String,
    member_statuses: Collected<Vec<MemberDeploymentStatus>>,
) -> OrganizationDeployment {
    OrganizationDeployment {
        arn: arn.to_string(),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        member_statuses,
    }
}

/// The configuration aggregators, each with its sources' status.
async fn aggregators(cx: &Cx, client: &Client) -> Result<Vec<Aggregator>, CollectError> {
    let listed = client
        .describe_configuration_aggregators()
        .into_paginator()
        .items()
        .send();
    let listed = cx.list(DESCRIBE_CONFIGURATION_AGGREGATORS, listed).await?;
    Ok(cx.bounded(listed, |a| aggregator(cx, client, a)).await)
}

async fn aggregator(cx: &Cx, client: &Client, a: sdk::ConfigurationAggregator) -> Aggregator {
    let name = a
        .configuration_aggregator_name()
        .unwrap_or_default()
        .to_string();
    let sources_status = cx
        .read_if(data::AGGREGATOR_SOURCES, async {
            let request = client
                .describe_configuration_aggregator_sources_status()
                .configuration_aggregator_name(&name)
                .into_paginator()
                .items()
                .send();
            match cx
                .list(DESCRIBE_CONFIGURATION_AGGREGATOR_SOURCES_STATUS, request)
                .await
            {
                Ok(all) => Collected::Value(all.iter().map(source_status).collect()),
                Err(e) => Collected::Error(e),
            }
        })
        .await;
    let account_sources = a
        .account_aggregation_sources()
        .iter()
        .map(|s| AggregatorSource {
            account_ids: s.account_ids().to_vec(),
            role_arn: None,
            all_aws_regions: s.all_aws_regions(),
            aws_regions: s.aws_regions().to_vec(),
        })
        .collect();
    let organization_source = a
        .organization_aggregation_source()
        .map(|s| AggregatorSource {
            account_ids: Vec::new(),
            role_arn: text(Some(s.role_arn())),
            all_aws_regions: s.all_aws_regions(),
            aws_regions: s.aws_regions().to_vec(),
        });
    Aggregator {
        arn: arn_or(
            cx,
            a.configuration_aggregator_arn(),
            &format!("config-aggregator/{name}"),
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        account_sources,
        organization_source,
        sources_status,
    }
}

fn source_status(s: &sdk::AggregatedSourceStatus) -> AggregatorSourceStatus {
    AggregatorSourceStatus {
        source_id: s.source_id().unwrap_or_default().to_string(),
        source_type: s
            .source_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        aws_region: s.aws_region().unwrap_or_default().to_string(),
        last_update_status: s
            .last_update_status()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        last_error_code: text(s.last_error_code()),
    }
}

/// The aggregator accounts and regions this account authorized.
async fn authorizations(
    cx: &Cx,
    client: &Client,
) -> Result<Vec<AggregationAuthorization>, CollectError> {
    let listed = client
        .describe_aggregation_authorizations()
        .into_paginator()
        .items()
        .send();
    let listed = cx.list(DESCRIBE_AGGREGATION_AUTHORIZATIONS, listed).await?;
    Ok(listed
        .iter()
        .map(|a| {
            let account = a.authorized_account_id().unwrap_or_default().to_string();
            let region = a.authorized_aws_region().unwrap_or_default().to_string();
            AggregationAuthorization {
                arn: arn_or(
                    cx,
                    a.aggregation_authorization_arn(),
                    &format!("aggregation-authorization/{account}/{region}"),
                ),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                authorized_account_id: account,
                authorized_aws_region: region,
            }
        })
        .collect())
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
