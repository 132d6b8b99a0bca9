//! ## What it checks
//!
//! Every managed node is patched on a schedule, by a maintenance window or
//! a State Manager association (or a Quick Setup patch policy) that runs
//! `AWS-RunPatchBaseline` with `Operation=Install`, and patch groups and
//! baselines are set up as intended. One finding per managed node.
//!
//! - FAIL:
//!   - no schedule patches the node: no enabled maintenance window whose
//!     Run Command task runs `AWS-RunPatchBaseline` with `Operation=Install`
//!     on window targets that match the node (by instance id, tag, or `*`),
//!     and no scheduled association running `AWS-RunPatchBaseline` (or
//!     `AWS-RunPatchBaselineAssociation`, or a Quick Setup patch policy's
//!     `AWS-QuickSetup-*Patch*` document) with `Operation=Install` that
//!     targets it. A schedule that only scans is named in the reason;
//!   - a window task or association running `AWS-ApplyPatchBaseline`
//!     (Windows only) targets a node whose platform is not Windows.
//! - Advisory (FAIL at low):
//!   - the node's `Patch Group` (or `PatchGroup`) tag names a patch group no
//!     baseline is registered for: it falls back to the default baseline;
//!   - it carries both tag keys with different values;
//!   - the default baseline of its operating system in its region is the
//!     AWS-provided one while `require_custom_patch_baselines` is set (the
//!     default) and no patch group gives it another.
//! - ERROR: whether a schedule targets the node cannot be told (resource
//!   group targets, tags of an instance the inventory does not hold, a
//!   window's targets or tasks or an association's parameters that could
//!   not be read), and nothing else patches it.
//! - Noted: `RebootOption=NoReboot`, and the schedule and duration of the
//!   maintenance window that patches it.
//!
//! ## Why it matters
//!
//! Patch compliance decays between manual runs. The notes' model is a patch
//! baseline per operating system (custom baselines, with patch groups
//! choosing one per tagged group, one baseline per group) applied by a
//! maintenance window on a schedule, with `AWS-RunPatchBaseline`;
//! `AWS-ApplyPatchBaseline` is the legacy Windows-only document (notes 000 ›
//! Configuration Management and IaC › "SSM patch manager and maintenance
//! windows"; 000 › Filling the gap › "practice exam #1"; 001 › ## Systems
//! Manager Patch Management & Custom Baselines; 001 › ## AWS Systems Manager
//! (SSM) › ### SSM Inventory & Compliance).
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › Patch Manager › Create patch policy (Quick Setup), or Maintenance Windows › Create maintenance window, Register targets (tag or instance ids) and Register Run command task `AWS-RunPatchBaseline` with `Operation=Install`; Patch Manager › Patch baselines: create custom baselines, Set default patch baseline, and Modify patch groups.
//! - **CLI**: `aws ssm create-association --name AWS-RunPatchBaseline --parameters Operation=Install --targets Key=tag:Patch,Values=yes --schedule-expression "cron(0 3 ? * SUN *)"`; `aws ssm register-default-patch-baseline --baseline-id pb-…`; `aws ssm register-patch-baseline-for-patch-group --baseline-id pb-… --patch-group web`.
//! - **CloudFormation**: `AWS::SSM::MaintenanceWindow`, `AWS::SSM::MaintenanceWindowTarget` and `AWS::SSM::MaintenanceWindowTask` (`TaskArn: AWS-RunPatchBaseline`, `TaskInvocationParameters.MaintenanceWindowRunCommandParameters.Parameters.Operation: [Install]`), or an `AWS::SSM::Association`; `AWS::SSM::PatchBaseline` with `PatchGroups` and `DefaultBaseline: true`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM patch manager and maintenance windows"; 000 › Filling the gap › "practice exam #1"; 001 › ## Systems Manager Patch Management & Custom Baselines; 001 › ## AWS Systems Manager (SSM) › ### SSM Inventory & Compliance.
//! - AWS: "Patch Manager", "Patch policy configurations in Quick Setup", "SSM Command document for patching: AWS-RunPatchBaseline", "Patch groups" and "Maintenance Windows" (Systems Manager User Guide).
//! - No AWS Config managed rule (related: `ec2-managedinstance-patch-compliance-status-check`); no Prowler equivalent.

use super::targets::{matches, NodeTags, Targeted};
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ssm::{
    Association, MaintenanceWindow, ManagedInstance, PatchBaseline, Target, WindowTask,
};
use crate::inventory::{ec2, ssm};
use crate::settings::{any, Setting};
use std::collections::{BTreeMap, HashMap, HashSet};

