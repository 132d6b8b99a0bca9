//! ## What it checks
//!
//! A pipeline with cross-account actions (an action whose `roleArn` belongs
//! to another account) shares its artifacts safely with those accounts.
//! Let X be the accounts of those roles. For every artifact store (the
//! `artifactStore`, or each regional store of `artifactStores`):
//!
//! - **(a) Key.** The store passes `codepipeline-artifacts-kms` as a
//!   cross-account pipeline must: an enabled, symmetric, customer-managed
//!   key referenced by key id or key ARN (not by alias, not the AWS managed
//!   `aws/s3`).
//! - **(b) Key policy.** It allows every account of X (its root, or a role
//!   in it) `kms:Decrypt` and `kms:DescribeKey`; a grant conditioned on
//!   `aws:PrincipalOrgID` counts for the accounts of the pipeline account's
//!   organization (when the organization was read). It also allows the
//!   pipeline role `kms:Decrypt` and `kms:GenerateDataKey`: by naming the
//!   role, or through a statement for the account's root plus the role's
//!   own IAM policies.
//! - **(c) Bucket policy.** The store bucket's policy allows every account
//!   of X `s3:GetObject` on `BUCKET/*` and `s3:ListBucket` on the bucket.
//! - **(d) Over-exposure.** Neither policy has an `Allow` to `Principal *`
//!   (or `{"AWS": "*"}`) without an `aws:PrincipalOrgID`,
//!   `aws:PrincipalAccount` or `aws:SourceAccount` condition.
//! - **(e) Target trust** (multi-account inventories only). Each
//!   cross-account action role, looked up in its own account, exists and
//!   trusts (`sts:AssumeRole`) the pipeline account's root or the pipeline
//!   role. Where the inventory does not hold that account or its IAM, this
//!   sub-rule is not judged (noted).
//!
//! Verdicts:
//!
//! - SKIP: no action assumes a role in another account; the pipeline
//!   disappeared during the scan.
//! - PASS: every sub-rule holds.
//! - FAIL: any of (a) to (e) fails.
//! - Advisory (FAIL at low): the key policy grants the CodePipeline service
//!   principal `codepipeline.amazonaws.com` (as the notes suggest) but not a
//!   target account; the AWS cross-account guide grants the account.
//! - ERROR: the pipeline definition, a key, a key or bucket policy, the
//!   pipeline role's permissions, or a target role could not be read; a
//!   store bucket belongs to another account (its policy is not collected).
//!
//! Not judged: whether a target account *writes* artifacts (which would
//! need `kms:GenerateDataKey*`/`kms:Encrypt` and `s3:PutObject` too), since
//! the model does not keep an action's output artifacts.
//!
//! ## Why it matters
//!
//! A cross-account deployment needs a customer-managed key shared with the
//! target account, a role in the target account the pipeline assumes, and
//! a bucket policy that lets the target account read the artifacts (notes
//! 001 › ## CodePipeline › ### Key Concepts & Common Pitfalls, 2
//! "Cross-Account Deployments", items 1–4; notes 000 › ## Filling the gap ›
//! practice exam #1: the trust policy for a central DevOps account). A
//! missing grant makes the deploy fail; a `Principal *` grant exposes source
//! code and build outputs to every AWS account. The notes grant the key to
//! `codepipeline.amazonaws.com`; the AWS guide grants the pipeline role and
//! the target account instead, so that form is only an advisory (notes 001
//! › ## Summary & Next Steps: cross-account IAM, KMS grants).
//!
//! ## How to fix
//!
//! - **Console**: KMS › the key › Key policy › Edit: add a statement allowing
//!   `arn:aws:iam::TARGET:root` `kms:Decrypt` and `kms:DescribeKey` (under
//!   "Other AWS accounts"); S3 › the artifact bucket › Permissions › Bucket
//!   policy: allow `arn:aws:iam::TARGET:root` `s3:Get*` on `BUCKET/*` and
//!   `s3:ListBucket` on the bucket; in the target account, IAM › the role ›
//!   Trust relationships: allow `arn:aws:iam::PIPELINE_ACCOUNT:root`.
//! - **CLI**: `aws kms put-key-policy --key-id KEY_ARN --policy-name default --policy file://key.json`;
//!   `aws s3api put-bucket-policy --bucket BUCKET --policy file://bucket.json`;
//!   in the target account `aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json`;
//!   refer to the key by ARN in the pipeline (`aws codepipeline update-pipeline`).
//! - **CloudFormation**: the `KeyPolicy` of the `AWS::KMS::Key` and the
//!   `PolicyDocument` of the `AWS::S3::BucketPolicy` grant
//!   `!Sub arn:aws:iam::${TargetAccount}:root`; the target role
//!   (`AWS::IAM::Role`, deployed by a StackSet in the target account) trusts
//!   the pipeline account; `ArtifactStore.EncryptionKey.Id: !GetAtt Key.Arn`.
//!
//! ## References
//!
//! - Study notes: 001 › ## CodePipeline › ### Key Concepts & Common Pitfalls
//!   (2 "Cross-Account Deployments"); 000 › ## Filling the gap › practice
//!   exam #1; 001 › ## Summary & Next Steps.
//! - AWS: CodePipeline User Guide, "Create a pipeline in CodePipeline that
//!   uses resources from another AWS account"; KMS Developer Guide,
//!   "Allowing users in other accounts to use a KMS key"; IAM User Guide,
//!   "AWS global condition context keys" (`aws:PrincipalOrgID`).
//! - AWS Config managed rule: none. Prowler: none (`kms_key_not_publicly_accessible`
//!   and `s3_bucket_public_access` judge the over-exposure part alone).

