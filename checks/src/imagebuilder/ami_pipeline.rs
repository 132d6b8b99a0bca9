//! ## What it checks
//!
//! Golden AMIs are built by EC2 Image Builder on a schedule, their newest
//! build is recent, its id is tracked in Parameter Store, and the launch
//! templates Auto Scaling groups use do not stay on older AMIs.
//!
//! Each AMI pipeline (pipelines building container images, and `DISABLED`
//! pipelines, SKIP):
//!
//! - FAIL when it is `ENABLED` with no `Schedule.ScheduleExpression` and no
//!   external trigger: no enabled EventBridge rule (on any bus, on a
//!   schedule or on events) targets the pipeline. With the setting
//!   `allow_manual` this is an advisory instead. ERROR when EventBridge
//!   could not be read in the pipeline's region, or a rule's targets could
//!   not be read there, and no rule is known to start it.
//! - Advisory when its newest `AVAILABLE` image was built more than
//!   `max_ami_age_days` before the scan, or when it has produced no
//!   available image although it was created more than `max_ami_age_days`
//!   ago. ERROR when its images could not be listed.
//! - Advisory when its distribution configuration writes no SSM parameter
//!   (`SsmParameterConfigurations`, or no distribution configuration at
//!   all) and no downstream parameter exists: no Parameter Store parameter
//!   of the account holds one of the newest image's AMIs in the AMI's
//!   region. ERROR when the distribution configuration could not be read,
//!   or, lacking a parameter, when the images, the parameters or a
//!   parameter's value could not be read where they could hold it.
//!
//! Each launch template an Auto Scaling group launches from (the versions
//! in use: `$Default`, `$Latest` or pinned), in a region a pipeline's newest
//! image distributed an AMI of this account to:
//!
//! - Advisory when a version's `ImageId` is a literal AMI id (not
//!   `resolve:ssm:<parameter>`) whose `CreationDate` is before the newest
//!   pipeline image was built, or an AMI that is no longer registered. An
//!   AMI a pipeline built (its newest image's or an earlier image's output)
//!   is compared with that pipeline's newest image, so that separate golden
//!   images (web, worker) are not compared with each other; any other AMI
//!   with the newest image of any pipeline in the region.
//! - PASS when every version resolves its AMI from a parameter, or
//!   launches the newest AMI or one at least as new.
//! - SKIP when no pipeline image reaches the template's region, or no
//!   group uses the template; ERROR when a version or its AMI cannot be
//!   looked up, or when a pipeline whose images could not be read (or
//!   Image Builder in a region that could not be read) may distribute
//!   there and nothing older was found.
//!
//! EventBridge Scheduler schedules, Lambda functions or CI jobs calling
//! `StartImagePipelineExecution` are not seen as triggers: use
//! `allow_manual` where pipelines are started that way.
//!
//! ## Why it matters
//!
//! A hand-built AMI drifts from the patch baseline: Image Builder rebuilds
//! golden images on a schedule, publishes them to regions and accounts,
//! and tracks the latest AMI id in Parameter Store so that launch templates
//! and Auto Scaling groups pick it up (notes 000 › ## SDLC Automation ›
//! EC2 image builder, EC2 image builder - extra; notes 001 › ## Systems
//! Manager Patch Management & Custom Baselines › Scenario: the Auto
//! Scaling group launches the latest hardened AMI).
//!
//! ## How to fix
//!
//! Give the pipeline a schedule, add an SSM parameter to each region of
//! its distribution configuration, and point launch templates at the
//! parameter.
//!
//! - **Console**: EC2 Image Builder › Image pipelines › the pipeline › Edit › Build schedule › Schedule builder or CRON expression; Distribution settings › the region › SSM parameter configurations › the parameter name (e.g. `/golden/web`); EC2 › Launch templates › Modify template (Create new version) › AMI › Specify custom value `resolve:ssm:/golden/web`, set as default.
//! - **CLI**: `aws imagebuilder update-image-pipeline --image-pipeline-arn ARN --schedule scheduleExpression='cron(0 4 ? * sun *)' …`; `aws imagebuilder update-distribution-configuration --distribution-configuration-arn ARN --distributions '[{"region":"us-east-1","amiDistributionConfiguration":{},"ssmParameterConfigurations":[{"parameterName":"/golden/web","dataType":"aws:ec2:image"}]}]'`; `aws ec2 create-launch-template-version --launch-template-id LT --source-version 3 --launch-template-data '{"ImageId":"resolve:ssm:/golden/web"}'`.
//! - **CloudFormation**: `AWS::ImageBuilder::ImagePipeline` `Schedule.ScheduleExpression`; `AWS::ImageBuilder::DistributionConfiguration` `Distributions[].SsmParameterConfigurations`; `ImageId: resolve:ssm:/golden/web` in `AWS::EC2::LaunchTemplate` `LaunchTemplateData`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › EC2 image builder, EC2 image builder - extra; 001 › ## Systems Manager Patch Management & Custom Baselines › Scenario.
//! - AWS: "Schedule a pipeline build" and "Configure AMI distribution with SSM parameters" (EC2 Image Builder User Guide); "Use a Systems Manager parameter instead of an AMI ID" (EC2 User Guide).
//! - AWS Config managed rule: none (related: `approved-amis-by-id`, `approved-amis-by-tag`, see `ec2-approved-amis`). Prowler: none.

