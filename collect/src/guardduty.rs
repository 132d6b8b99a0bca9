//! GuardDuty, per region: `ListDetectors`, then per detector, each only
//! when a selected check reads what it fills: `GetDetector` (status,
//! protection plans, tags: a detector's tags come with its details; a
//! detector it does not find, deleted since it was listed, has absent
//! details), `DescribeOrganizationConfiguration` (absent when this account
//! is not the GuardDuty administrator), `ListMembers`, `ListFindings` (open
//! findings of severity 4 or more) with `GetFindings` in batches of 50, and
//! `ListFilters` with `GetFilter` per filter.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_guardduty;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_guardduty::types::{self as sdk, Condition, FindingCriteria};
use aws_sdk_guardduty::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::collected::Collected;
use awscheck_model::inventory::guardduty::{
    self as data, Detector, DetectorDetails, DetectorFeature, Filter, FilterCondition, GuardDuty,
    GuardDutyFinding, Member, OrganizationConfiguration, OrganizationFeature,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "GuardDuty", iam "guardduty" {
        LIST_DETECTORS = ListDetectors,
        GET_DETECTOR = GetDetector,
        DESCRIBE_ORGANIZATION_CONFIGURATION = DescribeOrganizationConfiguration,
        LIST_MEMBERS = ListMembers,
        LIST_FINDINGS = ListFindings,
        GET_FINDINGS = GetFindings,
        LIST_FILTERS = ListFilters,
        GET_FILTER = GetFilter,
    }
}

crate::service!(GuardDuty);

/// Error codes `GetDetector` answers for a detector id it does not know.
const GONE: &[&str] = &["BadRequestException", "ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<GuardDuty, CollectError> {
    let client = sdk_client!(aws_sdk_guardduty, &cx.session, &cx.region);
    let ids = cx
        .list(
            LIST_DETECTORS,
            client.list_detectors().into_paginator().items().send(),
        )
        .await?;
    let detectors = cx.bounded(ids, |id| detector(cx, &client, id)).await;
    Ok(GuardDuty { detectors })
}

