//! AWS DMS, per region: `DescribeReplicationInstances` (paged), then, as
//! the selected checks read them, one region-wide
//! `DescribeReplicationTasks` and `DescribeReplicationConfigs` (when one
//! fails, that part is unread), and the tags of instances and
//! configurations through `ListTagsForResource` by `ResourceArnList`, a
//! batch at a time (when a batch fails, the region's tags are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_databasemigration;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_databasemigration::types::{
    ReplicationConfig as SdkConfig, ReplicationInstance as SdkInstance, ReplicationTask as SdkTask,
};
use aws_sdk_databasemigration::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::dms::{
    self as data, Dms, ReplicationConfig, ReplicationInstance, ReplicationTask,
};
use awscheck_model::inventory::Tags;
use std::collections::BTreeMap;

crate::registry::operations! {
    sdk "Database Migration Service", iam "dms" {
        DESCRIBE_REPLICATION_INSTANCES = DescribeReplicationInstances,
        DESCRIBE_REPLICATION_TASKS = DescribeReplicationTasks,
        DESCRIBE_REPLICATION_CONFIGS = DescribeReplicationConfigs,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(Dms);

/// ARNs per `ListTagsForResource` request.
const TAG_BATCH: usize = 20;

async fn collect(cx: &Cx) -> Result<Dms, CollectError> {
    let client = sdk_client!(aws_sdk_databasemigration, &cx.session, &cx.region);
    let pages = cx
        .list(
            DESCRIBE_REPLICATION_INSTANCES,
            client
                .describe_replication_instances()
                .into_paginator()
                .send(),
        )
        .await?;
    let mut replication_instances: Vec<ReplicationInstance> = pages
        .iter()
        .flat_map(|p| p.replication_instances())
        .map(|i| instance(cx, i))
        .collect();
    let tasks = cx
        .part(data::TASKS, async {
            // Without the settings JSON: only the type and instance are read.
            let listed = client
                .describe_replication_tasks()
                .without_settings(true)
                .into_paginator()
                .send();
            let pages = cx.list(DESCRIBE_REPLICATION_TASKS, listed).await?;
            Ok(pages
                .iter()
                .flat_map(|p| p.replication_tasks())
                .map(|t| task(cx, t))
                .collect())
        })
        .await;
    let mut replication_configs: Vec<ReplicationConfig> = cx
        .part(data::CONFIGS, async {
            let listed = client
                .describe_replication_configs()
                .into_paginator()
                .send();
            let pages = cx.list(DESCRIBE_REPLICATION_CONFIGS, listed).await?;
            Ok(pages
                .iter()
                .flat_map(|p| p.replication_configs())
                .map(|c| config(cx, c))
                .collect())
        })
        .await;
    if cx.wants(data::TAGS) {
        let arns: Vec<String> = replication_instances
            .iter()
            .map(|i| i.arn.clone())
            .chain(replication_configs.iter().map(|c| c.arn.clone()))
            .collect();
        let mut tags = read_tags(cx, &client, arns).await;
        for i in &mut replication_instances {
            i.tags = tags.remove(&i.arn).unwrap_or_default();
        }
        for c in &mut replication_configs {
            c.tags = tags.remove(&c.arn).unwrap_or_default();
        }
    }
    Ok(Dms {
        replication_instances,
        tasks,
        replication_configs,
    })
}

/// The tags of `arns` by ARN (an ARN without tags has no entry). When a
/// batch fails, the tags of its resources are unread (whether they are
/// production is unknown), and the checks say so.
async fn read_tags(cx: &Cx, client: &Client, arns: Vec<String>) -> BTreeMap<String, Tags> {
    let mut tags: BTreeMap<String, Tags> = BTreeMap::new();
    for batch in arns.chunks(TAG_BATCH) {
        let request = client
            .list_tags_for_resource()
            .set_resource_arn_list(Some(batch.to_vec()))
            .send();
        let read = cx.call(LIST_TAGS_FOR_RESOURCE, request).await.batch_tags(
            data::TAGS,
            batch.to_vec(),
            |o| {
                o.tag_list()
                    .iter()
                    .filter_map(|t| {
                        let tag = (
                            t.key()?.to_string(),
                            t.value().unwrap_or_default().to_string(),
                        );
                        Some((t.resource_arn()?.to_string(), Tags::from([tag])))
                    })
                    .collect()
            },
        );
        for (arn, t) in read {
            tags.entry(arn).or_default().extend(t);
        }
    }
    tags
}

fn instance(cx: &Cx, i: &SdkInstance) -> ReplicationInstance {
    let id = i
        .replication_instance_identifier()
        .unwrap_or_default()
        .to_string();
    ReplicationInstance {
        arn: i
            .replication_instance_arn()
            .map_or_else(|| cx.arn("dms", &format!("rep:{id}")), str::to_string),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        status: i
            .replication_instance_status()
            .unwrap_or_default()
            .to_string(),
        multi_az: i.multi_az(),
        availability_zone: text(i.availability_zone()),
        secondary_availability_zone: text(i.secondary_availability_zone()),
        tags: Tags::default(),
        id,
    }
}

fn task(cx: &Cx, t: &SdkTask) -> ReplicationTask {
    let id = t
        .replication_task_identifier()
        .unwrap_or_default()
        .to_string();
    ReplicationTask {
        arn: t
            .replication_task_arn()
            .map_or_else(|| cx.arn("dms", &format!("task:{id}")), str::to_string),
        region: cx.region.clone(),
        replication_instance_arn: t.replication_instance_arn().unwrap_or_default().to_string(),
        migration_type: t.migration_type().map_or("", |m| m.as_str()).to_string(),
        status: t.status().unwrap_or_default().to_string(),
        id,
    }
}

fn config(cx: &Cx, c: &SdkConfig) -> ReplicationConfig {
    let id = c
        .replication_config_identifier()
        .unwrap_or_default()
        .to_string();
    ReplicationConfig {
        arn: c.replication_config_arn().map_or_else(
            || cx.arn("dms", &format!("replication-config:{id}")),
            str::to_string,
        ),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        replication_type: c.replication_type().map_or("", |m| m.as_str()).to_string(),
        multi_az: c.compute_config().and_then(|cc| cc.multi_az()),
        tags: Tags::default(),
        id,
    }
}
