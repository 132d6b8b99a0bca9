//! EC2: images, launch templates and instances, and each region's instance
//! metadata defaults; [`metadata`] and [`image`] serve Auto Scaling too.

use super::fixture::{absent, de, denied, val};
use super::gen::{Gen, PerRegion};
use super::iam::InstanceProfiles;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use chrono::Duration;
use serde_json::{json, Value};

const IMAGES: Kind = Kind::scaled("ec2.images", 10);
const TEMPLATES: Kind = Kind::scaled("ec2.launch_templates", 15);
const INSTANCES: Kind = Kind::scaled("ec2.instances", 100);

pub const GENERATOR: Generator = Generator {
    kinds: &[
        IMAGES,
        TEMPLATES,
        INSTANCES,
        Kind::fixed("ec2.instance_types"),
        Kind::fixed("ec2.regions"),
    ],
    generate: |g, n| ec2(g, n[IMAGES], n[TEMPLATES], n[INSTANCES]),
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

/// Images (half require IMDSv2), launch templates with versions that set
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
        ec2.images.push(de(
            json!({"region": REGIONS[r], "image_id": id, "imds_support": support}),
        ));
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
    for i in 0..n_instances {
        let r = g.region();
        let region = REGIONS[r];
        let id = format!("i-{i:017x}");
        let state = match g.rng.pct() {
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
            "subnet_id": format!("subnet-{:08x}", i % 64), "tags": tags
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
    for (region, d) in REGIONS.iter().zip(defaults) {
        ec2.regions
            .push(de(json!({"region": region, "metadata_defaults": d})));
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
