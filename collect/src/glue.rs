//! AWS Glue, per region: `GetJobs` (paged), then, as the selected checks
//! read them, `GetTags` per job (when one fails, that job's tags are
//! unread).

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_glue;

use crate::session::sdk_client;
use crate::{tags_of, Cx};
use aws_sdk_glue::Client;
use awscheck_model::collected::CollectError;
use awscheck_model::inventory::glue::{self as data, Glue, Job};

crate::registry::operations! {
    sdk "Glue", iam "glue" {
        GET_JOBS = GetJobs,
        GET_TAGS = GetTags,
    }
}

crate::service!(Glue);

/// A job deleted since the listing answers this to `GetTags`.
const GONE: &[&str] = &["EntityNotFoundException"];

async fn collect(cx: &Cx) -> Result<Glue, CollectError> {
    let client = sdk_client!(aws_sdk_glue, &cx.session, &cx.region);
    let listed = cx
        .list(GET_JOBS, client.get_jobs().into_paginator().items().send())
        .await?;
    let jobs = cx
        .bounded(listed, |j| {
            read_job(
                cx,
                &client,
                j.name().unwrap_or_default().to_string(),
                j.max_retries(),
            )
        })
        .await;
    Ok(Glue { jobs })
}

async fn read_job(cx: &Cx, client: &Client, name: String, max_retries: i32) -> Job {
    let arn = cx.arn("glue", &format!("job/{name}"));
    let tags = cx
        .read_if(data::JOB_TAGS, async {
            let request = client.get_tags().resource_arn(&arn).send();
            cx.call(GET_TAGS, request)
                .await
                .tags(data::JOB_TAGS, &arn, GONE, |o| {
                    tags_of(
                        o.tags()
                            .into_iter()
                            .flatten()
                            .map(|(k, v)| (k.as_str(), v.as_str())),
                    )
                })
        })
        .await;
    Job {
        arn,
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        name,
        max_retries: max_retries.into(),
        tags,
    }
}
