//! ## What it checks
//!
//! Every artifact store of every pipeline is encrypted with an enabled,
//! symmetric, customer-managed KMS key. The stores are the pipeline's
//! `artifactStore`, or each value of `artifactStores` for a multi-region
//! pipeline; each is judged in its own region. A pipeline is *cross-account*
//! when any action's `roleArn` belongs to another account.
//!
//! - PASS: every store names a key (key id, key ARN, alias name or alias ARN)
//!   that resolves, in the store's region, to a customer-managed key that is
//!   `Enabled` and `SYMMETRIC_DEFAULT`.
//! - FAIL: a store names a key that does not exist; a key that is not
//!   `Enabled` (Disabled, PendingDeletion, PendingImport, Unavailable); an AWS
//!   managed key (such as `alias/aws/s3`); an asymmetric key; or, on a
//!   cross-account pipeline, a key referenced by alias (aliases resolve only
//!   in the account that owns the key).
//! - No encryption key on a store: CodePipeline falls back to the AWS managed
//!   key `aws/s3`. Advisory (FAIL at low); FAIL when the setting
//!   `require_cmk` is true; always FAIL on a cross-account pipeline, because
//!   an AWS managed key cannot be used by another account.
//! - ERROR: the pipeline definition could not be read; the key could not be
//!   described (e.g. `DescribeKey` denied on another account's key); or KMS
//!   could not be listed in the key's region, so a key that is not in the
//!   inventory cannot be called missing.
//! - SKIP: the pipeline disappeared between listing and `GetPipeline`.
//! - Note (information only): a store bucket whose default encryption is
//!   SSE-S3 is not a failure, since CodePipeline requests SSE-KMS for every
//!   artifact it writes; the finding mentions it.
//!
//! ## Why it matters
//!
//! Artifacts hold source code and build outputs. With the AWS managed key
//! there is no key policy to control who decrypts them, and another account
//! can never use it, so cross-account deployments break. The notes say to
//! store artifacts in S3 encrypted with a KMS key the pipeline can use, and to
//! create a customer-managed key shared with the target account for
//! cross-account deployments (notes 001 › ## CodePipeline › ### Key Concepts &
//! Common Pitfalls, items 1 and 2; notes 000 › ## SDLC Automation ›
//! CodeBuild: artifacts uploaded to S3 using KMS; notes 001 › ## Examination
//! Tips & ‘Wrong Answer’ Context › CodePipeline KMS & Versioning).
//!
//! ## How to fix
//!
//! Create (or pick) a symmetric customer-managed key in each store's region
//! whose key policy lets the pipeline role (and, cross-account, the target
//! account) use it, then set it on the store. Refer to it by key ARN on
//! cross-account pipelines.
//!
//! - **Console**: CodePipeline › the pipeline › Edit › Edit: Pipeline settings
//!   (or Artifact store) › Encryption key › Customer managed key › choose the key, Save.
//! - **CLI**: `aws codepipeline get-pipeline --name NAME > p.json`, set
//!   `pipeline.artifactStore.encryptionKey` to `{"id": "KEY_ARN", "type": "KMS"}`
//!   (or each entry of `artifactStores`), drop `metadata`, then
//!   `aws codepipeline update-pipeline --cli-input-json file://p.json`.
//!   Re-enable a disabled key with `aws kms enable-key --key-id KEY`, or cancel a
//!   pending deletion with `aws kms cancel-key-deletion --key-id KEY`.
//! - **CloudFormation**: on `AWS::CodePipeline::Pipeline`, set
//!   `ArtifactStore.EncryptionKey: {Id: !GetAtt Key.Arn, Type: KMS}` (or on
//!   each `ArtifactStores[].ArtifactStore`), with an `AWS::KMS::Key` whose
//!   `KeyPolicy` grants the pipeline role `kms:Encrypt`, `kms:Decrypt`,
//!   `kms:ReEncrypt*`, `kms:GenerateDataKey*` and `kms:DescribeKey`.
//!
//! ## References
//!
//! - Study notes: 001 › ## CodePipeline › ### Key Concepts & Common Pitfalls
//!   (1 "S3 as Artifact Store", 2 "Cross-Account Deployments"); 000 › ## SDLC
//!   Automation › CodeBuild (buildspec: artifacts uploaded to S3 using KMS);
//!   001 › ## Examination Tips & ‘Wrong Answer’ Context › CodePipeline KMS & Versioning.
//! - AWS: CodePipeline User Guide, "Configure server-side encryption for
//!   artifacts stored in Amazon S3 for CodePipeline" and "Create a pipeline in
//!   CodePipeline that uses resources from another AWS account"; KMS Developer
//!   Guide, "Using aliases" (aliases are account-local).
//! - AWS Config managed rule: none (the closest, `codebuild-project-artifact-encryption`,
//!   covers CodeBuild only). Prowler: none.

use crate::arn::account_of;
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codepipeline::{ArtifactStore, Pipeline, PipelineDefinition};
use crate::inventory::kms::{is_alias, KeyIndex};
use crate::inventory::s3::{BucketIndex, BucketRef};
use crate::inventory::{codepipeline, kms as kms_section, s3};
use crate::judge::kms::{self, DescribedKey, KeyState, KmsKey};
use crate::settings::REQUIRE_CMK;

