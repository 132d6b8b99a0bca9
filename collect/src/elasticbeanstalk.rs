//! AWS Elastic Beanstalk, per region: `DescribeEnvironments` (paged,
//! deleted ones left out), then, as the selected checks read them, per
//! environment `DescribeConfigurationSettings` (only the deployment, type
//! and Auto Scaling namespaces are kept: environment properties may hold
//! secrets) and `ListTagsForResource` (when one fails, that environment's tags
//! are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_elasticbeanstalk;

use crate::session::sdk_client;
use crate::{pages, tags_of, Cx};
use aws_sdk_elasticbeanstalk::types::EnvironmentDescription;
use aws_sdk_elasticbeanstalk::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::elasticbeanstalk::{
    self as data, ElasticBeanstalk, Environment, OptionSetting,
};

crate::registry::operations! {
    sdk "Elastic Beanstalk", iam "elasticbeanstalk" {
        DESCRIBE_ENVIRONMENTS = DescribeEnvironments,
        DESCRIBE_CONFIGURATION_SETTINGS = DescribeConfigurationSettings,
        LIST_TAGS_FOR_RESOURCE = ListTagsForResource,
    }
}

crate::service!(ElasticBeanstalk);

/// The namespaces of the option settings kept: how the environment deploys,
/// its type, its Auto Scaling group.
const KEPT_NAMESPACES: &[&str] = &[
    "aws:elasticbeanstalk:command",
    "aws:elasticbeanstalk:environment",
    "aws:autoscaling:asg",
];

/// An environment terminated since the listing answers this to
/// `ListTagsForResource`.
const GONE: &str = "ResourceNotFoundException";

async fn collect(cx: &Cx) -> Result<ElasticBeanstalk, CollectError> {
    let client = sdk_client!(aws_sdk_elasticbeanstalk, &cx.session, &cx.region);
    let listed = pages(
        |token| {
            client
                .describe_environments()
                .include_deleted(false)
                .set_next_token(token)
                .send()
        },
        |o| (o.environments.unwrap_or_default(), o.next_token),
    );
    let listed = cx.call(DESCRIBE_ENVIRONMENTS, listed).await.ok()?;
    let environments = cx
        .bounded(listed, |e| read_environment(cx, &client, e))
        .await;
    Ok(ElasticBeanstalk { environments })
}

async fn read_environment(cx: &Cx, client: &Client, e: EnvironmentDescription) -> Environment {
    let name = e.environment_name().unwrap_or_default().to_string();
    let application_name = e.application_name().unwrap_or_default().to_string();
    let arn = e.environment_arn().map_or_else(
        || {
            cx.arn(
                "elasticbeanstalk",
                &format!("environment/{application_name}/{name}"),
            )
        },
        str::to_string,
    );
    let settings = cx
        .read_if(data::SETTINGS, async {
            let request = client
                .describe_configuration_settings()
                .application_name(&application_name)
                .environment_name(&name)
                .send();
            cx.call(DESCRIBE_CONFIGURATION_SETTINGS, request)
                .await
                .read(&[], |o| {
                    let config = o.configuration_settings.unwrap_or_default();
                    let first = config.into_iter().next()?;
                    Some(
                        first
                            .option_settings()
                            .iter()
                            .filter(|s| {
                                KEPT_NAMESPACES.contains(&s.namespace().unwrap_or_default())
                            })
                            .map(|s| OptionSetting {
                                namespace: s.namespace().unwrap_or_default().to_string(),
                                option_name: s.option_name().unwrap_or_default().to_string(),
                                value: s.value().map(str::to_string),
                            })
                            .collect(),
                    )
                })
        })
        .await;
    let tags = cx
        .read_if(data::ENVIRONMENT_TAGS, async {
            let request = client.list_tags_for_resource().resource_arn(&arn).send();
            cx.call(LIST_TAGS_FOR_RESOURCE, request).await.tags(
                data::ENVIRONMENT_TAGS,
                &arn,
                &[GONE],
                |o| {
                    tags_of(
                        o.resource_tags()
                            .iter()
                            .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
                    )
                },
            )
        })
        .await;
    Environment {
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        id: e.environment_id().unwrap_or_default().to_string(),
        status: e.status().map_or("", |s| s.as_str()).to_string(),
        tier: e
            .tier()
            .and_then(|t| t.name())
            .unwrap_or("WebServer")
            .to_string(),
        settings,
        tags,
        arn,
        name,
        application_name,
    }
}
