//! Systems Manager, per region, each part only when a selected check reads
//! it and each failing on its own (the section's listing makes no call):
//! the managed nodes (`DescribeInstanceInformation`), and their patch
//! states (`DescribeInstancePatchStates`, 50 nodes a call), their `Patch`
//! and `Association` compliance summaries (`ListResourceComplianceSummaries`,
//! one listing for the region each), and the Default Host Management
//! Configuration role (`GetServiceSetting`); Parameter Store parameters and
//! the redacted values of the plain-text ones ([`parameters`]); the Session
//! Manager preferences ([`session`]); maintenance windows with their
//! targets and tasks ([`windows`]); patch baselines and patch groups
//! ([`patching`]); State Manager associations ([`associations`]); resource
//! data syncs (`ListResourceDataSync`) and hybrid activations
//! (`DescribeActivations`).
//!
//! A node missing from the patch states was never scanned (absent); one
//! missing from the summaries has none (absent). A failed batch or listing
//! makes those fields unknown (error) on the nodes it covers.
//!
//! SSM documents other resources name ([`DOCUMENT`]: a Config
//! remediation's Automation document) are described after the first pass
//! (`DescribeDocument`) into `ssm.documents`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ssm;

use crate::references::{Kind, Reference};
use crate::session::sdk_client;
use crate::{text, utc, BoxFuture, Cx, Patch};
use aws_sdk_ssm::types::{ComplianceQueryOperatorType, ComplianceStringFilter};
use aws_sdk_ssm::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ssm::{
    self as data, Activation, ComplianceSummary, DataSync, Document, DocumentInfo, ManagedInstance,
    PatchState, Ssm, SsmRegion, Target,
};
use awscheck_model::inventory::Account;
use std::collections::HashMap;

mod agents;
mod associations;
mod parameters;
mod patching;
mod session;
mod windows;

crate::registry::operations! {
    sdk "SSM", iam "ssm" {
        DESCRIBE_INSTANCE_INFORMATION = DescribeInstanceInformation,
        DESCRIBE_INSTANCE_PATCH_STATES = DescribeInstancePatchStates,
        LIST_RESOURCE_COMPLIANCE_SUMMARIES = ListResourceComplianceSummaries,
        GET_SERVICE_SETTING = GetServiceSetting,
        DESCRIBE_DOCUMENT = DescribeDocument,
        DESCRIBE_PARAMETERS = DescribeParameters,
        GET_PARAMETERS = GetParameters,
        GET_DOCUMENT = GetDocument,
        DESCRIBE_MAINTENANCE_WINDOWS = DescribeMaintenanceWindows,
        DESCRIBE_MAINTENANCE_WINDOW_TARGETS = DescribeMaintenanceWindowTargets,
        DESCRIBE_MAINTENANCE_WINDOW_TASKS = DescribeMaintenanceWindowTasks,
        GET_MAINTENANCE_WINDOW_TASK = GetMaintenanceWindowTask,
        DESCRIBE_PATCH_BASELINES = DescribePatchBaselines,
        DESCRIBE_PATCH_GROUPS = DescribePatchGroups,
        LIST_ASSOCIATIONS = ListAssociations,
        DESCRIBE_ASSOCIATION = DescribeAssociation,
        LIST_INVENTORY_ENTRIES = ListInventoryEntries,
        LIST_RESOURCE_DATA_SYNC = ListResourceDataSync,
        DESCRIBE_ACTIVATIONS = DescribeActivations,
    }
}

crate::service!(Ssm);

/// An SSM document (name or ARN) named by a resource, in its region.
pub static DOCUMENT: Kind = Kind {
    name: "SSM document",
    fills: data::DOCUMENTS,
    resolve: resolve_documents,
};

/// The service setting that holds the DHMC role.
pub const DHMC_SETTING: &str = "/ssm/managed-instance/default-ec2-instance-management-role";

/// The most node ids `DescribeInstancePatchStates` takes in one call.
const NODES_PER_CALL: usize = 50;

