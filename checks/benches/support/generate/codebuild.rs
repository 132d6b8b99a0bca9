//! CodeBuild: projects with their environment variables, sources,
//! buildspecs and service roles.

use super::fixture::de;
use super::gen::Gen;
use super::iam::{self, BUILD};
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const PROJECTS: Kind = Kind::scaled("codebuild.projects", 35);

pub const GENERATOR: Generator = Generator {
    kinds: &[PROJECTS],
    generate: |g, n| codebuild(g, n[PROJECTS]),
};

/// Projects with referenced and plaintext variables (some named like
/// secrets, some holding an access key id), clean or credentialed source
/// URLs, and path, inline, secret-bearing or broken buildspecs; service
/// roles by ARN, by bare name (which the IAM check looks up by name),
/// or missing.
fn codebuild(g: &mut Gen, n: usize) {
    let mut cb = awscheck_checks::inventory::codebuild::CodeBuild::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("build-{i:05}");
        let role = iam::role(g, BUILD);
        let service_role = match g.rng.pct() {
            0..=84 => role.arn,
            85..=92 => role.name,
            93..=94 => format!("build-deleted-{i}"),
            _ => iam::missing_role(g, BUILD).arn,
        };
        let mut vars = vec![
            json!({"name": "STAGE", "type": "PLAINTEXT", "value": "prod"}),
            json!({"name": "DB_PASSWORD", "type": "SECRETS_MANAGER", "value": "prod/db:password"}),
        ];
        match g.rng.pct() {
            0..=5 => vars.push(json!({"name": "DB_PASSWORD_FALLBACK", "type": "PLAINTEXT", "value": format!("hunter2-{i}")})),
            6..=7 => vars.push(json!({"name": "DEPLOY_ID", "type": "PLAINTEXT", "value": "AKIAIOSFODNN7EXAMPLE"})),
            8..=30 => vars.push(json!({"name": "API_TOKEN", "type": "PARAMETER_STORE", "value": "/app/token"})),
            _ => {}
        }
        let location = if g.rng.chance(2) {
            "https://ci-bot:s3cr3t@github.com/example/repo.git".to_string()
        } else {
            format!("https://github.com/example/repo-{i}.git")
        };
        let buildspec = match g.rng.pct() {
            0..=54 => json!("buildspec.yml"),
            55..=84 => json!("version: 0.2\nenv:\n  parameter-store:\n    API_KEY: /app/key\n  variables:\n    STAGE: prod\nphases:\n  build:\n    commands: [make]\n"),
            85..=92 => json!("version: 0.2\nenv:\n  variables:\n    SECRET_TOKEN: ghp_0123456789abcdefghijABCDEFGHIJ012345\nphases:\n  build:\n    commands: [make]\n"),
            93..=96 => json!("version: 0.2\nenv: [unclosed\n"),
            _ => Value::Null,
        };
        let secondary = if g.rng.chance(10) {
            json!([{"type": "CODECOMMIT", "location": format!("https://git-codecommit.{region}.amazonaws.com/v1/repos/lib-{i}"),
                    "buildspec": "version: 0.2\nphases:\n  build:\n    commands: [make lib]\n"}])
        } else {
            json!([])
        };
        let tags = g.env_tags();
        cb.projects.push(de(json!({
            "arn": format!("arn:aws:codebuild:{region}:{ACCOUNT}:project/{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "service_role": service_role,
            "environment_variables": vars,
            "source": {"type": "GITHUB", "location": location, "buildspec": buildspec},
            "secondary_sources": secondary, "tags": tags
        })));
    }
    g.acct.codebuild = Some(cb);
}
