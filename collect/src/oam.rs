//! CloudWatch cross-account observability (OAM), per region: `ListSinks`,
//! then, as the selected checks read them, `GetSinkPolicy` per sink and one
//! `ListLinks` for the region (when it fails, the region's links are
//! unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_oam;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_oam::types::ListSinksItem;
use aws_sdk_oam::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::oam::{self as data, Link, Oam, Sink};

crate::registry::operations! {
    sdk "OAM", iam "oam" {
        LIST_SINKS = ListSinks,
        GET_SINK_POLICY = GetSinkPolicy,
        LIST_LINKS = ListLinks,
    }
}

crate::service!(Oam);

/// A sink deleted since the listing answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn collect(cx: &Cx) -> Result<Oam, CollectError> {
    let client = sdk_client!(aws_sdk_oam, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_SINKS,
            client.list_sinks().into_paginator().items().send(),
        )
        .await?;
    let sinks = cx.bounded(listed, |s| read_sink(cx, &client, s)).await;
    let links = cx
        .part(data::LINKS, async {
            let listed = client.list_links().into_paginator().items().send();
            let found = cx.list(LIST_LINKS, listed).await?;
            Ok(found
                .iter()
                .map(|l| Link {
                    arn: l.arn().unwrap_or_default().to_string(),
                    region: cx.region.clone(),
                    account_id: cx.account_id().to_string(),
                    sink_arn: l.sink_arn().unwrap_or_default().to_string(),
                    resource_types: l.resource_types().to_vec(),
                })
                .collect())
        })
        .await;
    Ok(Oam { sinks, links })
}

async fn read_sink(cx: &Cx, client: &Client, s: ListSinksItem) -> Sink {
    let arn = s.arn().unwrap_or_default().to_string();
    let policy = cx
        .read_if(data::SINK_POLICY, async {
            let request = client.get_sink_policy().sink_identifier(&arn).send();
            cx.call(GET_SINK_POLICY, request)
                .await
                .read(GONE, |o| text(o.policy()).map(|p| crate::policy_json(&p)))
        })
        .await;
    Sink {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: s.name().unwrap_or_default().to_string(),
        arn,
        policy,
    }
}