pub static CHECK: Check = Check {
    id: "codepipeline-artifacts-kms",
    title: "Pipeline artifact stores use an enabled customer-managed KMS key",
    service: "codepipeline",
    severity: Severity::High,
    section: "001 › ## CodePipeline › ### Key Concepts & Common Pitfalls",
    catalog: "SDLC-01",
    reads: &[
        codepipeline::PIPELINES,
        codepipeline::PIPELINE_DEFINITION,
        codepipeline::PIPELINE_TAGS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::KEY_POLICY,
        kms_section::ALIASES,
        s3::BUCKETS,
        s3::ENCRYPTION,
        s3::OTHER_BUCKETS,
    ],
    tolerates: &[],
    settings: &[&REQUIRE_CMK],
    config_rule: None,
    prowler: None,
    source: include_str!("artifacts_kms.rs"),
    run,
};

fn run(ctx: &Context, em: &mut Emitter) {
    let keys = ctx.kms().index();
    let buckets = ctx.s3().index();
    for pipeline in &ctx.codepipeline().pipelines {
        let Some(def) = super::definition(pipeline, em) else {
            continue;
        };
        let cross = cross_account_actions(pipeline, def);
        let mut verdict = Verdict::new();
        let mut regions = Vec::new();
        for (region, store) in def.stores(&pipeline.region) {
            regions.push(region);
            judge_store(
                ctx,
                &keys,
                &pipeline.account_id,
                region,
                store,
                &cross,
                &mut verdict,
            );
            sse_s3_note(&buckets, store, &mut verdict);
        }
        if regions.is_empty() {
            verdict.error_reason("the pipeline definition has no artifact store");
        }
        verdict.emit(
            em,
            pipeline,
            format!(
                "artifact store(s) in {} use enabled customer-managed symmetric KMS keys",
                regions.join(", ")
            ),
        );
    }
}

/// `action NAME assumes a role in account N` for every action whose role
/// belongs to another account than the pipeline's.
pub(super) fn cross_account_actions(pipeline: &Pipeline, def: &PipelineDefinition) -> Vec<String> {
    def.actions()
        .filter_map(|a| {
            let account = account_of(a.role_arn.as_deref()?)?;
            (account != pipeline.account_id)
                .then(|| format!("action {} assumes a role in account {account}", a.name))
        })
        .collect()
}

/// Judges one artifact store; its key is looked up for the pipeline's
/// `account` in the store's `region`. Returns the key when it passes
/// (`codepipeline-cross-account-artifacts` goes on to its key policy).
#[allow(
    clippy::too_many_arguments,
    reason = "the store, where it is, and the pipeline's cross-account actions"
)]
pub(super) fn judge_store<'a>(
    ctx: &Context,
    keys: &KeyIndex<'a>,
    account: &str,
    region: &str,
    store: &ArtifactStore,
    cross: &[String],
    verdict: &mut Verdict,
) -> Option<DescribedKey<'a>> {
    let label = super::store_label(region, store);
    let Some(key) = &store.encryption_key else {
        let reason = format!(
            "{label} has no encryption key, so CodePipeline uses the AWS managed key aws/s3"
        );
        if let Some(first) = cross.first() {
            verdict.fail(format!(
                "{reason}, which other accounts cannot use ({first})"
            ));
        } else if ctx.setting(&REQUIRE_CMK) {
            verdict.fail(format!("{reason} (require_cmk is set)"));
        } else {
            verdict.warn(reason);
        }
        return None;
    };
    let id = key.id.as_str();
    let label = format!("{label}: key {id}");
    match kms::key(ctx, keys, id, region, account, &label).or_record(verdict) {
        None => None,
        Some(KmsKey::AwsManagedAlias) => {
            verdict.fail(format!("{label} is an AWS managed key"));
            None
        }
        Some(KmsKey::Described(key)) => {
            let mut problems = Vec::new();
            if key.state() != KeyState::Enabled {
                problems.push(format!("is {}", key.state()));
            }
            if !key.meta.is_customer_managed() {
                problems.push("is an AWS managed key".to_string());
            }
            if !key.meta.is_symmetric() {
                problems.push(format!("is {}, not SYMMETRIC_DEFAULT", key.meta.key_spec));
            }
            if let (true, Some(first)) = (is_alias(id), cross.first()) {
                problems.push(format!(
                    "is referenced by alias on a cross-account pipeline ({first}); aliases resolve only in the key's own account, use the key ARN"
                ));
            }
            if problems.is_empty() {
                Some(key)
            } else {
                verdict.fail(format!("{label} {}", problems.join(", ")));
                None
            }
        }
    }
}

/// Information only: an SSE-S3 bucket default does not weaken the store,
/// because CodePipeline asks for SSE-KMS on every object it writes.
fn sse_s3_note(buckets: &BucketIndex, store: &ArtifactStore, verdict: &mut Verdict) {
    if let BucketRef::Owned(bucket) = buckets.get(&store.location) {
        if bucket
            .encryption
            .value()
            .is_some_and(|e| e.sse_algorithm == "AES256")
        {
            verdict.note(format!(
                "bucket {}'s default encryption is SSE-S3, which is fine: CodePipeline requests SSE-KMS for each artifact",
                bucket.name
            ));
        }
    }
}