use crate::ec2::group_templates::{template_uses, unused, versions_in_use};
use crate::engine::{name_list, timestamp, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ec2::{self, Image, LaunchTemplate};
use crate::inventory::imagebuilder::{self, OutputAmi, Pipeline};
use crate::inventory::{autoscaling, events, ssm};
use crate::judge::started_by::Starters;
use crate::settings::{Setting, MAX_AMI_AGE_DAYS};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;

/// A pipeline with neither schedule nor trigger is an advisory, not a FAIL.
static ALLOW_MANUAL: Setting<bool> = Setting::new(
    "allow_manual",
    "An ENABLED pipeline with no schedule and no EventBridge rule starting it is an advisory instead of a FAIL (pipelines started by hand or by other tooling).",
    "false",
    crate::settings::any,
);

pub static CHECK: Check = Check {
    id: "imagebuilder-ami-pipeline",
    title: "Golden AMIs are built on a schedule, distributed, and tracked in Parameter Store",
    service: "imagebuilder",
    severity: Severity::Low,
    section: "000 › ## SDLC Automation › EC2 image builder",
    catalog: "SDLC-23",
    reads: &[
        imagebuilder::PIPELINES,
        imagebuilder::DISTRIBUTION,
        imagebuilder::NEWEST_IMAGE,
        events::BUSES,
        events::RULES,
        events::TARGETS,
        ssm::PARAMETERS,
        ssm::PARAMETER_VALUES,
        ec2::LAUNCH_TEMPLATES,
        ec2::LAUNCH_TEMPLATE_VERSIONS,
        ec2::IMAGES,
        autoscaling::GROUPS,
    ],
    tolerates: &[],
    settings: &[&ALLOW_MANUAL, &MAX_AMI_AGE_DAYS],
    config_rule: None,
    prowler: None,
    source: include_str!("ami_pipeline.rs"),
    run,
};

/// The start condition under which a scheduled run builds only when a
/// dependency has a newer version.
const ON_UPDATES: &str = "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE";

fn run(ctx: &Context, em: &mut Emitter) {
    let allow_manual = ctx.setting(&ALLOW_MANUAL);
    let max_age = Duration::days(ctx.setting(&MAX_AMI_AGE_DAYS));
    let starters = Starters::new(ctx, |_| true);
    let parameters = Parameters::new(ctx);
    let pipelines: Vec<&Pipeline> = ctx
        .imagebuilder()
        .pipelines
        .iter()
        .filter(|p| !p.container)
        .collect();
    for p in &ctx.imagebuilder().pipelines {
        if p.container {
            em.skip(p, "builds container images, not AMIs");
        } else if p.status != "ENABLED" {
            em.skip(p, format!("pipeline is {}: it builds no images", p.status));
        } else {
            let mut v = Verdict::new();
            let mut passes = vec![trigger(ctx, &starters, p, allow_manual, &mut v)];
            passes.extend(freshness(ctx, p, max_age, &mut v));
            passes.extend(tracking(ctx, &parameters, p, &mut v));
            v.emit(em, p, passes.join("; "));
        }
    }
    let newest = Newest::new(ctx, &pipelines);
    let uses = template_uses(ctx, em, "its AMI is unknown");
    for template in &ctx.ec2().launch_templates {
        match uses.get(template.arn.as_str()) {
            Some(used) => judge_template(ctx, &newest, template, used, em),
            None => unused(ctx, template, em),
        }
    }
}

/// What starts the pipeline: its schedule, or an enabled EventBridge rule.
fn trigger(
    ctx: &Context,
    starters: &Starters,
    p: &Pipeline,
    allow_manual: bool,
    v: &mut Verdict,
) -> String {
    if let Some(expression) = &p.schedule_expression {
        if p.start_condition.as_deref() == Some(ON_UPDATES) {
            v.note("a scheduled run builds only when a component or the base image has a newer version");
        }
        return format!("built on the schedule {expression}");
    }
    let rules: Vec<&str> = starters
        .of(&p.arn)
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    if !rules.is_empty() {
        return format!("started by EventBridge rule(s) {}", name_list(&rules));
    }
    if ctx.blind("events", &p.region) {
        v.error_reason(format!(
            "the pipeline has no schedule, and EventBridge could not be read in {}, so whether a rule starts it is unknown",
            p.region
        ));
        return String::new();
    }
    let unread = starters.unread(&p.account_id, &p.region);
    if !unread.is_empty() {
        v.error_reason(format!(
            "the pipeline has no schedule and no rule is known to start it, and could not evaluate: {}",
            unread.join("; ")
        ));
        return String::new();
    }
    let why = "ENABLED with no schedule (Schedule.ScheduleExpression) and no enabled EventBridge rule targeting it: golden AMIs are rebuilt only by hand";
    if allow_manual {
        v.warn(format!("{why} (allowed by allow_manual)"));
    } else {
        v.fail(why);
    }
    String::new()
}

/// The age of the newest available image.
fn freshness(ctx: &Context, p: &Pipeline, max_age: Duration, v: &mut Verdict) -> Option<String> {
    let days = max_age.num_days();
    match p.newest_image.known() {
        Err(e) => v.error(e),
        Ok(Some(image)) => {
            let built = timestamp(&image.date_created);
            let age = (ctx.now - image.date_created).num_days();
            if ctx.now - image.date_created > max_age {
                v.warn(format!(
                    "its newest available image {} was built {built} ({age} days ago), more than max_ami_age_days ({days})",
                    image.arn
                ));
            } else {
                return Some(format!("newest image built {built} ({age} days ago)"));
            }
        }
        Ok(None) => match p.date_created {
            Some(created) if ctx.now - created <= max_age => v.note(format!(
                "no available image yet (the pipeline was created {})",
                timestamp(&created)
            )),
            created => v.warn(format!(
                "it has produced no available image{}",
                created.map_or(String::new(), |c| format!(
                    " since it was created {} (more than max_ami_age_days ({days}) ago)",
                    timestamp(&c)
                ))
            )),
        },
    }
    None
}

/// The account's parameters holding an AMI id, by (region, AMI id), and
/// where some could not be read.
struct Parameters<'a> {
    holding: HashMap<(&'a str, &'a str), Vec<&'a str>>,
    /// Region → the parameters whose value could not be read.
    unread: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Parameters<'a> {
    fn new(ctx: &'a Context) -> Parameters<'a> {
        let mut holding: HashMap<(&str, &str), Vec<&str>> = HashMap::new();
        let mut unread: HashMap<&str, Vec<&str>> = HashMap::new();
        for p in &ctx.ssm().parameters {
            if p.value.known().is_err() {
                unread.entry(&p.region).or_default().push(&p.name);
            } else if let Some(ami) = &p.image_id {
                holding.entry((&p.region, ami)).or_default().push(&p.name);
            }
        }
        Parameters { holding, unread }
    }
}

/// Whether the newest AMI id is tracked in Parameter Store.
fn tracking(
    ctx: &Context,
    parameters: &Parameters,
    p: &Pipeline,
    v: &mut Verdict,
) -> Option<String> {
    let distributions = match p.distribution.known() {
        Err(e) => {
            v.error(e);
            return None;
        }
        Ok(d) => d.map_or(&[][..], Vec::as_slice),
    };
    let written: Vec<String> = distributions
        .iter()
        .flat_map(|d| {
            d.ssm_parameters
                .iter()
                .map(move |s| format!("{} ({})", s.name, d.region))
        })
        .collect();
    if !written.is_empty() {
        return Some(format!(
            "its distribution writes the AMI id to SSM parameter(s) {}",
            name_list(&written)
        ));
    }
    let lacks = match &p.distribution_configuration_arn {
        Some(arn) => format!("its distribution configuration {arn} writes no SSM parameter (ssmParameterConfigurations)"),
        None => "it has no distribution configuration, so no SSM parameter is written".to_string(),
    };
    let image = match p.newest_image.known() {
        Err(e) => {
            v.error_reason(format!(
                "{lacks}, and whether a parameter holds its newest AMI is unknown: {e}"
            ));
            return None;
        }
        Ok(image) => image,
    };
    let amis: Vec<_> = image
        .into_iter()
        .flat_map(|i| &i.amis)
        .filter(|a| a.account_id.as_deref().is_none_or(|id| id == p.account_id))
        .collect();
    let mut unknown = Vec::new();
    for ami in &amis {
        if let Some(names) = parameters
            .holding
            .get(&(ami.region.as_str(), ami.image_id.as_str()))
        {
            return Some(format!(
                "SSM parameter(s) {} hold its newest AMI {} ({})",
                name_list(names),
                ami.image_id,
                ami.region
            ));
        }
        if ctx.blind("ssm", &ami.region) {
            unknown.push(format!(
                "SSM parameters could not be read in {}",
                ami.region
            ));
        } else if let Some(names) = parameters.unread.get(ami.region.as_str()) {
            unknown.push(format!(
                "the value of parameter(s) {} in {} could not be read",
                name_list(names),
                ami.region
            ));
        }
    }
    if unknown.is_empty() {
        v.warn(format!(
            "{lacks}, and no SSM parameter holds its newest AMI: the latest golden AMI is not tracked in Parameter Store"
        ));
    } else {
        v.error_reason(format!(
            "{lacks}, and whether a parameter holds its newest AMI is unknown: {}",
            unknown.join("; ")
        ));
    }
    None
}

/// A pipeline's newest image as a template is compared with it.
#[derive(Clone, Copy)]
struct Latest<'a> {
    built: DateTime<Utc>,
    pipeline: &'a str,
    /// Its AMI in the template's region, if it distributed one there.
    ami: Option<&'a str>,
}