async fn collect(cx: &Cx) -> Result<Ssm, CollectError> {
    let client = sdk_client!(aws_sdk_ssm, &cx.session, &cx.region);
    let client = &client;
    let (managed_instances, parameters, session_preferences, dhmc_role) = tokio::join!(
        async { agents::attach(cx, client, managed_instances(cx, client).await).await },
        parameters::parameters(cx, client),
        cx.read_if(data::SESSION_PREFERENCES, async {
            vec![session::preferences(cx, client).await]
        }),
        cx.read_if(data::DHMC, dhmc_role(cx, client)),
    );
    let (maintenance_windows, patch_baselines, patch_groups, associations, data_syncs, activations) = tokio::join!(
        windows::windows(cx, client),
        patching::baselines(cx, client),
        patching::groups(cx, client),
        associations::associations(cx, client),
        data_syncs(cx, client),
        activations(cx, client),
    );
    Ok(Ssm {
        managed_instances,
        regions: vec![SsmRegion {
            region: cx.region.clone(),
            dhmc_role,
        }],
        documents: Vec::new(),
        parameters,
        maintenance_windows,
        patch_baselines,
        patch_groups,
        associations,
        data_syncs,
        activations,
        session_preferences,
    })
}

/// A target (`Key`, `Values`) as the model keeps it.
fn target(t: &aws_sdk_ssm::types::Target) -> Option<Target> {
    Some(Target {
        key: t.key()?.to_string(),
        values: t.values().to_vec(),
    })
}

/// `ListResourceDataSync`: the region's resource data syncs.
async fn data_syncs(cx: &Cx, client: &Client) -> Vec<DataSync> {
    let listed = client
        .list_resource_data_sync()
        .max_results(50)
        .into_paginator()
        .items()
        .send();
    cx.part(data::DATA_SYNCS, cx.list(LIST_RESOURCE_DATA_SYNC, listed))
        .await
        .iter()
        .filter_map(|s| {
            Some(DataSync {
                region: cx.region.clone(),
                name: s.sync_name()?.to_string(),
                sync_type: s.sync_type().unwrap_or_default().to_string(),
                bucket: s.s3_destination().map(|d| d.bucket_name().to_string()),
                last_status: s.last_status().map(|l| l.as_str().to_string()),
                last_status_message: text(s.last_sync_status_message()),
            })
        })
        .collect()
}

