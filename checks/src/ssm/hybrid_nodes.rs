//! ## What it checks
//!
//! Hybrid activations are not left open, their role is usable, and hybrid
//! (`mi-`) nodes stay online.
//!
//! - Activations:
//!   - FAIL: its IAM role (`IamRole`) does not exist, or does not trust
//!     `ssm.amazonaws.com` (nodes registered with it cannot get credentials).
//!   - Advisory (FAIL at low): it has not expired, still accepts
//!     registrations (`RegistrationsCount < RegistrationLimit`), and was
//!     created more than `max_activation_age_days` (default 7) ago: anyone
//!     holding its code and id can still register a node.
//!   - PASS otherwise (expired, fully used, or recent).
//!   - ERROR: the role could not be looked up (IAM could not be read).
//! - Hybrid nodes (`mi-…`):
//!   - Advisory: not `Online` for more than `hybrid_offline_days` (default
//!     7) since its last ping (or with no ping recorded).
//!   - PASS: `Online`, or offline for less than that (noted).
//! - SKIP: an account with no activations and no hybrid nodes.
//!
//! ## Why it matters
//!
//! Hybrid environments register on-premises servers and other clouds' VMs
//! as `mi-` managed nodes with an activation code and id (notes 000 ›
//! Configuration Management and IaC › "SSM hybrid environments"; 001 › ## AWS
//! Systems Manager (SSM) › ### Hybrid Fleet Management). An activation left
//! open is a standing invitation to register rogue nodes into the fleet,
//! and a node that stopped reporting is no longer patched or inventoried.
//!
//! ## How to fix
//!
//! - **Console**: Systems Manager › Hybrid Activations: delete activations no longer needed; Fleet Manager: deregister nodes that are gone, or fix the agent on those that are not.
//! - **CLI**: `aws ssm delete-activation --activation-id ID`; `aws ssm deregister-managed-instance --instance-id mi-…`; create activations with `--expiration-date` and a `--registration-limit` matching the servers you mean to register.
//! - **CloudFormation**: activations are created with the CLI or SDK; the role they use is an `AWS::IAM::Role` trusting `ssm.amazonaws.com` with `AmazonSSMManagedInstanceCore`.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM hybrid environments"; 001 › ## AWS Systems Manager (SSM) › ### Hybrid Fleet Management.
//! - AWS: "Managing nodes in hybrid and multicloud environments with Systems Manager", "Create a hybrid activation" and "Create the IAM service role required for Systems Manager in hybrid and multicloud environments" (Systems Manager User Guide).
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::engine::{timestamp, Check, Context, Emitter, Severity};
use crate::inventory::ssm::{Activation, ManagedInstance};
use crate::inventory::{iam, ssm};
use crate::judge::reference::Lookup;
use crate::judge::regions::account_subject;
use crate::judge::role::Roles;
use crate::settings::{at_least_one, Setting};
use chrono::Duration;

static MAX_ACTIVATION_AGE_DAYS: Setting<i64> = Setting::new(
    "max_activation_age_days",
    "An unexpired hybrid activation that still accepts registrations this many days after it was created is advisory.",
    "7",
    at_least_one,
);

static HYBRID_OFFLINE_DAYS: Setting<i64> = Setting::new(
    "hybrid_offline_days",
    "A hybrid (`mi-`) node not `Online` for more than this many days since its last ping is advisory.",
    "7",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "ssm-hybrid-nodes",
    title: "Hybrid activations are not left open and hybrid nodes are online",
    service: "ssm",
    severity: Severity::Low,
    section: "000 › Configuration Management and IaC › \"SSM hybrid environments\"; 001 › ## AWS Systems Manager (SSM) › ### Hybrid Fleet Management",
    catalog: "IAC-25",
    reads: &[ssm::MANAGED_INSTANCES, ssm::ACTIVATIONS, iam::ROLES],
    tolerates: &[],
    settings: &[&MAX_ACTIVATION_AGE_DAYS, &HYBRID_OFFLINE_DAYS],
    config_rule: None,
    prowler: None,
    source: include_str!("hybrid_nodes.rs"),
    run,
};

/// The service registered hybrid nodes get their credentials from.
const SSM_SERVICE: &str = "ssm.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let ssm = ctx.ssm();
    let nodes: Vec<&ManagedInstance> = ssm
        .managed_instances
        .iter()
        .filter(|m| m.is_hybrid())
        .collect();
    if ssm.activations.is_empty() && nodes.is_empty() {
        if ctx.blind_anywhere("ssm") {
            // The engine reports where it could not see; nothing is known to be absent.
            return;
        }
        return em.skip(
            &account_subject(ctx, "ssm"),
            "no hybrid activations and no hybrid (mi-) nodes",
        );
    }
    let roles = Roles::new(ctx);
    let max_age = Duration::days(ctx.setting(&MAX_ACTIVATION_AGE_DAYS));
    for activation in &ssm.activations {
        judge_activation(ctx, &roles, max_age, activation, em);
    }
    let offline_days = ctx.setting(&HYBRID_OFFLINE_DAYS);
    for node in nodes {
        judge_node(ctx, offline_days, node, em);
    }
}

fn judge_activation(
    ctx: &Context,
    roles: &Roles,
    max_age: Duration,
    a: &Activation,
    em: &mut Emitter,
) {
    if let Some(role) = a.iam_role.as_deref() {
        match roles.assumable_by(ctx, role, SSM_SERVICE, &format!("activation role {role}")) {
            Lookup::Found(_) => {}
            Lookup::Missing(why) => {
                return em.fail(
                    a,
                    format!("{why}: nodes registered with this activation cannot get credentials"),
                )
            }
            Lookup::Unknown(why) => return em.error_reason(a, why),
        }
    }
    let left = a.registration_limit - a.registrations_count;
    let age = ctx.now.signed_duration_since(a.created);
    if a.expired {
        return em.pass(a, "expired: no more nodes can register with it");
    }
    if left <= 0 {
        return em.pass(
            a,
            format!(
                "all {} registrations used: no more nodes can register with it",
                a.registration_limit
            ),
        );
    }
    let expires = a.expiration.map_or_else(
        || "no expiration date".to_string(),
        |t| format!("expires {}", timestamp(&t)),
    );
    if age > max_age {
        return em.warn(
            a,
            format!(
                "open for {} days with {left} of {} registrations left ({expires}): anyone with its code and id can register a node; delete it once its servers are registered",
                age.num_days(),
                a.registration_limit
            ),
        );
    }
    em.pass(
        a,
        format!(
            "created {} days ago, {left} of {} registrations left ({expires})",
            age.num_days().max(0),
            a.registration_limit
        ),
    );
}

fn judge_node(ctx: &Context, offline_days: i64, node: &ManagedInstance, em: &mut Emitter) {
    if node.ping_status == "Online" {
        return em.pass(node, "hybrid node is Online");
    }
    let Some(last) = node.last_ping else {
        return em.warn(
            node,
            format!("hybrid node is {} and has never pinged", node.ping_status),
        );
    };
    let days = ctx.now.signed_duration_since(last).num_days();
    if days > offline_days {
        em.warn(
            node,
            format!(
                "hybrid node is {} since {} ({days} days, more than hybrid_offline_days={offline_days}): it is no longer patched or inventoried; fix its agent or deregister it",
                node.ping_status,
                timestamp(&last)
            ),
        );
    } else {
        em.pass(
            node,
            format!(
                "hybrid node is {} since {} ({days} days, within hybrid_offline_days={offline_days})",
                node.ping_status,
                timestamp(&last)
            ),
        );
    }
}
