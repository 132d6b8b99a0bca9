//! ## What it checks
//!
//! No CodeBuild project holds a credential in plain text. Values never
//! reach this check: the inventory keeps, for each value, a short SHA-256
//! prefix and the credential patterns it matched, and findings name
//! variables and hashes only.
//!
//! - FAIL: an environment variable of type `PLAINTEXT` whose name matches
//!   `(?i)(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)`,
//!   or whose value looks like a credential (an `AKIA`/`ASIA` access key id,
//!   a 40-character secret key next to one, a `-----BEGIN … PRIVATE KEY-----`
//!   block, a GitHub `ghp_`… or GitLab `glpat-` token).
//!   A value that is an AWS ARN (e.g. the ARN of a Secrets Manager secret)
//!   is a reference, not a secret: its name alone does not fail it.
//! - FAIL: the source location, or any secondary source location, embeds
//!   credentials (`https://user:pass@…` or `https://token@…`).
//! - FAIL: an inline buildspec (a YAML document rather than a path) whose
//!   `env.variables` break the same two rules. Its `env.parameter-store` and
//!   `env.secrets-manager` entries are fine. Inline buildspecs of secondary
//!   sources are judged too: a secret there is just as readable.
//! - PASS: none of the above; variables of type `PARAMETER_STORE` and
//!   `SECRETS_MANAGER` always pass.
//! - ERROR: an inline buildspec does not parse, so its variables are unknown
//!   (a confirmed FAIL elsewhere in the project still wins).
//!
//! Information (a note, whatever the verdict): the region's CodeBuild
//! source credentials (`codebuild:ListSourceCredentials`) include a
//! long-lived token (`PERSONAL_ACCESS_TOKEN`, `BASIC_AUTH` or `OAUTH`) for a
//! provider one of the project's sources uses (the source type equals the
//! credential's server type). Such a token is stored in CodeBuild itself,
//! shared by every project of the region, and rotates only by hand; a
//! CodeConnections connection or a Secrets Manager secret does not get the
//! note. When the credentials could not be read, nothing is noted.
//!
//! ## Why it matters
//!
//! Anyone allowed `codebuild:BatchGetProjects`, including read-only
//! auditors, reads plaintext variables and buildspecs in clear, and they end
//! up in build logs. The notes list the buildspec's `env` with `variables`,
//! `parameter-store` and `secrets-manager` (notes 000 › ## SDLC Automation ›
//! CodeBuild), dynamic variables from Parameter Store and Secrets Manager
//! (000 › ## SDLC Automation › CodeBuild - advanced), and "environment
//! variables … pulled from Parameter Store/Secrets Manager" (notes 001 › ##
//! Codebuild › ### Exam Tips). Credentials in a source URL are adjacent to
//! the notes.
//!
//! ## How to fix
//!
//! Store the secret in Secrets Manager (or as a `SecureString` parameter),
//! rotate the exposed value, and reference it by name. For sources, use a
//! CodeConnections connection or `aws codebuild import-source-credentials`
//! instead of credentials in the URL.
//!
//! - **Console**: CodeBuild › the project › Edit › Environment › Additional
//!   configuration › Environment variables: change the variable's type to
//!   Secrets Manager (value `secret-id:json-key`) or Parameter; Edit › Source
//!   to remove credentials from the repository URL.
//! - **CLI**: `aws codebuild update-project --name NAME --environment file://env.json`
//!   with `{"name": "DB_PASSWORD", "type": "SECRETS_MANAGER", "value": "prod/db:password"}`;
//!   in an inline buildspec, move the entry from `env.variables` to
//!   `env.secrets-manager` or `env.parameter-store`.
//! - **CloudFormation**: on `AWS::CodeBuild::Project`, give
//!   `Environment.EnvironmentVariables` entries `Type: SECRETS_MANAGER` or
//!   `PARAMETER_STORE`, and a `Source.Location` without credentials.
//!
//! ## References
//!
//! - Study notes: 000 › ## SDLC Automation › CodeBuild, CodeBuild - advanced;
//!   001 › ## Codebuild › ### Exam Tips.
//! - AWS: CodeBuild User Guide, "Build specification reference for
//!   CodeBuild" (`env/parameter-store`, `env/secrets-manager`) and "Data
//!   protection in AWS CodeBuild".
//! - AWS Config managed rules `codebuild-project-envvar-awscred-check` (AWS
//!   keys only) and `codebuild-project-source-repo-url-check`; Prowler
//!   `codebuild_project_no_secrets_in_variables` and
//!   `codebuild_project_source_repo_url_no_sensitive_credentials`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::codebuild;
use crate::inventory::codebuild::{Project, Source, SourceCredential};
use crate::secret::{Buildspec, Secret};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

