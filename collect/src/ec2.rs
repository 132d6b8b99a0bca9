//! EC2, per region: `DescribeInstances`; `DescribeLaunchTemplates` and, in
//! one account-wide call, the `$Default` and `$Latest` version of every
//! template (`DescribeLaunchTemplateVersions`); the AMIs instances and
//! those versions launch from (`DescribeImages`, by `image-id` filter so a
//! deregistered AMI is simply not found); the account's own AMIs
//! (`DescribeImages` `Owners=self`), who each is shared with (one
//! `DescribeImageAttribute` `launchPermission` per owned AMI) and the
//! snapshots behind the shared ones (`DescribeSnapshots` by `snapshot-id`,
//! 100 a call; their keys are [`crate::kms::KEY`] references); the instance
//! types instances run as (`DescribeInstanceTypes`); the region's EBS
//! volumes with their attachments and tags (`DescribeVolumes`); and the account's
//! instance metadata defaults (`GetInstanceMetadataDefaults`) and AMI block
//! public access state (`GetImageBlockPublicAccessState`). Each call after
//! `DescribeInstances` is made only when a selected check reads what it
//! fills; a listing among them that fails leaves its part unread.
//!
//! Versions an Auto Scaling group pins by number ([`LAUNCH_TEMPLATE_VERSION`])
//! are read after the first pass, with their AMIs.

/// The SDK crate, for tests that build an account through it.
pub use aws_sdk_ec2;

use crate::references::{Kind, Reference};
use crate::session::sdk_client;
use crate::{tags_of, utc, BoxFuture, Cx, Patch};
use aws_sdk_ec2::types::{Filter, ImageAttributeName, ResponseLaunchTemplateData};
use aws_sdk_ec2::Client;
use awscheck_model::collected::{CollectError, Collected, ServiceError};
use awscheck_model::inventory::ec2::{
    self as data, Ec2, Ec2Region, Image, ImageBlockDevice, Instance, InstanceType,
    LaunchPermission, LaunchTemplate, LaunchTemplateVersion, MetadataOptions, Snapshot, Volume,
};
use awscheck_model::inventory::Account;
use std::collections::{BTreeMap, BTreeSet};

crate::registry::operations! {
    sdk "EC2", iam "ec2" {
        DESCRIBE_INSTANCES = DescribeInstances,
        DESCRIBE_LAUNCH_TEMPLATES = DescribeLaunchTemplates,
        DESCRIBE_LAUNCH_TEMPLATE_VERSIONS = DescribeLaunchTemplateVersions,
        DESCRIBE_IMAGES = DescribeImages,
        DESCRIBE_IMAGE_ATTRIBUTE = DescribeImageAttribute,
        DESCRIBE_SNAPSHOTS = DescribeSnapshots,
        GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE = GetImageBlockPublicAccessState,
        DESCRIBE_INSTANCE_TYPES = DescribeInstanceTypes,
        GET_INSTANCE_METADATA_DEFAULTS = GetInstanceMetadataDefaults,
        DESCRIBE_VOLUMES = DescribeVolumes,
    }
}

crate::service!(Ec2);

/// A launch template version an Auto Scaling group launches from, in the
/// group's region; its id is [`version_id`]. Versions pinned by number that
/// the first pass did not read (it reads `$Default` and `$Latest`) are read.
pub static LAUNCH_TEMPLATE_VERSION: Kind = Kind {
    name: "EC2 launch template version",
    fills: data::LAUNCH_TEMPLATE_VERSIONS,
    resolve: resolve_pinned_versions,
};

/// The id of a [`LAUNCH_TEMPLATE_VERSION`] reference: template id and
/// version (`$Default`, `$Latest` or a number).
pub fn version_id(template_id: &str, version: &str) -> String {
    format!("{template_id}:{version}")
}

/// AMI ids per `DescribeImages` call (values of one `image-id` filter).
const IMAGES_PER_CALL: usize = 100;

