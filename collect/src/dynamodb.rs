//! DynamoDB, per region: `ListTables`, then per table
//! `DescribeContinuousBackups` (point-in-time recovery) and
//! `ListTagsOfResource`. A table deleted since it was listed is left out.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_dynamodb;

use crate::session::sdk_client;
use crate::{pages, tags_of, Cx};
use aws_sdk_dynamodb::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::dynamodb::{DynamoDb, Pitr, Table};

crate::service!(DynamoDb, dynamodb, [tables]);

async fn collect(cx: &Cx) -> Result<DynamoDb, CollectError> {
    let client = sdk_client!(aws_sdk_dynamodb, &cx.session, &cx.region);
    let names = cx
        .list(
            "ListTables",
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
    let backups = client
        .describe_continuous_backups()
        .table_name(&name)
        .send()
        .await;
    if backups
        .as_ref()
        .is_err_and(|e| crate::error::has_code(e, &["TableNotFoundException"]))
    {
        return None;
    }
    let pitr: Collected<Pitr> = cx.read("DescribeContinuousBackups", backups, &[], |o| {
        let d = o
            .continuous_backups_description?
            .point_in_time_recovery_description?;
        Some(Pitr {
            status: d.point_in_time_recovery_status()?.as_str().to_string(),
            recovery_period_days: d.recovery_period_in_days().map(i64::from),
        })
    });
    let tags = pages(
        |token| {
            client
                .list_tags_of_resource()
                .resource_arn(&arn)
                .set_next_token(token)
                .send()
        },
        |o| (o.tags.unwrap_or_default(), o.next_token),
    )
    .await
    .map(|list| tags_of(list.iter().map(|t| (t.key(), t.value()))));
    Some(Table {
        tags: cx.tags("ListTagsOfResource", tags),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        arn,
        name,
        pitr,
    })
}
