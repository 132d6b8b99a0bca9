//! AppSync, per region: `ListGraphqlApis`, every page. The listing carries
//! what checks ask of an API (its authorization modes, visibility, web ACL
//! and tags), so no call is made per API.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_appsync;

use crate::session::sdk_client;
use crate::{text, Cx};
use aws_sdk_appsync::types::GraphqlApi as SdkApi;
use awscheck_model::arn::Arn;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::appsync::{AppSync, GraphqlApi};
use awscheck_model::inventory::Tags;

crate::registry::operations! {
    sdk "AppSync", iam "appsync" {
        LIST_GRAPHQL_APIS = ListGraphqlApis,
    }
}

crate::service!(AppSync);

async fn collect(cx: &Cx) -> Result<AppSync, CollectError> {
    let client = sdk_client!(aws_sdk_appsync, &cx.session, &cx.region);
    let pages = cx
        .list(
            LIST_GRAPHQL_APIS,
            client
                .list_graphql_apis()
                .max_results(25)
                .into_paginator()
                .send(),
        )
        .await?;
    let graphql_apis = pages
        .iter()
        .flat_map(|p| p.graphql_apis().iter())
        .map(|a| api_of(cx, a))
        .collect();
    Ok(AppSync { graphql_apis })
}

fn api_of(cx: &Cx, a: &SdkApi) -> GraphqlApi {
    let id = a.api_id().unwrap_or_default().to_string();
    let arn = a.arn().map(str::to_string).unwrap_or_else(|| {
        format!(
            "arn:{}:appsync:{}:{}:apis/{id}",
            cx.partition(),
            cx.region,
            cx.account_id()
        )
    });
    let account_id = Arn::parse(&arn)
        .map(|p| p.account.to_string())
        .filter(|a| !a.is_empty())
        .unwrap_or_else(|| cx.account_id().to_string());
    GraphqlApi {
        region: cx.region.clone(),
        account_id,
        name: a.name().unwrap_or_default().to_string(),
        authentication_type: a
            .authentication_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        additional_authentication_types: a
            .additional_authentication_providers()
            .iter()
            .filter_map(|p| p.authentication_type().map(|t| t.as_str().to_string()))
            .collect(),
        visibility: a.visibility().map(|v| v.as_str().to_string()),
        waf_web_acl_arn: text(a.waf_web_acl_arn()),
        tags: a
            .tags()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect::<Tags>()
            })
            .unwrap_or_default(),
        arn,
        id,
    }
}