/// The newest pipeline image reaching each region, the pipeline each AMI
/// was built by, and what could not be read.
struct Newest<'a> {
    /// Region → the newest image of any pipeline with an AMI there.
    by_region: HashMap<&'a str, Latest<'a>>,
    /// (region, AMI id) → the newest image of the pipeline that built it.
    lineage: HashMap<(&'a str, &'a str), Latest<'a>>,
    /// Pipelines (or regions) whose images could not be read: the regions
    /// they could reach (`None`: any) and why.
    unknown: Vec<(Option<Vec<&'a str>>, String)>,
}

impl<'a> Newest<'a> {
    fn new(ctx: &'a Context, pipelines: &[&'a Pipeline]) -> Newest<'a> {
        let mut by_region: HashMap<&str, Latest> = HashMap::new();
        let mut lineage = HashMap::new();
        let mut unknown = Vec::new();
        for p in pipelines {
            let image = match p.newest_image.known() {
                Ok(Some(image)) => image,
                Ok(None) => continue,
                Err(e) => {
                    let reach = match p.distribution.known() {
                        Ok(Some(d)) => Some(d.iter().map(|d| d.region.as_str()).collect()),
                        Ok(None) => Some(vec![p.region.as_str()]),
                        Err(_) => None,
                    };
                    unknown.push((reach, format!("the images of pipeline {}: {e}", p.name)));
                    continue;
                }
            };
            let own = |a: &&OutputAmi| a.account_id.as_deref().is_none_or(|id| id == p.account_id);
            let in_region = |region: &str| {
                image
                    .amis
                    .iter()
                    .filter(own)
                    .find(|a| a.region == region)
                    .map(|a| a.image_id.as_str())
            };
            for ami in image.amis.iter().chain(&image.earlier_amis).filter(own) {
                let latest = Latest {
                    built: image.date_created,
                    pipeline: &p.name,
                    ami: in_region(&ami.region),
                };
                lineage.insert((ami.region.as_str(), ami.image_id.as_str()), latest);
            }
            for ami in image.amis.iter().filter(own) {
                let latest = Latest {
                    built: image.date_created,
                    pipeline: &p.name,
                    ami: Some(&ami.image_id),
                };
                by_region
                    .entry(&ami.region)
                    .and_modify(|l| {
                        if latest.built > l.built {
                            *l = latest;
                        }
                    })
                    .or_insert(latest);
            }
        }
        for region in &ctx.account.regions {
            if ctx.blind("imagebuilder", region) {
                unknown.push((None, format!("Image Builder could not be read in {region}")));
            }
        }
        Newest {
            by_region,
            lineage,
            unknown,
        }
    }

    /// Why a pipeline image newer than what was found might reach `region`.
    fn unknown_in(&self, region: &str) -> Vec<&str> {
        self.unknown
            .iter()
            .filter(|(reach, _)| reach.as_ref().is_none_or(|r| r.contains(&region)))
            .map(|(_, why)| why.as_str())
            .collect()
    }
}

