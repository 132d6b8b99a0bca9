//! EC2, per region: `DescribeInstances`; `DescribeLaunchTemplates` and, in
//! one account-wide call, the `$Default` and `$Latest` version of every
//! template (`DescribeLaunchTemplateVersions`); the AMIs instances and
//! those versions launch from (`DescribeImages`, by `image-id` filter so a
//! deregistered AMI is simply not found); and the account's instance
//! metadata defaults (`GetInstanceMetadataDefaults`).
//!
//! Versions an Auto Scaling group pins by number are read after every
//! service is collected ([`resolve_pinned_versions`], fed by
//! [`crate::References::launch_template_version`]), with their AMIs.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ec2;

use crate::session::{sdk_client, Session};
use crate::{tags_of, utc, Cx};
use aws_sdk_ec2::types::{Filter, ResponseLaunchTemplateData};
use aws_sdk_ec2::Client;
use awscheck_model::collected::{CollectError, Collected};
use awscheck_model::inventory::ec2::{
    Ec2, Ec2Region, Image, Instance, LaunchTemplate, LaunchTemplateVersion, MetadataOptions,
};
use std::collections::{BTreeMap, BTreeSet};

crate::service!(Ec2, ec2, [instances, launch_templates, images, regions]);

/// AMI ids per `DescribeImages` call (values of one `image-id` filter).
const IMAGES_PER_CALL: usize = 100;

/// Metadata options from the three shapes EC2 and Auto Scaling report them in.
pub fn metadata_options(
    http_tokens: Option<&str>,
    http_endpoint: Option<&str>,
    hop_limit: Option<i32>,
) -> MetadataOptions {
    MetadataOptions {
        http_tokens: http_tokens.map(str::to_string),
        http_endpoint: http_endpoint.map(str::to_string),
        http_put_response_hop_limit: hop_limit.map(i64::from),
    }
}

