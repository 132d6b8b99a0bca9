//! EC2: images, launch templates and instances, the account's own AMIs
//! with their launch permissions and snapshots, and each region's instance
//! metadata defaults and AMI block public access; [`metadata`] and
//! [`image`] serve Auto Scaling too.

use super::fixture::{absent, de, denied, val};
use super::gen::{Gen, PerRegion};
use super::iam::InstanceProfiles;
use super::kms::Keys;
use super::kinds::{Generator, Kind};
use super::replicate;
use super::{ACCOUNT, REGIONS};
use chrono::Duration;
use serde_json::{json, Value};

const IMAGES: Kind = Kind::scaled("ec2.images", 10);
const TEMPLATES: Kind = Kind::scaled("ec2.launch_templates", 15);
const INSTANCES: Kind = Kind::scaled("ec2.instances", 100);
const OWNED_IMAGES: Kind = Kind::scaled("ec2.owned_images", 5);
/// The snapshots of about half the owned AMIs (the shared ones): a scaled
/// kind, whose count also caps them.
const SNAPSHOTS: Kind = Kind::scaled("ec2.snapshots", 3);

pub const GENERATOR: Generator = Generator {
    kinds: &[
        IMAGES,
        TEMPLATES,
        INSTANCES,
        OWNED_IMAGES,
        SNAPSHOTS,
        Kind::fixed("ec2.instance_types"),
        Kind::fixed("ec2.regions"),
    ],
    generate: |g, n| {
        ec2(g, n[IMAGES], n[TEMPLATES], n[INSTANCES]);
        owned_images(g, n[OWNED_IMAGES], n[SNAPSHOTS]);
    },
};

/// The images made, per region (their ids).
#[derive(Default)]
pub struct Images(pub PerRegion<String>);

/// The launch templates made, per region (their ids).
#[derive(Default)]
pub struct LaunchTemplates(pub PerRegion<String>);

/// The instances made: region index and instance id.
#[derive(Default)]
pub struct Instances(pub Vec<(usize, String)>);

/// Instance types with their root device: `i3` types cannot recover
/// automatically.
const TYPES: [(&str, &str); 4] = [
    ("m5.large", "ebs"),
    ("t3.micro", "ebs"),
    ("c5.xlarge", "ebs"),
    ("i3.large", "instance-store"),
];

