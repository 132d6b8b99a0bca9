//! Patch Manager's configuration: the patch baselines
//! (`DescribePatchBaselines`, AWS-provided and custom, with which is each
//! operating system's default) and the patch groups with the baseline
//! registered for each (`DescribePatchGroups`). Both are listings of the
//! region; a failed one leaves its part unread there. No baseline body
//! (`GetPatchBaseline`) is read: no check judges its rules.

use super::{DESCRIBE_PATCH_BASELINES, DESCRIBE_PATCH_GROUPS};
use crate::Cx;
use aws_sdk_ssm::Client;
use awscheck_model::inventory::ssm::{self as data, PatchBaseline, PatchGroup};

pub(super) async fn baselines(cx: &Cx, client: &Client) -> Vec<PatchBaseline> {
    let listed = client
        .describe_patch_baselines()
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    cx.part(
        data::PATCH_BASELINES,
        cx.list(DESCRIBE_PATCH_BASELINES, listed),
    )
    .await
    .iter()
    .filter_map(|b| {
        Some(PatchBaseline {
            region: cx.region.clone(),
            id: b.baseline_id()?.to_string(),
            name: b.baseline_name().unwrap_or_default().to_string(),
            operating_system: b
                .operating_system()
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
            default: b.default_baseline(),
        })
    })
    .collect()
}

pub(super) async fn groups(cx: &Cx, client: &Client) -> Vec<PatchGroup> {
    let listed = client
        .describe_patch_groups()
        .max_results(100)
        .into_paginator()
        .items()
        .send();
    cx.part(data::PATCH_GROUPS, cx.list(DESCRIBE_PATCH_GROUPS, listed))
        .await
        .iter()
        .filter_map(|g| {
            Some(PatchGroup {
                region: cx.region.clone(),
                name: g.patch_group()?.to_string(),
                baseline_id: g.baseline_identity()?.baseline_id()?.to_string(),
            })
        })
        .collect()
}
