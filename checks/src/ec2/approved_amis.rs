//! ## What it checks
//!
//! EC2 instances, and the launch template versions Auto Scaling groups
//! launch from, use approved and recent AMIs. The approved set is the union
//! of: the AMI ids in `approved_ami_ids`; AMIs tagged `approved=true`; AMIs
//! owned by an account in `approved_ami_owners`; and the AMIs held by the
//! SSM parameters in `approved_ami_parameters` (looked up in the region of
//! the instance or template).
//!
//! - **Instances** (all but `terminated` and `shutting-down`, which SKIP):
//!   PASS when the AMI is approved; FAIL when it is not; FAIL when
//!   `DescribeImages` does not return it (deregistered, or no longer shared
//!   with the account: unknown provenance) and it is not in
//!   `approved_ami_ids`.
//! - **Launch templates Auto Scaling groups use**: one finding per template
//!   covering every version in use (`$Default`, `$Latest` or pinned), each
//!   judged like an instance's AMI. A version whose `ImageId` is
//!   `resolve:ssm:NAME` is approved when NAME is an approved parameter, and
//!   otherwise judged by the AMI the parameter holds. Templates no group
//!   uses SKIP; a group whose template is not in the inventory is ERROR.
//! - Advisory (FAIL at low): an AMI whose `CreationDate` is more than
//!   `max_ami_age_days` before the scan.
//! - ERROR: an AMI that cannot be looked up (the AMIs could not be read in
//!   the region, a template's versions could not be read, an AMI resolved
//!   from a parameter whose value is unknown), or an AMI that is approved by
//!   nothing else while an approved parameter's value could not be read.
//!
//! Launch configurations are not judged (their AMIs are not collected). The
//! parameters are the account's own Parameter Store parameters: a public
//! AWS parameter (`/aws/service/…`) is not read, so approve its AMIs by
//! owner (`approved_ami_owners`, e.g. Amazon's account) instead.
//!
//! ## Why it matters
//!
//! A hardened, patched "golden" AMI is the baseline every instance should
//! start from; an instance launched from an unapproved or stale image skips
//! the hardening and the patch baseline, and an image that is no longer
//! registered cannot be traced back to how it was built (notes 001 › ## AWS
//! Config Aggregator › Use Case: a custom rule that finds instances not
//! launched from a recent, approved shared AMI; notes 001 › ## Systems
//! Manager Patch Management & Custom Baselines: instances launch from the
//! latest hardened AMI).
//!
//! ## How to fix
//!
//! Build AMIs in a pipeline (EC2 Image Builder), tag the released ones
//! `approved=true` (or publish their ids to an SSM parameter), point launch
//! templates at the parameter (`resolve:ssm:/golden/web`), and roll
//! instances onto new AMIs regularly (an instance refresh).
//!
//! - **Console**: EC2 › AMIs › the image › Tags › add `approved=true`; EC2 › Launch templates › the template › Modify template (Create new version) › Application and OS Images › the approved AMI (or "Specify custom value" `resolve:ssm:/golden/web`), set it as the default; EC2 › Auto Scaling groups › the group › Instance refresh.
//! - **CLI**: `aws ec2 create-tags --resources ami-0123456789abcdef0 --tags Key=approved,Value=true`; `aws ec2 create-launch-template-version --launch-template-id LT --source-version 3 --launch-template-data '{"ImageId":"resolve:ssm:/golden/web"}'`; `aws autoscaling start-instance-refresh --auto-scaling-group-name GROUP`.
//! - **CloudFormation**: `ImageId: resolve:ssm:/golden/web` in `AWS::EC2::LaunchTemplate` `LaunchTemplateData`, or a parameter of type `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>`; an `AWS::SSM::Parameter` with `DataType: aws:ec2:image` that the image pipeline updates.
//!
//! ## References
//!
//! - Study notes: 001 › ## AWS Config Aggregator › Use Case; 001 › ## Systems Manager Patch Management & Custom Baselines.
//! - AWS: "Find an AMI", "Deregister an AMI" and "Use a Systems Manager parameter instead of an AMI ID" (EC2 User Guide); "Native parameter support for Amazon Machine Image IDs" (Systems Manager User Guide).
//! - AWS Config managed rules `approved-amis-by-id` and `approved-amis-by-tag`; Prowler has no equivalent.

