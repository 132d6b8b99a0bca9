//! Route 53 Resolver, per region: `ListResolverQueryLogConfigs`, then, when
//! a selected check reads them, `ListResolverQueryLogConfigAssociations`
//! (one listing for the region; when it fails, the associations are unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_route53resolver;

use crate::session::sdk_client;
use crate::{text, Cx};
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::route53resolver::{
    self as data, QueryLogConfig, QueryLogConfigAssociation, Route53Resolver,
};

crate::registry::operations! {
    sdk "Route53Resolver", iam "route53resolver" {
        LIST_RESOLVER_QUERY_LOG_CONFIGS = ListResolverQueryLogConfigs,
        LIST_RESOLVER_QUERY_LOG_CONFIG_ASSOCIATIONS = ListResolverQueryLogConfigAssociations,
    }
}

crate::service!(Route53Resolver);

/// Page size of the List calls (their maximum).
const PAGE: i32 = 100;

async fn collect(cx: &Cx) -> Result<Route53Resolver, CollectError> {
    let client = sdk_client!(aws_sdk_route53resolver, &cx.session, &cx.region);
    let configs = cx
        .list(
            LIST_RESOLVER_QUERY_LOG_CONFIGS,
            client
                .list_resolver_query_log_configs()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let query_log_configs = configs
        .iter()
        .filter_map(|c| {
            let arn = c.arn()?.to_string();
            Some(QueryLogConfig {
                region: cx.region.clone(),
                account_id: c
                    .owner_id()
                    .map_or_else(|| cx.account_of(&arn), str::to_string),
                id: c.id()?.to_string(),
                name: c.name().unwrap_or_default().to_string(),
                status: c
                    .status()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                destination_arn: c.destination_arn().unwrap_or_default().to_string(),
                share_status: c.share_status().map(|s| s.as_str().to_string()),
                arn,
            })
        })
        .collect();
    let query_log_config_associations = cx
        .part(data::QUERY_LOG_ASSOCIATIONS, async {
            let listed = client
                .list_resolver_query_log_config_associations()
                .max_results(PAGE)
                .into_paginator()
                .items()
                .send();
            let associations = cx
                .list(LIST_RESOLVER_QUERY_LOG_CONFIG_ASSOCIATIONS, listed)
                .await?;
            Ok(associations
                .iter()
                .filter_map(|a| association(cx, a))
                .collect())
        })
        .await;
    Ok(Route53Resolver {
        query_log_configs,
        query_log_config_associations,
    })
}

fn association(
    cx: &Cx,
    a: &aws_sdk_route53resolver::types::ResolverQueryLogConfigAssociation,
) -> Option<QueryLogConfigAssociation> {
    Some(QueryLogConfigAssociation {
        id: a.id()?.to_string(),
        region: cx.region.clone(),
        resolver_query_log_config_id: a.resolver_query_log_config_id()?.to_string(),
        resource_id: a.resource_id()?.to_string(),
        status: a
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        error: a
            .error()
            .map(|e| e.as_str())
            .filter(|e| *e != "NONE")
            .map(str::to_string)
            .or_else(|| text(a.error_message())),
    })
}
