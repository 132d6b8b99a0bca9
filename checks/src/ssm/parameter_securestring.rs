//! ## What it checks
//!
//! Every Parameter Store parameter that looks like it holds a secret is a
//! `SecureString` (encrypted with KMS).
//!
//! - FAIL: a `String` or `StringList` parameter whose name matches
//!   `(?i)(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential)`
//!   (any caller with `ssm:GetParameter` reads it in clear text); or one
//!   whose value looks like a credential (an AWS access key id, a private
//!   key, a GitHub or GitLab token), whatever its name.
//! - PASS: a `SecureString`; or a `String`/`StringList` with an ordinary
//!   name and value.
//! - Advisory (FAIL at low): a `SecureString` on the AWS managed key
//!   (`alias/aws/ssm`) when `require_cmk` is set.
//! - ERROR: the value of a `String`/`StringList` parameter could not be read
//!   (it could hold a credential).
//! - Noted: advanced-tier parameters with an `Expiration` policy.
//!
//! Values are read for `String` and `StringList` parameters only (never
//! decrypted, never a `SecureString`'s), and only to recognise credential
//! patterns: the inventory keeps a short hash and the patterns matched,
//! never the value, and reasons name the parameter only.
//!
//! ## Why it matters
//!
//! Parameter Store is the notes' place for configuration *and* secrets, with
//! KMS encryption for the secrets (notes 000 › Configuration Management and
//! IaC › "SSM parameter store"). A `String` parameter is stored and returned
//! in clear text: anyone who may read parameters, and every tool that logs
//! them, sees the secret.
//!
//! ## How to fix
//!
//! Recreate the parameter as a `SecureString` (the type cannot be changed in
//! place for every tier), then rotate the secret, since it was exposed.
//!
//! - **Console**: Systems Manager › Parameter Store › the parameter › Edit › Type `SecureString`, choose the KMS key; Save.
//! - **CLI**: `aws ssm put-parameter --name NAME --type SecureString --key-id alias/app --value file://value.txt --overwrite`.
//! - **CloudFormation**: `AWS::SSM::Parameter` cannot create `SecureString` parameters: create them with the CLI or SDK and reference them with `{{resolve:ssm-secure:NAME:VERSION}}`, or keep the secret in Secrets Manager.
//!
//! ## References
//!
//! - Study notes: 000 › Configuration Management and IaC › "SSM parameter store".
//! - AWS: "AWS Systems Manager Parameter Store", "Parameter types" and "Assigning parameter policies" (Systems Manager User Guide).
//! - No AWS Config managed rule; Prowler's `ssm_check_if_secure_strings_is_in_use` is related (it asks whether `SecureString` is used at all).

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::ssm;
use crate::inventory::ssm::Parameter;
use crate::settings::REQUIRE_CMK;
use regex::Regex;
use std::sync::LazyLock;

pub static CHECK: Check = Check {
    id: "ssm-parameter-securestring",
    title: "Secret-looking SSM parameters are SecureString",
    service: "ssm",
    severity: Severity::High,
    section: "000 › Configuration Management and IaC › \"SSM parameter store\"",
    catalog: "IAC-20",
    reads: &[ssm::PARAMETERS, ssm::PARAMETER_VALUES],
    tolerates: &[],
    settings: &[&REQUIRE_CMK],
    config_rule: None,
    prowler: None,
    source: include_str!("parameter_securestring.rs"),
    run,
};

/// Names of parameters that hold secrets.
static SECRET_NAME: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(
        clippy::expect_used,
        reason = "a constant pattern, compiled by the tests"
    )]
    Regex::new(r"(?i)(password|passwd|secret|token|api[-_]?key|private[-_]?key|credential)")
        .expect("the secret-name pattern compiles")
});

/// The AWS managed key of Parameter Store.
const AWS_MANAGED_KEY: &str = "alias/aws/ssm";

fn run(ctx: &Context, em: &mut Emitter) {
    let require_cmk = ctx.setting(&REQUIRE_CMK);
    for p in &ctx.ssm().parameters {
        judge(p, require_cmk, em);
    }
}

fn judge(p: &Parameter, require_cmk: bool, em: &mut Emitter) {
    let mut v = Verdict::new();
    if p.policies.iter().any(|t| t == "Expiration") {
        v.note("expires through an Expiration policy");
    }
    if p.parameter_type == "SecureString" {
        let key = p.key_id.as_deref().unwrap_or(AWS_MANAGED_KEY);
        if require_cmk && key == AWS_MANAGED_KEY {
            v.warn("SecureString on the AWS managed key alias/aws/ssm, and require_cmk is set");
        }
        return v.emit(em, p, format!("SecureString, encrypted with {key}"));
    }
    if let Some(word) = SECRET_NAME.find(&p.name) {
        v.fail(format!(
            "{} parameter whose name looks secret (\"{}\"): readable in clear text by any ssm:GetParameter caller",
            p.parameter_type,
            word.as_str()
        ));
    }
    match p.value.known() {
        Ok(Some(value)) if !value.looks_like.is_empty() => {
            let kinds: Vec<&str> = value.looks_like.iter().map(|k| k.as_str()).collect();
            v.fail(format!(
                "{} parameter whose value looks like a credential ({}; sha256 {})",
                p.parameter_type,
                kinds.join(" and "),
                value.sha256
            ));
        }
        Ok(_) => {}
        Err(e) => v.error_reason(format!(
            "its value could not be read to look for credentials: {e}"
        )),
    }
    v.emit(
        em,
        p,
        format!(
            "{} parameter with an ordinary name and value",
            p.parameter_type
        ),
    );
}