/// `DescribeActivations`: the region's hybrid activations.
async fn activations(cx: &Cx, client: &Client) -> Vec<Activation> {
    let listed = client
        .describe_activations()
        .max_results(50)
        .into_paginator()
        .items()
        .send();
    cx.part(data::ACTIVATIONS, cx.list(DESCRIBE_ACTIVATIONS, listed))
        .await
        .iter()
        .filter_map(|a| {
            let id = a.activation_id()?.to_string();
            Some(Activation {
                arn: cx.arn("ssm", &format!("activation/{id}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                iam_role: text(a.iam_role()),
                registration_limit: a.registration_limit().unwrap_or_default().into(),
                registrations_count: a.registrations_count().unwrap_or_default().into(),
                expiration: a.expiration_date().and_then(utc),
                expired: a.expired(),
                created: a.created_date().and_then(utc)?,
                id,
            })
        })
        .collect()
}

/// `GetServiceSetting`: the Default Host Management Configuration role,
/// absent when it was never set.
async fn dhmc_role(cx: &Cx, client: &Client) -> Collected<String> {
    let request = client.get_service_setting().setting_id(DHMC_SETTING).send();
    cx.call(GET_SERVICE_SETTING, request)
        .await
        .read(&["ServiceSettingNotFound"], |o| {
            let s = o.service_setting?;
            // Never customised: the service default, which is no role.
            if s.status() == Some("Default") {
                return None;
            }
            let role = s.setting_value()?.trim();
            (!role.is_empty() && role != "$None").then(|| role.to_string())
        })
}

/// The managed nodes ([`data::MANAGED_INSTANCES`], a part of their own: a
/// failed `DescribeInstanceInformation` blinds only the checks that read
/// them), and as the selected checks read them their patch states and
/// `Patch` compliance summaries.
async fn managed_instances(cx: &Cx, client: &Client) -> Vec<ManagedInstance> {
    let listed = client
        .describe_instance_information()
        .max_results(50)
        .into_paginator()
        .items()
        .send();
    let nodes = cx
        .part(
            data::MANAGED_INSTANCES,
            cx.list(DESCRIBE_INSTANCE_INFORMATION, listed),
        )
        .await;
    let ids: Vec<String> = nodes
        .iter()
        .filter_map(|n| n.instance_id().map(str::to_string))
        .collect();
    let (states, compliance, associated) = if ids.is_empty() {
        (None, None, None)
    } else {
        tokio::join!(
            cx.read_if(data::PATCH_STATE, async {
                Some(patch_states(cx, client, &ids).await)
            }),
            cx.read_if(data::PATCH_COMPLIANCE, async {
                Some(compliance(cx, client, "Patch").await)
            }),
            cx.read_if(data::ASSOCIATION_COMPLIANCE, async {
                Some(compliance(cx, client, "Association").await)
            }),
        )
    };
    nodes
        .iter()
        .filter_map(|n| {
            let id = n.instance_id()?.to_string();
            // A part not read keeps its default (not collected).
            let patch_state = match &states {
                Some(states) => states.get(&id).cloned().unwrap_or(Collected::Absent),
                None => Collected::default(),
            };
            let summary = |summaries: &Option<Summaries>| match summaries {
                Some(Ok(summaries)) => summaries
                    .get(&id)
                    .cloned()
                    .map_or(Collected::Absent, Collected::Value),
                Some(Err(e)) => Collected::Error(e.clone()),
                None => Collected::default(),
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
                platform_type: n.platform_type().map(|p| p.as_str().to_string()),
                platform_name: text(n.platform_name()),
                platform_version: text(n.platform_version()),
                patch_state,
                patch_compliance: summary(&compliance),
                association_compliance: summary(&associated),
                agents: Collected::default(),
                instance_id: id,
            })
        })
        .collect()
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
            let listed = client
                .describe_instance_patch_states()
                .set_instance_ids(Some(batch.clone()))
                .max_results(50)
                .into_paginator()
                .items()
                .send();
            let got = cx.list(DESCRIBE_INSTANCE_PATCH_STATES, listed).await;
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
                for id in batch {
                    out.insert(id.clone(), Collected::Error(e.clone()));
                }
            }
        }
    }
    out
}

/// Resource id → its compliance summary of one type, or the listing's failure.
type Summaries = Result<HashMap<String, ComplianceSummary>, CollectError>;

/// Resource id → its compliance summary of `kind` (`Patch`, `Association`):
/// one listing for the region.
async fn compliance(cx: &Cx, client: &Client, kind: &str) -> Summaries {
    let filter = ComplianceStringFilter::builder()
        .key("ComplianceType")
        .values(kind)
        .r#type(ComplianceQueryOperatorType::Equal)
        .build();
    let items = cx
        .list(
            LIST_RESOURCE_COMPLIANCE_SUMMARIES,
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

/// [`DOCUMENT`]: the documents `ssm.documents` does not hold yet, described
/// (`InvalidDocument` → absent).
fn resolve_documents(cx: &Cx, account: &Account, refs: Vec<Reference>) -> Option<BoxFuture<Patch>> {
    let ssm = account.ssm.as_ref()?;
    let todo: Vec<Reference> = refs
        .into_iter()
        .filter(|r| {
            !ssm.documents
                .iter()
                .any(|d| d.region == r.region && d.name == r.id)
        })
        .collect();
    crate::references::read_into(cx, todo, describe_document, |ssm: &mut Ssm, found| {
        ssm.documents.extend(found)
    })
}

async fn describe_document(cx: Cx, reference: Reference) -> Document {
    let Reference { region, id: name } = reference;
    let client = sdk_client!(aws_sdk_ssm, &cx.session, &region);
    let request = client.describe_document().name(&name).send();
    let info = cx
        .call(DESCRIBE_DOCUMENT, request)
        .await
        .read(&["InvalidDocument"], |o| {
            let d = o.document()?;
            Some(DocumentInfo {
                document_type: d
                    .document_type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
                latest_version: d.latest_version().unwrap_or_default().to_string(),
                default_version: text(d.default_version()),
            })
        });
    Document { region, name, info }
}
