//! Amazon ElastiCache, per region: `DescribeReplicationGroups` (paged),
//! then, as the selected checks read them, `ListTagsForResource` per
//! replication group (when one fails, the region's tags are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_elasticache;

use crate::session::sdk_client;
use crate::{tags_of, text, Cx};
use aws_sdk_elasticache::types::ReplicationGroup as SdkGroup;
use aws_sdk_elasticache::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::elasticache::{
    self as data, ElastiCache, NodeGroup, NodeGroupMember, ReplicationGroup,
};

crate::registry::operations! {
    sdk "ElastiCache", iam "elasticache" {
        DESCRIBE_REPLICATION_GROUPS = DescribeReplicationGroups,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(ElastiCache);

/// A replication group deleted since the listing answers this.
const GONE: &[&str] = &["ReplicationGroupNotFoundFault"];

async fn collect(cx: &Cx) -> Result<ElastiCache, CollectError> {
    let client = sdk_client!(aws_sdk_elasticache, &cx.session, &cx.region);
    let listed = cx
        .list(
            DESCRIBE_REPLICATION_GROUPS,
            client
                .describe_replication_groups()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let replication_groups = cx.bounded(listed, |g| read_group(cx, &client, g)).await;
    Ok(ElastiCache { replication_groups })
}

async fn read_group(cx: &Cx, client: &Client, g: SdkGroup) -> ReplicationGroup {
    let id = g.replication_group_id().unwrap_or_default().to_string();
    let arn = g.arn().map_or_else(
        || cx.arn("elasticache", &format!("replicationgroup:{id}")),
        str::to_string,
    );
    let tags = cx
        .read_if(data::GROUP_TAGS, async {
            let listed = client.list_tags_for_resource().resource_name(&arn).send();
            cx.call(LIST_TAGS_FOR_RESOURCE, listed)
                .await
                .tags(data::GROUP_TAGS, &arn, GONE, |o| {
                    tags_of(
                        o.tag_list()
                            .iter()
                            .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
                    )
                })
        })
        .await;
    ReplicationGroup {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        engine: text(g.engine()),
        status: g.status().unwrap_or_default().to_string(),
        automatic_failover: g
            .automatic_failover()
            .map_or("disabled", |s| s.as_str())
            .to_string(),
        multi_az: g.multi_az().map_or("disabled", |s| s.as_str()).to_string(),
        snapshot_retention_limit: g.snapshot_retention_limit().unwrap_or_default(),
        node_groups: g.node_groups().iter().map(node_group).collect(),
        tags,
        arn,
        id,
    }
}

fn node_group(n: &aws_sdk_elasticache::types::NodeGroup) -> NodeGroup {
    NodeGroup {
        id: n.node_group_id().unwrap_or_default().to_string(),
        members: n
            .node_group_members()
            .iter()
            .map(|m| NodeGroupMember {
                cache_cluster_id: m.cache_cluster_id().unwrap_or_default().to_string(),
                availability_zone: text(m.preferred_availability_zone()),
            })
            .collect(),
    }
}
