//! ## What it checks
//!
//! Every EKS cluster sends its control-plane logs to CloudWatch Logs
//! (`eks:DescribeCluster` `logging.clusterLogging`, `eks:ListAddons`). One
//! finding per cluster:
//!
//! - FAIL: a log type of the setting `required_log_types` (by default
//!   `api`, `audit` and `authenticator`: the API calls, who made them, and
//!   how they authenticated) is not enabled.
//! - Advisory (FAIL at low): every required type is enabled, but another
//!   of the five control-plane types (`controllerManager`, `scheduler` by
//!   default) is not.
//! - PASS: all five types are enabled. The reason notes when the
//!   `amazon-cloudwatch-observability` add-on (Container Insights) is not
//!   installed, or when the add-ons could not be read: both are
//!   information only, since a self-managed Fluent Bit or CloudWatch agent
//!   cannot be seen through AWS APIs.
//! - SKIP: the cluster was deleted between the listing and
//!   `DescribeCluster`.
//! - ERROR: the cluster's logging could not be read.
//!
//! ## Why it matters
//!
//! The control plane of an EKS cluster is run by AWS: its logs (API server,
//! audit, authenticator, controller manager, scheduler) are the only record
//! of who did what inside the cluster, and each type is off until it is
//! selected (notes 000 › Resilient cloud solutions › "EKS - logging").
//! Without the audit and authenticator logs there is no forensic trail of
//! a compromised credential or a deleted workload.
//!
//! ## How to fix
//!
//! Enable the missing types (CloudWatch Logs charges apply) and, for
//! container and node metrics and logs, install the Amazon CloudWatch
//! Observability add-on.
//!
//! - **Console**: EKS › the cluster › Observability › Control plane logging › Manage logging › turn on API server, Audit, Authenticator, Controller manager and Scheduler › Save changes.
//! - **CLI**: `aws eks update-cluster-config --name CLUSTER --logging '{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}'`; `aws eks create-addon --cluster-name CLUSTER --addon-name amazon-cloudwatch-observability`.
//! - **CloudFormation**: `Logging: {ClusterLogging: {EnabledTypes: [{Type: api}, {Type: audit}, {Type: authenticator}, {Type: controllerManager}, {Type: scheduler}]}}` on the `AWS::EKS::Cluster`; an `AWS::EKS::Addon` with `AddonName: amazon-cloudwatch-observability`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "EKS - logging".
//! - AWS: EKS user guide, "Send control plane logs to CloudWatch Logs" and "Install the Amazon CloudWatch Observability EKS add-on".
//! - AWS Config managed rule `eks-cluster-logging-enabled`; Prowler `eks_control_plane_logging_all_types_enabled`.

use crate::engine::{Check, Context, Emitter, Severity};
use crate::inventory::eks::{self, Cluster};
use crate::settings::{among, Setting};

/// The five control-plane log types, in AWS's order.
const LOG_TYPES: &[&str] = &[
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
];

/// The add-on that ships container and node logs and metrics.
const OBSERVABILITY_ADDON: &str = "amazon-cloudwatch-observability";

static REQUIRED_LOG_TYPES: Setting<Vec<String>> = Setting::new(
    "required_log_types",
    "Control-plane log types whose absence FAILs (the other types of `api`, `audit`, `authenticator`, `controllerManager` and `scheduler` are an advisory).",
    r#"["api", "audit", "authenticator"]"#,
    log_types,
);

#[allow(clippy::ptr_arg, reason = "a validator takes &T, here T = Vec<String>")]
fn log_types(v: &Vec<String>) -> Result<(), String> {
    among(v, LOG_TYPES, "log types")
}

pub static CHECK: Check = Check {
    id: "eks-control-plane-logging",
    title: "EKS control-plane log types are sent to CloudWatch",
    service: "eks",
    severity: Severity::Medium,
    section: "000 › Resilient cloud solutions › \"EKS - logging\"",
    catalog: "RES-10",
    reads: &[eks::CLUSTERS, eks::LOGGING, eks::ADDONS],
    tolerates: &[eks::ADDONS],
    settings: &[&REQUIRED_LOG_TYPES],
    config_rule: Some("eks-cluster-logging-enabled"),
    prowler: Some("eks_control_plane_logging_all_types_enabled"),
    source: include_str!("control_plane_logging.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let required = ctx.setting(&REQUIRED_LOG_TYPES);
    let is_required = |t: &str| required.iter().any(|r| r.eq_ignore_ascii_case(t));
    for cluster in &ctx.eks().clusters {
        let enabled = match cluster.logging.known() {
            Err(e) => {
                em.error(cluster, e);
                continue;
            }
            Ok(None) => {
                em.skip(cluster, "the cluster was deleted since it was listed");
                continue;
            }
            Ok(Some(types)) => types,
        };
        let off = |want: &dyn Fn(&str) -> bool| -> Vec<&str> {
            LOG_TYPES
                .iter()
                .copied()
                .filter(|t| want(t) && !enabled.iter().any(|e| e.eq_ignore_ascii_case(t)))
                .collect()
        };
        let (missing, optional) = (off(&is_required), off(&|t| !is_required(t)));
        if !missing.is_empty() {
            em.fail(
                cluster,
                format!(
                    "control-plane log types not sent to CloudWatch Logs: {}{}",
                    missing.join(", "),
                    also(&optional)
                ),
            );
        } else if !optional.is_empty() {
            em.warn(
                cluster,
                format!(
                    "the required log types are on, but {} {} not sent to CloudWatch Logs",
                    optional.join(", "),
                    if optional.len() == 1 { "is" } else { "are" }
                ),
            );
        } else {
            em.pass(
                cluster,
                format!(
                    "all five control-plane log types are sent to CloudWatch Logs{}",
                    insights(cluster)
                ),
            );
        }
    }
}

fn also(optional: &[&str]) -> String {
    if optional.is_empty() {
        String::new()
    } else {
        format!(" (also off: {})", optional.join(", "))
    }
}

/// The information note on Container Insights.
fn insights(cluster: &Cluster) -> String {
    match cluster.addons.known() {
        Err(e) => format!(" (note: its add-ons could not be read: {e})"),
        Ok(Some(addons)) if addons.iter().any(|a| a == OBSERVABILITY_ADDON) => {
            format!("; Container Insights through the {OBSERVABILITY_ADDON} add-on")
        }
        _ => format!(
            " (note: no {OBSERVABILITY_ADDON} add-on: Container Insights is not installed through EKS)"
        ),
    }
}
