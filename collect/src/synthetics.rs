//! CloudWatch Synthetics, per region: `DescribeCanaries` (with their tags),
//! then, as the selected checks read them, one `DescribeCanariesLastRun`
//! for the region (each run put on its canary; a failure makes every
//! canary's last run unknown) and `DescribeRuntimeVersions`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_synthetics;

use crate::session::sdk_client;
use crate::{pages, tags_of, utc, Cx};
use aws_sdk_synthetics::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::synthetics::{self as data, Canary, RuntimeVersion, Synthetics};
use std::collections::HashMap;

crate::registry::operations! {
    sdk "synthetics", iam "synthetics" {
        DESCRIBE_CANARIES = DescribeCanaries,
        DESCRIBE_CANARIES_LAST_RUN = DescribeCanariesLastRun,
        DESCRIBE_RUNTIME_VERSIONS = DescribeRuntimeVersions,
    }
}

crate::service!(Synthetics);

async fn collect(cx: &Cx) -> Result<Synthetics, CollectError> {
    let client = sdk_client!(aws_sdk_synthetics, &cx.session, &cx.region);
    let listed = pages(
        |token| client.describe_canaries().set_next_token(token).send(),
        |o| (o.canaries.unwrap_or_default(), o.next_token),
    );
    let listed = cx.call(DESCRIBE_CANARIES, listed).await.ok()?;
    let mut runs = last_runs(cx, &client).await;
    let canaries = listed
        .iter()
        .map(|c| {
            let name = c.name().unwrap_or_default().to_string();
            let last_run = match &mut runs {
                Ok(by_name) => by_name
                    .remove(&name)
                    .map_or(Collected::Absent, Collected::Value),
                Err(instead) => instead.clone(),
            };
            Canary {
                arn: cx.arn("synthetics", &format!("canary:{name}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                state: c
                    .status()
                    .and_then(|s| s.state())
                    .map_or("", |s| s.as_str())
                    .to_string(),
                runtime_version: c.runtime_version().unwrap_or_default().to_string(),
                last_run,
                tags: tags_of(
                    c.tags()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                ),
                name,
            }
        })
        .collect();
    let runtime_versions = cx
        .part(data::RUNTIME_VERSIONS, async {
            let listed = pages(
                |token| {
                    client
                        .describe_runtime_versions()
                        .set_next_token(token)
                        .send()
                },
                |o| (o.runtime_versions.unwrap_or_default(), o.next_token),
            );
            let versions = cx.call(DESCRIBE_RUNTIME_VERSIONS, listed).await.ok()?;
            Ok(versions
                .iter()
                .map(|v| RuntimeVersion {
                    region: cx.region.clone(),
                    name: v.version_name().unwrap_or_default().to_string(),
                    deprecation_date: v.deprecation_date().and_then(utc),
                })
                .collect())
        })
        .await;
    Ok(Synthetics {
        canaries,
        runtime_versions,
    })
}

/// Each canary's last run state by name; what stands for every canary's
/// when the listing was not made (not wanted) or failed.
async fn last_runs(cx: &Cx, client: &Client) -> Result<HashMap<String, String>, Collected<String>> {
    if !cx.wants(data::LAST_RUNS) {
        return Err(Collected::default());
    }
    let listed = pages(
        |token| {
            client
                .describe_canaries_last_run()
                .set_next_token(token)
                .send()
        },
        |o| (o.canaries_last_run.unwrap_or_default(), o.next_token),
    );
    let runs = cx
        .call(DESCRIBE_CANARIES_LAST_RUN, listed)
        .await
        .ok()
        .map_err(Collected::Error)?;
    Ok(runs
        .iter()
        .filter_map(|r| {
            let state = r.last_run()?.status()?.state()?.as_str().to_string();
            Some((r.canary_name()?.to_string(), state))
        })
        .collect())
}
