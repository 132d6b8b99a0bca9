//! ## What it checks
//!
//! EC2 instances, and the launch templates and launch configurations Auto
//! Scaling groups launch from, require IMDSv2 (`HttpTokens=required`).
//!
//! - **Instances** (all but `terminated` and `shutting-down`, which SKIP):
//!   PASS when `HttpTokens=required` or the metadata endpoint is disabled
//!   (`HttpEndpoint=disabled`); FAIL when `HttpTokens=optional`; ERROR when
//!   the metadata options were not reported.
//! - **Launch templates referenced by an Auto Scaling group**: the version each
//!   group uses is resolved (`$Default` and `$Latest` through the template's
//!   default and latest version numbers, or the pinned number) and judged.
//!   One finding per template covers every version in use, naming the groups.
//!   A version PASSes with `HttpTokens=required` or the endpoint disabled, and
//!   FAILs with `HttpTokens=optional`. When `HttpTokens` is **not set**, the
//!   instance takes the account default: FAIL, unless the account default in
//!   the region (`GetInstanceMetadataDefaults`) is `required` **and** the AMI
//!   has `ImdsSupport=v2.0`, in which case it is advisory (the protection
//!   lives outside the template). ERROR when the default or the AMI cannot be
//!   read (e.g. an AMI resolved from an SSM parameter at launch), when the
//!   version is not in the inventory, or a group names a version that is not
//!   one. Templates no group uses are SKIP.
//! - **Launch configurations** of Auto Scaling groups are judged like a
//!   template version (one finding per launch configuration).
//! - Advisory (FAIL at low), for all of them: `HttpPutResponseHopLimit` above
//!   2 (container hosts need 2; more lets tokens travel further than needed).
//! - A group whose launch template is not in the inventory is ERROR on the
//!   group.
//!
//! ## Why it matters
//!
//! IMDSv1 answers any local HTTP GET, so a server-side request forgery flaw is
//! enough to steal the instance role's credentials; IMDSv2's session token
//! blocks that. Default Host Management Configuration also only works on
//! instances with IMDSv2 (notes 000 › Configuration Management and IaC › "SSM
//! default host management configuration (DHMC)").
//!
//! ## How to fix
//!
//! Require IMDSv2 on running instances, in every launch template version that
//! groups use, and as the account default in each region; check first that
//! the software on the instances uses IMDSv2 (the `MetadataNoToken` CloudWatch
//! metric counts IMDSv1 calls).
//!
//! - **Console**: EC2 › the instance › Actions › Instance settings › Modify instance metadata options › IMDSv2 Required; for a template, create a new version with Advanced details › Metadata version › V2 only, and make it the default; EC2 Dashboard › Account attributes › Data protection and security › IMDS defaults.
//! - **CLI**: `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required --http-endpoint enabled`; `aws ec2 create-launch-template-version --launch-template-id LT --source-version 3 --launch-template-data '{"MetadataOptions":{"HttpTokens":"required","HttpPutResponseHopLimit":2}}'` then `aws ec2 modify-launch-template --launch-template-id LT --default-version 4`; `aws ec2 modify-instance-metadata-defaults --http-tokens required`.
//! - **CloudFormation**: `MetadataOptions: {HttpTokens: required, HttpPutResponseHopLimit: 2}` in `AWS::EC2::LaunchTemplate` `LaunchTemplateData` (or `AWS::EC2::Instance` through a launch template; `MetadataOptions` on `AWS::AutoScaling::LaunchConfiguration`).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM default host management configuration (DHMC)".
//! - AWS: "Use IMDSv2", "Configure the Instance Metadata Service options" and "Order of precedence for instance metadata options" (EC2 User Guide).
//! - AWS Config managed rules `ec2-imdsv2-check` and `autoscaling-launchconfig-requires-imdsv2`; Prowler `ec2_instance_imdsv2_enabled`.

use super::group_templates::{template_uses, unused, versions_in_use, Use};
use crate::engine::Severity;
use crate::engine::{Check, Context, Emitter, Subject, Verdict};
use crate::inventory::autoscaling::LaunchConfiguration;
use crate::inventory::ec2::{Image, Instance, LaunchTemplate, MetadataOptions};
use crate::inventory::{autoscaling, ec2};
use std::collections::{BTreeMap, HashMap};

