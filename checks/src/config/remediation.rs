//! ## What it checks
//!
//! Each Config rule named in the settings `remediable_rules` (rule name →
//! SSM Automation document; default `s3-bucket-logging-enabled` →
//! `AWS-ConfigureS3BucketLogging`, from the notes) remediates automatically
//! through a document that exists, with an `AutomationAssumeRole` that SSM
//! can assume and that may do what the document does. One finding per rule
//! per collected region.
//!
//! - SKIP: the rule is not deployed in the region ("rule not deployed"; the
//!   finding's ARN carries the rule name in place of its id).
//! - FAIL when any of these holds:
//!   - the rule has no remediation configuration;
//!   - its target is not an SSM document; the `TargetId` document does not
//!     exist (not in `ssm.documents`, or `DescribeDocument` said so), is not
//!     an Automation document, or its `TargetVersion` does not resolve;
//!   - the `AutomationAssumeRole` static value is missing, the role does not
//!     exist, or its trust policy does not let `ssm.amazonaws.com` assume it;
//!   - the role's policies do not allow every action the settings
//!     `remediation_actions` list for the document (default
//!     `AWS-ConfigureS3BucketLogging` → `s3:PutBucketLogging`,
//!     `s3:GetBucketLogging`). An action is allowed when an `Allow` statement
//!     of an inline or attached policy matches it and no `Deny` without
//!     conditions does. Permission boundaries, SCPs and resource scopes are
//!     not simulated.
//! - Advisory (FAIL at low): `Automatic=false`; `Automatic=true` without
//!   `MaximumAutomaticAttempts` or `RetryAttemptSeconds`; a remediation
//!   execution in state `FAILED` within the last `remediation_failure_days`
//!   (default 7) days.
//! - Noted: the remediation uses another document than the designated one
//!   (its own actions are then simulated, when listed); no action list for
//!   the document (nothing simulated).
//! - ERROR: the document, the role, its policies or the execution statuses
//!   could not be read (including SSM or IAM not listable). Regions where
//!   Config could not be listed get the engine's ERROR and nothing more.
//!
//! The `iam:PassRole` the creating user needs is judged by IAC-08.
//!
//! ## Why it matters
//!
//! Without remediation, non-compliance persists until someone notices; a
//! broken role makes remediation fail silently. The notes' workflow: pick a
//! remediation action (e.g. `AWS-ConfigureS3BucketLogging` for
//! `s3-bucket-logging-enabled`), give it an AutomationAssumeRole SSM can
//! assume, and enable automatic remediation (notes 001 › ## AWS Config &
//! Auto Remediation › Auto Remediation Workflow; notes 001 › ##
//! CloudFormation › Core Topics 5). Config remediations run SSM Automation
//! documents (notes 000 › Security and Compliance › "AWS config"), and the
//! role must have whatever permissions the document requires (notes 000 ›
//! Filling the gap › practice exam #1; udemy assessment).
//!
//! ## How to fix
//!
//! - **Console**: AWS Config › Rules › the rule › Actions › Manage remediation: Automatic remediation, the Automation document, retries (attempts and seconds), `AutomationAssumeRole` set to a role that trusts `ssm.amazonaws.com` and allows the document's actions.
//! - **CLI**: `aws configservice put-remediation-configurations --remediation-configurations '[{"ConfigRuleName":"s3-bucket-logging-enabled","TargetType":"SSM_DOCUMENT","TargetId":"AWS-ConfigureS3BucketLogging","Automatic":true,"MaximumAutomaticAttempts":5,"RetryAttemptSeconds":60,"Parameters":{"AutomationAssumeRole":{"StaticValue":{"Values":["ROLE_ARN"]}},"BucketName":{"ResourceValue":{"Value":"RESOURCE_ID"}}}}]'`.
//! - **CloudFormation**: an `AWS::Config::RemediationConfiguration` with `Automatic: true`, `MaximumAutomaticAttempts`, `RetryAttemptSeconds`, `TargetType: SSM_DOCUMENT`, `TargetId` and the `AutomationAssumeRole` parameter, plus an `AWS::IAM::Role` trusting `ssm.amazonaws.com` with the document's actions.
//!
//! ## References
//!
//! - Study notes: 001 › ## AWS Config & Auto Remediation › Auto Remediation Workflow; 001 › ## CloudFormation › Core Topics 5; 000 › Security and Compliance › "AWS config"; 000 › Filling the gap (udemy assessment; practice exam #1).
//! - AWS: "Remediating Noncompliant Resources with AWS Config Rules"; "AWS-ConfigureS3BucketLogging" (Systems Manager Automation runbook reference).
//! - No AWS Config managed rule; no Prowler check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::config::{ConfigRule, Remediation};
use crate::inventory::iam::Role;
use crate::inventory::ssm::{Document, DocumentInfo};
use crate::inventory::{config, iam, ssm};
use crate::judge::reference::{ByPlace, Lookup, Reference};
use crate::judge::regions;
use crate::judge::role::Roles;
use crate::settings::{any, at_least_one, Setting};
use chrono::Duration;
use std::collections::BTreeMap;

