//! ## What it checks
//!
//! The stack sets this account administers (as the StackSet administrator,
//! `CallAs=SELF`, or as a delegated administrator, `CallAs=DELEGATED_ADMIN`)
//! reach every account they should, their instances are current, and their
//! permission model is wired (`DescribeStackSet`, `ListStackInstances`,
//! `organizations:ListAWSServiceAccessForOrganization`,
//! `organizations:ListDelegatedAdministrators`, the IAM roles). One finding
//! per stack set.
//!
//! - **Service-managed** (`SERVICE_MANAGED`) stack sets:
//!   - FAIL: automatic deployment is off (`AutoDeployment.Enabled` not
//!     true): accounts that join a target organizational unit get no
//!     instance.
//!   - Advisory (FAIL at low): `RetainStacksOnAccountRemoval=true` while
//!     `stackset_delete_on_leave` is set (default false: not judged).
//!   - From the management account: FAIL when trusted access for
//!     `member.org.stacksets.cloudformation.amazonaws.com` is not enabled
//!     (`ListAWSServiceAccessForOrganization`).
//!   - Administered as a delegated administrator: FAIL when
//!     `ListDelegatedAdministrators` does not list this account for that
//!     service principal.
//!   - From a member account (or an account in no organization), what the
//!     organization's view hides is not judged: a note on the finding gives
//!     the reason, never a FAIL.
//! - **Self-managed** (`SELF_MANAGED`) stack sets:
//!   - FAIL: no `AdministrationRoleARN`, or the role does not exist or does
//!     not trust `cloudformation.amazonaws.com`.
//!   - In a multi-account scan, for each target account of its instances
//!     that the inventory also holds: FAIL when the execution role
//!     (`ExecutionRoleName`, default `AWSCloudFormationStackSetExecutionRole`)
//!     does not exist there, or its trust policy does not let the
//!     administration role's account assume it. Target accounts outside the
//!     inventory are named in a note.
//! - **All stack sets**: FAIL for instances whose `Status` is `OUTDATED` or
//!   `INOPERABLE`, or whose `StackInstanceStatus.DetailedStatus` is `FAILED`
//!   or `INOPERABLE`, each named by account and region with its
//!   `StatusReason`.
//! - ERROR: the instances, the organization, its trusted services or its
//!   delegated administrators, or the IAM roles could not be read (a
//!   confirmed FAIL still wins).
//! - SKIP: a region of an account that administers no stack set there.
//!
//! ## Why it matters
//!
//! StackSets spread a baseline to every account; the notes single out the
//! choice between self-managed and service-managed permissions, trusted
//! access before a delegated administrator, and automatic deployment to
//! new accounts (notes 000 › Configuration Management and IaC › "stacksets -
//! warning"; 000 › Filling the gap › practice exam #1: StackSets
//! auto-create and delete on account join and leave). Failed or outdated
//! instances leave accounts without their baseline, and most StackSet
//! failures come from the permissions and trust this check reads (000 ›
//! Configuration Management and IaC › "cloudformation:", troubleshooting).
//!
//! ## How to fix
//!
//! Turn on automatic deployment, enable trusted access (and register the
//! delegated administrator) from the management account, repair the
//! administration and execution roles, and re-run the failed instances.
//!
//! - **Console**: CloudFormation › StackSets › the stack set › Actions › Edit automatic deployment (Activated; Account removal behavior: Delete stacks); Organizations › Services › CloudFormation StackSets › Enable trusted access; CloudFormation › StackSets › the stack set › Stack instances (the reason of each failed one) › Actions › Update stack set or Add stacks to stack set.
//! - **CLI**: `aws cloudformation update-stack-set --stack-set-name NAME --use-previous-template --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false`; `aws organizations enable-aws-service-access --service-principal member.org.stacksets.cloudformation.amazonaws.com` (or `aws cloudformation activate-organizations-access`); `aws organizations register-delegated-administrator --account-id ID --service-principal member.org.stacksets.cloudformation.amazonaws.com`; `aws cloudformation update-stack-instances --stack-set-name NAME --accounts ID --regions REGION` for outdated instances.
//! - **CloudFormation**: `AWS::CloudFormation::StackSet` with `PermissionModel: SERVICE_MANAGED` and `AutoDeployment: {Enabled: true, RetainStacksOnAccountRemoval: false}`; for self-managed ones, the `AWSCloudFormationStackSetAdministrationRole` (trusting `cloudformation.amazonaws.com`) and, in each target, the `AWSCloudFormationStackSetExecutionRole` trusting the administrator account (AWS's sample templates).
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "stacksets - warning"; 000 › Configuration Management and IaC › "cloudformation:" (troubleshooting: stackset failures); 000 › Filling the gap › practice exam #1.
//! - AWS: "Grant self-managed permissions", "Activate trusted access for stack sets with AWS Organizations", "Register a delegated administrator", "Enable or disable automatic deployments for stack sets in AWS Organizations" and "Stack instance status" (CloudFormation User Guide).
//! - No AWS Config managed rule; no Prowler equivalent.