/// Images (half require IMDSv2; owned by the account, an approved
/// publisher or another account; most tagged `approved=true`; from a day
/// to four months old), launch templates with versions that set
/// HttpTokens or leave it to the account default, instances in every
/// state with or without a usable instance profile, and each region's
/// metadata defaults (required, absent, optional, unreadable).
fn ec2(g: &mut Gen, n_images: usize, n_templates: usize, n_instances: usize) {
    let mut ec2 = awscheck_checks::inventory::ec2::Ec2::default();
    for i in 0..n_images {
        let r = i % REGIONS.len();
        let id = format!("ami-{i:017x}");
        let support = if g.rng.chance(50) {
            json!("v2.0")
        } else {
            Value::Null
        };
        let owner = match g.rng.pct() {
            0..=69 => ACCOUNT,
            70..=84 => "137112412989",
            _ => "999988887777",
        };
        let tags = if g.rng.chance(60) {
            json!({"approved": "true"})
        } else {
            json!({})
        };
        let days = 1 + g.rng.below(120) as i64;
        let created = g.ago(24 * days);
        ec2.images.push(de(json!({
            "arn": format!("arn:aws:ec2:{}::image/{id}", REGIONS[r]),
            "region": REGIONS[r], "image_id": id, "owner_id": owner, "creation_date": created,
            "state": "available", "imds_support": support, "tags": tags
        })));
        g.made.of::<Images>().0[r].push(id);
    }
    for i in 0..n_templates {
        let r = g.region();
        let region = REGIONS[r];
        let id = format!("lt-{i:017x}");
        let default = 1 + g.rng.below(3) as i64;
        let latest = default + g.rng.below(3) as i64;
        let mut versions = Vec::new();
        for v in (1..=latest).rev().take(4) {
            let opts = if g.rng.chance(25) {
                Value::Null
            } else {
                metadata(g)
            };
            let image = image(g, r);
            versions.push(
                json!({"version_number": v, "metadata_options": opts, "image_id": image}),
            );
        }
        let versions = match g.rng.pct() {
            0..=91 => val(versions),
            92..=96 => denied("DescribeLaunchTemplateVersions"),
            _ => absent(),
        };
        ec2.launch_templates.push(de(json!({
            "arn": format!("arn:aws:ec2:{region}:{ACCOUNT}:launch-template/{id}"),
            "region": region, "account_id": ACCOUNT, "id": id, "name": format!("template-{i}"),
            "default_version": default, "latest_version": latest, "versions": versions
        })));
        g.made.of::<LaunchTemplates>().0[r].push(id);
    }
    // Every fourth instance runs in one of the sandbox's subnets (the vpc
    // section is replicated from it), the others in subnets of no VPC; the
    // first of each region with sandbox subnets runs in one whatever its
    // place, so that each such region has one at every scale.
    let sandbox_subnets = replicate::sandbox_ids("vpc", "subnets");
    let mut placed = [0usize; REGIONS.len()];
    for i in 0..n_instances {
        let r = g.region();
        let region = REGIONS[r];
        let in_region: Vec<&str> = sandbox_subnets
            .iter()
            .filter(|(sr, _)| sr == region)
            .map(|(_, id)| id.as_str())
            .collect();
        let first_placed = placed[r] == 0 && !in_region.is_empty();
        let subnet = match in_region.len() {
            len if len > 0 && (i % 4 == 0 || first_placed) => {
                // Round robin, so that every sandbox subnet gets some.
                placed[r] += 1;
                in_region[placed[r] % len].to_string()
            }
            _ => format!("subnet-{:08x}", i % 64),
        };
        let id = format!("i-{i:017x}");
        let state = match g.rng.pct() {
            _ if first_placed => "running",
            0..=79 => "running",
            80..=89 => "stopped",
            90..=93 => "terminated",
            94..=95 => "pending",
            96..=97 => "shutting-down",
            _ => "stopping",
        };
        let launch = if g.rng.chance(2) {
            (g.now - Duration::minutes(5)).to_rfc3339()
        } else {
            let days = 1 + g.rng.below(300) as i64;
            g.ago(24 * days)
        };
        let profile = match g.rng.pct() {
            0..=84 if !g.made.of::<InstanceProfiles>().0.is_empty() => {
                json!(g.rng.pick(&g.made.of::<InstanceProfiles>().0))
            }
            85..=89 => json!(format!(
                "arn:aws:iam::{ACCOUNT}:instance-profile/deleted-{i}"
            )),
            _ => Value::Null,
        };
        let metadata = metadata(g);
        let image = image(g, r);
        let mut tags = g.env_tags();
        if g.rng.chance(2) {
            tags["ssm:unmanaged-ok"] = json!("true");
        }
        if g.rng.chance(40) {
            tags["aws:autoscaling:groupName"] = json!(format!("group-{}", i % 50));
        }
        let (kind, root) = *g.rng.pick(&TYPES);
        let recovery = *g.rng.pick(&[Some("default"), Some("default"), Some("disabled"), None]);
        ec2.instances.push(de(json!({
            "arn": format!("arn:aws:ec2:{region}:{ACCOUNT}:instance/{id}"),
            "region": region, "account_id": ACCOUNT, "instance_id": id, "state": state,
            "launch_time": launch, "iam_instance_profile_arn": profile,
            "metadata_options": metadata, "image_id": image, "instance_type": kind,
            "root_device_type": root, "auto_recovery": recovery,
            "subnet_id": subnet, "tags": tags
        })));
        g.made.of::<Instances>().0.push((r, id));
    }
    // Every region knows the types but the last, whose instances are unknown.
    for region in &REGIONS[..REGIONS.len() - 1] {
        for (kind, _) in TYPES {
            ec2.instance_types.push(de(json!({"region": region, "instance_type": kind,
                "auto_recovery_supported": !kind.starts_with("i3")})));
        }
    }
    let defaults = [
        val(json!({"http_tokens": "required"})),
        absent(),
        val(json!({"http_tokens": "optional"})),
        denied("GetInstanceMetadataDefaults"),
    ];
    let block_public_access = [
        val(json!("block-new-sharing")),
        val(json!("unblocked")),
        val(json!("block-new-sharing")),
        denied("GetImageBlockPublicAccessState"),
    ];
    for ((region, d), bpa) in REGIONS.iter().zip(defaults).zip(block_public_access) {
        ec2.regions.push(de(json!({"region": region, "metadata_defaults": d,
            "image_block_public_access": bpa})));
    }
    g.acct.ec2 = Some(ec2);
}