pub static CHECK: Check = Check {
    id: "ec2-imdsv2-required",
    title: "Instances and launch templates require IMDSv2",
    service: "ec2",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"SSM default host management configuration (DHMC)\"",
    catalog: "IAC-16",
    reads: &[
        ec2::INSTANCES,
        ec2::LAUNCH_TEMPLATES,
        ec2::LAUNCH_TEMPLATE_VERSIONS,
        ec2::IMAGES,
        ec2::METADATA_DEFAULTS,
        autoscaling::GROUPS,
        autoscaling::LAUNCH_CONFIGURATIONS,
    ],
    tolerates: &[],
    settings: &[],
    config_rule: Some("ec2-imdsv2-check"),
    prowler: Some("ec2_instance_imdsv2_enabled"),
    source: include_str!("imdsv2_required.rs"),
    run,
};

/// The highest hop limit that is not excessive (container hosts need 2).
const MAX_HOP_LIMIT: i64 = 2;

fn run(ctx: &Context, em: &mut Emitter) {
    for instance in &ctx.ec2().instances {
        judge_instance(instance, em);
    }
    let uses = template_uses(ctx, em, "its metadata options are unknown");
    let mut images: Images = HashMap::new();
    for i in &ctx.ec2().images {
        images.entry((&i.region, &i.image_id)).or_insert(i);
    }
    for template in &ctx.ec2().launch_templates {
        match uses.get(template.arn.as_str()) {
            Some(used) => judge_template(ctx, &images, template, used, em),
            None => unused(ctx, template, em),
        }
    }
    judge_launch_configurations(ctx, &images, em);
}

/// AMIs by (region, image id): the first listed.
type Images<'a> = HashMap<(&'a str, &'a str), &'a Image>;

fn judge_instance(instance: &Instance, em: &mut Emitter) {
    if matches!(instance.state.as_str(), "terminated" | "shutting-down") {
        return em.skip(instance, format!("instance is {}", instance.state));
    }
    let mut v = Verdict::new();
    let opts = &instance.metadata_options;
    if judge_options(opts, "", &mut v) == Tokens::Unset {
        v.error_reason("the instance's HttpTokens setting was not reported");
    }
    v.emit(em, instance, pass_reason(opts));
}

fn pass_reason(opts: &MetadataOptions) -> &'static str {
    if endpoint_disabled(opts) {
        "instance metadata endpoint disabled (HttpEndpoint=disabled)"
    } else {
        "IMDSv2 required (HttpTokens=required)"
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Tokens {
    /// Judged from what is set.
    Judged,
    /// `HttpTokens` not set: the caller decides what that means.
    Unset,
}

/// Judges explicit metadata options into `v`, each reason prefixed with `label`.
fn judge_options(opts: &MetadataOptions, label: &str, v: &mut Verdict) -> Tokens {
    if endpoint_disabled(opts) {
        return Tokens::Judged;
    }
    if let Some(hops) = opts
        .http_put_response_hop_limit
        .filter(|h| *h > MAX_HOP_LIMIT)
    {
        v.warn(format!(
            "{label}HttpPutResponseHopLimit={hops} is more than {MAX_HOP_LIMIT} (container hosts need 2; more lets the token travel further than needed)"
        ));
    }
    match opts.http_tokens.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("required") => {}
        Some(t) if t.eq_ignore_ascii_case("optional") => {
            v.fail(format!("{label}HttpTokens=optional: IMDSv1 is allowed"))
        }
        Some(other) => v.error_reason(format!("{label}unrecognised HttpTokens value {other}")),
        None => return Tokens::Unset,
    }
    Tokens::Judged
}

fn endpoint_disabled(opts: &MetadataOptions) -> bool {
    opts.http_endpoint
        .as_deref()
        .is_some_and(|e| e.eq_ignore_ascii_case("disabled"))
}