use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::cloudformation::{self, StackInstance, StackSet};
use crate::inventory::iam;
use crate::inventory::organizations::{self, OrganizationView};
use crate::judge::reference::Lookup;
use crate::judge::role::Roles;
use crate::organizations::{administering, own_view, standing, Standing};
use crate::settings::{any, Setting};
use std::collections::BTreeSet;

/// Whether service-managed stack sets must delete their stacks from
/// accounts that leave the target.
static DELETE_ON_LEAVE: Setting<bool> = Setting::new(
    "stackset_delete_on_leave",
    "Require service-managed stack sets to delete their stacks from accounts that leave the target organizational units (`RetainStacksOnAccountRemoval=false`): a stack set that retains them gets an advisory.",
    "false",
    any,
);

pub static CHECK: Check = Check {
    id: "cloudformation-stackset-config",
    title: "StackSets auto-deploy to new accounts, instances are CURRENT, and the permission model is wired",
    service: "cloudformation",
    severity: Severity::Medium,
    section: "000 › Configuration Management and IaC › \"stacksets - warning\"",
    catalog: "IAC-03",
    reads: &[
        cloudformation::STACKS,
        cloudformation::STACK_SETS,
        cloudformation::STACK_INSTANCES,
        organizations::ORGANIZATION,
        organizations::SERVICE_ACCESS,
        organizations::DELEGATED_ADMINISTRATORS,
        iam::ROLES,
    ],
    tolerates: &[],
    settings: &[&DELETE_ON_LEAVE],
    config_rule: None,
    prowler: None,
    source: include_str!("stackset_config.rs"),
    run,
};

/// The service principal of StackSets' trusted access and delegation.
const STACKSETS: &str = "member.org.stacksets.cloudformation.amazonaws.com";
/// The execution role CloudFormation uses when a stack set names none.
const DEFAULT_EXECUTION_ROLE: &str = "AWSCloudFormationStackSetExecutionRole";

/// A sub-rule about the organization, judged once per run.
enum OrgRule {
    Holds,
    Fails(String),
    Unknown(String),
    /// Not visible from this account: why (a note, never a FAIL).
    Hidden(String),
}

impl OrgRule {
    fn record(&self, v: &mut Verdict) {
        match self {
            OrgRule::Holds => {}
            OrgRule::Fails(why) => v.fail(why.clone()),
            OrgRule::Unknown(why) => v.error_reason(why.clone()),
            OrgRule::Hidden(why) => v.note(why.clone()),
        }
    }
}

/// What the organization says about StackSets, as far as this account sees.
struct Organization {
    trusted_access: OrgRule,
    delegated: OrgRule,
}

fn run(ctx: &Context, em: &mut Emitter) {
    super::administered::skip_regions_without_stack_sets(ctx, em);
    let sets = &ctx.cloudformation().stack_sets;
    if sets.is_empty() {
        return;
    }
    let org = organization(ctx);
    let delete_on_leave = ctx.setting(&DELETE_ON_LEAVE);
    let roles = Roles::new(ctx);
    for set in sets {
        let mut v = Verdict::new();
        match set.permission_model.as_str() {
            "SERVICE_MANAGED" => service_managed(set, &org, delete_on_leave, &mut v),
            _ => self_managed(ctx, &roles, set, &mut v),
        }
        judge_instances(set, &mut v);
        v.emit(
            em,
            set,
            format!(
                "{} stack set ({} as {}): its permissions are wired and every instance is CURRENT",
                set.permission_model, set.account_id, set.call_as
            ),
        );
    }
}

fn service_managed(set: &StackSet, org: &Organization, delete_on_leave: bool, v: &mut Verdict) {
    match &set.auto_deployment {
        Some(a) if a.enabled => {
            if delete_on_leave && a.retain_stacks_on_account_removal {
                v.warn("RetainStacksOnAccountRemoval is true: accounts that leave the target keep their stacks (stackset_delete_on_leave)");
            }
        }
        _ => v.fail(
            "automatic deployment is off: accounts that join the target organizational units get no instance",
        ),
    }
    org.trusted_access.record(v);
    if set.call_as == "DELEGATED_ADMIN" {
        org.delegated.record(v);
    }
}

fn self_managed(ctx: &Context, roles: &Roles, set: &StackSet, v: &mut Verdict) {
    let Some(admin_role) = &set.administration_role_arn else {
        return v.fail("self-managed with no AdministrationRoleARN");
    };
    let label = format!("administration role {admin_role}");
    roles
        .assumable_by(ctx, admin_role, "cloudformation.amazonaws.com", &label)
        .or_record(v);
    // The account the execution roles must trust: the administration role's.
    let admin_account = crate::arn::account_of(admin_role).unwrap_or(&set.account_id);
    let execution = set
        .execution_role_name
        .as_deref()
        .unwrap_or(DEFAULT_EXECUTION_ROLE);
    let targets: BTreeSet<&str> = set
        .instances
        .value()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|i| i.account.as_str())
        .collect();
    let mut unseen = Vec::new();
    for account in targets {
        match ctx.peer(account) {
            None => unseen.push(account),
            Some(peer) => {
                execution_role(&peer, execution, admin_account).or_record(v);
            }
        }
    }
    if !unseen.is_empty() {
        v.note(format!(
            "the execution role {execution} was not judged in {} (not in this inventory)",
            name_list(&unseen)
        ));
    }
}

