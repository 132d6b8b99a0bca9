//! CodeDeploy, per region: `ListApplications`, per application
//! `ListDeploymentGroups` (both list calls: a failure blinds CodeDeploy in
//! the region), then, as the selected checks read them,
//! `BatchGetDeploymentGroups` in batches of [`BATCH`] names (a failed batch
//! makes those groups' `config` an error; a group it does not return was
//! deleted since the listing, `config` absent) and `ListTagsForResource`
//! per group (the tags say which groups are production).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_codedeploy;

use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_codedeploy::types as sdk;
use aws_sdk_codedeploy::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::codedeploy::{
    self as data, AlarmConfiguration, AutoRollback, CodeDeploy, DeploymentGroup,
    DeploymentGroupConfig,
};

crate::registry::operations! {
    sdk "CodeDeploy", iam "codedeploy" {
        LIST_APPLICATIONS = ListApplications,
        LIST_DEPLOYMENT_GROUPS = ListDeploymentGroups,
        BATCH_GET_DEPLOYMENT_GROUPS = BatchGetDeploymentGroups,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(CodeDeploy);

/// Group names per `BatchGetDeploymentGroups` call.
pub const BATCH: usize = 25;

async fn collect(cx: &Cx) -> Result<CodeDeploy, CollectError> {
    let client = sdk_client!(aws_sdk_codedeploy, &cx.session, &cx.region);
    let applications: Vec<String> = cx
        .list(
            LIST_APPLICATIONS,
            client.list_applications().into_paginator().items().send(),
        )
        .await?;
    let listed = cx
        .bounded(applications, |app| {
            let client = &client;
            async move {
                let listed = client
                    .list_deployment_groups()
                    .application_name(&app)
                    .into_paginator()
                    .items()
                    .send();
                cx.list(LIST_DEPLOYMENT_GROUPS, listed)
                    .await
                    .map(|groups| (app, groups))
            }
        })
        .await;
    let mut batches: Vec<(String, Vec<String>)> = Vec::new();
    for result in listed {
        let (app, groups) = result?;
        for chunk in groups.chunks(BATCH) {
            batches.push((app.clone(), chunk.to_vec()));
        }
    }
    let groups = cx
        .bounded(batches, |(app, names)| read_batch(cx, &client, app, names))
        .await;
    let groups: Vec<DeploymentGroup> = groups.into_iter().flatten().collect();
    let arns: Vec<String> = groups.iter().map(|g| g.arn.clone()).collect();
    let tags = cx
        .bounded(arns, |arn| {
            cx.read_if(data::DEPLOYMENT_GROUP_TAGS, read_tags(cx, &client, arn))
        })
        .await;
    let deployment_groups = groups
        .into_iter()
        .zip(tags)
        .map(|(g, tags)| DeploymentGroup { tags, ..g })
        .collect();
    Ok(CodeDeploy { deployment_groups })
}

/// One `BatchGetDeploymentGroups` call: a group per name, tags not yet read.
async fn read_batch(
    cx: &Cx,
    client: &Client,
    app: String,
    names: Vec<String>,
) -> Vec<DeploymentGroup> {
    let infos = if cx.wants(data::DEPLOYMENT_GROUP_CONFIG) {
        let request = client
            .batch_get_deployment_groups()
            .application_name(&app)
            .set_deployment_group_names(Some(names.clone()))
            .send();
        let out = cx.call(BATCH_GET_DEPLOYMENT_GROUPS, request).await.ok();
        Some(out.map(|o| o.deployment_groups_info().to_vec()))
    } else {
        None
    };
    names
        .into_iter()
        .map(|name| {
            let config = match &infos {
                Some(Ok(infos)) => infos
                    .iter()
                    .find(|i| i.deployment_group_name() == Some(name.as_str()))
                    .map_or(Collected::Absent, |i| Collected::Value(config_of(i))),
                Some(Err(e)) => Collected::Error(e.clone()),
                None => Collected::default(),
            };
            DeploymentGroup {
                arn: cx.arn("codedeploy", &format!("deploymentgroup:{app}/{name}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                application_name: app.clone(),
                name,
                tags: Default::default(),
                config,
            }
        })
        .collect()
}

fn config_of(i: &sdk::DeploymentGroupInfo) -> DeploymentGroupConfig {
    DeploymentGroupConfig {
        service_role_arn: i.service_role_arn().unwrap_or_default().to_string(),
        deployment_config_name: i.deployment_config_name().map(str::to_string),
        compute_platform: i.compute_platform().map(|p| p.as_str().to_string()),
        auto_rollback: i.auto_rollback_configuration().map(|r| AutoRollback {
            enabled: r.enabled(),
            events: r.events().iter().map(|e| e.as_str().to_string()).collect(),
        }),
        alarm_configuration: i.alarm_configuration().map(|a| AlarmConfiguration {
            enabled: a.enabled(),
            alarms: a
                .alarms()
                .iter()
                .filter_map(|x| x.name().map(str::to_string))
                .collect(),
            ignore_poll_alarm_failure: a.ignore_poll_alarm_failure(),
        }),
    }
}

/// `ListTagsForResource`, every page (the SDK has no paginator for it).
async fn read_tags(cx: &Cx, client: &Client, arn: String) -> awscheck_model::inventory::Tags {
    let pages = crate::pages(
        |token| {
            client
                .list_tags_for_resource()
                .resource_arn(&arn)
                .set_next_token(token)
                .send()
        },
        |page| (page.tags().to_vec(), page.next_token().map(str::to_string)),
    );
    cx.call(LIST_TAGS_FOR_RESOURCE, pages).await.tags(
        data::DEPLOYMENT_GROUP_TAGS,
        &arn,
        &[],
        |tags: Vec<sdk::Tag>| {
            crate::tags_of(
                tags.iter()
                    .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
            )
        },
    )
}
