//! Amazon Inspector, per region: `BatchGetAccountStatus` for the audited
//! account, then, as the selected checks read them,
//! `DescribeOrganizationConfiguration`, `ListDelegatedAdminAccounts` (an
//! `AccessDeniedException` for either is "not visible from this account":
//! only the delegated administrator, or the management account, may call
//! them) and `ListCoverage`.
//!
//! An account that never enabled Inspector may be missing from the status
//! reply: it reads as `DISABLED`. An account in the reply's failed accounts
//! is an error (the region is blind).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_inspector2;

use crate::session::sdk_client;
use crate::{utc, Cx};
use aws_sdk_inspector2::types as sdk;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::inspector2::{
    self as data, AutoEnable, Coverage, DelegatedAdmin, Inspector2, InspectorRegion, ResourceStatus,
};

crate::registry::operations! {
    sdk "Inspector2", iam "inspector2" {
        BATCH_GET_ACCOUNT_STATUS = BatchGetAccountStatus,
        DESCRIBE_ORGANIZATION_CONFIGURATION = DescribeOrganizationConfiguration,
        LIST_DELEGATED_ADMIN_ACCOUNTS = ListDelegatedAdminAccounts,
        LIST_COVERAGE = ListCoverage,
    }
}

crate::service!(Inspector2);

/// Not the delegated administrator (or management account) the call needs.
const DENIED: &[&str] = &["AccessDeniedException"];

/// The status of what Inspector never enabled.
const DISABLED: &str = "DISABLED";

/// Page size of `ListCoverage` (its maximum).
const PAGE: i32 = 200;

async fn collect(cx: &Cx) -> Result<Inspector2, CollectError> {
    let client = sdk_client!(aws_sdk_inspector2, &cx.session, &cx.region);
    let request = client
        .batch_get_account_status()
        .account_ids(cx.account_id())
        .send();
    let reply = cx.call(BATCH_GET_ACCOUNT_STATUS, request).await.ok()?;
    if let Some(failed) = reply
        .failed_accounts()
        .iter()
        .find(|f| f.account_id() == cx.account_id())
    {
        cx.count_failure();
        return Err(CollectError::new(
            BATCH_GET_ACCOUNT_STATUS.name,
            failed.error_code().as_str(),
            failed.error_message(),
        ));
    }
    let state = reply
        .accounts()
        .iter()
        .find(|a| a.account_id() == cx.account_id());
    let (organization_configuration, delegated_admins, coverage) = tokio::join!(
        cx.read_if(data::ORGANIZATION_CONFIGURATION, async {
            let request = client.describe_organization_configuration().send();
            cx.call(DESCRIBE_ORGANIZATION_CONFIGURATION, request)
                .await
                .read(DENIED, |o| {
                    let a = o.auto_enable()?;
                    Some(AutoEnable {
                        ec2: a.ec2(),
                        ecr: a.ecr(),
                        lambda: a.lambda().unwrap_or_default(),
                        lambda_code: a.lambda_code().unwrap_or_default(),
                        max_account_limit_reached: o
                            .max_account_limit_reached()
                            .unwrap_or_default(),
                    })
                })
        }),
        cx.read_if(data::DELEGATED_ADMINS, async {
            let listed = client
                .list_delegated_admin_accounts()
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(LIST_DELEGATED_ADMIN_ACCOUNTS, listed)
                .await
                .read(DENIED, |admins| {
                    Some(
                        admins
                            .iter()
                            .filter_map(|a| {
                                Some(DelegatedAdmin {
                                    account_id: a.account_id()?.to_string(),
                                    status: a
                                        .status()
                                        .map(|s| s.as_str().to_string())
                                        .unwrap_or_default(),
                                })
                            })
                            .collect(),
                    )
                })
        }),
        cx.part(data::COVERAGE, async {
            let listed = client
                .list_coverage()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let covered = cx.list(LIST_COVERAGE, listed).await?;
            Ok(covered.iter().map(|c| coverage(cx, c)).collect())
        }),
    );
    let status = |s: Option<&sdk::State>| s.map_or(DISABLED, |s| s.status().as_str()).to_string();
    let resources = state.and_then(|s| s.resource_state());
    Ok(Inspector2 {
        regions: vec![InspectorRegion {
            region: cx.region.clone(),
            account_id: cx.account_id().to_string(),
            status: status(state.and_then(|s| s.state())),
            resource_status: ResourceStatus {
                ec2: status(resources.and_then(|r| r.ec2())),
                ecr: status(resources.and_then(|r| r.ecr())),
                lambda: status(resources.and_then(|r| r.lambda())),
                lambda_code: resources
                    .and_then(|r| r.lambda_code())
                    .map(|s| s.status().as_str().to_string()),
            },
            organization_configuration,
            delegated_admins,
        }],
        coverage,
    })
}

fn coverage(cx: &Cx, c: &sdk::CoveredResource) -> Coverage {
    Coverage {
        region: cx.region.clone(),
        account_id: c.account_id().to_string(),
        resource_id: c.resource_id().to_string(),
        resource_type: c.resource_type().as_str().to_string(),
        scan_type: c.scan_type().as_str().to_string(),
        scan_status: c
            .scan_status()
            .map(|s| s.status_code().as_str().to_string())
            .unwrap_or_default(),
        scan_status_reason: c.scan_status().map(|s| s.reason().as_str().to_string()),
        scan_mode: c.scan_mode().map(|m| m.as_str().to_string()),
        last_scanned_at: c.last_scanned_at().and_then(utc),
    }
}