/// Snapshot ids per `DescribeSnapshots` call (values of one `snapshot-id` filter).
const SNAPSHOTS_PER_CALL: usize = 100;

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
            DESCRIBE_INSTANCES,
            client
                .describe_instances()
                .max_results(1000)
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
    let launch_templates = if cx.wants(data::LAUNCH_TEMPLATES) {
        launch_templates(cx, &client).await.unwrap_or_else(|e| {
            cx.unread(data::LAUNCH_TEMPLATES, e);
            Vec::new()
        })
    } else {
        Vec::new()
    };
    let images = if cx.wants(data::IMAGES) {
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
        describe_images(cx, &client, &cx.region, amis)
            .await
            .unwrap_or_else(|(images, e)| {
                cx.unread(data::IMAGES, e);
                images
            })
    } else {
        Vec::new()
    };
    let instance_types = if cx.wants(data::INSTANCE_TYPES) {
        let types: BTreeSet<String> = instances
            .iter()
            .filter_map(|i| i.instance_type.clone())
            .collect();
        instance_types(cx, &client, types)
            .await
            .unwrap_or_else(|e| {
                cx.unread(data::INSTANCE_TYPES, e);
                Vec::new()
            })
    } else {
        Vec::new()
    };
    let owned_images = cx.part(data::OWNED_IMAGES, owned_images(cx, &client)).await;
    let volumes = cx.part(data::VOLUMES, volumes(cx, &client)).await;
    let snapshots = cx
        .part(data::SNAPSHOTS, snapshots(cx, &client, &owned_images))
        .await;
    let metadata_defaults = cx
        .read_if(data::METADATA_DEFAULTS, async {
            let request = client.get_instance_metadata_defaults().send();
            cx.call(GET_INSTANCE_METADATA_DEFAULTS, request)
                .await
                .read(&[], |o| {
                    let d = o.account_level()?;
                    let opts = metadata_options(
                        d.http_tokens().map(|v| v.as_str()),
                        d.http_endpoint().map(|v| v.as_str()),
                        d.http_put_response_hop_limit(),
                    );
                    (opts != MetadataOptions::default()).then_some(opts)
                })
        })
        .await;
    let image_block_public_access = cx
        .read_if(data::IMAGE_BLOCK_PUBLIC_ACCESS, async {
            let request = client.get_image_block_public_access_state().send();
            cx.call(GET_IMAGE_BLOCK_PUBLIC_ACCESS_STATE, request)
                .await
                .read(&[], |o| {
                    o.image_block_public_access_state().map(str::to_string)
                })
        })
        .await;
    Ok(Ec2 {
        instances,
        launch_templates,
        images,
        owned_images,
        snapshots,
        volumes,
        instance_types,
        regions: vec![Ec2Region {
            region: cx.region.clone(),
            metadata_defaults,
            image_block_public_access,
        }],
    })
}

/// The account's own AMIs (`DescribeImages` `Owners=self`, deprecated and
/// disabled ones too) and, when a selected check reads them, who each is
/// shared with (`DescribeImageAttribute`, one call per AMI; an AMI
/// deregistered in between has none to read: absent).
async fn owned_images(cx: &Cx, client: &Client) -> Result<Vec<Image>, CollectError> {
    let listed = client
        .describe_images()
        .owners("self")
        .include_deprecated(true)
        .include_disabled(true)
        .into_paginator()
        .items()
        .send();
    let images: Vec<Image> = cx
        .list(DESCRIBE_IMAGES, listed)
        .await?
        .iter()
        .filter_map(|i| image(cx, &cx.region, i))
        .collect();
    Ok(cx
        .bounded(images, |mut image| async move {
            image.launch_permissions = cx
                .read_if(data::LAUNCH_PERMISSIONS, async {
                    let request = client
                        .describe_image_attribute()
                        .image_id(&image.image_id)
                        .attribute(ImageAttributeName::LaunchPermission)
                        .send();
                    cx.call(DESCRIBE_IMAGE_ATTRIBUTE, request).await.read(
                        &["InvalidAMIID.NotFound", "InvalidAMIID.Unavailable"],
                        |o| {
                            Some(
                                o.launch_permissions()
                                    .iter()
                                    .map(launch_permission)
                                    .collect(),
                            )
                        },
                    )
                })
                .await;
            image
        })
        .await)
}

fn launch_permission(p: &aws_sdk_ec2::types::LaunchPermission) -> LaunchPermission {
    LaunchPermission {
        user_id: p.user_id().map(str::to_string),
        group: p.group().map(|g| g.as_str().to_string()),
        organization_arn: p.organization_arn().map(str::to_string),
        organizational_unit_arn: p.organizational_unit_arn().map(str::to_string),
    }
}