use super::artifacts_kms::{cross_account_actions, judge_store};
use crate::arn::account_of;
use crate::engine::{name_list, Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{ArtifactStore, Pipeline, PipelineDefinition};
use crate::inventory::iam::{self as iam_section, Role};
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::{codepipeline, kms as kms_section, organizations, s3, GLOBAL};
use crate::judge::kms::DescribedKey;
use crate::judge::reference;
use crate::judge::role::Roles;
use crate::policy::{Effect, Grantee, Policy, Statement};
use std::collections::BTreeMap;

pub static CHECK: Check = Check {
    id: "codepipeline-cross-account-artifacts",
    title: "Cross-account pipelines share a customer-managed key and the artifact bucket with their target accounts, and nothing more",
    service: "codepipeline",
    severity: Severity::High,
    section: "001 › ## CodePipeline › ### Key Concepts & Common Pitfalls",
    catalog: "SDLC-04",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::KEY_POLICY,
        kms_section::ALIASES,
        s3::BUCKETS,
        s3::POLICY,
        s3::OTHER_BUCKETS,
        iam_section::ROLES,
        iam_section::ATTACHED_POLICIES,
        iam_section::INLINE_POLICIES,
        iam_section::MANAGED_POLICIES,
        organizations::ORGANIZATION,
    ],
    tolerates: &[organizations::ORGANIZATION],
    settings: &[],
    config_rule: None,
    prowler: None,
    source: include_str!("cross_account_artifacts.rs"),
    run,
};

/// What the pipeline's artifacts must be shared with.
struct Sharing<'p> {
    /// Target account → its cross-account action roles.
    targets: BTreeMap<&'p str, Vec<&'p str>>,
    /// The pipeline account's organization id, when it was read.
    organization: Option<&'p str>,
}

impl Sharing<'_> {
    /// True when `policy` lets `account` call every one of `actions` on
    /// `resource`, itself or as a member of the organization.
    fn grants(&self, policy: &Policy, account: &str, actions: &[&str], resource: &str) -> bool {
        actions.iter().all(|a| {
            policy.grants(Grantee::Account(account), a, resource)
                || self
                    .organization
                    .is_some_and(|o| policy.grants(Grantee::Organization(o), a, resource))
        })
    }
}

/// The key actions a target account needs to read the artifacts.
const TARGET_KEY_ACTIONS: &[&str] = &["kms:Decrypt", "kms:DescribeKey"];
/// The key actions the pipeline role needs to write and read them.
const PIPELINE_KEY_ACTIONS: &[&str] = &["kms:Decrypt", "kms:GenerateDataKey"];
/// The CodePipeline service principal the notes grant the key to.
const CODEPIPELINE: &str = "codepipeline.amazonaws.com";

