//! CloudTrail, per region: `DescribeTrails` with shadow trails, keeping
//! each trail once, in its home region (a multi-region trail whose home
//! region is not scanned is kept by the first scanned region); per trail
//! `GetTrailStatus`, `GetEventSelectors` (basic and advanced) and
//! `GetInsightSelectors`, called in
//! its home region with its ARN. Organization trails seen from a member
//! account keep their owner account (from the ARN). Then
//! `ListEventDataStores` and `GetEventDataStore` per store. Each of these
//! calls is made only when a selected check reads what it fills.
//!
//! Trail buckets are references ([`crate::s3::OTHER_BUCKET`]): buckets of
//! other accounts get their region read after collection. When the event
//! data stores cannot be listed (or one cannot be read), the trails are
//! kept and only the event data stores are unread in the region
//! ([`Cx::unread`]): the checks that read them report it.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_cloudtrail;

use crate::session::sdk_client;
use crate::{text, utc, Cx};
use aws_sdk_cloudtrail::types as sdk;
use aws_sdk_cloudtrail::Client;
use awscheck_model::arn::Arn;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::cloudtrail::{
    self as data, AdvancedEventSelector, CloudTrail, DataResource, EventDataStore, EventSelector,
    EventSelectors, FieldSelector, Trail, TrailStatus,
};

crate::registry::operations! {
    sdk "CloudTrail", iam "cloudtrail" {
        DESCRIBE_TRAILS = DescribeTrails,
        GET_TRAIL_STATUS = GetTrailStatus,
        GET_EVENT_SELECTORS = GetEventSelectors,
        GET_INSIGHT_SELECTORS = GetInsightSelectors,
        LIST_EVENT_DATA_STORES = ListEventDataStores,
        GET_EVENT_DATA_STORE = GetEventDataStore,
    }
}

crate::service!(CloudTrail);

async fn collect(cx: &Cx) -> Result<CloudTrail, CollectError> {
    let client = sdk_client!(aws_sdk_cloudtrail, &cx.session, &cx.region);
    let listed = cx
        .call(
            DESCRIBE_TRAILS,
            client.describe_trails().include_shadow_trails(true).send(),
        )
        .await
        .ok()?;
    // Each trail once, in its home region (a multi-region trail is listed
    // from every region).
    let kept: Vec<sdk::Trail> = listed
        .trail_list()
        .iter()
        .filter(|t| cx.records_here(t.home_region()))
        .cloned()
        .collect();
    let trails = cx.bounded(kept, |t| read_trail(cx, &client, t)).await;
    let event_data_stores = if cx.wants(data::EVENT_DATA_STORES) {
        event_data_stores(cx, &client).await.unwrap_or_else(|e| {
            cx.unread(data::EVENT_DATA_STORES, e);
            Vec::new()
        })
    } else {
        Vec::new()
    };
    Ok(CloudTrail {
        trails,
        event_data_stores,
    })
}

async fn read_trail(cx: &Cx, client: &Client, t: sdk::Trail) -> Trail {
    let name = t.name().unwrap_or_default().to_string();
    let home = t.home_region().unwrap_or(&cx.region).to_string();
    let arn = t.trail_arn().map(str::to_string).unwrap_or_else(|| {
        format!(
            "arn:{}:cloudtrail:{home}:{}:trail/{name}",
            cx.partition(),
            cx.account_id()
        )
    });
    let owner = Arn::parse(&arn)
        .map(|a| a.account.to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| cx.account_id().to_string());
    let home_client;
    let client = if home == cx.region {
        client
    } else {
        home_client = sdk_client!(aws_sdk_cloudtrail, &cx.session, &home);
        &home_client
    };
    let gone = &["TrailNotFoundException"];
    let (status, event_selectors, insight_selectors) = tokio::join!(
        cx.read_if(data::TRAIL_STATUS, async {
            cx.call(
                GET_TRAIL_STATUS,
                client.get_trail_status().name(&arn).send(),
            )
            .await
            .read(gone, |o| {
                Some(TrailStatus {
                    is_logging: o.is_logging().unwrap_or(false),
                    latest_delivery_error: text(o.latest_delivery_error()),
                    latest_cloudwatch_logs_delivery_time: o
                        .latest_cloud_watch_logs_delivery_time()
                        .and_then(utc),
                    latest_cloudwatch_logs_delivery_error: text(
                        o.latest_cloud_watch_logs_delivery_error(),
                    ),
                })
            })
        }),
        cx.read_if(data::EVENT_SELECTORS, async {
            let request = client.get_event_selectors().trail_name(&arn).send();
            cx.call(GET_EVENT_SELECTORS, request).await.read(gone, |o| {
                let s = EventSelectors {
                    basic: o.event_selectors().iter().map(basic).collect(),
                    advanced: o.advanced_event_selectors().iter().map(advanced).collect(),
                };
                (!s.basic.is_empty() || !s.advanced.is_empty()).then_some(s)
            })
        }),
        cx.read_if(data::INSIGHT_SELECTORS, async {
            let request = client.get_insight_selectors().trail_name(&arn).send();
            let absent = &["TrailNotFoundException", "InsightNotEnabledException"];
            cx.call(GET_INSIGHT_SELECTORS, request)
                .await
                .read(absent, |o| {
                    let types: Vec<String> = o
                        .insight_selectors()
                        .iter()
                        .filter_map(|s| s.insight_type().map(|t| t.as_str().to_string()))
                        .collect();
                    (!types.is_empty()).then_some(types)
                })
        }),
    );
    let s3_bucket_name = t.s3_bucket_name().unwrap_or_default().to_string();
    cx.refer(&crate::s3::OTHER_BUCKET, &home, &s3_bucket_name);
    Trail {
        arn,
        region: home,
        account_id: owner,
        name,
        is_multi_region: t.is_multi_region_trail().unwrap_or(false),
        is_organization_trail: t.is_organization_trail().unwrap_or(false),
        include_global_service_events: t.include_global_service_events().unwrap_or(false),
        s3_bucket_name,
        cloudwatch_logs_log_group_arn: text(t.cloud_watch_logs_log_group_arn()),
        cloudwatch_logs_role_arn: text(t.cloud_watch_logs_role_arn()),
        kms_key_id: text(t.kms_key_id()),
        log_file_validation_enabled: t.log_file_validation_enabled().unwrap_or(false),
        status,
        event_selectors,
        insight_selectors,
    }
}