static REQUIRE_CUSTOM_PATCH_BASELINES: Setting<bool> = Setting::new(
    "require_custom_patch_baselines",
    "Patching must use custom patch baselines: an operating system whose default baseline is still the AWS-provided one is advisory.",
    "true",
    any,
);

pub static CHECK: Check = Check {
    id: "ssm-patch-orchestration",
    title: "Managed nodes are patched on a schedule with AWS-RunPatchBaseline and custom baselines",
    service: "ssm",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"SSM patch manager and maintenance windows\"; 001 › ## Systems Manager Patch Management & Custom Baselines",
    catalog: "IAC-22",
    reads: &[
        ssm::MANAGED_INSTANCES,
        ssm::MAINTENANCE_WINDOWS,
        ssm::WINDOW_TARGETS,
        ssm::WINDOW_TASKS,
        ssm::ASSOCIATIONS,
        ssm::ASSOCIATION_PARAMETERS,
        ssm::PATCH_BASELINES,
        ssm::PATCH_GROUPS,
        ec2::INSTANCES,
    ],
    tolerates: &[],
    settings: &[&REQUIRE_CUSTOM_PATCH_BASELINES],
    config_rule: None,
    prowler: None,
    source: include_str!("patch_orchestration.rs"),
    run,
};

/// The cross-platform patching document.
const RUN_PATCH_BASELINE: &str = "AWS-RunPatchBaseline";
/// The legacy, Windows-only patching document.
const APPLY_PATCH_BASELINE: &str = "AWS-ApplyPatchBaseline";
/// The tag keys that put a node in a patch group.
const PATCH_GROUP_TAGS: [&str; 2] = ["Patch Group", "PatchGroup"];

fn run(ctx: &Context, em: &mut Emitter) {
    let ssm = ctx.ssm();
    let tags = NodeTags::new(&ctx.ec2().instances);
    let routes = Routes::new(&ssm.maintenance_windows, &ssm.associations);
    let baselines = Baselines {
        groups: ssm
            .patch_groups
            .iter()
            .map(|g| (g.region.as_str(), g.name.as_str()))
            .collect(),
        defaults: ssm
            .patch_baselines
            .iter()
            .filter(|b| b.default)
            .map(|b| ((b.region.as_str(), b.operating_system.as_str()), b))
            .collect(),
        require_custom: ctx.setting(&REQUIRE_CUSTOM_PATCH_BASELINES),
    };
    for node in &ssm.managed_instances {
        let mut v = Verdict::new();
        let how = routes.patching(node, &tags, &mut v);
        patch_group(node, &tags, &baselines, &mut v);
        v.emit(em, node, how);
    }
}

/// One way a document is run on a schedule: a maintenance window task or
/// an association.
struct Route<'a> {
    region: &'a str,
    /// `maintenance window NAME` or `association NAME`.
    label: String,
    document: &'a str,
    /// The `Operation` parameter: `Ok(None)` when not set, `Err` when the
    /// parameters could not be read.
    operation: Result<Option<&'a str>, String>,
    reboot: Option<&'a str>,
    /// The target lists, any of which selects a node; `Err` when they
    /// could not be read.
    targets: Result<Vec<&'a [Target]>, String>,
    /// A window's schedule and duration, for the note.
    window: Option<&'a MaintenanceWindow>,
}

struct Routes<'a>(Vec<Route<'a>>);