fn run(ctx: &Context, em: &mut Emitter) {
    let keys = ctx.kms().index();
    let buckets = ctx.s3().index();
    let roles = Roles::new(ctx);
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let cross = cross_account_actions(pipeline, def);
        let sharing = Sharing {
            targets: targets(pipeline, def),
            organization: organization_of(ctx, &pipeline.account_id),
        };
        if sharing.targets.is_empty() {
            em.skip(pipeline, "no action assumes a role in another account");
            continue;
        }
        let mut verdict = Verdict::new();
        for (region, store) in def.stores(&pipeline.region) {
            let key = judge_store(
                ctx,
                &keys,
                &pipeline.account_id,
                region,
                store,
                &cross,
                &mut verdict,
            );
            if let Some(key) = key {
                judge_key_policy(ctx, &roles, pipeline, def, key, &sharing, &mut verdict);
            }
            judge_bucket(ctx, &buckets, store, &sharing, &mut verdict);
        }
        for (account, action_roles) in &sharing.targets {
            for role in action_roles {
                judge_target_trust(ctx, pipeline, def, account, role, &mut verdict);
            }
        }
        let accounts: Vec<&str> = sharing.targets.keys().copied().collect();
        verdict.emit(
            em,
            pipeline,
            format!(
                "artifacts are shared with account(s) {} through customer-managed keys and bucket policies that grant them, and nobody else",
                name_list(&accounts)
            ),
        );
    }
}

/// Target account → the roles of the actions that run there.
fn targets<'p>(
    pipeline: &'p Pipeline,
    def: &'p PipelineDefinition,
) -> BTreeMap<&'p str, Vec<&'p str>> {
    let mut targets: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for role in def.actions().filter_map(|a| a.role_arn.as_deref()) {
        if let Some(account) = account_of(role).filter(|a| *a != pipeline.account_id) {
            let roles = targets.entry(account).or_default();
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
    }
    targets
}

/// The organization `account` belongs to, from its `DescribeOrganization`.
fn organization_of<'c>(ctx: &'c Context, account: &str) -> Option<&'c str> {
    if !ctx.account.has_section("organizations") {
        return None;
    }
    ctx.organizations()
        .views
        .iter()
        .filter(|v| v.account_id == account)
        .find_map(|v| v.organization.value())
        .map(|o| o.id.as_str())
}

/// (b) and (d) for the key policy.
fn judge_key_policy(
    ctx: &Context,
    roles: &Roles,
    pipeline: &Pipeline,
    def: &PipelineDefinition,
    key: DescribedKey,
    sharing: &Sharing,
    verdict: &mut Verdict,
) {
    let Some(policy) = key.policy().or_record(verdict) else {
        return;
    };
    let arn = key.arn();
    let label = format!("the policy of key {arn}");
    over_exposure(&policy, &label, verdict);
    for account in sharing.targets.keys() {
        if sharing.grants(&policy, account, TARGET_KEY_ACTIONS, arn) {
            continue;
        }
        let service_only = TARGET_KEY_ACTIONS
            .iter()
            .all(|a| policy.grants_service_action(CODEPIPELINE, a));
        let reason = format!(
            "{label} does not allow account {account} {}",
            TARGET_KEY_ACTIONS.join(", ")
        );
        if service_only {
            verdict.warn(format!(
                "{reason}: it grants only the service principal {CODEPIPELINE}; grant the pipeline role and the target account"
            ));
        } else {
            verdict.fail(reason);
        }
    }
    judge_pipeline_role(ctx, roles, pipeline, def, &policy, arn, &label, verdict);
}

/// (b) The pipeline role may use the key: named by the key policy, or
/// through the account-root statement and its own IAM policies.
#[allow(
    clippy::too_many_arguments,
    reason = "the pipeline, the key and what is known of it"
)]
fn judge_pipeline_role(
    ctx: &Context,
    roles: &Roles,
    pipeline: &Pipeline,
    def: &PipelineDefinition,
    policy: &Policy,
    key_arn: &str,
    label: &str,
    verdict: &mut Verdict,
) {
    let role = def.role_arn.as_str();
    let account = pipeline.account_id.as_str();
    let root = format!("arn:{}:iam::{account}:root", ctx.account.partition);
    if names_allow(policy, &[role], PIPELINE_KEY_ACTIONS, key_arn) {
        return;
    }
    if !names_allow(policy, &[&root, account], PIPELINE_KEY_ACTIONS, key_arn) {
        return verdict.fail(format!(
            "{label} allows neither the pipeline role {role} nor account {account}'s root {}",
            PIPELINE_KEY_ACTIONS.join(", ")
        ));
    }
    roles
        .allowed(
            ctx,
            role,
            &format!("the pipeline role {role}"),
            PIPELINE_KEY_ACTIONS,
            key_arn,
        )
        .or_record(verdict);
}

/// True when an Allow statement whose `AWS` principals include one of
/// `principals` (compared ignoring case) covers every one of `actions` on
/// `resource`.
fn names_allow(policy: &Policy, principals: &[&str], actions: &[&str], resource: &str) -> bool {
    actions.iter().all(|a| {
        policy
            .statements
            .iter()
            .any(|s| allows_one_of(s, principals, a) && s.matches_resource(resource))
    })
}

