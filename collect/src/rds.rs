//! RDS, per region: `DescribeDBInstances`, `DescribeDBClusters` (both
//! carry their tags, backup retention and managed master-password secret) and `DescribeGlobalClusters`. A global cluster is
//! listed from every region it reaches: it is kept once, in the region of
//! its writer cluster ([`Cx::records_here`]).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_rds;

use crate::session::sdk_client;
use crate::{tags_of, Cx};
use awscheck_model::arn::Arn;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::rds::{
    ClusterMember, DbCluster, DbInstance, GlobalCluster, MasterUserSecret, Rds,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "RDS", iam "rds" {
        DESCRIBE_DB_INSTANCES = DescribeDBInstances,
        DESCRIBE_DB_CLUSTERS = DescribeDBClusters,
        DESCRIBE_GLOBAL_CLUSTERS = DescribeGlobalClusters,
    }
}

crate::service!(Rds);

fn tags(list: &[aws_sdk_rds::types::Tag]) -> Tags {
    tags_of(
        list.iter()
            .filter_map(|t| Some((t.key()?, t.value().unwrap_or_default()))),
    )
}

fn secret(s: &aws_sdk_rds::types::MasterUserSecret) -> Option<MasterUserSecret> {
    Some(MasterUserSecret {
        secret_arn: s.secret_arn()?.to_string(),
        status: s.secret_status().unwrap_or_default().to_string(),
    })
}

async fn collect(cx: &Cx) -> Result<Rds, CollectError> {
    let client = sdk_client!(aws_sdk_rds, &cx.session, &cx.region);
    let instances = cx
        .list(
            DESCRIBE_DB_INSTANCES,
            client
                .describe_db_instances()
                .max_records(100)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let clusters = cx
        .list(
            DESCRIBE_DB_CLUSTERS,
            client
                .describe_db_clusters()
                .max_records(100)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let globals = cx
        .list(
            DESCRIBE_GLOBAL_CLUSTERS,
            client
                .describe_global_clusters()
                .max_records(100)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let instances = instances
        .iter()
        .filter_map(|i| {
            let id = i.db_instance_identifier()?.to_string();
            Some(DbInstance {
                arn: i
                    .db_instance_arn()
                    .map_or_else(|| cx.arn("rds", &format!("db:{id}")), str::to_string),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                engine: i.engine().unwrap_or_default().to_string(),
                multi_az: i.multi_az().unwrap_or(false),
                availability_zone: i.availability_zone().map(str::to_string),
                cluster_id: i.db_cluster_identifier().map(str::to_string),
                read_replica_source: i
                    .read_replica_source_db_instance_identifier()
                    .map(str::to_string),
                read_replicas: i
                    .read_replica_db_instance_identifiers()
                    .iter()
                    .chain(i.read_replica_db_cluster_identifiers())
                    .cloned()
                    .collect(),
                backup_retention_period: i.backup_retention_period().map(i64::from),
                master_user_secret: i.master_user_secret().and_then(secret),
                tags: tags(i.tag_list()),
                id,
            })
        })
        .collect();
    let clusters = clusters
        .iter()
        .filter_map(|c| {
            let id = c.db_cluster_identifier()?.to_string();
            Some(DbCluster {
                arn: c
                    .db_cluster_arn()
                    .map_or_else(|| cx.arn("rds", &format!("cluster:{id}")), str::to_string),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                engine: c.engine().unwrap_or_default().to_string(),
                multi_az: c.multi_az().unwrap_or(false),
                engine_mode: c.engine_mode().map(str::to_string),
                members: c
                    .db_cluster_members()
                    .iter()
                    .filter_map(|m| {
                        Some(ClusterMember {
                            instance_id: m.db_instance_identifier()?.to_string(),
                            is_writer: m.is_cluster_writer().unwrap_or(false),
                        })
                    })
                    .collect(),
                read_replicas: c.read_replica_identifiers().to_vec(),
                backup_retention_period: c.backup_retention_period().map(i64::from),
                master_user_secret: c.master_user_secret().and_then(secret),
                tags: tags(c.tag_list()),
                id,
            })
        })
        .collect();
    let global_clusters = globals
        .iter()
        .filter_map(|g| {
            let id = g.global_cluster_identifier()?.to_string();
            let members = g.global_cluster_members();
            let writer = members
                .iter()
                .find(|m| m.is_writer() == Some(true))
                .or(members.first())
                .and_then(|m| m.db_cluster_arn())
                .and_then(Arn::parse)
                .map(|a| a.region.to_string())
                .filter(|r| !r.is_empty());
            if !cx.records_here(writer.as_deref()) {
                return None;
            }
            Some(GlobalCluster {
                arn: g.global_cluster_arn().map_or_else(
                    || {
                        format!(
                            "arn:{}:rds::{}:global-cluster:{id}",
                            cx.partition(),
                            cx.account_id()
                        )
                    },
                    str::to_string,
                ),
                region: writer.unwrap_or_else(|| cx.region.clone()),
                account_id: cx.account_id().to_string(),
                members: members
                    .iter()
                    .filter_map(|m| m.db_cluster_arn().map(str::to_string))
                    .collect(),
                id,
            })
        })
        .collect();
    Ok(Rds {
        instances,
        clusters,
        global_clusters,
    })
}
