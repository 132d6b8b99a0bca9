//! GuardDuty, per region: `ListDetectors`, then, when a selected check
//! reads the details, `GetDetector` per detector (status, protection plans,
//! tags: a detector's tags come with its details). A detector `GetDetector`
//! does not find (deleted since it was listed) has absent details.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_guardduty;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::collected::CollectError;
use awscheck_model::collected::Collected;
use awscheck_model::inventory::guardduty::{
    self as data, Detector, DetectorDetails, DetectorFeature, GuardDuty,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "GuardDuty", iam "guardduty" {
        LIST_DETECTORS = ListDetectors,
        GET_DETECTOR = GetDetector,
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
    let detectors = cx
        .bounded(ids, |id| {
            let client = &client;
            async move {
                let mut tags = Tags::new();
                let details = if cx.wants(data::DETECTOR_DETAILS) {
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
                } else {
                    Collected::default()
                };
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
                    tags,
                }
            }
        })
        .await;
    Ok(GuardDuty { detectors })
}