/// The snapshots behind the owned AMIs that are shared (or whose launch
/// permissions are unknown, or were not read), `DescribeSnapshots` by
/// `snapshot-id` in batches; each encrypted snapshot's key is a
/// [`crate::kms::KEY`] reference. A failed batch fails the part (the
/// snapshots found so far are dropped with it).
async fn snapshots(
    cx: &Cx,
    client: &Client,
    owned: &[Image],
) -> Result<Vec<Snapshot>, CollectError> {
    let ids: BTreeSet<&str> = owned
        .iter()
        .filter(|i| i.launch_permissions.value().is_none_or(|p| !p.is_empty()))
        .flat_map(|i| i.block_devices.iter().map(|b| b.snapshot_id.as_str()))
        .collect();
    let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
    let batches: Vec<Vec<String>> = ids.chunks(SNAPSHOTS_PER_CALL).map(<[_]>::to_vec).collect();
    let found = cx
        .bounded(batches, |batch| async move {
            let filter = Filter::builder()
                .name("snapshot-id")
                .set_values(Some(batch))
                .build();
            let listed = client
                .describe_snapshots()
                .filters(filter)
                .into_paginator()
                .items()
                .send();
            cx.list(DESCRIBE_SNAPSHOTS, listed).await
        })
        .await;
    let mut out = Vec::new();
    for batch in found {
        for s in batch? {
            let Some(id) = s.snapshot_id() else { continue };
            let encrypted = s.encrypted().unwrap_or(false);
            let kms_key_id = s.kms_key_id().filter(|_| encrypted).map(str::to_string);
            if let Some(key) = &kms_key_id {
                cx.refer(&crate::kms::KEY, &cx.region, key);
            }
            out.push(Snapshot {
                region: cx.region.clone(),
                snapshot_id: id.to_string(),
                owner_id: s.owner_id().map(str::to_string),
                encrypted,
                kms_key_id,
            });
        }
    }
    Ok(out)
}

/// The region's EBS volumes (`DescribeVolumes`, paginated), with the
/// instances they are attached to and their tags.
async fn volumes(cx: &Cx, client: &Client) -> Result<Vec<Volume>, CollectError> {
    let listed = client
        .describe_volumes()
        .max_results(500)
        .into_paginator()
        .items()
        .send();
    let volumes = cx.list(DESCRIBE_VOLUMES, listed).await?;
    Ok(volumes
        .iter()
        .filter_map(|v| {
            let id = v.volume_id()?.to_string();
            Some(Volume {
                arn: cx.arn("ec2", &format!("volume/{id}")),
                region: cx.region.clone(),
                account_id: cx.account_id().to_string(),
                state: v
                    .state()
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default(),
                attached_to: v
                    .attachments()
                    .iter()
                    .filter_map(|a| a.instance_id().map(str::to_string))
                    .collect(),
                tags: tags_of(v.tags().iter().filter_map(tag)),
                volume_id: id,
            })
        })
        .collect())
}

/// An AMI as `DescribeImages` reports it (launch permissions not collected).
fn image(cx: &Cx, region: &str, i: &aws_sdk_ec2::types::Image) -> Option<Image> {
    let id = i.image_id()?.to_string();
    Some(Image {
        arn: format!("arn:{}:ec2:{region}::image/{id}", cx.partition()),
        region: region.to_string(),
        name: i.name().map(str::to_string),
        owner_id: i.owner_id().map(str::to_string),
        creation_date: crate::convert::utc_text(i.creation_date()),
        state: i.state().map(|s| s.as_str().to_string()),
        imds_support: i.imds_support().map(|s| s.as_str().to_string()),
        block_devices: i
            .block_device_mappings()
            .iter()
            .filter_map(|m| {
                let ebs = m.ebs()?;
                Some(ImageBlockDevice {
                    device_name: m.device_name().unwrap_or_default().to_string(),
                    snapshot_id: ebs.snapshot_id()?.to_string(),
                    encrypted: ebs.encrypted(),
                })
            })
            .collect(),
        launch_permissions: Collected::default(),
        tags: tags_of(i.tags().iter().filter_map(tag)),
        image_id: id,
    })
}

