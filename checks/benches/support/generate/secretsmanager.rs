//! Secrets Manager: secrets with their rotation schedules, rotation
//! functions, keys, resource policies and replicas.

use super::fixture::{absent, de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::kms::key_ref;
use super::lambda::RotationFunctions;
use super::{ACCOUNT, OTHER, REGIONS};
use serde_json::{json, Value};

const SECRETS: Kind = Kind::scaled("secretsmanager.secrets", 40);

pub const GENERATOR: Generator = Generator {
    kinds: &[SECRETS],
    generate: |g, n| secretsmanager(g, n[SECRETS]),
};

/// Secrets: rotation off, or on by days, rates and cron schedules
/// (weekly, monthly, last day, first Monday, yearly, never again,
/// uninterpretable); rotated recently, long ago or never; rotation
/// functions present, missing or in another account; AWS managed key
/// with cross-account policies; DR-tier tags with and without a
/// replica in sync; service-owned secrets.
fn secretsmanager(g: &mut Gen, n: usize) {
    let mut sm = awscheck_checks::inventory::secretsmanager::SecretsManager::default();
    for i in 0..n {
        let r = g.region();
        let region = REGIONS[r];
        let name = format!("secret-{i:05}");
        let rules = match g.rng.pct() {
            0..=29 => json!({"automatically_after_days": 30}),
            30..=44 => json!({"automatically_after_days": 90}),
            45..=49 => json!({"automatically_after_days": 180}),
            50..=59 => json!({"schedule_expression": "rate(30 days)"}),
            60..=64 => json!({"schedule_expression": "rate(12 hours)"}),
            65..=74 => json!({"schedule_expression": "cron(0 4 ? * SUN *)"}),
            75..=82 => {
                json!({"automatically_after_days": 30, "schedule_expression": "cron(0 0 1 * ? *)"})
            }
            83..=87 => json!({"schedule_expression": "cron(0 0 L * ? *)"}),
            88..=91 => json!({"schedule_expression": "cron(0 8 ? * 2#1 *)"}),
            92..=94 => json!({"schedule_expression": "cron(0 0 1 JAN ? *)"}),
            95 => json!({"schedule_expression": "cron(0 0 ? * MON-FRI 2020)"}),
            96..=97 => json!({"schedule_expression": "cron(0 0 * * * *)"}),
            _ => Value::Null,
        };
        let (last, created) = match g.rng.pct() {
            0..=69 => (json!(g.ago(24 * 10)), json!(g.ago(24 * 400))),
            70..=84 => (json!(g.ago(24 * 200)), json!(g.ago(24 * 400))),
            85..=94 => (Value::Null, json!(g.ago(24 * 400))),
            _ => (Value::Null, Value::Null),
        };
        let lambda = match g.rng.pct() {
            0..=69 if !g.made.of::<RotationFunctions>().0[r].is_empty() => {
                let f = g.rng.pick(&g.made.of::<RotationFunctions>().0[r]);
                json!(format!("arn:aws:lambda:{region}:{ACCOUNT}:function:{f}"))
            }
            70..=79 => json!(format!(
                "arn:aws:lambda:{region}:{ACCOUNT}:function:rotate-gone-{i}:$LATEST"
            )),
            80..=84 => json!(format!(
                "arn:aws:lambda:{region}:{OTHER}:function:central-rotator"
            )),
            _ => Value::Null,
        };
        let kms = if g.rng.chance(50) {
            key_ref(g, r).map(Value::String).unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        let policy = match g.rng.pct() {
            0..=69 => absent(),
            70..=84 => val(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": format!("arn:aws:iam::{OTHER}:root")}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}),
            ),
            85..=94 => val(
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                "Action": "secretsmanager:GetSecretValue", "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}]}),
            ),
            _ => denied("GetResourcePolicy"),
        };
        let mut tags = g.env_tags();
        let mut replication = json!([]);
        if g.rng.chance(10) {
            tags["dr-tier"] = json!("multi-region");
            let other = REGIONS[(r + 1) % REGIONS.len()];
            replication = match g.rng.pct() {
                0..=59 => json!([{"region": other, "status": "InSync"}]),
                60..=79 => json!([{"region": other, "status": "Failed"}]),
                _ => json!([]),
            };
        }
        sm.secrets.push(de(json!({
            "arn": format!("arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-AbCdEf"),
            "region": region, "account_id": ACCOUNT, "name": name,
            "rotation_enabled": g.rng.chance(85), "rotation_rules": rules,
            "rotation_lambda_arn": lambda, "last_rotated_date": last, "created_date": created,
            "owning_service": if g.rng.chance(5) { json!("rds") } else { Value::Null },
            "kms_key_id": kms,
            "primary_region": if g.rng.chance(3) { json!(REGIONS[(r + 1) % REGIONS.len()]) } else { Value::Null },
            "replication_status": replication, "policy": policy, "tags": tags
        })));
    }
    g.acct.secretsmanager = Some(sm);
}