use super::group_templates::{template_uses, unused, versions_in_use, Use};
use crate::engine::{timestamp, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::autoscaling;
use crate::inventory::ec2::{self, is_image_id, Image, LaunchTemplate};
use crate::inventory::ssm::{self, Parameter};
use crate::settings::{account_ids, patterns, Setting, MAX_AMI_AGE_DAYS};
use chrono::Duration;
use std::collections::{BTreeSet, HashMap};

/// AMI ids approved whatever their tags or owner.
static APPROVED_AMI_IDS: Setting<Vec<String>> = Setting::new(
    "approved_ami_ids",
    "AMI ids (`ami-…`) that are approved; an AMI in this list is approved even when it is deregistered.",
    "[]",
    image_ids,
);

/// Accounts whose AMIs are approved.
static APPROVED_AMI_OWNERS: Setting<Vec<String>> = Setting::new(
    "approved_ami_owners",
    "Account ids (12 digits) of approved AMI publishers: every AMI they own is approved.",
    "[]",
    account_ids,
);

/// SSM parameters that hold approved AMI ids.
static APPROVED_AMI_PARAMETERS: Setting<Vec<String>> = Setting::new(
    "approved_ami_parameters",
    "Names of the account's SSM parameters (`/golden/web`) whose value is an approved AMI id, in the region of the resource that uses it.",
    "[]",
    patterns,
);

pub static CHECK: Check = Check {
    id: "ec2-approved-amis",
    title: "Instances and launch templates use recent, approved AMIs",
    service: "ec2",
    severity: Severity::Medium,
    section: "001 › ## AWS Config Aggregator › Use Case",
    catalog: "SEC-05",
    reads: &[
        ec2::INSTANCES,
        ec2::LAUNCH_TEMPLATES,
        ec2::LAUNCH_TEMPLATE_VERSIONS,
        ec2::IMAGES,
        autoscaling::GROUPS,
        ssm::PARAMETERS,
        ssm::PARAMETER_VALUES,
    ],
    tolerates: &[ssm::PARAMETERS],
    settings: &[
        &APPROVED_AMI_IDS,
        &APPROVED_AMI_OWNERS,
        &APPROVED_AMI_PARAMETERS,
        &MAX_AMI_AGE_DAYS,
    ],
    config_rule: Some("approved-amis-by-id"),
    prowler: None,
    source: include_str!("approved_amis.rs"),
    run,
};

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
fn image_ids(v: &Vec<String>) -> Result<(), String> {
    match v.iter().find(|id| !is_image_id(id)) {
        Some(bad) => Err(format!(
            "expected AMI ids (ami- and 8 or 17 hex digits), got {bad:?}"
        )),
        None => Ok(()),
    }
}

fn run(ctx: &Context, em: &mut Emitter) {
    let approval = Approval::new(ctx);
    for instance in &ctx.ec2().instances {
        if matches!(instance.state.as_str(), "terminated" | "shutting-down") {
            em.skip(instance, format!("instance is {}", instance.state));
            continue;
        }
        let mut v = Verdict::new();
        let pass = match &instance.image_id {
            Some(ami) => approval.judge(&instance.region, ami, "", &mut v),
            None => {
                v.error_reason("the instance reports no AMI");
                String::new()
            }
        };
        v.emit(em, instance, pass);
    }
    let uses = template_uses(ctx, em, "its AMI is unknown");
    for template in &ctx.ec2().launch_templates {
        match uses.get(template.arn.as_str()) {
            Some(used) => judge_template(&approval, template, used, em),
            None => unused(ctx, template, em),
        }
    }
}

fn judge_template(approval: &Approval, template: &LaunchTemplate, uses: &[Use], em: &mut Emitter) {
    let mut v = Verdict::new();
    let Some(versions) = versions_in_use(template, uses, &mut v) else {
        return v.emit(em, template, "");
    };
    let mut passes = Vec::new();
    for (label, version) in versions {
        let label = format!("{label}: ");
        match &version.image_id {
            Some(ami) => passes.push(format!(
                "{label}{}",
                approval.judge(&template.region, ami, &label, &mut v)
            )),
            None => v.error_reason(format!("{label}sets no AMI")),
        }
    }
    v.emit(
        em,
        template,
        format!(
            "every version Auto Scaling groups use launches from an approved AMI: {}",
            passes.join("; ")
        ),
    );
}

/// The approved set, built once per run.
struct Approval<'a> {
    ctx: &'a Context<'a>,
    ids: BTreeSet<String>,
    owners: BTreeSet<String>,
    parameters: Vec<String>,
    max_age_days: i64,
    /// AMIs by (region, id).
    images: HashMap<(&'a str, &'a str), &'a Image>,
    /// Parameters by (region, name) and (region, ARN).
    by_name: HashMap<(&'a str, &'a str), &'a Parameter>,
}

