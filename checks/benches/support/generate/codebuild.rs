//! CodeBuild: projects with their environment variables, sources,
//! buildspecs, service roles, privileged mode, logs, artifacts and their
//! key, webhooks; report groups holding some projects' reports.

use super::fixture::de;
use super::gen::Gen;
use super::iam::{self, BUILD};
use super::kms::key_ref;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::{json, Value};

const PROJECTS: Kind = Kind::scaled("codebuild.projects", 35);
const REPORT_GROUPS: Kind = Kind::scaled("codebuild.report_groups", 5);

pub const GENERATOR: Generator = Generator {
    kinds: &[PROJECTS, REPORT_GROUPS],
    generate: |g, n| codebuild(g, n[PROJECTS], n[REPORT_GROUPS]),
};

/// Projects with referenced and plaintext variables (some named like
/// secrets, some holding an access key id), clean or credentialed source
/// URLs, and path, inline, secret-bearing or broken buildspecs; service
/// roles by ARN, by bare name (which the IAM check looks up by name),
/// or missing; privileged or not (tagged, building Docker inline, or
/// neither), logging to CloudWatch, S3 (some unencrypted) or nowhere,
/// artifacts to S3 (some unencrypted) or the pipeline, with a key or not,
/// webhooks on pull requests or pushes. Report groups take reports of
/// random projects of their region, recent or stale, some unreadable.
fn codebuild(g: &mut Gen, n: usize, groups: usize) {
    let mut cb = awscheck_checks::inventory::codebuild::CodeBuild::default();
    let mut names: [Vec<String>; REGIONS.len()] = Default::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("build-{i:05}");
        names[r].push(name.clone());
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
        let mut tags = g.env_tags();
        let (privileged, buildspec) = match g.rng.pct() {
            0..=69 => (false, buildspec),
            70..=79 => {
                tags["builds-docker"] = json!("true");
                (true, buildspec)
            }
            80..=89 => (true, json!("version: 0.2\nphases:\n  build:\n    commands: [\"docker build -t app .\"]\n")),
            _ => (true, buildspec),
        };
        let logs = match g.rng.pct() {
            0..=59 => json!({}),
            60..=74 => json!({"cloudwatch": {"status": "ENABLED", "group_name": format!("/ci/{name}")}}),
            75..=89 => json!({"cloudwatch": {"status": "DISABLED"}, "s3": {"status": "ENABLED", "location": "build-logs", "encryption_disabled": g.rng.chance(30)}}),
            _ => json!({"cloudwatch": {"status": "DISABLED"}, "s3": {"status": "DISABLED"}}),
        };
        let artifacts = match g.rng.pct() {
            0..=39 => json!({"type": "CODEPIPELINE"}),
            40..=49 => json!({"type": "NO_ARTIFACTS"}),
            _ => json!({"type": "S3", "location": "build-output", "encryption_disabled": g.rng.chance(10)}),
        };
        let key = if g.rng.chance(60) { key_ref(g, r) } else { None };
        let webhook = match g.rng.pct() {
            0..=49 => json!({"filter_groups": [{"filters": [{"type": "EVENT", "pattern": "PULL_REQUEST_CREATED,PULL_REQUEST_UPDATED"}]}]}),
            50..=74 => json!({"filter_groups": [{"filters": [{"type": "EVENT", "pattern": "PUSH"}]}]}),
            _ => Value::Null,
        };
        cb.projects.push(de(json!({
            "arn": format!("arn:aws:codebuild:{region}:{ACCOUNT}:project/{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "service_role": service_role,
            "environment_variables": vars,
            "source": {"type": "GITHUB", "location": location, "buildspec": buildspec},
            "secondary_sources": secondary, "privileged_mode": privileged, "logs": logs,
            "artifacts": artifacts, "encryption_key": key, "webhook": webhook, "tags": tags
        })));
    }
    for i in 0..groups {
        let r = g.region();
        let region = REGIONS[r];
        let latest = if g.rng.chance(5) || names[r].is_empty() {
            json!({"error": {"operation": "BatchGetReports", "code": "ThrottlingException", "message": ""}})
        } else {
            let reports: Vec<Value> = (0..8)
                .map(|_| {
                    let hours = if g.rng.chance(70) { 24 } else { 24 * 90 };
                    json!({"project": g.rng.pick(&names[r]), "created": g.ago(hours)})
                })
                .collect();
            json!({"value": reports})
        };
        cb.report_groups.push(de(json!({
            "arn": format!("arn:aws:codebuild:{region}:{ACCOUNT}:report-group/reports-{i:05}"),
            "region": region, "account_id": ACCOUNT, "name": format!("reports-{i:05}"), "type": "TEST",
            "s3_export": {"bucket": "test-reports", "encryption_disabled": g.rng.chance(20)},
            "latest_reports": latest
        })));
    }
    g.acct.codebuild = Some(cb);
}