impl<'a> Routes<'a> {
    /// The scheduled runs of a patching document (or of the Windows-only
    /// one): enabled windows' Run Command tasks, scheduled associations.
    fn new(windows: &'a [MaintenanceWindow], associations: &'a [Association]) -> Routes<'a> {
        let mut out = Vec::new();
        for w in windows.iter().filter(|w| w.enabled) {
            match w.tasks.known() {
                Err(e) => out.push(Route {
                    region: &w.region,
                    label: format!("maintenance window {}", w.name),
                    document: RUN_PATCH_BASELINE,
                    operation: Err(e.to_string()),
                    reboot: None,
                    targets: Err(e.to_string()),
                    window: Some(w),
                }),
                Ok(tasks) => {
                    for t in tasks.into_iter().flatten().filter(|t| is_run_command(t)) {
                        out.push(Route {
                            region: &w.region,
                            label: format!("maintenance window {}", w.name),
                            document: &t.task_arn,
                            operation: parameter(&t.parameters, "Operation"),
                            reboot: parameter(&t.parameters, "RebootOption").ok().flatten(),
                            targets: window_task_targets(w, t),
                            window: Some(w),
                        });
                    }
                }
            }
        }
        for a in associations.iter().filter(|a| a.schedule.is_some()) {
            out.push(Route {
                region: &a.region,
                label: format!("association {}", a.name.as_deref().unwrap_or(&a.id)),
                document: &a.document,
                operation: parameter(&a.parameters, "Operation"),
                reboot: parameter(&a.parameters, "RebootOption").ok().flatten(),
                targets: Ok(vec![a.targets.as_slice()]),
                window: None,
            });
        }
        Routes(
            out.into_iter()
                .filter(|r| is_patching(r.document) || r.document == APPLY_PATCH_BASELINE)
                .collect(),
        )
    }

    /// How `node` is patched (the pass reason), recording in `v` what is
    /// wrong.
    fn patching(&self, node: &ManagedInstance, tags: &NodeTags, v: &mut Verdict) -> String {
        let mut installs = Vec::new();
        let mut scans = Vec::new();
        let mut unknown = Vec::new();
        for r in self.0.iter().filter(|r| r.region == node.region) {
            let targeted = match &r.targets {
                Err(e) => Targeted::Unknown(format!("{}: {e}", r.label)),
                Ok(lists) => any_match(lists, node, tags),
            };
            match targeted {
                Targeted::No => continue,
                Targeted::Unknown(why) => {
                    unknown.push(why);
                    continue;
                }
                Targeted::Yes => {}
            }
            if r.document == APPLY_PATCH_BASELINE {
                if let Some(platform) = node.platform_type.as_deref().filter(|p| *p != "Windows") {
                    v.fail(format!(
                        "{} runs {APPLY_PATCH_BASELINE}, which patches Windows only, on this {platform} node: use {RUN_PATCH_BASELINE}",
                        r.label
                    ));
                }
                continue;
            }
            match &r.operation {
                Ok(Some(op)) if op.eq_ignore_ascii_case("Install") => installs.push(r),
                Ok(op) => scans.push(format!(
                    "{} ({})",
                    r.label,
                    op.map_or("no Operation".to_string(), |o| format!("Operation={o}"))
                )),
                Err(e) => unknown.push(format!("the parameters of {}: {e}", r.label)),
            }
        }
        if installs.is_empty() {
            let mut reason = format!(
                "no scheduled {RUN_PATCH_BASELINE} with Operation=Install (maintenance window or association) targets this node"
            );
            if !scans.is_empty() {
                reason.push_str(&format!("; only scans: {}", name_list(&scans)));
            }
            if unknown.is_empty() {
                v.fail(reason);
            } else {
                v.error_reason(format!(
                    "{reason} as far as can be told; unknown: {}",
                    name_list(&unknown)
                ));
            }
            return String::new();
        }
        for r in &installs {
            if r.reboot.is_some_and(|o| o.eq_ignore_ascii_case("NoReboot")) {
                v.note(format!(
                    "{} does not reboot (RebootOption=NoReboot): patches needing a reboot stay pending",
                    r.label
                ));
            }
        }
        let labels: Vec<String> = installs
            .iter()
            .map(|r| match r.window {
                Some(w) => format!(
                    "{} ({}{})",
                    r.label,
                    w.schedule.as_deref().unwrap_or("no schedule"),
                    w.duration.map(|d| format!(", {d}h")).unwrap_or_default()
                ),
                None => r.label.clone(),
            })
            .collect();
        format!("patched on a schedule by {}", name_list(&labels))
    }
}

/// A Run Command task, or one whose type was not given: the patching
/// documents are Command documents, which run only as Run Command.
fn is_run_command(t: &WindowTask) -> bool {
    t.task_type == "RUN_COMMAND" || t.task_type.is_empty()
}

/// A document that installs patches across platforms.
fn is_patching(document: &str) -> bool {
    document == RUN_PATCH_BASELINE
        || document == "AWS-RunPatchBaselineAssociation"
        || (document.starts_with("AWS-QuickSetup-")
            && document.to_ascii_lowercase().contains("patch"))
}

/// The first value of the parameter `name`.
fn parameter<'a>(
    params: &'a crate::collected::Collected<BTreeMap<String, Vec<String>>>,
    name: &str,
) -> Result<Option<&'a str>, String> {
    match params.known() {
        Err(e) => Err(e.to_string()),
        Ok(p) => Ok(p
            .and_then(|p| p.get(name))
            .and_then(|v| v.first())
            .map(String::as_str)),
    }
}