fn basic(s: &sdk::EventSelector) -> EventSelector {
    EventSelector {
        read_write_type: s
            .read_write_type()
            .map_or("All", |r| r.as_str())
            .to_string(),
        include_management_events: s.include_management_events().unwrap_or(true),
        exclude_management_event_sources: s.exclude_management_event_sources().to_vec(),
        data_resources: s
            .data_resources()
            .iter()
            .map(|d| DataResource {
                resource_type: d.r#type().unwrap_or_default().to_string(),
                values: d.values().to_vec(),
            })
            .collect(),
    }
}

fn advanced(a: &sdk::AdvancedEventSelector) -> AdvancedEventSelector {
    AdvancedEventSelector {
        name: text(a.name()),
        field_selectors: a
            .field_selectors()
            .iter()
            .map(|f| FieldSelector {
                field: f.field().to_string(),
                equals: f.equals().to_vec(),
                not_equals: f.not_equals().to_vec(),
                starts_with: f.starts_with().to_vec(),
                not_starts_with: f.not_starts_with().to_vec(),
                ends_with: f.ends_with().to_vec(),
                not_ends_with: f.not_ends_with().to_vec(),
            })
            .collect(),
    }
}

/// `ListEventDataStores`, then `GetEventDataStore` for each (the list's
/// own status, region and selector fields are deprecated). A store deleted
/// in between is left out; any other failure leaves the stores unread.
async fn event_data_stores(cx: &Cx, client: &Client) -> Result<Vec<EventDataStore>, CollectError> {
    let listed = client.list_event_data_stores().into_paginator().send();
    let pages = cx
        .call(LIST_EVENT_DATA_STORES, listed.try_collect())
        .await
        .ok()?;
    let arns: Vec<String> = pages
        .iter()
        .flat_map(|p| p.event_data_stores())
        .filter_map(|s| s.event_data_store_arn().map(str::to_string))
        .collect();
    let read = cx
        .bounded(arns, |arn| async move {
            let request = client.get_event_data_store().event_data_store(&arn).send();
            match cx
                .call(GET_EVENT_DATA_STORE, request)
                .await
                .read(&["EventDataStoreNotFoundException"], |o| {
                    Some(event_data_store(cx, &arn, &o))
                }) {
                Collected::Value(s) => Ok(Some(s)),
                Collected::Absent => Ok(None),
                Collected::Error(e) => Err(e),
            }
        })
        .await;
    read.into_iter()
        .filter_map(Result::transpose)
        .collect::<Result<Vec<_>, _>>()
}

fn event_data_store(
    cx: &Cx,
    arn: &str,
    o: &aws_sdk_cloudtrail::operation::get_event_data_store::GetEventDataStoreOutput,
) -> EventDataStore {
    let arn = o.event_data_store_arn().unwrap_or(arn).to_string();
    let parsed = Arn::parse(&arn);
    EventDataStore {
        region: parsed
            .as_ref()
            .map_or(cx.region.as_str(), |a| a.region)
            .to_string(),
        account_id: parsed
            .as_ref()
            .map_or(cx.account_id(), |a| a.account)
            .to_string(),
        name: o.name().unwrap_or_default().to_string(),
        status: o
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        multi_region: o.multi_region_enabled().unwrap_or(false),
        organization: o.organization_enabled().unwrap_or(false),
        advanced_event_selectors: o.advanced_event_selectors().iter().map(advanced).collect(),
        arn,
    }
}