async fn detector(cx: &Cx, client: &Client, id: String) -> Detector {
    let mut tags = Tags::new();
    let (details, organization, members, findings, filters) = tokio::join!(
        cx.read_if(data::DETECTOR_DETAILS, async {
            let request = client.get_detector().detector_id(&id).send();
            cx.call(GET_DETECTOR, request).await.read(GONE, |o| {
                if let Some(t) = o.tags() {
                    tags.extend(t.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                Some(DetectorDetails {
                    status: o
                        .status()
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default(),
                    features: o
                        .features()
                        .iter()
                        .filter_map(|f| {
                            Some(DetectorFeature {
                                name: f.name()?.as_str().to_string(),
                                status: f.status()?.as_str().to_string(),
                            })
                        })
                        .collect(),
                })
            })
        }),
        cx.read_if(
            data::ORGANIZATION_CONFIGURATION,
            organization(cx, client, &id)
        ),
        cx.read_if(data::MEMBERS, members(cx, client, &id)),
        cx.read_if(data::FINDINGS, findings(cx, client, &id)),
        cx.read_if(data::FILTERS, filters(cx, client, &id)),
    );
    Detector {
        arn: format!(
            "arn:{}:guardduty:{}:{}:detector/{id}",
            cx.partition(),
            cx.region,
            cx.account_id()
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        id,
        details,
        organization,
        members,
        findings,
        filters,
        tags,
    }
}

/// Error codes `DescribeOrganizationConfiguration` answers in an account
/// that is not the GuardDuty administrator.
const NOT_ADMINISTRATOR: &[&str] = &["BadRequestException"];

/// `DescribeOrganizationConfiguration`, every page of its features.
async fn organization(cx: &Cx, client: &Client, id: &str) -> Collected<OrganizationConfiguration> {
    let pages = client
        .describe_organization_configuration()
        .detector_id(id)
        .into_paginator()
        .send()
        .try_collect();
    cx.call(DESCRIBE_ORGANIZATION_CONFIGURATION, pages)
        .await
        .read(NOT_ADMINISTRATOR, |pages| {
            let members = pages
                .iter()
                .find_map(|p| p.auto_enable_organization_members())
                .map(|m| m.as_str().to_string())
                .unwrap_or_else(|| "NONE".to_string());
            Some(OrganizationConfiguration {
                auto_enable_organization_members: members,
                features: pages
                    .iter()
                    .flat_map(|p| p.features())
                    .filter_map(|f| {
                        Some(OrganizationFeature {
                            name: f.name()?.as_str().to_string(),
                            auto_enable: f.auto_enable()?.as_str().to_string(),
                        })
                    })
                    .collect(),
            })
        })
}

/// `ListMembers` (all members, not only the associated ones).
async fn members(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<Member>> {
    let items = client
        .list_members()
        .detector_id(id)
        .only_associated("false")
        .into_paginator()
        .items()
        .send()
        .try_collect();
    cx.call(LIST_MEMBERS, items).await.read(GONE, |members| {
        Some(
            members
                .iter()
                .filter_map(|m| {
                    Some(Member {
                        account_id: m.account_id()?.to_string(),
                        relationship_status: m.relationship_status()?.to_string(),
                    })
                })
                .collect(),
        )
    })
}

/// The lowest severity collected: medium.
const MIN_SEVERITY: i64 = 4;
/// `GetFindings` takes at most this many ids.
const FINDINGS_PER_CALL: usize = 50;

/// `ListFindings` (severity at least 4, not archived), then `GetFindings`.
async fn findings(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<GuardDutyFinding>> {
    let criteria = FindingCriteria::builder()
        .criterion(
            "severity",
            Condition::builder()
                .greater_than_or_equal(MIN_SEVERITY)
                .build(),
        )
        .criterion(
            "service.archived",
            Condition::builder().equals("false").build(),
        )
        .build();
    let listed = client
        .list_findings()
        .detector_id(id)
        .finding_criteria(criteria)
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let ids = match cx.call(LIST_FINDINGS, listed).await.ok() {
        Ok(ids) => ids,
        Err(e) => return Collected::Error(e),
    };
    let mut out = Vec::new();
    for chunk in ids.chunks(FINDINGS_PER_CALL) {
        let request = client
            .get_findings()
            .detector_id(id)
            .set_finding_ids(Some(chunk.to_vec()))
            .send();
        match cx.call(GET_FINDINGS, request).await.ok() {
            Ok(o) => out.extend(o.findings().iter().filter_map(finding_of)),
            Err(e) => return Collected::Error(e),
        }
    }
    Collected::Value(out)
}

fn finding_of(f: &sdk::Finding) -> Option<GuardDutyFinding> {
    let time = crate::convert::utc_text;
    let created_at = time(f.created_at())?;
    let sample = f
        .service()
        .and_then(|s| s.additional_info())
        .and_then(|a| a.value())
        .and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
        .is_some_and(|v| v["sample"] == serde_json::Value::Bool(true));
    Some(GuardDutyFinding {
        id: f.id()?.to_string(),
        finding_type: f.r#type().unwrap_or_default().to_string(),
        severity: f.severity().unwrap_or_default(),
        created_at,
        updated_at: time(f.updated_at()).unwrap_or(created_at),
        sample,
        resource_type: f
            .resource()
            .and_then(|r| r.resource_type())
            .unwrap_or_default()
            .to_string(),
    })
}

/// `ListFilters`, then `GetFilter` per filter (one that is gone since it
/// was listed is left out).
async fn filters(cx: &Cx, client: &Client, id: &str) -> Collected<Vec<Filter>> {
    let listed = client
        .list_filters()
        .detector_id(id)
        .into_paginator()
        .items()
        .send()
        .try_collect();
    let names = match cx.call(LIST_FILTERS, listed).await.ok() {
        Ok(names) => names,
        Err(e) => return Collected::Error(e),
    };
    let read = cx
        .bounded(names, |name| async move {
            let request = client
                .get_filter()
                .detector_id(id)
                .filter_name(&name)
                .send();
            cx.call(GET_FILTER, request).await.read(GONE, |o| {
                Some(Filter {
                    name: o.name().unwrap_or(&name).to_string(),
                    action: o
                        .action()
                        .map(|a| a.as_str().to_string())
                        .unwrap_or_default(),
                    rank: o.rank().map(i64::from).unwrap_or_default(),
                    criteria: o
                        .finding_criteria()
                        .and_then(|c| c.criterion())
                        .map(|c| {
                            let mut out: Vec<FilterCondition> =
                                c.iter().map(|(field, c)| condition(field, c)).collect();
                            out.sort_by(|a, b| a.field.cmp(&b.field));
                            out
                        })
                        .unwrap_or_default(),
                })
            })
        })
        .await;
    let mut out = Vec::new();
    for filter in read {
        match filter {
            Collected::Value(f) => out.push(f),
            Collected::Absent => {}
            Collected::Error(e) => return Collected::Error(e),
        }
    }
    Collected::Value(out)
}

/// A filter condition, its deprecated forms (`Eq`, `Gte`, …) folded in.
#[allow(
    deprecated,
    reason = "filters saved with the older operators still answer with them"
)]
fn condition(field: &str, c: &Condition) -> FilterCondition {
    let both = |new: &[String], old: &[String]| new.iter().chain(old).cloned().collect();
    let bound = |new: Option<i64>, old: Option<i32>| new.or(old.map(i64::from));
    FilterCondition {
        field: field.to_string(),
        equals: both(c.equals(), c.eq()),
        not_equals: both(c.not_equals(), c.neq()),
        matches: c.matches().to_vec(),
        not_matches: c.not_matches().to_vec(),
        greater_than: bound(c.greater_than(), c.gt()),
        greater_than_or_equal: bound(c.greater_than_or_equal(), c.gte()),
        less_than: bound(c.less_than(), c.lt()),
        less_than_or_equal: bound(c.less_than_or_equal(), c.lte()),
    }
}