impl<'a> Approval<'a> {
    fn new(ctx: &'a Context<'a>) -> Approval<'a> {
        let mut images = HashMap::new();
        for i in &ctx.ec2().images {
            images
                .entry((i.region.as_str(), i.image_id.as_str()))
                .or_insert(i);
        }
        let by_name = ctx
            .ssm()
            .parameters
            .iter()
            .flat_map(|p| {
                [
                    ((p.region.as_str(), p.name.as_str()), p),
                    ((p.region.as_str(), p.arn.as_str()), p),
                ]
            })
            .collect();
        Approval {
            ctx,
            ids: ctx.setting(&APPROVED_AMI_IDS).into_iter().collect(),
            owners: ctx.setting(&APPROVED_AMI_OWNERS).into_iter().collect(),
            parameters: ctx.setting(&APPROVED_AMI_PARAMETERS),
            max_age_days: ctx.setting(&MAX_AMI_AGE_DAYS),
            images,
            by_name,
        }
    }

    /// Judges the AMI `spec` (an id, or `resolve:ssm:NAME`) used in
    /// `region` into `v`, each reason prefixed with `label`; returns what
    /// makes it approved, for the PASS reason.
    fn judge(&self, region: &str, spec: &str, label: &str, v: &mut Verdict) -> String {
        let Some(reference) = spec.strip_prefix("resolve:ssm:") else {
            return self.judge_ami(region, spec, label, v);
        };
        // `resolve:ssm:NAME` (or its ARN), optionally `:VERSION` or `:LABEL`.
        let name = reference
            .rsplit_once(':')
            .filter(|(_, version)| !version.contains('/'))
            .map_or(reference, |(name, _)| name);
        if self.parameters.iter().any(|p| p == name) {
            return format!("AMI resolved at launch from approved parameter {name}");
        }
        match self.parameter_ami(region, name) {
            Ok(ami) => self.judge_ami(region, ami, label, v),
            Err(why) => {
                v.error_reason(format!(
                    "{label}the AMI is resolved at launch from SSM parameter {name}, which is not in approved_ami_parameters, and {why}"
                ));
                String::new()
            }
        }
    }

    /// The AMI id parameter `name` holds in `region`, or why it is unknown.
    fn parameter_ami(&self, region: &str, name: &str) -> Result<&'a str, String> {
        if let Some(e) = self.ctx.unreadable(ssm::PARAMETERS, region) {
            return Err(format!("SSM parameters could not be read in {region}: {e}"));
        }
        let Some(p) = self.by_name.get(&(region, name)) else {
            return Err(format!("the parameter does not exist in {region}"));
        };
        match p.value.known() {
            Err(e) => Err(format!("its value could not be read: {e}")),
            Ok(_) => p
                .image_id
                .as_deref()
                .ok_or_else(|| "its value is not an AMI id".to_string()),
        }
    }

    fn judge_ami(&self, region: &str, ami: &str, label: &str, v: &mut Verdict) -> String {
        let listed = self.ids.contains(ami);
        let image = self
            .images
            .get(&(region, ami))
            .filter(|i| i.state.as_deref() != Some("deregistered"));
        let Some(image) = image else {
            if let Some(e) = self.ctx.unreadable(ec2::IMAGES, region) {
                v.error_reason(format!("{label}AMI {ami} could not be looked up: {e}"));
            } else if listed {
                v.note(format!(
                    "{label}AMI {ami} is no longer registered, so its age is unknown"
                ));
            } else {
                v.fail(format!(
                    "{label}AMI {ami} is deregistered or no longer shared with this account (DescribeImages does not return it) and is not in approved_ami_ids: unknown provenance"
                ));
            }
            return format!("AMI {ami} is in approved_ami_ids");
        };
        let named = match &image.name {
            Some(n) => format!("AMI {ami} ({n})"),
            None => format!("AMI {ami}"),
        };
        if let Some(created) = image.creation_date {
            let age = (self.ctx.now - created).num_days();
            if self.ctx.now - created > Duration::days(self.max_age_days) {
                v.warn(format!(
                    "{label}{named} was created {} ({age} days ago), more than max_ami_age_days ({})",
                    timestamp(&created),
                    self.max_age_days
                ));
            }
        }
        let owner = image.owner_id.as_deref();
        let why = if listed {
            Some("in approved_ami_ids".to_string())
        } else if image.tags.get("approved").is_some_and(|t| t == "true") {
            Some("tagged approved=true".to_string())
        } else if let Some(o) = owner.filter(|o| self.owners.contains(*o)) {
            Some(format!("owned by approved publisher {o}"))
        } else {
            self.approving_parameter(region, ami)
                .map(|p| format!("the value of approved parameter {p}"))
        };
        match why {
            Some(why) => format!("{named} is approved ({why})"),
            None => {
                let unknown = self.unknown_parameters(region);
                let not = format!(
                    "{label}{named} is not approved: not in approved_ami_ids, not tagged approved=true, owner {} is not in approved_ami_owners{}",
                    owner.unwrap_or("(not reported)"),
                    if self.parameters.is_empty() {
                        ""
                    } else {
                        ", and no approved parameter holds it"
                    }
                );
                if unknown.is_empty() {
                    v.fail(not);
                } else {
                    v.error_reason(format!(
                        "{not} as far as could be read: {}",
                        unknown.join("; ")
                    ));
                }
                String::new()
            }
        }
    }

    /// The approved parameter that holds `ami` in `region`, if any.
    fn approving_parameter(&self, region: &str, ami: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|name| self.parameter_ami(region, name) == Ok(ami))
            .map(String::as_str)
    }

    /// Why the values of approved parameters in `region` are unknown (the
    /// listing failed, or a value could not be read).
    fn unknown_parameters(&self, region: &str) -> Vec<String> {
        if self.parameters.is_empty() {
            return Vec::new();
        }
        if let Some(e) = self.ctx.unreadable(ssm::PARAMETERS, region) {
            return vec![format!("SSM parameters could not be read in {region}: {e}")];
        }
        self.parameters
            .iter()
            .filter_map(|name| {
                let p = self.by_name.get(&(region, name.as_str()))?;
                let e = p.value.known().err()?;
                Some(format!(
                    "the value of parameter {name} could not be read: {e}"
                ))
            })
            .collect()
    }
}
