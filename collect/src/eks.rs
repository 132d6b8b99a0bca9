//! EKS, per region: `ListClusters` (names only: GuardDuty's protection
//! plans depend on whether clusters exist).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_eks;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::eks::{Cluster, Eks};

crate::registry::operations! {
    sdk "EKS", iam "eks" {
        LIST_CLUSTERS = ListClusters,
    }
}

crate::service!(Eks);

async fn collect(cx: &Cx) -> Result<Eks, CollectError> {
    let client = sdk_client!(aws_sdk_eks, &cx.session, &cx.region);
    let names = cx
        .list(
            LIST_CLUSTERS,
            client.list_clusters().into_paginator().items().send(),
        )
        .await?;
    let clusters = names
        .into_iter()
        .map(|name| Cluster {
            arn: cx.arn("eks", &format!("cluster/{name}")),
            region: cx.region.clone(),
            account_id: cx.account_id().to_string(),
            name,
        })
        .collect();
    Ok(Eks { clusters })
}