pub static CHECK: Check = Check {
    id: "codebuild-no-plaintext-secrets",
    title: "CodeBuild secrets come from Parameter Store or Secrets Manager, never plaintext",
    service: "codebuild",
    severity: Severity::Critical,
    section: "000 › SDLC Automation › \"CodeBuild - advanced\"; 001 › ## Codebuild › ### Exam Tips",
    catalog: "SDLC-15",
    reads: &[codebuild::PROJECTS, codebuild::SOURCE_CREDENTIALS],
    tolerates: &[codebuild::SOURCE_CREDENTIALS],
    settings: &[],
    config_rule: Some("codebuild-project-envvar-awscred-check"),
    prowler: Some("codebuild_project_no_secrets_in_variables"),
    source: include_str!("no_plaintext_secrets.rs"),
    run,
};

#[allow(
    clippy::expect_used,
    reason = "a constant pattern, compiled by the cases"
)]
fn secret_name() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?i)(AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)",
        )
        .expect("static name pattern compiles")
    })
}

/// Source credentials kept in CodeBuild itself rather than in a connection or a secret.
const STORED_TOKENS: &[&str] = &["PERSONAL_ACCESS_TOKEN", "BASIC_AUTH", "OAUTH"];

fn run(ctx: &Context, em: &mut Emitter) {
    let codebuild = ctx.codebuild();
    // The stored tokens of each account and region, grouped once.
    let mut stored: HashMap<(&str, &str), Vec<&SourceCredential>> = HashMap::new();
    for c in codebuild.source_credentials.iter().filter(|c| {
        STORED_TOKENS
            .iter()
            .any(|t| c.auth_type.eq_ignore_ascii_case(t))
    }) {
        stored
            .entry((c.account_id.as_str(), c.region.as_str()))
            .or_default()
            .push(c);
    }
    for project in &codebuild.projects {
        let here = stored
            .get(&(project.account_id.as_str(), project.region.as_str()))
            .map_or(&[][..], Vec::as_slice);
        judge(project, here, em);
    }
}

fn judge(project: &Project, stored: &[&SourceCredential], em: &mut Emitter) {
    let mut verdict = Verdict::new();
    let mut referenced = 0;
    for var in &project.environment_variables {
        if var.var_type == "PLAINTEXT" {
            plaintext(
                || format!("PLAINTEXT environment variable {}", var.name),
                &var.name,
                &var.value,
                &mut verdict,
            );
        } else {
            referenced += 1;
        }
    }
    let sources = std::iter::once(("source", &project.source)).chain(
        project
            .secondary_sources
            .iter()
            .map(|s| ("secondary source", s)),
    );
    for (label, source) in sources {
        referenced += judge_source(label, source, &mut verdict);
    }
    for c in stored.iter().filter(|c| {
        std::iter::once(&project.source)
            .chain(&project.secondary_sources)
            .any(|s| s.source_type.eq_ignore_ascii_case(&c.server_type))
    }) {
        verdict.note(format!(
            "CodeBuild holds a {} {} source credential in {}, shared by the region's projects: prefer a CodeConnections connection or a Secrets Manager secret",
            c.server_type, c.auth_type, c.region
        ));
    }
    verdict.emit(
        em,
        project,
        format!(
            "no plaintext credentials in {} environment variable(s), source locations or inline buildspecs ({referenced} value(s) come from Parameter Store or Secrets Manager)",
            project.environment_variables.len()
        ),
    );
}

/// Judges one source's location and inline buildspec; returns how many
/// buildspec entries reference Parameter Store or Secrets Manager.
fn judge_source(label: &str, source: &Source, verdict: &mut Verdict) -> usize {
    if let Some(loc) = source.location.as_ref().filter(|l| l.embedded_credentials) {
        verdict.fail(format!("{label} location {} embeds credentials", loc.url));
    }
    let Some(Buildspec::Inline(spec)) = &source.buildspec else {
        return 0;
    };
    if let Some(e) = &spec.parse_error {
        verdict.error_reason(format!(
            "the {label}'s inline buildspec does not parse, so its env variables are unknown: {e}"
        ));
    }
    for var in &spec.variables {
        plaintext(
            || format!("{label} inline buildspec env variable {}", var.name),
            &var.name,
            &var.value,
            verdict,
        );
    }
    spec.parameter_store.len() + spec.secrets_manager.len()
}

/// Fails a plaintext value whose name or content says it is a credential.
/// `what` names the value in the reason, built only for a failure.
fn plaintext(what: impl Fn() -> String, name: &str, value: &Secret, verdict: &mut Verdict) {
    let mut why = Vec::new();
    if let Some(m) = secret_name().find(name).filter(|_| !value.is_arn) {
        why.push(format!("its name contains {:?}", m.as_str()));
    }
    if !value.looks_like.is_empty() {
        let kinds: Vec<&str> = value.looks_like.iter().map(|k| k.as_str()).collect();
        why.push(format!("its value looks like {}", kinds.join(" and ")));
    }
    if !why.is_empty() {
        verdict.fail(format!(
            "{} (sha256:{}) is plaintext and {}",
            what(),
            value.sha256,
            why.join(", ")
        ));
    }
}
