//! AWS AppConfig, per region: `ListApplications`, then per application
//! `ListConfigurationProfiles` (their types and validator types: no
//! `GetConfigurationProfile` is needed) and `ListEnvironments` (their
//! monitors: no `GetEnvironment` is needed), all paged; a failure of any
//! listing blinds AppConfig in the region. Then, as the selected checks
//! read them, per environment `ListDeployments` (newest first) and
//! `GetDeployment` of the newest (the strategy it used, its duration and
//! bake time as deployed), and `ListTagsForResource` per profile and per
//! environment (a failed tag read leaves that resource's tags unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_appconfig;

use crate::session::sdk_client;
use crate::{tags_of, utc, Cx};
use aws_sdk_appconfig::types::{ConfigurationProfileSummary, Environment as SdkEnvironment};
use aws_sdk_appconfig::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::data::Data;
use awscheck_model::inventory::appconfig::{
    self as data, AppConfig, ConfigurationProfile, Deployment, Environment, Monitor,
};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "AppConfig", iam "appconfig" {
        LIST_APPLICATIONS = ListApplications,
        LIST_CONFIGURATION_PROFILES = ListConfigurationProfiles,
        LIST_ENVIRONMENTS = ListEnvironments,
        LIST_DEPLOYMENTS = ListDeployments,
        GET_DEPLOYMENT = GetDeployment,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(AppConfig);

/// What AppConfig answers about an application, environment, profile or
/// deployment deleted since it was listed.
const GONE: &str = "ResourceNotFoundException";

/// The profile type AppConfig assumes when `Type` is not reported.
const FREEFORM: &str = "AWS.Freeform";

/// An application, as its profiles and environments name it.
#[derive(Clone)]
struct App {
    id: String,
    name: String,
}

async fn collect(cx: &Cx) -> Result<AppConfig, CollectError> {
    let client = sdk_client!(aws_sdk_appconfig, &cx.session, &cx.region);
    let apps: Vec<App> = cx
        .list(
            LIST_APPLICATIONS,
            client.list_applications().into_paginator().items().send(),
        )
        .await?
        .into_iter()
        .map(|a| App {
            id: a.id().unwrap_or_default().to_string(),
            name: a.name().unwrap_or_default().to_string(),
        })
        .collect();
    let listed = cx.bounded(apps, |app| list_app(cx, &client, app)).await;
    let mut profiles = Vec::new();
    let mut environments = Vec::new();
    for result in listed {
        let (app, p, e) = result?;
        profiles.extend(p.into_iter().map(|p| (app.clone(), p)));
        environments.extend(e.into_iter().map(|e| (app.clone(), e)));
    }
    let configuration_profiles = cx
        .bounded(profiles, |(app, p)| read_profile(cx, &client, app, p))
        .await;
    let environments = cx
        .bounded(environments, |(app, e)| {
            read_environment(cx, &client, app, e)
        })
        .await;
    Ok(AppConfig {
        configuration_profiles,
        environments,
    })
}

/// An application's configuration profiles and environments.
async fn list_app(
    cx: &Cx,
    client: &Client,
    app: App,
) -> Result<(App, Vec<ConfigurationProfileSummary>, Vec<SdkEnvironment>), CollectError> {
    let profiles = client
        .list_configuration_profiles()
        .application_id(&app.id)
        .into_paginator()
        .items()
        .send();
    let profiles = cx.list(LIST_CONFIGURATION_PROFILES, profiles).await?;
    let environments = client
        .list_environments()
        .application_id(&app.id)
        .into_paginator()
        .items()
        .send();
    let environments = cx.list(LIST_ENVIRONMENTS, environments).await?;
    Ok((app, profiles, environments))
}

async fn read_profile(
    cx: &Cx,
    client: &Client,
    app: App,
    p: ConfigurationProfileSummary,
) -> ConfigurationProfile {
    let id = p.id().unwrap_or_default().to_string();
    let arn = cx.arn(
        "appconfig",
        &format!("application/{}/configurationprofile/{id}", app.id),
    );
    let tags = cx
        .read_if(
            data::PROFILE_TAGS,
            read_tags(cx, client, data::PROFILE_TAGS, &arn),
        )
        .await;
    ConfigurationProfile {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: p.name().unwrap_or_default().to_string(),
        profile_type: p.r#type().unwrap_or(FREEFORM).to_string(),
        validator_types: p
            .validator_types()
            .iter()
            .map(|v| v.as_str().to_string())
            .collect(),
        application_id: app.id,
        application_name: app.name,
        tags,
        arn,
        id,
    }
}

async fn read_environment(cx: &Cx, client: &Client, app: App, e: SdkEnvironment) -> Environment {
    let id = e.id().unwrap_or_default().to_string();
    let arn = cx.arn(
        "appconfig",
        &format!("application/{}/environment/{id}", app.id),
    );
    let latest_deployment = cx
        .read_if(
            data::LATEST_DEPLOYMENT,
            latest_deployment(cx, client, &app.id, &id),
        )
        .await;
    let tags = cx
        .read_if(
            data::ENVIRONMENT_TAGS,
            read_tags(cx, client, data::ENVIRONMENT_TAGS, &arn),
        )
        .await;
    Environment {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name: e.name().unwrap_or_default().to_string(),
        state: e.state().map_or("", |s| s.as_str()).to_string(),
        monitors: e
            .monitors()
            .iter()
            .map(|m| Monitor {
                alarm_arn: m.alarm_arn().to_string(),
                alarm_role_arn: m.alarm_role_arn().map(str::to_string),
            })
            .collect(),
        application_id: app.id,
        application_name: app.name,
        latest_deployment,
        tags,
        arn,
        id,
    }
}

/// The environment's newest deployment: `ListDeployments` answers newest
/// first, so its first page holds it (the highest number is taken); then
/// `GetDeployment` for the strategy it used. Absent when there was none.
async fn latest_deployment(
    cx: &Cx,
    client: &Client,
    app: &str,
    environment: &str,
) -> Collected<Deployment> {
    let request = client
        .list_deployments()
        .application_id(app)
        .environment_id(environment)
        .send();
    let newest = cx.call(LIST_DEPLOYMENTS, request).await.read(&[GONE], |o| {
        o.items().iter().map(|d| d.deployment_number).max()
    });
    let number = match newest {
        Collected::Value(n) => n,
        Collected::Absent => return Collected::Absent,
        Collected::Error(e) => return Collected::Error(e),
    };
    let request = client
        .get_deployment()
        .application_id(app)
        .environment_id(environment)
        .deployment_number(number)
        .send();
    cx.call(GET_DEPLOYMENT, request).await.read(&[GONE], |o| {
        Some(Deployment {
            number: i64::from(o.deployment_number()),
            strategy_id: o.deployment_strategy_id().unwrap_or_default().to_string(),
            duration_minutes: i64::from(o.deployment_duration_in_minutes()),
            final_bake_minutes: i64::from(o.final_bake_time_in_minutes()),
            state: o.state().map_or("", |s| s.as_str()).to_string(),
            started_at: o.started_at().and_then(utc),
        })
    })
}

/// A profile's or environment's tags, read into `part`.
async fn read_tags(cx: &Cx, client: &Client, part: Data, arn: &str) -> Tags {
    let request = client.list_tags_for_resource().resource_arn(arn).send();
    cx.call(LIST_TAGS_FOR_RESOURCE, request)
        .await
        .tags(part, arn, &[GONE], |o| {
            tags_of(
                o.tags()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.as_str(), v.as_str())),
            )
        })
}