/// Instance metadata options: IMDSv2 required or optional, with hop
/// limits; HttpTokens left to the account default; the endpoint off.
pub fn metadata(g: &mut Gen) -> Value {
    let hops = *g.rng.pick(&[1, 1, 1, 2, 2, 4]);
    match g.rng.pct() {
        0..=59 => {
            json!({"http_tokens": "required", "http_endpoint": "enabled", "http_put_response_hop_limit": hops})
        }
        60..=89 => {
            json!({"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": hops})
        }
        90..=94 => json!({"http_endpoint": "enabled"}),
        _ => json!({"http_tokens": "optional", "http_endpoint": "disabled"}),
    }
}

/// An image reference in `r`: an image made there, an SSM parameter, or
/// an image that does not exist.
pub fn image(g: &mut Gen, r: usize) -> Value {
    match g.rng.pct() {
        0..=89 if !g.made.of::<Images>().0[r].is_empty() => {
            json!(g.rng.pick(&g.made.of::<Images>().0[r]))
        }
        90..=94 => json!(
            "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
        ),
        _ => json!(format!("ami-{:017x}", 0xdead_0000 + g.rng.below(1000))),
    }
}

/// The account's own AMIs: private, shared with an account or the
/// organization, public (some tagged `public-ami=true`), or with launch
/// permissions that could not be read; their snapshots encrypted with a
/// key made in their region (whose policy grants no other account) or
/// not encrypted, and some instance-store AMIs with no snapshot. The
/// snapshots of the shared ones are listed, but for a few that were not
/// returned.
fn owned_images(g: &mut Gen, n: usize, n_snapshots: usize) {
    let mut owned = Vec::new();
    let mut snapshots = Vec::new();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let id = format!("ami-{:017x}", 0x0a00_0000 + i);
        let snapshot = format!("snap-{i:017x}");
        let mut tags = json!({});
        let permissions = match g.rng.pct() {
            0..=34 => val(json!([])),
            35..=64 => val(json!([{"user_id": "444455556666"}])),
            65..=74 => val(json!([{"organization_arn": "arn:aws:organizations::999988887777:organization/o-a1b2c3d4e5"}])),
            75..=84 => {
                if g.rng.chance(50) {
                    tags = json!({"public-ami": "true"});
                }
                val(json!([{"group": "all"}]))
            }
            85..=89 => denied("DescribeImageAttribute"),
            _ => val(json!([{"user_id": "444455556666"}, {"user_id": "777788889999"}])),
        };
        let shared = permissions.get("value").is_none_or(|p| p != &json!([]));
        let keys = g.made.of::<Keys>().ids[r].clone();
        let key = (!keys.is_empty() && g.rng.chance(70)).then(|| g.rng.pick(&keys).clone());
        let devices = if g.rng.chance(15) {
            json!([])
        } else {
            json!([{"device_name": "/dev/xvda", "snapshot_id": snapshot, "encrypted": key.is_some()}])
        };
        if shared && devices != json!([]) && !g.rng.chance(3) && snapshots.len() < n_snapshots {
            let kms_key_id = key.map(|k| format!("arn:aws:kms:{region}:{ACCOUNT}:key/{k}"));
            snapshots.push(de(json!({"region": region, "snapshot_id": snapshot,
                "owner_id": ACCOUNT, "encrypted": kms_key_id.is_some(), "kms_key_id": kms_key_id})));
        }
        let days = 1 + g.rng.below(200) as i64;
        let created = g.ago(24 * days);
        owned.push(de(json!({
            "arn": format!("arn:aws:ec2:{region}::image/{id}"),
            "region": region, "image_id": id, "owner_id": ACCOUNT, "creation_date": created,
            "state": "available", "block_devices": devices, "launch_permissions": permissions,
            "tags": tags
        })));
    }
    if let Some(ec2) = g.acct.ec2.as_mut() {
        ec2.owned_images = owned;
        ec2.snapshots = snapshots;
    }
}