/// The execution role `name` in the target account `target`, found when it
/// lets `admin_account` assume it.
fn execution_role(target: &Context, name: &str, admin_account: &str) -> Lookup<()> {
    let account = &target.account.account_id;
    let label = format!("execution role {name} in account {account}");
    if !target.account.has_section("iam") {
        return Lookup::Unknown(format!(
            "{label} could not be looked up: the IAM roles of account {account} were not collected"
        ));
    }
    Roles::new(target)
        .lookup(target, name, label.as_str())
        .and_then(|role| match role.trust_policy.parse() {
            Err(e) => Lookup::Unknown(format!("{label}: trust {e}")),
            Ok(p) if p.trusts_account(admin_account) => Lookup::Found(()),
            Ok(_) => Lookup::Missing(format!(
                "{label} does not trust the administrator account {admin_account}"
            )),
        })
}

fn judge_instances(set: &StackSet, v: &mut Verdict) {
    let instances = match set.instances.known() {
        Err(e) => return v.error(e),
        Ok(i) => i.map_or(&[][..], Vec::as_slice),
    };
    let bad: Vec<String> = instances.iter().filter_map(unhealthy).collect();
    if !bad.is_empty() {
        v.fail(format!("instances not CURRENT: {}", bad.join("; ")));
    }
}

/// How an instance that is not current is named, with its reason.
fn unhealthy(i: &StackInstance) -> Option<String> {
    let detailed = i.detailed_status.as_deref();
    let bad_status = matches!(i.status.as_str(), "OUTDATED" | "INOPERABLE");
    let bad_detail = matches!(detailed, Some("FAILED" | "INOPERABLE"));
    if !bad_status && !bad_detail {
        return None;
    }
    let detail = detailed.map(|d| format!("/{d}")).unwrap_or_default();
    let reason = i
        .status_reason
        .as_deref()
        .map(|r| format!(": {r}"))
        .unwrap_or_default();
    Some(format!(
        "{}/{} {}{detail}{reason}",
        i.account, i.region, i.status
    ))
}

/// Trusted access and this account's delegation, judged once.
fn organization(ctx: &Context) -> Organization {
    let standing = match standing(ctx) {
        Err(why) => {
            return Organization {
                trusted_access: OrgRule::Unknown(format!("StackSets' trusted access: {why}")),
                delegated: OrgRule::Unknown(format!("the delegated administrators: {why}")),
            }
        }
        Ok(s) => s,
    };
    let trusted_access = match &standing {
        Standing::Management(view, org) => trusted_access(view, &org.id),
        Standing::Member(_, why) | Standing::Alone(why) => {
            OrgRule::Hidden(format!("StackSets' trusted access is not judged: {why}"))
        }
    };
    let delegated = match (&standing, own_view(ctx)) {
        (Standing::Alone(why), _) => OrgRule::Hidden(format!(
            "the delegated administrators are not judged: {why}"
        )),
        (_, Some(view)) => delegation(ctx, view),
        (_, None) => OrgRule::Unknown("the organization view was not collected".into()),
    };
    Organization {
        trusted_access,
        delegated,
    }
}

fn trusted_access(view: &OrganizationView, org_id: &str) -> OrgRule {
    match view.enabled_services.known() {
        Err(e) => OrgRule::Unknown(format!("StackSets' trusted access: {e}")),
        Ok(None) => OrgRule::Unknown(
            "the organization's trusted services were not read in the management account".into(),
        ),
        Ok(Some(services)) if services.iter().any(|s| s.service_principal == STACKSETS) => {
            OrgRule::Holds
        }
        Ok(Some(_)) => OrgRule::Fails(format!(
            "trusted access for {STACKSETS} is not enabled in organization {org_id}: service-managed stack sets cannot deploy"
        )),
    }
}

/// Whether this account, administering stack sets as a delegated
/// administrator, is registered as one for StackSets.
fn delegation(ctx: &Context, view: &OrganizationView) -> OrgRule {
    let me = ctx.account.account_id.as_str();
    let admins = match view.delegated_administrators.known() {
        Err(e) => return OrgRule::Unknown(format!("the delegated administrators: {e}")),
        Ok(None) => {
            return OrgRule::Hidden(format!(
                "whether account {me} is registered as a delegated administrator for {STACKSETS} is not judged: {}",
                view.hidden_reason().unwrap_or_else(|| "the delegated administrators were not read".into())
            ))
        }
        Ok(Some(a)) => a,
    };
    if administering(admins, &[STACKSETS]).contains(&me) {
        return OrgRule::Holds;
    }
    match admins.iter().find(|a| a.account_id == me).map(|a| a.services.known()) {
        Some(Err(e)) => OrgRule::Unknown(format!("the services delegated to account {me}: {e}")),
        _ => OrgRule::Fails(format!(
            "administered as DELEGATED_ADMIN, but ListDelegatedAdministrators does not list account {me} for {STACKSETS}"
        )),
    }
}
