//! EKS, per region: `ListClusters`, then per cluster the calls the
//! selected checks read: `DescribeCluster` (its control-plane logging) and
//! `ListAddons`.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_eks;

use crate::session::sdk_client;
use crate::Cx;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::eks::{self as data, Cluster, Eks};

crate::registry::operations! {
    sdk "EKS", iam "eks" {
        LIST_CLUSTERS = ListClusters,
        DESCRIBE_CLUSTER = DescribeCluster,
        LIST_ADDONS = ListAddons,
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
    let clusters = cx
        .bounded(names, |name| read_cluster(cx, &client, name))
        .await;
    Ok(Eks { clusters })
}

/// A cluster deleted between the listing and these calls answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

async fn read_cluster(cx: &Cx, client: &aws_sdk_eks::Client, name: String) -> Cluster {
    let logging = cx
        .read_if(data::LOGGING, async {
            let request = client.describe_cluster().name(&name).send();
            cx.call(DESCRIBE_CLUSTER, request).await.read(GONE, |o| {
                o.cluster().map(|c| enabled_log_types(c.logging()))
            })
        })
        .await;
    let addons = cx
        .read_if(data::ADDONS, async {
            let listed = client
                .list_addons()
                .cluster_name(&name)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(LIST_ADDONS, listed).await.read(GONE, Some)
        })
        .await;
    Cluster {
        arn: cx.arn("eks", &format!("cluster/{name}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        logging,
        addons,
    }
}

/// The log types of the enabled `clusterLogging` entries.
fn enabled_log_types(logging: Option<&aws_sdk_eks::types::Logging>) -> Vec<String> {
    let mut types: Vec<String> = logging
        .map(|l| l.cluster_logging())
        .unwrap_or_default()
        .iter()
        .filter(|setup| setup.enabled() == Some(true))
        .flat_map(|setup| setup.types().iter().map(|t| t.as_str().to_string()))
        .collect();
    types.sort();
    types.dedup();
    types
}