async fn collect(cx: &Cx) -> Result<Ec2, CollectError> {
    let client = sdk_client!(aws_sdk_ec2, &cx.session, &cx.region);
    let reservations = cx
        .list(
            "DescribeInstances",
            client
                .describe_instances()
                .max_results(1000)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let templates = cx
        .list(
            "DescribeLaunchTemplates",
            client
                .describe_launch_templates()
                .max_results(200)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let instances: Vec<Instance> = reservations
        .iter()
        .flat_map(|r| r.instances())
        .filter_map(|i| instance(cx, i))
        .collect();
    let versions = if templates.is_empty() {
        Ok(Vec::new())
    } else {
        client
            .describe_launch_template_versions()
            .versions("$Default")
            .versions("$Latest")
            .max_results(200)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| cx.fail("DescribeLaunchTemplateVersions", &e))
    };
    let mut by_template: BTreeMap<String, Vec<LaunchTemplateVersion>> = BTreeMap::new();
    if let Ok(versions) = &versions {
        for v in versions {
            if let (Some(id), Some(version)) = (v.launch_template_id(), version(v)) {
                let list = by_template.entry(id.to_string()).or_default();
                if !list
                    .iter()
                    .any(|x| x.version_number == version.version_number)
                {
                    list.push(version);
                }
            }
        }
    }
    let launch_templates: Vec<LaunchTemplate> = templates
        .iter()
        .filter_map(|t| {
            let id = t.launch_template_id()?.to_string();
            let versions = match &versions {
                Ok(_) => {
                    let mut list = by_template.remove(&id).unwrap_or_default();
                    list.sort_by_key(|v| v.version_number);
                    Collected::Value(list)
                }
                Err(e) => Collected::Error(e.clone()),
            };
            Some(LaunchTemplate {
                arn: cx.arn("ec2", &format!("launch-template/{id}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                name: t.launch_template_name().unwrap_or_default().to_string(),
                default_version: t.default_version_number().unwrap_or_default(),
                latest_version: t.latest_version_number().unwrap_or_default(),
                versions,
                tags: tags_of(t.tags().iter().filter_map(tag)),
                id,
            })
        })
        .collect();
    let amis: BTreeSet<String> = instances
        .iter()
        .filter_map(|i| i.image_id.clone())
        .chain(
            launch_templates
                .iter()
                .filter_map(|t| t.versions.value())
                .flatten()
                .filter_map(|v| v.image_id.clone()),
        )
        .collect();
    let images = describe_images(&cx.session, &client, &cx.region, amis).await;
    let defaults = client.get_instance_metadata_defaults().send().await;
    let metadata_defaults = cx.read("GetInstanceMetadataDefaults", defaults, &[], |o| {
        let d = o.account_level()?;
        let opts = metadata_options(
            d.http_tokens().map(|v| v.as_str()),
            d.http_endpoint().map(|v| v.as_str()),
            d.http_put_response_hop_limit(),
        );
        (opts != MetadataOptions::default()).then_some(opts)
    });
    Ok(Ec2 {
        instances,
        launch_templates,
        images,
        regions: vec![Ec2Region {
            region: cx.region.clone(),
            metadata_defaults,
        }],
    })
}

fn tag(t: &aws_sdk_ec2::types::Tag) -> Option<(&str, &str)> {
    Some((t.key()?, t.value().unwrap_or_default()))
}

fn instance(cx: &Cx, i: &aws_sdk_ec2::types::Instance) -> Option<Instance> {
    let id = i.instance_id()?.to_string();
    let opts = i.metadata_options();
    Some(Instance {
        arn: cx.arn("ec2", &format!("instance/{id}")),
        region: cx.region.clone(),
        account_id: cx.account_id().to_string(),
        state: i
            .state()
            .and_then(|s| s.name())
            .map(|n| n.as_str().to_string())
            .unwrap_or_default(),
        // Never missing in practice; the epoch makes it an old instance.
        launch_time: i.launch_time().and_then(utc).unwrap_or_default(),
        iam_instance_profile_arn: i
            .iam_instance_profile()
            .and_then(|p| p.arn())
            .map(str::to_string),
        metadata_options: opts
            .map(|o| {
                metadata_options(
                    o.http_tokens().map(|v| v.as_str()),
                    o.http_endpoint().map(|v| v.as_str()),
                    o.http_put_response_hop_limit(),
                )
            })
            .unwrap_or_default(),
        image_id: i.image_id().map(str::to_string),
        subnet_id: i.subnet_id().map(str::to_string),
        tags: tags_of(i.tags().iter().filter_map(tag)),
        instance_id: id,
    })
}

fn version(v: &aws_sdk_ec2::types::LaunchTemplateVersion) -> Option<LaunchTemplateVersion> {
    let data: Option<&ResponseLaunchTemplateData> = v.launch_template_data();
    Some(LaunchTemplateVersion {
        version_number: v.version_number()?,
        metadata_options: data.and_then(|d| d.metadata_options()).map(|o| {
            metadata_options(
                o.http_tokens().map(|v| v.as_str()),
                o.http_endpoint().map(|v| v.as_str()),
                o.http_put_response_hop_limit(),
            )
        }),
        image_id: data.and_then(|d| d.image_id()).map(str::to_string),
    })
}

/// The AMIs among `ids` that exist (an AMI resolved from an SSM parameter
/// at launch is not an id and is left out). A failed call is counted and
/// its AMIs left out: checks then say their ImdsSupport is unknown.
async fn describe_images(
    session: &Session,
    client: &Client,
    region: &str,
    ids: BTreeSet<String>,
) -> Vec<Image> {
    let ids: Vec<String> = ids
        .into_iter()
        .filter(|id| id.starts_with("ami-"))
        .collect();
    let batches: Vec<Vec<String>> = ids.chunks(IMAGES_PER_CALL).map(<[_]>::to_vec).collect();
    let found = crate::bounded(batches, |batch| async move {
        let filter = Filter::builder()
            .name("image-id")
            .set_values(Some(batch))
            .build();
        client
            .describe_images()
            .filters(filter)
            .include_deprecated(true)
            .include_disabled(true)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| crate::fail(session, "DescribeImages", &e))
    })
    .await;
    let mut images: Vec<Image> = found
        .into_iter()
        .flat_map(Result::unwrap_or_default)
        .filter_map(|i| {
            Some(Image {
                region: region.to_string(),
                image_id: i.image_id()?.to_string(),
                imds_support: i.imds_support().map(|s| s.as_str().to_string()),
            })
        })
        .collect();
    images.sort_by(|a, b| a.image_id.cmp(&b.image_id));
    images.dedup_by(|a, b| a.image_id == b.image_id);
    images
}

/// Reads the launch template versions Auto Scaling groups pin by number
/// (`(region, template id, version)`) that the collected templates do not
/// hold yet, and their AMIs. A version that does not exist stays out (the
/// check reports it as not in the inventory); any other failure makes the
/// template's versions unknown.
pub async fn resolve_pinned_versions(
    session: &Session,
    pins: BTreeSet<(String, String, String)>,
    ec2: &mut Ec2,
) {
    let todo: Vec<(usize, String, i64)> = pins
        .into_iter()
        .filter_map(|(region, id, version)| {
            let number: i64 = version.trim().parse().ok()?;
            let (index, template) = ec2
                .launch_templates
                .iter()
                .enumerate()
                .find(|(_, t)| t.region == region && t.id == id)?;
            let held = template.versions.value()?;
            (!held.iter().any(|v| v.version_number == number)).then_some((index, region, number))
        })
        .collect();
    let templates = &ec2.launch_templates;
    let read = crate::bounded(todo, |(index, region, number)| async move {
        let client = sdk_client!(aws_sdk_ec2, session, &region);
        let out = client
            .describe_launch_template_versions()
            .launch_template_id(&templates[index].id)
            .versions(number.to_string())
            .send()
            .await;
        let got = crate::read(
            session,
            "DescribeLaunchTemplateVersions",
            out,
            &["InvalidLaunchTemplateId.VersionNotFound"],
            |o| o.launch_template_versions().iter().find_map(version),
        );
        (index, region, got)
    })
    .await;
    let mut amis: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (index, region, got) in read {
        let template = &mut ec2.launch_templates[index];
        match got {
            Collected::Value(v) => {
                if let Some(ami) = &v.image_id {
                    amis.entry(region).or_default().insert(ami.clone());
                }
                if let Collected::Value(list) = &mut template.versions {
                    list.push(v);
                    list.sort_by_key(|v| v.version_number);
                }
            }
            Collected::Absent => {}
            Collected::Error(e) => template.versions = Collected::Error(e),
        }
    }
    for (region, ids) in amis {
        let ids: BTreeSet<String> = ids
            .into_iter()
            .filter(|id| {
                !ec2.images
                    .iter()
                    .any(|i| i.region == region && &i.image_id == id)
            })
            .collect();
        if ids.is_empty() {
            continue;
        }
        let client = sdk_client!(aws_sdk_ec2, session, &region);
        let found = describe_images(session, &client, &region, ids).await;
        ec2.images.extend(found);
    }
}
