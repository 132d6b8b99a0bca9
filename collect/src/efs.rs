//! Amazon EFS, per region: `DescribeFileSystems` (with their tags), then,
//! as the selected checks read them, `DescribeMountTargets` and
//! `DescribeBackupPolicy` per file system and one region-wide `DescribeReplicationConfigurations` (when it fails,
//! the replications are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_efs;

use crate::session::sdk_client;
use crate::{tags_of, text, Cx};
use aws_sdk_efs::types::{FileSystemDescription, ReplicationConfigurationDescription};
use aws_sdk_efs::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::efs::{
    self as data, Efs, FileSystem, MountTarget, Replication, ReplicationDestination,
};

crate::registry::operations! {
    sdk "EFS", iam "elasticfilesystem" {
        DESCRIBE_FILE_SYSTEMS = DescribeFileSystems,
        DESCRIBE_MOUNT_TARGETS = DescribeMountTargets,
        DESCRIBE_REPLICATION_CONFIGURATIONS = DescribeReplicationConfigurations,
        DESCRIBE_BACKUP_POLICY = DescribeBackupPolicy,
    }
}

crate::service!(Efs);

/// A file system deleted between the listing and these calls answers this.
const GONE: &[&str] = &["FileSystemNotFound"];

/// `DescribeBackupPolicy` of a file system without automatic backups (or
/// deleted since it was listed).
const NO_BACKUP_POLICY: &[&str] = &["PolicyNotFound", "FileSystemNotFound"];

async fn collect(cx: &Cx) -> Result<Efs, CollectError> {
    let client = sdk_client!(aws_sdk_efs, &cx.session, &cx.region);
    let listed = cx
        .list(
            DESCRIBE_FILE_SYSTEMS,
            client
                .describe_file_systems()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let file_systems = cx
        .bounded(listed, |fs| read_file_system(cx, &client, fs))
        .await;
    let replications = cx
        .part(data::REPLICATIONS, async {
            let listed = client
                .describe_replication_configurations()
                .into_paginator()
                .items()
                .send();
            let configs = cx.list(DESCRIBE_REPLICATION_CONFIGURATIONS, listed).await?;
            Ok(configs.iter().map(|r| replication(cx, r)).collect())
        })
        .await;
    Ok(Efs {
        file_systems,
        replications,
    })
}

async fn read_file_system(cx: &Cx, client: &Client, fs: FileSystemDescription) -> FileSystem {
    let id = fs.file_system_id().to_string();
    let mount_targets = cx
        .read_if(data::MOUNT_TARGETS, async {
            let listed = client
                .describe_mount_targets()
                .file_system_id(&id)
                .into_paginator()
                .items()
                .send()
                .try_collect();
            cx.call(DESCRIBE_MOUNT_TARGETS, listed)
                .await
                .read(GONE, |targets| {
                    Some(
                        targets
                            .iter()
                            .map(|t| MountTarget {
                                id: t.mount_target_id().to_string(),
                                subnet_id: t.subnet_id().to_string(),
                                availability_zone: t
                                    .availability_zone_name()
                                    .unwrap_or_default()
                                    .to_string(),
                                vpc_id: text(t.vpc_id()),
                                life_cycle_state: t.life_cycle_state().as_str().to_string(),
                            })
                            .collect(),
                    )
                })
        })
        .await;
    let backup_policy = cx
        .read_if(data::BACKUP_POLICIES, async {
            let request = client.describe_backup_policy().file_system_id(&id).send();
            cx.call(DESCRIBE_BACKUP_POLICY, request)
                .await
                .read(NO_BACKUP_POLICY, |o| {
                    o.backup_policy().map(|p| p.status().as_str().to_string())
                })
        })
        .await;
    FileSystem {
        arn: fs.file_system_arn().map_or_else(
            || cx.arn("elasticfilesystem", &format!("file-system/{id}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: text(fs.name()),
        life_cycle_state: fs.life_cycle_state().as_str().to_string(),
        availability_zone: text(fs.availability_zone_name()),
        tags: tags_of(fs.tags().iter().map(|t| (t.key(), t.value()))),
        id,
        mount_targets,
        backup_policy,
    }
}

fn replication(cx: &Cx, r: &ReplicationConfigurationDescription) -> Replication {
    Replication {
        region: cx.region.clone(),
        source_file_system_id: r.source_file_system_id().to_string(),
        destinations: r
            .destinations()
            .iter()
            .map(|d| ReplicationDestination {
                region: d.region().to_string(),
                file_system_id: d.file_system_id().to_string(),
                status: d.status().as_str().to_string(),
            })
            .collect(),
    }
}
