//! DynamoDB, per region: `ListTables`, then per table, as the selected
//! checks read them, `DescribeContinuousBackups` (point-in-time recovery)
//! and `ListTagsOfResource`. A table `DescribeContinuousBackups` says was
//! deleted since it was listed is left out.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_dynamodb;

use crate::session::sdk_client;
use crate::{pages, tags_of, Cx};
use aws_sdk_dynamodb::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::dynamodb::{self as data, DynamoDb, Pitr, Table};

crate::registry::operations! {
    sdk "DynamoDB", iam "dynamodb" {
        LIST_TABLES = ListTables,
        DESCRIBE_CONTINUOUS_BACKUPS = DescribeContinuousBackups,
        LIST_TAGS_OF_RESOURCE = ListTagsOfResource,
    }
}

crate::service!(DynamoDb);

async fn collect(cx: &Cx) -> Result<DynamoDb, CollectError> {
    let client = sdk_client!(aws_sdk_dynamodb, &cx.session, &cx.region);
    let names = cx
        .list(
            LIST_TABLES,
            client.list_tables().into_paginator().items().send(),
        )
        .await?;
    let tables = cx
        .bounded(names, |name| read_table(cx, &client, name))
        .await;
    Ok(DynamoDb {
        tables: tables.into_iter().flatten().collect(),
    })
}

async fn read_table(cx: &Cx, client: &Client, name: String) -> Option<Table> {
    let arn = cx.arn("dynamodb", &format!("table/{name}"));
    let pitr: Collected<Pitr> = if cx.wants(data::PITR) {
        let request = client
            .describe_continuous_backups()
            .table_name(&name)
            .send();
        let backups = cx.call(DESCRIBE_CONTINUOUS_BACKUPS, request).await;
        if backups.failed_with(&["TableNotFoundException"]) {
            return None;
        }
        backups.read(&[], |o| {
            let d = o
                .continuous_backups_description?
                .point_in_time_recovery_description?;
            Some(Pitr {
                status: d.point_in_time_recovery_status()?.as_str().to_string(),
                recovery_period_days: d.recovery_period_in_days().map(i64::from),
            })
        })
    } else {
        Collected::default()
    };
    let tags = cx
        .read_if(data::TABLE_TAGS, async {
            let listed = pages(
                |token| {
                    client
                        .list_tags_of_resource()
                        .resource_arn(&arn)
                        .set_next_token(token)
                        .send()
                },
                |o| (o.tags.unwrap_or_default(), o.next_token),
            );
            cx.call(LIST_TAGS_OF_RESOURCE, listed)
                .await
                .tags(data::TABLE_TAGS, &arn, &[], |list| {
                    tags_of(list.iter().map(|t| (t.key(), t.value())))
                })
        })
        .await;
    Some(Table {
        tags,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        arn,
        name,
        pitr,
    })
}