/// An Allow of `action` whose `AWS` principals include one of `principals`.
fn allows_one_of(s: &Statement, principals: &[&str], action: &str) -> bool {
    s.effect == Effect::Allow
        && s.matches_action(action)
        && s.principal.as_ref().is_some_and(|p| {
            p.of_type("AWS")
                .iter()
                .any(|v| principals.iter().any(|x| x.eq_ignore_ascii_case(v)))
        })
}

/// (d) `Allow` to everyone without an account-scoping condition.
fn over_exposure(policy: &Policy, label: &str, verdict: &mut Verdict) {
    for s in policy
        .statements
        .iter()
        .filter(|s| s.is_unscoped_public_allow())
    {
        let which = s.label();
        verdict.fail(format!(
            "{label} has {which} allowing Principal * with no aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount condition"
        ));
    }
}

/// (c) and (d) for the store bucket's policy.
fn judge_bucket(
    ctx: &Context,
    buckets: &BucketIndex,
    store: &ArtifactStore,
    sharing: &Sharing,
    verdict: &mut Verdict,
) {
    let name = store.location.as_str();
    let label = format!("artifact bucket {name}");
    let bucket = match reference::bucket(ctx, buckets, name, &label).or_record(verdict) {
        None => return,
        Some(BucketRef::Owned(b)) => b,
        Some(_) => {
            return verdict.error_reason(format!(
                "{label} belongs to another account: its bucket policy was not collected"
            ))
        }
    };
    let policy = match bucket.policy.known() {
        Err(e) => return verdict.error(e),
        Ok(None) => {
            return verdict.fail(format!(
                "{label} has no bucket policy, so account(s) {} cannot read the artifacts",
                name_list(&sharing.targets.keys().collect::<Vec<_>>())
            ))
        }
        Ok(Some(doc)) => match doc.parse() {
            Ok(p) => p,
            Err(e) => return verdict.error_reason(format!("the policy of {label}: {e}")),
        },
    };
    let label = format!("the policy of {label}");
    over_exposure(&policy, &label, verdict);
    let objects = format!("{}/*", bucket.arn);
    for account in sharing.targets.keys() {
        let mut lacking = Vec::new();
        if !sharing.grants(&policy, account, &["s3:GetObject"], &objects) {
            lacking.push(format!("s3:GetObject on {objects}"));
        }
        if !sharing.grants(&policy, account, &["s3:ListBucket"], &bucket.arn) {
            lacking.push(format!("s3:ListBucket on {}", bucket.arn));
        }
        if !lacking.is_empty() {
            verdict.fail(format!(
                "{label} does not allow account {account} {}",
                lacking.join(" or ")
            ));
        }
    }
}

/// (e) The action role `role`, in `account`, trusts the pipeline account
/// or role; not judged (a note) where the inventory does not hold it.
fn judge_target_trust(
    ctx: &Context,
    pipeline: &Pipeline,
    def: &PipelineDefinition,
    account: &str,
    role: &str,
    verdict: &mut Verdict,
) {
    let Some(peer) = ctx.peer(account) else {
        return verdict.note(format!(
            "the trust policy of {role} was not checked: account {account} is not in this inventory"
        ));
    };
    if !peer.account.has_section("iam") || peer.unreadable(iam_section::ROLES, GLOBAL).is_some() {
        return verdict.note(format!(
            "the trust policy of {role} was not checked: the IAM roles of account {account} could not be read"
        ));
    }
    let label = format!("the target role {role}");
    let Some(found) = Roles::new(&peer)
        .lookup(&peer, role, &label)
        .or_record(verdict)
    else {
        return;
    };
    let root = format!(
        "arn:{}:iam::{}:root",
        ctx.account.partition, pipeline.account_id
    );
    match trusts(found, &[&root, &pipeline.account_id, &def.role_arn]) {
        Ok(true) => {}
        Ok(false) => verdict.fail(format!(
            "{label} does not trust the pipeline account's root {root} or the pipeline role {} (sts:AssumeRole)",
            def.role_arn
        )),
        Err(e) => verdict.error_reason(format!("{label}: trust {e}")),
    }
}

/// True when `role`'s trust policy allows `sts:AssumeRole` to one of
/// `principals`; `Err` when it does not parse.
fn trusts(role: &Role, principals: &[&str]) -> Result<bool, String> {
    let policy = role.trust_policy.parse().map_err(|e| e.to_string())?;
    Ok(policy
        .statements
        .iter()
        .any(|s| allows_one_of(s, principals, "sts:AssumeRole")))
}