/// The rules that must remediate automatically, and their documents.
static REMEDIABLE_RULES: Setting<BTreeMap<String, String>> = Setting::new(
    "remediable_rules",
    "Config rule name → the SSM Automation document that must remediate it automatically.",
    r#"{"s3-bucket-logging-enabled": "AWS-ConfigureS3BucketLogging"}"#,
    any,
);

/// What each remediation document needs its role to allow.
static REMEDIATION_ACTIONS: Setting<BTreeMap<String, Vec<String>>> = Setting::new(
    "remediation_actions",
    "SSM Automation document → the IAM actions its AutomationAssumeRole must allow (the role's permissions are simulated for these).",
    r#"{"AWS-ConfigureS3BucketLogging": ["s3:PutBucketLogging", "s3:GetBucketLogging"]}"#,
    any,
);

/// How recent a failed remediation must be to count.
static REMEDIATION_FAILURE_DAYS: Setting<i64> = Setting::new(
    "remediation_failure_days",
    "A remediation execution that failed within this many days is an advisory.",
    "7",
    at_least_one,
);

pub static CHECK: Check = Check {
    id: "config-remediation",
    title:
        "Designated rules auto-remediate through SSM Automation with a valid AutomationAssumeRole",
    service: "config",
    severity: Severity::Medium,
    section:
        "001 › ## AWS Config & Auto Remediation; 000 › Security and Compliance › \"AWS config\"",
    catalog: "SEC-03",
    reads: &[
        config::RECORDERS,
        config::RULES,
        config::REMEDIATIONS,
        config::REMEDIATION_EXECUTIONS,
        ssm::DOCUMENTS,
        iam::ROLES,
        iam::ATTACHED_POLICIES,
        iam::INLINE_POLICIES,
        iam::MANAGED_POLICIES,
    ],
    tolerates: &[],
    settings: &[
        &REMEDIABLE_RULES,
        &REMEDIATION_ACTIONS,
        &REMEDIATION_FAILURE_DAYS,
    ],
    config_rule: None,
    prowler: None,
    source: include_str!("remediation.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let config = ctx.config();
    let roles = Roles::new(ctx);
    // SSM documents belong to the account whose remediations name them.
    let account = ctx.account.account_id.as_str();
    let documents = ByPlace::new(&ctx.ssm().documents, |d| (account, &d.region, &d.name));
    for (rule_name, designated) in &ctx.setting(&REMEDIABLE_RULES) {
        for region in regions::seen(ctx, "config") {
            let rule = config
                .rules
                .iter()
                .find(|r| r.region == region && &r.name == rule_name);
            match rule {
                Some(rule) => judge(ctx, &roles, &documents, rule, designated, em),
                None => {
                    let mut subject = regions::region_subject(ctx, "config", region);
                    subject.arn = format!("{}:config-rule/{rule_name}", subject.arn);
                    em.skip(
                        &subject,
                        format!("rule not deployed: {rule_name} is not in {region}"),
                    );
                }
            }
        }
    }
}

fn judge(
    ctx: &Context,
    roles: &Roles,
    documents: &Documents,
    rule: &ConfigRule,
    designated: &str,
    em: &mut Emitter,
) {
    let Some(rem) = ctx
        .config()
        .remediations
        .iter()
        .find(|r| r.region == rule.region && r.config_rule_name == rule.name)
    else {
        return em.fail(
            rule,
            format!("rule {} has no remediation configuration", rule.name),
        );
    };
    let mut v = Verdict::new();
    if !rem.automatic {
        v.warn("remediation is not automatic (Automatic=false)");
    } else {
        let unset: Vec<&str> = [
            ("MaximumAutomaticAttempts", rem.maximum_automatic_attempts),
            ("RetryAttemptSeconds", rem.retry_attempt_seconds),
        ]
        .iter()
        .filter(|(_, x)| x.is_none())
        .map(|(name, _)| *name)
        .collect();
        if !unset.is_empty() {
            v.warn(format!(
                "automatic remediation without {}",
                unset.join(" or ")
            ));
        }
    }
    let doc = rem.target_id.as_str();
    if !rem.target_type.eq_ignore_ascii_case("SSM_DOCUMENT") {
        v.fail(format!(
            "the remediation targets a {} ({doc}), not an SSM Automation document",
            rem.target_type
        ));
    } else {
        judge_document(ctx, documents, rem, &mut v);
    }
    if doc != designated {
        v.note(format!(
            "remediates with {doc}, not the designated {designated}"
        ));
    }
    let role = match rem
        .automation_assume_role
        .as_deref()
        .filter(|r| !r.is_empty())
    {
        None => {
            v.fail("the remediation has no AutomationAssumeRole static value");
            None
        }
        Some(arn) => {
            let role = roles
                .assumable_by(ctx, arn, "ssm.amazonaws.com", &format!("role {arn}"))
                .or_record(&mut v);
            if let Some(role) = role {
                judge_permissions(ctx, roles, role, doc, &mut v);
            }
            role
        }
    };
    judge_executions(ctx, rem, &mut v);
    let pass = format!(
        "rule {} remediates automatically with {doc} through role {}",
        rule.name,
        role.map_or("", |r| r.name.as_str())
    );
    v.emit(em, rule, pass);
}

/// SSM documents by (account, region, name).
type Documents<'a> = ByPlace<'a, Document>;

fn judge_document(ctx: &Context, documents: &Documents, rem: &Remediation, v: &mut Verdict) {
    let doc = rem.target_id.as_str();
    let reference = Reference::regional(
        format!("the remediation document {doc}"),
        "ssm",
        &rem.region,
        &rem.account_id,
    );
    let found = reference
        .resolve(ctx, documents.get(&rem.account_id, &rem.region, doc))
        .and_then(|d| match d.info.known() {
            Ok(Some(info)) => Lookup::Found(info),
            Ok(None) => reference.missing(),
            Err(e) => reference.unreadable(e),
        });
    let Some(info) = found.or_record(v) else {
        return;
    };
    if !info.document_type.eq_ignore_ascii_case("Automation") {
        v.fail(format!(
            "document {doc} is a {} document, not Automation",
            info.document_type
        ));
    }
    if let Some(version) = rem.target_version.as_deref() {
        if !version_resolves(version, info) {
            v.fail(format!(
                "document version {version} of {doc} does not resolve (latest is {})",
                info.latest_version
            ));
        }
    }
}

/// True when `version` names a version the document has.
fn version_resolves(version: &str, info: &DocumentInfo) -> bool {
    if matches!(version, "$DEFAULT" | "$LATEST")
        || version == info.latest_version
        || info.default_version.as_deref() == Some(version)
    {
        return true;
    }
    match (version.parse::<u64>(), info.latest_version.parse::<u64>()) {
        (Ok(n), Ok(latest)) => (1..=latest).contains(&n),
        _ => false,
    }
}

fn judge_permissions(ctx: &Context, roles: &Roles, role: &Role, doc: &str, v: &mut Verdict) {
    let Some(actions) = ctx.setting(&REMEDIATION_ACTIONS).remove(doc) else {
        return v.note(format!(
            "no action list for {doc} in remediation_actions: role permissions not simulated"
        ));
    };
    let permissions = match roles.permissions(role, &format!("role {}", role.name)) {
        Ok(p) => p,
        Err(why) => return v.error_reason(why),
    };
    let missing: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .filter(|a| !permissions.allows(a, None))
        .collect();
    if !missing.is_empty() {
        v.fail(format!(
            "role {} is not allowed {} which {doc} needs",
            role.name,
            missing.join(", ")
        ));
    }
}

fn judge_executions(ctx: &Context, rem: &Remediation, v: &mut Verdict) {
    let days = ctx.setting(&REMEDIATION_FAILURE_DAYS);
    match rem.executions.known() {
        Err(e) => v.error(e),
        Ok(executions) => {
            let failed: Vec<&str> = executions
                .into_iter()
                .flatten()
                .filter(|x| {
                    x.state.eq_ignore_ascii_case("FAILED")
                        && ctx.now - x.last_updated <= Duration::days(days)
                })
                .map(|x| x.resource_id.as_str())
                .collect();
            if !failed.is_empty() {
                v.warn(format!(
                    "remediation failed in the last {days} days for {}",
                    failed.join(", ")
                ));
            }
        }
    }
}
