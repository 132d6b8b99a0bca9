//! AWS Control Tower, per region: `ListLandingZones`, keeping the landing
//! zone whose home region (the region of its ARN) is this one, so that it
//! is recorded once; then, as the selected checks read them,
//! `GetLandingZone`, `ListEnabledControls` and `ListEnabledBaselines`
//! (every target, every page) for it. A member account lists none.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_controltower;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_controltower::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::controltower::{
    self as data, ControlTower, EnabledBaseline, EnabledControl, LandingZone, LandingZoneDetails,
};

crate::registry::operations! {
    sdk "ControlTower", iam "controltower" {
        LIST_LANDING_ZONES = ListLandingZones,
        GET_LANDING_ZONE = GetLandingZone,
        LIST_ENABLED_CONTROLS = ListEnabledControls,
        LIST_ENABLED_BASELINES = ListEnabledBaselines,
    }
}

crate::service!(ControlTower);

/// The code `GetLandingZone` answers for a landing zone that is gone.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<ControlTower, CollectError> {
    let client = sdk_client!(aws_sdk_controltower, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_LANDING_ZONES,
            client.list_landing_zones().into_paginator().items().send(),
        )
        .await?;
    let arns: Vec<String> = listed
        .iter()
        .filter_map(|z| z.arn())
        .filter(|arn| Arn::parse(arn).is_some_and(|a| a.region == cx.region))
        .map(str::to_string)
        .collect();
    let mut landing_zones = Vec::new();
    for arn in arns {
        landing_zones.push(landing_zone(cx, &client, arn).await);
    }
    Ok(ControlTower { landing_zones })
}

async fn landing_zone(cx: &Cx, client: &Client, arn: String) -> LandingZone {
    let (details, enabled_controls, enabled_baselines) = tokio::join!(
        cx.read_if(data::LANDING_ZONE_DETAILS, async {
            let request = client
                .get_landing_zone()
                .landing_zone_identifier(&arn)
                .send();
            cx.call(GET_LANDING_ZONE, request).await.read(GONE, |o| {
                o.landing_zone().map(|z| LandingZoneDetails {
                    status: z
                        .status()
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    drift_status: z
                        .drift_status()
                        .and_then(|d| d.status())
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    version: z.version().to_string(),
                    latest_available_version: z.latest_available_version().map(str::to_string),
                })
            })
        }),
        cx.read_if(data::ENABLED_CONTROLS, async {
            let items = client
                .list_enabled_controls()
                .into_paginator()
                .items()
                .send();
            collected(cx.list(LIST_ENABLED_CONTROLS, items).await, |c| {
                Some(EnabledControl {
                    arn: c.arn()?.to_string(),
                    control_identifier: c.control_identifier()?.to_string(),
                    target_identifier: c.target_identifier()?.to_string(),
                    status: c
                        .status_summary()
                        .and_then(|s| s.status())
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                    drift_status: c
                        .drift_status_summary()
                        .and_then(|d| d.drift_status())
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                })
            })
        }),
        cx.read_if(data::ENABLED_BASELINES, async {
            let items = client
                .list_enabled_baselines()
                .into_paginator()
                .items()
                .send();
            collected(cx.list(LIST_ENABLED_BASELINES, items).await, |b| {
                Some(EnabledBaseline {
                    arn: b.arn().to_string(),
                    baseline_identifier: b.baseline_identifier().to_string(),
                    target_identifier: b.target_identifier().to_string(),
                    status: b
                        .status_summary()
                        .and_then(|s| s.status())
                        .map(|s| s.as_str())
                        .unwrap_or_default()
                        .to_string(),
                })
            })
        }),
    );
    let parsed = Arn::parse(&arn);
    LandingZone {
        region: parsed.map_or(cx.region.as_str(), |a| a.region).to_string(),
        account_id: parsed.map_or(cx.account_id(), |a| a.account).to_string(),
        details,
        enabled_controls,
        enabled_baselines,
        arn,
    }
}

/// A listing's items as a `Collected` list, each mapped (an item missing
/// what identifies it is left out).
fn collected<T, U>(
    listed: Result<Vec<T>, CollectError>,
    item: impl Fn(&T) -> Option<U>,
) -> Collected<Vec<U>> {
    match listed {
        Ok(items) => Collected::Value(items.iter().filter_map(item).collect()),
        Err(e) => Collected::Error(e),
    }
}