/// Instance types per `DescribeInstanceTypes` call.
const TYPES_PER_CALL: usize = 100;

/// `DescribeInstanceTypes` of `types`: whether each supports automatic
/// recovery.
async fn instance_types(
    cx: &Cx,
    client: &Client,
    types: BTreeSet<String>,
) -> Result<Vec<InstanceType>, CollectError> {
    let types: Vec<aws_sdk_ec2::types::InstanceType> = types
        .iter()
        .map(|t| aws_sdk_ec2::types::InstanceType::from(t.as_str()))
        .collect();
    let mut out = Vec::new();
    for batch in types.chunks(TYPES_PER_CALL) {
        let listed = client
            .describe_instance_types()
            .set_instance_types(Some(batch.to_vec()))
            .into_paginator()
            .items()
            .send();
        for t in cx.list(DESCRIBE_INSTANCE_TYPES, listed).await? {
            if let Some(name) = t.instance_type() {
                out.push(InstanceType {
                    region: cx.region.clone(),
                    instance_type: name.as_str().to_string(),
                    auto_recovery_supported: t.auto_recovery_supported().unwrap_or(false),
                });
            }
        }
    }
    Ok(out)
}

/// `DescribeLaunchTemplates`, and the `$Default` and `$Latest` versions of
/// every template when a selected check reads versions (a failure of that
/// call makes every template's versions unknown).
async fn launch_templates(cx: &Cx, client: &Client) -> Result<Vec<LaunchTemplate>, CollectError> {
    let templates = cx
        .list(
            DESCRIBE_LAUNCH_TEMPLATES,
            client
                .describe_launch_templates()
                .max_results(200)
                .into_paginator()
                .items()
                .send(),
        )
        .await?;
    let versions = if templates.is_empty() || !cx.wants(data::LAUNCH_TEMPLATE_VERSIONS) {
        None
    } else {
        let listed = client
            .describe_launch_template_versions()
            .versions("$Default")
            .versions("$Latest")
            .max_results(200)
            .into_paginator()
            .items()
            .send();
        Some(cx.list(DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, listed).await)
    };
    let mut by_template: BTreeMap<String, Vec<LaunchTemplateVersion>> = BTreeMap::new();
    if let Some(Ok(versions)) = &versions {
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
    Ok(templates
        .iter()
        .filter_map(|t| {
            let id = t.launch_template_id()?.to_string();
            let versions = match &versions {
                None => Collected::default(),
                Some(Ok(_)) => {
                    let mut list = by_template.remove(&id).unwrap_or_default();
                    list.sort_by_key(|v| v.version_number);
                    Collected::Value(list)
                }
                Some(Err(e)) => Collected::Error(e.clone()),
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
        .collect())
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
        instance_type: i.instance_type().map(|t| t.as_str().to_string()),
        root_device_type: i.root_device_type().map(|t| t.as_str().to_string()),
        auto_recovery: i
            .maintenance_options()
            .and_then(|m| m.auto_recovery())
            .map(|a| a.as_str().to_string()),
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
        security_groups: data
            .map(|d| {
                let interfaces = d.network_interfaces().iter().flat_map(|n| n.groups());
                d.security_group_ids()
                    .iter()
                    .chain(interfaces)
                    .chain(d.security_groups())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// The AMIs among `ids` that exist (an AMI resolved from an SSM parameter
/// at launch is not an id and is left out), sorted; when a call fails, the
/// AMIs the others found and the failure.
async fn describe_images(
    cx: &Cx,
    client: &Client,
    region: &str,
    ids: BTreeSet<String>,
) -> Result<Vec<Image>, (Vec<Image>, CollectError)> {
    let ids: Vec<String> = ids
        .into_iter()
        .filter(|id| id.starts_with("ami-"))
        .collect();
    let batches: Vec<Vec<String>> = ids.chunks(IMAGES_PER_CALL).map(<[_]>::to_vec).collect();
    let found = cx
        .bounded(batches, |batch| async move {
            let filter = Filter::builder()
                .name("image-id")
                .set_values(Some(batch))
                .build();
            let listed = client
                .describe_images()
                .filters(filter)
                .include_deprecated(true)
                .include_disabled(true)
                .into_paginator()
                .items()
                .send();
            cx.list(DESCRIBE_IMAGES, listed).await
        })
        .await;
    let mut failure = None;
    let mut images: Vec<Image> = Vec::new();
    for batch in found {
        match batch {
            Ok(list) => images.extend(list.iter().filter_map(|i| image(cx, region, i))),
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    images.sort_by(|a, b| a.image_id.cmp(&b.image_id));
    images.dedup_by(|a, b| a.image_id == b.image_id);
    match failure {
        None => Ok(images),
        Some(e) => Err((images, e)),
    }
}

/// [`LAUNCH_TEMPLATE_VERSION`]: the versions pinned by number that the
/// first pass did not read, and their AMIs. A version that does not exist
/// stays out (the check reports it as not in the inventory); any other
/// failure makes the template's versions unknown.
fn resolve_pinned_versions(
    cx: &Cx,
    account: &Account,
    refs: Vec<Reference>,
) -> Option<BoxFuture<Patch>> {
    let ec2 = account.ec2.as_ref()?;
    let todo: Vec<(String, String, i64)> = refs
        .into_iter()
        .filter_map(|r| {
            let (id, version) = r.id.rsplit_once(':')?;
            let number: i64 = version.trim().parse().ok()?;
            let template = ec2
                .launch_templates
                .iter()
                .find(|t| t.region == r.region && t.id == id)?;
            let held = template.versions.value()?;
            (!held.iter().any(|v| v.version_number == number))
                .then(|| (r.region.clone(), id.to_string(), number))
        })
        .collect();
    if todo.is_empty() {
        return None;
    }
    let images: BTreeSet<(String, String)> = ec2
        .images
        .iter()
        .map(|i| (i.region.clone(), i.image_id.clone()))
        .collect();
    let cx = cx.clone();
    Some(Box::pin(async move {
        let read = cx
            .bounded(todo, |(region, id, number)| {
                let cx = &cx;
                async move {
                    let client = sdk_client!(aws_sdk_ec2, &cx.session, &region);
                    let request = client
                        .describe_launch_template_versions()
                        .launch_template_id(&id)
                        .versions(number.to_string())
                        .send();
                    let got = cx
                        .call(DESCRIBE_LAUNCH_TEMPLATE_VERSIONS, request)
                        .await
                        .read(&["InvalidLaunchTemplateId.VersionNotFound"], |o| {
                            o.launch_template_versions().iter().find_map(version)
                        });
                    (region, id, got)
                }
            })
            .await;
        let mut amis: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (region, _, got) in &read {
            if let Some(ami) = got.value().and_then(|v| v.image_id.clone()) {
                if cx.wants(data::IMAGES) && !images.contains(&(region.clone(), ami.clone())) {
                    amis.entry(region.clone()).or_default().insert(ami);
                }
            }
        }
        let mut found = Vec::new();
        for (region, ids) in amis {
            let client = sdk_client!(aws_sdk_ec2, &cx.session, &region);
            found.push((
                region.clone(),
                describe_images(&cx, &client, &region, ids).await,
            ));
        }
        let patch: Patch = Box::new(move |account: &mut Account| {
            let Some(ec2) = account.ec2.as_mut() else {
                return;
            };
            for (region, id, got) in read {
                let Some(template) = ec2
                    .launch_templates
                    .iter_mut()
                    .find(|t| t.region == region && t.id == id)
                else {
                    continue;
                };
                match got {
                    Collected::Value(v) => {
                        if let Collected::Value(list) = &mut template.versions {
                            list.push(v);
                            list.sort_by_key(|v| v.version_number);
                        }
                    }
                    Collected::Absent => {}
                    Collected::Error(e) => template.versions = Collected::Error(e),
                }
            }
            for (region, images) in found {
                let images = images.unwrap_or_else(|(images, error)| {
                    account.collection_errors.push(ServiceError {
                        service: data::IMAGES.section.to_string(),
                        region: region.clone(),
                        part: Some(data::IMAGES.path.to_string()),
                        resource: None,
                        error,
                    });
                    images
                });
                ec2.images.extend(images);
            }
        });
        patch
    }))
}
