//! The Resource Groups Tagging API, per region: `GetResources` (paged),
//! every resource it lists with its tags.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_resourcegroupstagging;

use crate::session::sdk_client;
use crate::{tags_of, Cx};
use aws_sdk_resourcegroupstagging::types::ResourceTagMapping;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::tagging::{TaggedResource, Tagging};

crate::registry::operations! {
    sdk "Resource Groups Tagging API", iam "tag" {
        GET_RESOURCES = GetResources,
    }
}

crate::service!(Tagging);

async fn collect(cx: &Cx) -> Result<Tagging, CollectError> {
    let client = sdk_client!(aws_sdk_resourcegroupstagging, &cx.session, &cx.region);
    let listed = cx
        .list(
            GET_RESOURCES,
            client.get_resources().into_paginator().items().send(),
        )
        .await?;
    Ok(Tagging {
        resources: listed.iter().filter_map(|m| resource(cx, m)).collect(),
    })
}

/// One listed resource; `None` for a mapping without an ARN.
fn resource(cx: &Cx, m: &ResourceTagMapping) -> Option<TaggedResource> {
    let arn = m.resource_arn().filter(|a| !a.is_empty())?;
    Some(TaggedResource {
        arn: arn.to_string(),
        region: cx.region.clone(),
        account_id: cx.account_of(arn),
        tags: tags_of(m.tags().iter().map(|t| (t.key(), t.value()))),
    })
}