/// A window task's target lists: its window targets (`WindowTargetIds`),
/// or the instances it names itself.
fn window_task_targets<'a>(
    w: &'a MaintenanceWindow,
    t: &'a WindowTask,
) -> Result<Vec<&'a [Target]>, String> {
    let ids: Vec<&str> = t
        .targets
        .iter()
        .filter(|x| x.key == "WindowTargetIds")
        .flat_map(|x| x.values.iter().map(String::as_str))
        .collect();
    if ids.is_empty() {
        return Ok(vec![t.targets.as_slice()]);
    }
    let targets = w.targets.known().map_err(|e| e.to_string())?;
    Ok(targets
        .into_iter()
        .flatten()
        .filter(|x| ids.contains(&x.id.as_str()))
        .map(|x| x.targets.as_slice())
        .collect())
}

fn any_match(lists: &[&[Target]], node: &ManagedInstance, tags: &NodeTags) -> Targeted {
    let mut answer = Targeted::No;
    for list in lists {
        match matches(list, node, tags) {
            Targeted::Yes => return Targeted::Yes,
            Targeted::Unknown(why) => answer = Targeted::Unknown(why),
            Targeted::No => {}
        }
    }
    answer
}

struct Baselines<'a> {
    /// Patch groups with a registered baseline, by region and name.
    groups: HashSet<(&'a str, &'a str)>,
    /// The default baseline of each region and operating system.
    defaults: HashMap<(&'a str, &'a str), &'a PatchBaseline>,
    require_custom: bool,
}

/// The node's patch group, and the baseline it gets.
fn patch_group(node: &ManagedInstance, tags: &NodeTags, b: &Baselines, v: &mut Verdict) {
    let values: Vec<(&str, &str)> = tags
        .of(node)
        .map(|t| {
            PATCH_GROUP_TAGS
                .iter()
                .filter_map(|k| Some((*k, t.get(*k)?.as_str())))
                .collect()
        })
        .unwrap_or_default();
    if let [(k1, v1), (k2, v2)] = values[..] {
        if v1 != v2 {
            v.warn(format!(
                "tagged {k1}={v1} and {k2}={v2}: which patch group applies is ambiguous"
            ));
        }
    }
    if let Some((key, group)) = values.first() {
        if b.groups.contains(&(node.region.as_str(), *group)) {
            return;
        }
        v.warn(format!(
            "tagged {key}={group}, but no patch baseline is registered for patch group {group} in {}: it falls back to the default baseline",
            node.region
        ));
    }
    if !b.require_custom {
        return;
    }
    let Some(os) = operating_system(node) else {
        return;
    };
    if let Some(default) = b.defaults.get(&(node.region.as_str(), os)) {
        if default.is_aws_provided() {
            v.warn(format!(
                "its operating system's ({os}) default patch baseline in {} is the AWS-provided {}, and require_custom_patch_baselines is set",
                node.region, default.name
            ));
        }
    }
}

/// The patch baseline operating system of a node, from its platform.
fn operating_system(node: &ManagedInstance) -> Option<&'static str> {
    match node.platform_type.as_deref()? {
        "Windows" => return Some("WINDOWS"),
        "MacOS" => return Some("MACOS"),
        _ => {}
    }
    let name = node.platform_name.as_deref()?.to_ascii_lowercase();
    let version = node.platform_version.as_deref().unwrap_or_default();
    let os = if name.contains("amazon linux") {
        match version.split('.').next().unwrap_or_default() {
            "2" => "AMAZON_LINUX_2",
            "2023" => "AMAZON_LINUX_2023",
            _ => "AMAZON_LINUX",
        }
    } else if name.contains("ubuntu") {
        "UBUNTU"
    } else if name.contains("red hat") {
        "REDHAT_ENTERPRISE_LINUX"
    } else if name.contains("centos") {
        "CENTOS"
    } else if name.contains("suse") || name.contains("sles") {
        "SUSE"
    } else if name.contains("debian") {
        "DEBIAN"
    } else if name.contains("oracle") {
        "ORACLE_LINUX"
    } else if name.contains("rocky") {
        "ROCKY_LINUX"
    } else if name.contains("alma") {
        "ALMA_LINUX"
    } else if name.contains("raspbian") || name.contains("raspberry") {
        "RASPBIAN"
    } else {
        return None;
    };
    Some(os)
}
