//! Auto Scaling: groups launching from launch templates or launch
//! configurations.

use super::ec2::{image, metadata, LaunchTemplates};
use super::fixture::{de, uuid};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const GROUPS: Kind = Kind::scaled("autoscaling.groups", 20);

pub const GENERATOR: Generator = Generator {
    kinds: &[GROUPS],
    generate: |g, n| autoscaling(g, n[GROUPS]),
};

/// Groups launching from templates (`$Default`, `$Latest`, pinned, a
/// bogus version, a missing template) or launch configurations.
fn autoscaling(g: &mut Gen, n: usize) {
    let mut asg = awscheck_checks::inventory::autoscaling::AutoScaling::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("asg-{i:05}");
        let (template, config) = match g.rng.pct() {
            0..=74 if !g.made.of::<LaunchTemplates>().0[r].is_empty() => {
                let id = g.rng.pick(&g.made.of::<LaunchTemplates>().0[r]).clone();
                let version = *g
                    .rng
                    .pick(&["$Default", "$Default", "$Latest", "1", "latest"]);
                (json!({"id": id, "version": version}), Value::Null)
            }
            75..=77 => (
                json!({"id": format!("lt-gone{i:012x}"), "version": "$Default"}),
                Value::Null,
            ),
            78..=97 => {
                let opts = if g.rng.chance(30) {
                    Value::Null
                } else {
                    metadata(g)
                };
                let image = image(g, r);
                let lc = format!("lc-{}", i % (n / 4 + 1));
                (
                    Value::Null,
                    json!({
                        "arn": format!("arn:aws:autoscaling:{region}:{ACCOUNT}:launchConfiguration:{}:launchConfigurationName/{lc}", uuid(i, 0x1c)),
                        "name": lc, "image_id": image, "metadata_options": opts
                    }),
                )
            }
            _ => (Value::Null, Value::Null),
        };
        let tags = g.env_tags();
        asg.groups.push(de(json!({
            "arn": format!("arn:aws:autoscaling:{region}:{ACCOUNT}:autoScalingGroup:{}:autoScalingGroupName/{name}", uuid(i, 0xa5)),
            "region": region, "account_id": ACCOUNT, "name": name,
            "launch_template": template, "launch_configuration": config, "tags": tags
        })));
    }
    g.acct.autoscaling = Some(asg);
}
