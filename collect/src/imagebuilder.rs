//! EC2 Image Builder, per region: `ListImagePipelines` (status, schedule,
//! distribution configuration ARN and tags come with the listing);
//! `GetDistributionConfiguration` once per configuration the pipelines
//! name; and `ListImagePipelineImages` per pipeline, every page (the API
//! documents no order), keeping the newest `AVAILABLE` image, its output
//! AMIs, and the output AMIs of the others.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_imagebuilder;

use crate::convert::{tags_of, utc_text};
use crate::session::sdk_client;
use crate::Cx;
use aws_sdk_imagebuilder::types::{ImagePipeline, ImageStatus, ImageSummary};
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::imagebuilder::{
    self as data, Distribution, ImageBuilder, OutputAmi, Pipeline, PipelineImage,
    SsmParameterTarget,
};
use std::collections::{BTreeSet, HashMap};

crate::registry::operations! {
    sdk "imagebuilder", iam "imagebuilder" {
        LIST_IMAGE_PIPELINES = ListImagePipelines,
        GET_DISTRIBUTION_CONFIGURATION = GetDistributionConfiguration,
        LIST_IMAGE_PIPELINE_IMAGES = ListImagePipelineImages,
    }
}

crate::service!(ImageBuilder);

/// A configuration or pipeline deleted since it was listed answers this.
const GONE: &[&str] = &["ResourceNotFoundException"];

type Client = aws_sdk_imagebuilder::Client;

async fn collect(cx: &Cx) -> Result<ImageBuilder, CollectError> {
    let client = sdk_client!(aws_sdk_imagebuilder, &cx.session, &cx.region);
    let listed = cx
        .list(
            LIST_IMAGE_PIPELINES,
            client
                .list_image_pipelines()
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let configurations: BTreeSet<String> = listed
        .iter()
        .filter_map(ImagePipeline::distribution_configuration_arn)
        .map(str::to_string)
        .collect();
    let client = &client;
    let distributions: HashMap<String, Collected<Vec<Distribution>>> = cx
        .read_if(data::DISTRIBUTION, async {
            cx.bounded(configurations, |arn| distribution(cx, client, arn))
                .await
        })
        .await
        .into_iter()
        .collect();
    let pipelines = cx
        .bounded(listed, |p| pipeline(cx, client, p, &distributions))
        .await;
    Ok(ImageBuilder { pipelines })
}

async fn pipeline(
    cx: &Cx,
    client: &Client,
    p: ImagePipeline,
    distributions: &HashMap<String, Collected<Vec<Distribution>>>,
) -> Pipeline {
    let name = p.name().unwrap_or_default().to_string();
    let arn = p
        .arn()
        .map(str::to_string)
        .unwrap_or_else(|| cx.arn("imagebuilder", &format!("image-pipeline/{name}")));
    let newest_image = cx
        .read_if(data::NEWEST_IMAGE, newest_image(cx, client, &arn))
        .await;
    let distribution = match p.distribution_configuration_arn() {
        Some(d) => distributions.get(d).cloned().unwrap_or_default(),
        None => Collected::Absent,
    };
    let schedule = p.schedule();
    Pipeline {
        region: cx.region.clone(),
        account_id: cx.account_of(&arn),
        status: p.status().map_or("", |s| s.as_str()).to_string(),
        container: p.container_recipe_arn().is_some(),
        schedule_expression: schedule
            .and_then(|s| s.schedule_expression())
            .filter(|e| !e.is_empty())
            .map(str::to_string),
        start_condition: schedule
            .and_then(|s| s.pipeline_execution_start_condition())
            .map(|c| c.as_str().to_string()),
        date_created: utc_text(p.date_created()),
        distribution_configuration_arn: p.distribution_configuration_arn().map(str::to_string),
        distribution: cx.keep(data::DISTRIBUTION, distribution),
        newest_image,
        tags: tags_of(
            p.tags()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        ),
        name,
        arn,
    }
}

/// The distribution configuration `arn`, and its distributions.
async fn distribution(
    cx: &Cx,
    client: &Client,
    arn: String,
) -> (String, Collected<Vec<Distribution>>) {
    let request = client
        .get_distribution_configuration()
        .distribution_configuration_arn(&arn)
        .send();
    let distributions = cx
        .call(GET_DISTRIBUTION_CONFIGURATION, request)
        .await
        .read(GONE, |o| {
            let d = o.distribution_configuration()?;
            Some(
                d.distributions()
                    .iter()
                    .map(|d| Distribution {
                        region: d.region().to_string(),
                        ssm_parameters: d
                            .ssm_parameter_configurations()
                            .iter()
                            .map(|s| SsmParameterTarget {
                                name: s.parameter_name().to_string(),
                                account_id: s.ami_account_id().map(str::to_string),
                            })
                            .collect(),
                    })
                    .collect(),
            )
        });
    (arn, distributions)
}

/// The pipeline's newest `AVAILABLE` image: every page is read, since
/// the API documents no order.
async fn newest_image(cx: &Cx, client: &Client, arn: &str) -> Collected<PipelineImage> {
    let listed = client
        .list_image_pipeline_images()
        .image_pipeline_arn(arn)
        .into_paginator()
        .items()
        .send()
        .try_collect();
    cx.call(LIST_IMAGE_PIPELINE_IMAGES, listed)
        .await
        .read(GONE, |images| {
            let newest = images
                .iter()
                .filter(|i| i.state().and_then(|s| s.status()) == Some(&ImageStatus::Available))
                .filter_map(|i| Some((utc_text(i.date_created())?, i)))
                .max_by_key(|(created, _)| *created)?;
            Some(PipelineImage {
                arn: newest.1.arn().unwrap_or_default().to_string(),
                date_created: newest.0,
                amis: amis(newest.1),
                earlier_amis: images
                    .iter()
                    .filter(|i| i.arn() != newest.1.arn())
                    .flat_map(amis)
                    .collect(),
            })
        })
}

/// An image's output AMIs.
fn amis(i: &ImageSummary) -> Vec<OutputAmi> {
    i.output_resources()
        .map(|o| o.amis())
        .unwrap_or_default()
        .iter()
        .filter_map(|a| {
            Some(OutputAmi {
                region: a.region()?.to_string(),
                image_id: a.image()?.to_string(),
                account_id: a.account_id().map(str::to_string),
            })
        })
        .collect()
}