/// A launch specification (template version or launch configuration) whose
/// `HttpTokens` is not set: the account default and the AMI decide.
fn judge_unset(
    ctx: &Context,
    images: &Images,
    region: &str,
    image_id: Option<&str>,
    label: &str,
    v: &mut Verdict,
) {
    let unset = format!("{label}HttpTokens is not set");
    let Some(defaults) = ctx.ec2().regions.iter().find(|r| r.region == region) else {
        return v.error_reason(format!(
            "{unset}, and the account's metadata defaults in {region} were not collected"
        ));
    };
    let default_required = match defaults.metadata_defaults.known() {
        Err(e) => {
            return v.error_reason(format!(
                "{unset}, and the account's metadata defaults could not be read: {e}"
            ))
        }
        Ok(d) => d
            .and_then(|d| d.http_tokens.as_deref())
            .is_some_and(|t| t.eq_ignore_ascii_case("required")),
    };
    if !default_required {
        return v.fail(format!(
            "{unset} and the account default in {region} does not require IMDSv2"
        ));
    }
    match ami_requires_v2(images, region, image_id) {
        Ok((ami, true)) => v.warn(format!(
            "{unset}: IMDSv2 comes only from the account default in {region} (required) and AMI {ami} (ImdsSupport v2.0); set HttpTokens=required in the launch specification"
        )),
        Ok((ami, false)) => v.fail(format!(
            "{unset}; the account default requires IMDSv2 but AMI {ami} does not have ImdsSupport v2.0"
        )),
        Err(why) => v.error_reason(format!(
            "{unset}; the account default requires IMDSv2 but {why}"
        )),
    }
}

/// `(ami, ImdsSupport is v2.0)`, or why the AMI cannot be judged.
fn ami_requires_v2<'a>(
    images: &Images,
    region: &str,
    image_id: Option<&'a str>,
) -> Result<(&'a str, bool), String> {
    let Some(ami) = image_id else {
        return Err("the launch specification names no AMI to check for ImdsSupport v2.0".into());
    };
    if ami.starts_with("resolve:ssm:") {
        return Err(format!(
            "the AMI comes from SSM parameter {ami} at launch, so its ImdsSupport is unknown"
        ));
    }
    match images.get(&(region, ami)) {
        Some(image) => Ok((ami, image.imds_support.as_deref() == Some("v2.0"))),
        None => Err(format!(
            "AMI {ami} is not in the inventory, so its ImdsSupport is unknown"
        )),
    }
}

fn judge_template(
    ctx: &Context,
    images: &Images,
    template: &LaunchTemplate,
    uses: &[Use],
    em: &mut Emitter,
) {
    let mut v = Verdict::new();
    let Some(versions) = versions_in_use(template, uses, &mut v) else {
        return v.emit(em, template, "");
    };
    let mut labels = Vec::new();
    for (label, version) in versions {
        let opts = version.metadata_options.clone().unwrap_or_default();
        if judge_options(&opts, &format!("{label}: "), &mut v) == Tokens::Unset {
            judge_unset(
                ctx,
                images,
                &template.region,
                version.image_id.as_deref(),
                &format!("{label}: "),
                &mut v,
            );
        }
        labels.push(label);
    }
    v.emit(
        em,
        template,
        format!(
            "IMDSv2 required in every version Auto Scaling groups use: {}",
            labels.join(", ")
        ),
    );
}

fn judge_launch_configurations(ctx: &Context, images: &Images, em: &mut Emitter) {
    let mut configs: BTreeMap<&str, (&LaunchConfiguration, Subject, Vec<&str>)> = BTreeMap::new();
    for group in &ctx.autoscaling().groups {
        if let Some(lc) = &group.launch_configuration {
            configs
                .entry(lc.arn.as_str())
                .or_insert_with(|| (lc, Subject::arn(&lc.arn, &group.region), Vec::new()))
                .2
                .push(&group.name);
        }
    }
    for (lc, subject, groups) in configs.values() {
        let label = format!(
            "launch configuration {} (used by {}): ",
            lc.name,
            groups.join(", ")
        );
        let mut v = Verdict::new();
        let opts = lc.metadata_options.clone().unwrap_or_default();
        if judge_options(&opts, &label, &mut v) == Tokens::Unset {
            judge_unset(
                ctx,
                images,
                &subject.region,
                lc.image_id.as_deref(),
                &label,
                &mut v,
            );
        }
        v.emit(em, subject, format!("{label}IMDSv2 required"));
    }
}
