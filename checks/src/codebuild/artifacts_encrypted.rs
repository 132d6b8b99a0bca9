//! ## What it checks
//!
//! The build output a CodeBuild project writes to S3 (its `artifacts` and
//! `secondaryArtifacts`) is encrypted, with an enabled KMS key.
//!
//! - SKIP: the project has no artifacts of its own: every output is of
//!   type `NO_ARTIFACTS` or `CODEPIPELINE` (the pipeline's artifact store
//!   governs those: see `codepipeline-artifacts-kms`).
//! - FAIL: an S3 output has `encryptionDisabled=true`.
//! - FAIL: the project's `encryptionKey` names a key that does not exist, or
//!   that is not `Enabled` (disabled, pending deletion, …): CodeBuild cannot
//!   write the output with it.
//! - advisory: with `require_cmk = true`, the project has no
//!   `encryptionKey` (CodeBuild then uses the AWS managed key `aws/s3`) or
//!   names an AWS managed key.
//! - ERROR: the project's artifacts were not recorded, or its key could not
//!   be looked up (KMS not listed in its region, `DescribeKey` failed, a key
//!   of an account the inventory does not cover).
//! - PASS: otherwise, naming the key.
//!
//! ## Why it matters
//!
//! Build artifacts are the deployable: anyone who reads them reads the
//! application, and anyone who can replace them ships their code. The notes
//! have CodeBuild upload the buildspec's artifacts to S3 encrypted with KMS
//! (notes 000 › ## SDLC Automation › CodeBuild; 001 › ## Codebuild › Key
//! Concepts, "Artifacts… stored in S3"). A customer-managed key also lets
//! another account's deployment read them and leaves an audit trail of
//! every decryption.
//!
//! ## How to fix
//!
//! - **Console**: CodeBuild › the project › Edit › Artifacts: untick
//!   "Disable artifact encryption"; Edit › Environment › Additional
//!   configuration › Encryption key: a customer-managed key ARN.
//! - **CLI**: `aws codebuild update-project --name NAME --artifacts type=S3,location=BUCKET,encryptionDisabled=false --encryption-key arn:aws:kms:REGION:ACCOUNT:key/ID`;
//!   `aws kms enable-key --key-id ID` for a disabled key.
//! - **CloudFormation**: on `AWS::CodeBuild::Project`,
//!   `Artifacts.EncryptionDisabled: false` (and on each of
//!   `SecondaryArtifacts`), `EncryptionKey: !GetAtt BuildKey.Arn`.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeBuild; 001 › ## Codebuild
//!   › Key Concepts ("Artifacts").
//! - AWS: CodeBuild User Guide, "Data encryption" and "Create a project"
//!   (Artifacts, Encryption key); CodeBuild API Reference,
//!   `ProjectArtifacts.encryptionDisabled`, `Project.encryptionKey`.
//! - AWS Config managed rule `codebuild-project-artifact-encryption`;
//!   Prowler has no equivalent check.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codebuild::{self, Artifacts, Project};
use crate::inventory::kms as kms_section;
use crate::inventory::kms::KeyIndex;
use crate::judge::kms::{self, KeyState, KmsKey};
use crate::settings::REQUIRE_CMK;

pub static CHECK: Check = Check {
    id: "codebuild-artifacts-encrypted",
    title: "CodeBuild artifacts are encrypted with an enabled KMS key",
    service: "codebuild",
    severity: Severity::Medium,
    section: "000 › SDLC Automation › \"CodeBuild\"; 001 › ## Codebuild › Key Concepts",
    catalog: "SDLC-14",
    reads: &[
        codebuild::PROJECTS,
        kms_section::KEYS,
        kms_section::KEY_METADATA,
        kms_section::ALIASES,
    ],
    tolerates: &[],
    settings: &[&REQUIRE_CMK],
    config_rule: Some("codebuild-project-artifact-encryption"),
    prowler: None,
    source: include_str!("artifacts_encrypted.rs"),
    run,
};

/// Output types whose encryption another service governs.
const NOT_OWN: &[&str] = &["NO_ARTIFACTS", "CODEPIPELINE"];

fn run(ctx: &Context, em: &mut Emitter) {
    let keys = ctx.kms().index();
    let require_cmk = ctx.setting(&REQUIRE_CMK);
    for project in &ctx.codebuild().projects {
        judge(ctx, &keys, require_cmk, project, em);
    }
}

fn judge(ctx: &Context, keys: &KeyIndex, require_cmk: bool, project: &Project, em: &mut Emitter) {
    let Some(primary) = &project.artifacts else {
        return em.error_reason(project, "the project's artifacts were not recorded");
    };
    let own: Vec<&Artifacts> = std::iter::once(primary)
        .chain(&project.secondary_artifacts)
        .filter(|a| {
            !NOT_OWN
                .iter()
                .any(|t| a.artifacts_type.eq_ignore_ascii_case(t))
        })
        .collect();
    if own.is_empty() {
        return em.skip(
            project,
            format!(
                "no artifacts of its own ({}): the pipeline's artifact store governs them",
                primary.artifacts_type
            ),
        );
    }
    let mut v = Verdict::new();
    for a in own.iter().filter(|a| a.encryption_disabled) {
        let name = a.identifier.as_deref().map_or_else(
            || "the artifacts".to_string(),
            |i| format!("secondary artifacts {i}"),
        );
        let at = a.location.as_deref().unwrap_or("(no location)");
        v.fail(format!(
            "{name} ({} {at}) are written unencrypted (encryptionDisabled=true)",
            a.artifacts_type
        ));
    }
    // Why the key is AWS managed, if it is.
    let mut aws_managed = None;
    let pass = match project.encryption_key.as_deref() {
        None => {
            aws_managed =
                Some("no encryption key, so CodeBuild uses the AWS managed key aws/s3".to_string());
            "artifacts encrypted with the AWS managed key aws/s3".to_string()
        }
        Some(id) => {
            let label = format!("encryption key {id}");
            match kms::key(ctx, keys, id, &project.region, &project.account_id, &label)
                .or_record(&mut v)
            {
                None => {}
                Some(KmsKey::AwsManagedAlias) => {
                    aws_managed = Some(format!("{label} is an AWS managed key"));
                }
                Some(KmsKey::Described(key)) if key.state() != KeyState::Enabled => {
                    v.fail(format!(
                        "{label} is {}: CodeBuild cannot encrypt the artifacts with it",
                        key.state()
                    ));
                }
                Some(KmsKey::Described(key)) if !key.meta.is_customer_managed() => {
                    aws_managed = Some(format!("{label} is an AWS managed key"));
                }
                Some(KmsKey::Described(_)) => {}
            }
            format!("artifacts encrypted with {label}")
        }
    };
    if let (true, Some(why)) = (require_cmk, aws_managed) {
        v.warn(format!("{why}, and require_cmk is set"));
    }
    v.emit(em, project, pass);
}