fn judge_template(
    ctx: &Context,
    newest: &Newest,
    template: &LaunchTemplate,
    uses: &[crate::ec2::group_templates::Use],
    em: &mut Emitter,
) {
    let region = template.region.as_str();
    let unknown = newest.unknown_in(region);
    let Some(&in_region) = newest.by_region.get(region) else {
        if unknown.is_empty() {
            em.skip(
                template,
                format!("no Image Builder pipeline distributes an AMI of this account to {region}"),
            );
        } else {
            em.error_reason(
                template,
                format!(
                    "whether a pipeline image reaches {region} is unknown: {}",
                    unknown.join("; ")
                ),
            );
        }
        return;
    };
    let images: HashMap<&str, &Image> = ctx
        .ec2()
        .images
        .iter()
        .filter(|i| i.region == region && i.state.as_deref() != Some("deregistered"))
        .map(|i| (i.image_id.as_str(), i))
        .collect();
    let mut v = Verdict::new();
    let Some(versions) = versions_in_use(template, uses, &mut v) else {
        return v.emit(em, template, "");
    };
    let mut passes = Vec::new();
    for (label, version) in versions {
        let Some(spec) = &version.image_id else {
            v.error_reason(format!("{label}: sets no AMI"));
            continue;
        };
        if spec.starts_with("resolve:ssm:") {
            passes.push(format!("{label}: resolves its AMI at launch ({spec})"));
            continue;
        }
        // An AMI a pipeline built is compared with that pipeline's newest
        // image; any other with the region's newest pipeline image.
        let latest = newest
            .lineage
            .get(&(region, spec.as_str()))
            .copied()
            .unwrap_or(in_region);
        let newest_is = format!(
            "pipeline {}'s newest image (built {}, {})",
            latest.pipeline,
            timestamp(&latest.built),
            latest
                .ami
                .map_or(format!("no AMI in {region}"), |a| format!(
                    "{a} in {region}"
                ))
        );
        if latest.ami == Some(spec.as_str()) {
            passes.push(format!("{label}: launches {newest_is}"));
            continue;
        }
        match images.get(spec.as_str()) {
            Some(image) => match image.creation_date {
                Some(created) if created < latest.built => v.warn(format!(
                    "{label}: launches literal AMI {spec} (created {}), older than {newest_is}: use resolve:ssm:<parameter> so new golden AMIs are picked up",
                    timestamp(&created)
                )),
                Some(_) => passes.push(format!("{label}: AMI {spec} is not older than {newest_is}")),
                None => v.error_reason(format!("{label}: AMI {spec} reports no creation date")),
            },
            None if ctx.blind("ec2", region) => v.error_reason(format!(
                "{label}: AMI {spec} could not be looked up: EC2 AMIs could not be read in {region}"
            )),
            None => v.warn(format!(
                "{label}: launches literal AMI {spec}, which is no longer registered (DescribeImages does not return it), instead of {newest_is}"
            )),
        }
    }
    if v.is_clean() && !unknown.is_empty() {
        v.error_reason(format!(
            "a newer pipeline image may reach {region}: {}",
            unknown.join("; ")
        ));
    }
    v.emit(em, template, passes.join("; "));
}
