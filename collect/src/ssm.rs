//! Systems Manager, per region: the managed nodes
//! (`DescribeInstanceInformation`), their patch states
//! (`DescribeInstancePatchStates`, 50 nodes a call), the `Patch` compliance
//! summaries (`ListResourceComplianceSummaries`, one listing for the region),
//! and the Default Host Management Configuration role (`GetServiceSetting`).
//!
//! A node missing from the patch states was never scanned (absent); one
//! missing from the summaries has none (absent). A failed batch or listing
//! makes those fields unknown (error) on the nodes it covers.
//! `ssm.documents` is filled from Config remediations, not here.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ssm;

use crate::session::sdk_client;
use crate::{utc, Cx};
use aws_sdk_ssm::types::{ComplianceQueryOperatorType, ComplianceStringFilter};
use aws_sdk_ssm::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ssm::{
    ComplianceSummary, ManagedInstance, PatchState, Ssm, SsmRegion,
};
use std::collections::HashMap;

crate::service!(Ssm, ssm, [managed_instances, regions, documents]);

/// The service setting that holds the DHMC role.
pub const DHMC_SETTING: &str = "/ssm/managed-instance/default-ec2-instance-management-role";

/// The most node ids `DescribeInstancePatchStates` takes in one call.
const NODES_PER_CALL: usize = 50;

async fn collect(cx: &Cx) -> Result<Ssm, CollectError> {
    let client = sdk_client!(aws_sdk_ssm, &cx.session, &cx.region);
    let nodes = cx
        .list(
            "DescribeInstanceInformation",
            client
                .describe_instance_information()
                .max_results(50)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let setting = client
        .get_service_setting()
        .setting_id(DHMC_SETTING)
        .send()
        .await;
    let dhmc_role = cx.read(
        "GetServiceSetting",
        setting,
        &["ServiceSettingNotFound"],
        |o| {
            let s = o.service_setting?;
            // Never customised: the service default, which is no role.
            if s.status() == Some("Default") {
                return None;
            }
            let role = s.setting_value()?.trim();
            (!role.is_empty() && role != "$None").then(|| role.to_string())
        },
    );
    let ids: Vec<String> = nodes
        .iter()
        .filter_map(|n| n.instance_id().map(str::to_string))
        .collect();
    let (states, compliance) = if ids.is_empty() {
        (HashMap::new(), Ok(HashMap::new()))
    } else {
        tokio::join!(patch_states(cx, &client, &ids), compliance(cx, &client))
    };
    let managed_instances = nodes
        .iter()
        .filter_map(|n| {
            let id = n.instance_id()?.to_string();
            let patch_state = states.get(&id).cloned().unwrap_or(Collected::Absent);
            let patch_compliance = match &compliance {
                Ok(summaries) => summaries
                    .get(&id)
                    .cloned()
                    .map_or(Collected::Absent, Collected::Value),
                Err(e) => Collected::Error(e.clone()),
            };
            Some(ManagedInstance {
                arn: cx.arn("ssm", &format!("managed-instance/{id}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                ping_status: n
                    .ping_status()
                    .map(|p| p.as_str().to_string())
                    .unwrap_or_default(),
                is_latest_version: n.is_latest_version(),
                last_ping: n.last_ping_date_time().and_then(utc),
                patch_state,
                patch_compliance,
                instance_id: id,
            })
        })
        .collect();
    Ok(Ssm {
        managed_instances,
        regions: vec![SsmRegion {
            region: cx.region.clone(),
            dhmc_role,
        }],
        documents: Vec::new(),
    })
}

/// Node id → its patch state, or the error of the batch that covered it.
/// Nodes never scanned are not in the map.
async fn patch_states(
    cx: &Cx,
    client: &Client,
    ids: &[String],
) -> HashMap<String, Collected<PatchState>> {
    let batches: Vec<Vec<String>> = ids.chunks(NODES_PER_CALL).map(<[_]>::to_vec).collect();
    let results = cx
        .bounded(batches, |batch| async move {
            let got = client
                .describe_instance_patch_states()
                .set_instance_ids(Some(batch.clone()))
                .max_results(50)
                .into_paginator()
                .items()
                .send()
                .try_collect()
                .await;
            (batch, got)
        })
        .await;
    let mut out = HashMap::new();
    for (batch, got) in results {
        match got {
            Ok(states) => {
                for s in states {
                    let Some(end) = utc(s.operation_end_time()) else {
                        continue;
                    };
                    let state = PatchState {
                        missing_count: s.missing_count().into(),
                        failed_count: s.failed_count().into(),
                        installed_pending_reboot_count: s
                            .installed_pending_reboot_count()
                            .unwrap_or_default()
                            .into(),
                        installed_rejected_count: s
                            .installed_rejected_count()
                            .unwrap_or_default()
                            .into(),
                        operation_end_time: end,
                    };
                    out.insert(s.instance_id().to_string(), Collected::Value(state));
                }
            }
            Err(e) => {
                let e = cx.fail("DescribeInstancePatchStates", &e);
                for id in batch {
                    out.insert(id.clone(), Collected::Error(e.clone()));
                }
            }
        }
    }
    out
}

/// Resource id → its `Patch` compliance summary.
async fn compliance(
    cx: &Cx,
    client: &Client,
) -> Result<HashMap<String, ComplianceSummary>, CollectError> {
    let filter = ComplianceStringFilter::builder()
        .key("ComplianceType")
        .values("Patch")
        .r#type(ComplianceQueryOperatorType::Equal)
        .build();
    let items = cx
        .list(
            "ListResourceComplianceSummaries",
            client
                .list_resource_compliance_summaries()
                .filters(filter)
                .max_results(50)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    Ok(items
        .iter()
        .filter_map(|i| {
            let summary = ComplianceSummary {
                status: i.status()?.as_str().to_string(),
                overall_severity: i.overall_severity().map(|s| s.as_str().to_string()),
            };
            Some((i.resource_id()?.to_string(), summary))
        })
        .collect())
}
