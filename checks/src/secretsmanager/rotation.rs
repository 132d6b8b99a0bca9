//! ## What it checks
//!
//! Every Secrets Manager secret rotates, on a schedule no longer than
//! `max_rotation_days` (default 90), and its rotation actually happens; its
//! encryption allows the sharing it is configured for; and secrets tagged for
//! multi-region disaster recovery have a replica in sync.
//!
//! - SKIP: secrets managed by another service (`OwningService`, e.g. `rds`):
//!   they are evaluated by that service's rules.
//! - FAIL: rotation is disabled (`RotationEnabled=false`).
//! - FAIL: the rotation interval exceeds `max_rotation_days`. The interval is
//!   `AutomaticallyAfterDays` and/or the one derived from `ScheduleExpression`
//!   (the longer, when both are given): `rate(N days)` and `rate(N hours)`
//!   are exact; for `cron(...)` the longest gap between consecutive firings
//!   over the next eight years is derived (UTC; `L`, `W`, `#` supported). A
//!   cron schedule that never fires again fails. A cron expression that
//!   cannot be interpreted is reported as a limitation: ERROR when it is the
//!   only source of the interval, a note when `AutomaticallyAfterDays` is
//!   there as well.
//! - FAIL: rotation is failing: `LastRotatedDate` (or `CreatedDate` when the
//!   secret was never rotated) is older than the interval plus
//!   `rotation_grace_days` (default 7) at the scan time.
//! - FAIL: the rotation Lambda (`RotationLambdaARN`, any version or alias
//!   qualifier ignored) is not among the account's Lambda functions in its
//!   region. ERROR when Lambda could not be listed in that region, when the
//!   region was not collected, or when the function is in another account.
//!   A rotating secret with no rotation Lambda (managed rotation) is noted.
//! - Advisory (FAIL at low): the secret uses the AWS managed key
//!   `aws/secretsmanager` (no `KmsKeyId`) and its resource policy allows
//!   another account (an AWS principal of another account, or `*` not
//!   narrowed to this account by `aws:PrincipalAccount`): AWS managed keys
//!   cannot be used across accounts. With `require_cmk = true` the AWS managed
//!   key is advisory whatever the policy. ERROR when the policy could not be
//!   read or parsed and it matters.
//! - Advisory: the secret is tagged `dr-tier=multi-region` and has no replica
//!   with status `InSync`. A replica (its `PrimaryRegion` is another region)
//!   is noted instead: replication is judged at its primary.
//! - ERROR: the interval or the last rotation cannot be known (rotation
//!   enabled with no rules; no `LastRotatedDate` nor `CreatedDate`).
//!
//! The rotation window (`RotationRules.Duration`) is not in the inventory;
//! rotation may happen anywhere inside it, which the grace period absorbs.
//!
//! ## Why it matters
//!
//! A secret that never rotates is a standing credential: once leaked, it
//! works until someone notices. The notes present forced rotation every X
//! days through a Lambda function, KMS encryption, and multi-region replicas
//! for disaster recovery as what Secrets Manager is for (notes 000 › ##
//! Security and Compliance › - AWS secrets manager), and CloudFormation's
//! `SecretTargetAttachment` to wire rotation to a database (notes 000 › ##
//! Configuration Management and IaC › - cloudformation:). Rotation that is
//! enabled but failing (the Lambda deleted, a permission missing) is worse
//! than none: everyone believes it works.
//!
//! ## How to fix
//!
//! - **Console**: Secrets Manager › the secret › Rotation › Edit rotation: turn on automatic rotation, set a schedule of at most 90 days, choose (or create) the rotation function; check the last rotation in the secret's details, and the function's CloudWatch logs when it is failing. Replicate secret (Replication) for DR; Encryption key for a customer managed key.
//! - **CLI**: `aws secretsmanager rotate-secret --secret-id NAME --rotation-lambda-arn LAMBDA_ARN --rotation-rules '{"ScheduleExpression": "rate(30 days)"}'`; `aws secretsmanager replicate-secret-to-regions --secret-id NAME --add-replica-regions Region=eu-west-1`; `aws secretsmanager update-secret --secret-id NAME --kms-key-id KEY_ARN`.
//! - **CloudFormation**: an `AWS::SecretsManager::RotationSchedule` with `RotationLambdaARN` (or `HostedRotationLambda`) and `RotationRules: {ScheduleExpression: rate(30 days)}`, a `AWS::SecretsManager::SecretTargetAttachment` for database secrets, and on the `AWS::SecretsManager::Secret` a `KmsKeyId` and `ReplicaRegions`.
//!
//! ## References
//!
//! - Study notes: 000 › ## Security and Compliance › - AWS secrets manager; 000 › ## Configuration Management and IaC › - cloudformation:.
//! - AWS: Secrets Manager user guide, "Rotate AWS Secrets Manager secrets", "Rotation schedules" (`rate` and `cron` expressions), "Troubleshoot rotation", "Replicate secrets across Regions" and "Secret encryption and decryption"; API reference, `DescribeSecret`.
//! - AWS Config managed rules `secretsmanager-rotation-enabled-check`, `secretsmanager-scheduled-rotation-success-check`, `secretsmanager-secret-periodic-rotation`, `secretsmanager-using-cmk`; Prowler `secretsmanager_automatic_rotation_enabled`.

use super::schedule;
use crate::arn::{self, Arn};
use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::secretsmanager::SecretEntry;
use crate::inventory::{lambda, secretsmanager};
use crate::policy::{Effect, Policy, Principals};
use chrono::{DateTime, Duration, Utc};
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    id: "secretsmanager-rotation",
    title: "Secrets rotate on schedule and successfully; replicated where DR requires it",
    service: "secretsmanager",
    severity: Severity::High,
    section: "000 › Security and Compliance › \"AWS secrets manager\"",
    catalog: "SEC-26",
    reads: &[
        secretsmanager::SECRETS,
        secretsmanager::SECRET_POLICY,
        lambda::FUNCTIONS,
    ],
    tolerates: &[],
    config_rule: Some("secretsmanager-rotation-enabled-check"),
    prowler: Some("secretsmanager_automatic_rotation_enabled"),
    source: include_str!("rotation.rs"),
    run,
};

/// The tag and value that ask for a multi-region replica.
const DR_TAG: (&str, &str) = ("dr-tier", "multi-region");

fn run(ctx: &Context, em: &mut Emitter) {
    let mut seen = Seen {
        functions: ctx
            .lambda()
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.region.as_str(), f.account_id.as_str()))
            .collect(),
        gaps: HashMap::new(),
    };
    for secret in &ctx.secretsmanager().secrets {
        judge(ctx, &mut seen, secret, em);
    }
}

/// What the secrets of one account are judged against, computed once.
struct Seen<'a> {
    /// (name, region, account) of every Lambda function.
    functions: HashSet<(&'a str, &'a str, &'a str)>,
    /// Each schedule expression's longest gap: it depends only on the
    /// expression and the scan time, and cron takes years of days to walk.
    gaps: HashMap<&'a str, Result<Option<Duration>, String>>,
}

fn judge<'a>(ctx: &Context, seen: &mut Seen<'a>, s: &'a SecretEntry, em: &mut Emitter) {
    if let Some(owner) = &s.owning_service {
        return em.skip(
            s,
            format!("managed by {owner}: evaluated by that service's rules"),
        );
    }
    let mut v = Verdict::new();
    let mut pass = format!("secret {}", s.name);
    if s.rotation_enabled {
        if let Some(interval) = rotation_interval(ctx, seen, s, &mut v) {
            pass.push_str(&format!(" rotates every {}", span(interval)));
            rotation_age(ctx, s, interval, &mut v);
        }
        rotation_lambda(ctx, seen, s, &mut v);
    } else {
        v.fail(format!("rotation is disabled for secret {}", s.name));
    }
    encryption(ctx, s, &mut v);
    replication(s, &mut v);
    v.emit(em, s, pass);
}

/// The rotation interval, failing it against `max_rotation_days`.
fn rotation_interval<'a>(
    ctx: &Context,
    seen: &mut Seen<'a>,
    s: &'a SecretEntry,
    v: &mut Verdict,
) -> Option<Duration> {
    let rules = s.rotation_rules.as_ref();
    let days = rules
        .and_then(|r| r.automatically_after_days)
        .map(Duration::days);
    let mut interval = days;
    if let Some(expr) = rules.and_then(|r| r.schedule_expression.as_deref()) {
        let gap = seen
            .gaps
            .entry(expr)
            .or_insert_with(|| schedule::longest_gap(expr, ctx.now));
        match gap.clone() {
            Ok(Some(gap)) => interval = interval.max(Some(gap)),
            Ok(None) => {
                v.fail(format!(
                    "schedule {expr} does not fire again within {} days",
                    schedule::HORIZON_DAYS
                ));
                return None;
            }
            Err(why) if days.is_some() => v.note(format!(
                "cannot derive the interval from {expr} ({why}); AutomaticallyAfterDays is used"
            )),
            Err(why) => {
                v.error_reason(format!(
                    "cannot derive the rotation interval from {expr}: {why}"
                ));
                return None;
            }
        }
    }
    let Some(interval) = interval else {
        v.error_reason("rotation is enabled but no rotation schedule is known");
        return None;
    };
    let max = ctx.settings.max_rotation_days;
    if interval > Duration::days(max) {
        v.fail(format!(
            "rotation interval {} exceeds the maximum of {max} days",
            span(interval)
        ));
    }
    Some(interval)
}

/// Fails when the last rotation (or the creation) is older than the interval plus grace.
fn rotation_age(ctx: &Context, s: &SecretEntry, interval: Duration, v: &mut Verdict) {
    let (last, what) = match (s.last_rotated_date, s.created_date) {
        (Some(t), _) => (t, "last rotated"),
        (None, Some(t)) => (t, "never rotated; created"),
        (None, None) => {
            return v.error_reason(
                "neither LastRotatedDate nor CreatedDate is known, so rotation cannot be dated",
            )
        }
    };
    let grace = ctx.settings.rotation_grace_days;
    let age = ctx.now - last;
    if age > interval + Duration::days(grace) {
        v.fail(format!(
            "rotation is failing: {what} {} ({} days ago), beyond the {} interval plus {grace} days' grace",
            date(last),
            age.num_days(),
            span(interval)
        ));
    }
}

/// The rotation Lambda must exist where its ARN says.
fn rotation_lambda(ctx: &Context, seen: &Seen, s: &SecretEntry, v: &mut Verdict) {
    let Some(lambda_arn) = s.rotation_lambda_arn.as_deref() else {
        return v.note("no rotation Lambda (managed rotation)");
    };
    let parsed = Arn::parse(lambda_arn).and_then(|a| {
        let name = a.resource.strip_prefix("function:")?.split(':').next()?;
        (!name.is_empty()).then_some((a.region, a.account, name))
    });
    let Some((region, account, name)) = parsed else {
        return v.error_reason(format!(
            "rotation Lambda {lambda_arn} is not a Lambda function ARN"
        ));
    };
    if account != ctx.account.account_id {
        v.error_reason(format!(
            "rotation Lambda {name} is in account {account}, which this inventory does not cover"
        ));
    } else if !ctx.account.regions.iter().any(|r| r == region) {
        v.error_reason(format!(
            "rotation Lambda {name} is in {region}, a region that was not collected"
        ));
    } else if ctx.blind("lambda", region) {
        v.error_reason(format!(
            "rotation Lambda {name}: lambda could not be listed in {region}"
        ));
    } else if !seen.functions.contains(&(name, region, account)) {
        v.fail(format!("rotation Lambda {name} does not exist in {region}"));
    }
}

/// The AWS managed key cannot be shared: advisory when the secret is shared
/// with another account, or when `require_cmk` is set.
fn encryption(ctx: &Context, s: &SecretEntry, v: &mut Verdict) {
    let aws_managed = s.kms_key_id.as_deref().is_none_or(|k| {
        k == "alias/aws/secretsmanager" || k.ends_with(":alias/aws/secretsmanager")
    });
    if !aws_managed {
        return;
    }
    if ctx.settings.require_cmk {
        return v
            .warn("encrypted with the AWS managed key aws/secretsmanager, and require_cmk is set");
    }
    let policy = match s.policy.known() {
        Err(e) => {
            return v.error_reason(format!(
                "uses the AWS managed key, and its resource policy could not be read: {e}"
            ))
        }
        Ok(None) => return,
        Ok(Some(doc)) => match doc.parse() {
            Ok(p) => p,
            Err(e) => return v.error_reason(format!("resource policy: {e}")),
        },
    };
    let others = other_accounts_allowed(&policy, &ctx.account.account_id);
    if !others.is_empty() {
        v.warn(format!(
            "encrypted with the AWS managed key aws/secretsmanager, but its resource policy allows account(s) {}: AWS managed keys cannot be used across accounts",
            others.join(", ")
        ));
    }
}

/// Accounts other than `own` that the policy's Allow statements admit: their
/// ids, or `*` for a principal (or `NotPrincipal`) open to everyone that
/// `StringEquals aws:PrincipalAccount` does not narrow to `own`.
fn other_accounts_allowed(policy: &Policy, own: &str) -> Vec<String> {
    let mut others: Vec<String> = Vec::new();
    for st in policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Allow)
    {
        let granted: Vec<String> = match (&st.principal, &st.not_principal) {
            (_, Some(_)) | (Some(Principals::All), _) => {
                let narrowed = st.conditions_on("aws:PrincipalAccount").any(|c| {
                    c.operator_is("StringEquals")
                        && !c.values.is_empty()
                        && c.values.iter().all(|a| a == own)
                });
                if narrowed {
                    vec![]
                } else {
                    vec!["*".to_string()]
                }
            }
            (Some(p), None) => p
                .of_type("AWS")
                .iter()
                .map(|a| match a.as_str() {
                    "*" => "*".to_string(),
                    a => arn::account_of(a).unwrap_or(a).to_string(),
                })
                .filter(|a| a != own)
                .collect(),
            (None, None) => vec![],
        };
        for a in granted {
            if !others.contains(&a) {
                others.push(a);
            }
        }
    }
    others
}

/// `dr-tier=multi-region` needs a replica in sync.
fn replication(s: &SecretEntry, v: &mut Verdict) {
    let wants_dr = s.tags.iter().any(|(k, val)| {
        k.trim().eq_ignore_ascii_case(DR_TAG.0) && val.trim().eq_ignore_ascii_case(DR_TAG.1)
    });
    if !wants_dr {
        return;
    }
    if let Some(primary) = s.primary_region.as_deref().filter(|p| *p != s.region) {
        return v.note(format!(
            "replica of the primary in {primary}: replication is judged there"
        ));
    }
    if s.replication_status
        .iter()
        .any(|r| r.status.eq_ignore_ascii_case("InSync"))
    {
        return;
    }
    let replicas: Vec<String> = s
        .replication_status
        .iter()
        .map(|r| format!("{} {}", r.region, r.status))
        .collect();
    let have = if replicas.is_empty() {
        "no replicas".to_string()
    } else {
        format!("replicas: {}", replicas.join(", "))
    };
    v.warn(format!(
        "tagged dr-tier=multi-region but no replica is InSync ({have})"
    ));
}

/// `30 days`, or `4 hours` when not a whole number of days.
fn span(d: Duration) -> String {
    if d.num_hours() % 24 == 0 {
        format!("{} days", d.num_days())
    } else {
        format!("{} hours", d.num_hours())
    }
}

fn date(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Finding, Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, run, run_with};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:secretsmanager:us-east-1:111122223333:secret:app-AbCdEf";
    const LAMBDA: &str = "arn:aws:lambda:us-east-1:111122223333:function:rotate";

    /// A healthy secret: 30-day rotation, rotated 10 days before the scan,
    /// its Lambda present, a customer managed key.
    fn healthy() -> Value {
        json!({
            "arn": ARN, "region": "us-east-1", "account_id": "111122223333", "name": "app",
            "rotation_enabled": true,
            "rotation_rules": {"automatically_after_days": 30},
            "rotation_lambda_arn": LAMBDA,
            "last_rotated_date": "2026-11-11T00:00:00Z",
            "created_date": "2025-01-01T00:00:00Z",
            "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k1",
            "policy": "absent"
        })
    }

    fn account(secret: Value) -> Value {
        json!({
            "secretsmanager": {"secrets": [secret]},
            "lambda": {"functions": [{"arn": LAMBDA, "region": "us-east-1",
                "account_id": "111122223333", "name": "rotate"}]}
        })
    }

    fn with(changes: Value) -> Value {
        let mut s = healthy();
        for (k, v) in changes.as_object().unwrap() {
            if v.is_null() {
                s.as_object_mut().unwrap().remove(k);
            } else {
                s[k] = v.clone();
            }
        }
        account(s)
    }

    fn judge(a: Value) -> Finding {
        let f = run(&CHECK, a);
        crate::testing::finding(&f, ARN).clone()
    }

    fn expect(a: Value, status: Status, needle: &str) -> Finding {
        assert_finding(&run(&CHECK, a), ARN, status, needle)
    }

    fn expect_warn(a: Value, needle: &str) {
        let f = expect(a, Status::Fail, needle);
        assert_eq!(f.severity, Severity::Low, "{}", f.reason);
        assert!(f.reason.starts_with("advisory:"), "{}", f.reason);
    }

    fn expect_fail(a: Value, needle: &str) {
        let f = expect(a, Status::Fail, needle);
        assert_eq!(f.severity, Severity::High, "{}", f.reason);
    }

    #[test]
    fn a_healthy_secret_passes() {
        expect(
            account(healthy()),
            Status::Pass,
            "secret app rotates every 30 days",
        );
    }

    #[test]
    fn service_owned_secrets_are_skipped() {
        expect(
            with(json!({"owning_service": "rds", "rotation_enabled": false})),
            Status::Skip,
            "managed by rds: evaluated by that service's rules",
        );
    }

    #[test]
    fn disabled_rotation_fails() {
        expect_fail(
            with(
                json!({"rotation_enabled": false, "rotation_rules": null, "rotation_lambda_arn": null}),
            ),
            "rotation is disabled",
        );
    }

    #[test]
    fn intervals_longer_than_the_maximum_fail() {
        for (rules, needle) in [
            (
                json!({"automatically_after_days": 120}),
                "rotation interval 120 days exceeds the maximum of 90 days",
            ),
            (
                json!({"schedule_expression": "rate(91 days)"}),
                "interval 91 days exceeds",
            ),
            (
                json!({"schedule_expression": "cron(0 0 1 1 ? *)"}),
                "interval 366 days exceeds",
            ),
            (
                json!({"schedule_expression": "cron(0 0 1 */4 ? *)"}),
                "interval 123 days exceeds",
            ),
            (
                json!({"automatically_after_days": 30, "schedule_expression": "cron(0 0 1 JAN,JUL ? *)"}),
                "interval 184 days exceeds",
            ),
        ] {
            expect_fail(with(json!({"rotation_rules": rules})), needle);
        }
        let strict = Settings {
            max_rotation_days: 20,
            ..Settings::default()
        };
        let f = run_with(&CHECK, account(healthy()), &strict);
        assert_finding(
            &f,
            ARN,
            Status::Fail,
            "interval 30 days exceeds the maximum of 20 days",
        );
    }

    #[test]
    fn schedule_expressions_within_the_maximum_pass() {
        for (rules, needle) in [
            (
                json!({"schedule_expression": "rate(10 days)"}),
                "every 10 days",
            ),
            (
                json!({"schedule_expression": "rate(4 hours)"}),
                "every 4 hours",
            ),
            (
                json!({"schedule_expression": "cron(0 16 1,15 * ? *)"}),
                "every 17 days",
            ),
            (
                json!({"schedule_expression": "cron(0 8 ? * 6#3 *)"}),
                "every 35 days",
            ),
            (
                json!({"automatically_after_days": 30, "schedule_expression": "rate(30 days)"}),
                "every 30 days",
            ),
        ] {
            let recent =
                json!({"rotation_rules": rules, "last_rotated_date": "2026-11-21T10:00:00Z"});
            expect(with(recent), Status::Pass, needle);
        }
    }

    #[test]
    fn uninterpretable_schedules_state_the_limitation() {
        expect(
            with(json!({"rotation_rules": {"schedule_expression": "cron(0 0 L-3 * ? *)"}})),
            Status::Error,
            "cannot derive the rotation interval from cron(0 0 L-3 * ? *)",
        );
        let f = expect(
            with(
                json!({"rotation_rules": {"automatically_after_days": 30, "schedule_expression": "cron(0 0 L-3 * ? *)"}}),
            ),
            Status::Pass,
            "AutomaticallyAfterDays is used",
        );
        assert!(f.reason.contains("every 30 days"), "{}", f.reason);
        expect(
            with(json!({"rotation_rules": null})),
            Status::Error,
            "no rotation schedule is known",
        );
        expect_fail(
            with(json!({"rotation_rules": {"schedule_expression": "cron(0 0 1 1 ? 2020)"}})),
            "does not fire again",
        );
    }

    #[test]
    fn stale_rotation_fails() {
        expect_fail(
            with(json!({"last_rotated_date": "2026-10-10T00:00:00Z"})),
            "rotation is failing: last rotated 2026-10-10 (42 days ago), beyond the 30 days interval plus 7 days' grace",
        );
        expect(
            with(json!({"last_rotated_date": "2026-10-16T00:00:00Z"})),
            Status::Pass,
            "every 30 days",
        );
        expect_fail(
            with(json!({"last_rotated_date": null, "created_date": "2026-09-01T00:00:00Z"})),
            "never rotated; created 2026-09-01",
        );
        expect(
            with(json!({"last_rotated_date": null, "created_date": "2026-11-01T00:00:00Z"})),
            Status::Pass,
            "every 30 days",
        );
        expect(
            with(json!({"last_rotated_date": null, "created_date": null})),
            Status::Error,
            "neither LastRotatedDate nor CreatedDate",
        );
        expect_fail(
            with(json!({"rotation_rules": {"schedule_expression": "rate(4 hours)"}})),
            "last rotated 2026-11-11 (10 days ago), beyond the 4 hours interval plus 7 days' grace",
        );
        let lenient = Settings {
            rotation_grace_days: 20,
            ..Settings::default()
        };
        let f = run_with(
            &CHECK,
            with(json!({"last_rotated_date": "2026-10-10T00:00:00Z"})),
            &lenient,
        );
        assert_finding(&f, ARN, Status::Pass, "every 30 days");
    }

    #[test]
    fn the_rotation_lambda_must_exist() {
        expect_fail(
            with(
                json!({"rotation_lambda_arn": "arn:aws:lambda:us-east-1:111122223333:function:gone"}),
            ),
            "rotation Lambda gone does not exist in us-east-1",
        );
        expect_fail(
            with(
                json!({"rotation_lambda_arn": "arn:aws:lambda:eu-west-1:111122223333:function:rotate"}),
            ),
            "rotation Lambda rotate does not exist in eu-west-1",
        );
        expect(
            with(json!({"rotation_lambda_arn": format!("{LAMBDA}:live")})),
            Status::Pass,
            "every 30 days",
        );
        let f = expect(
            with(json!({"rotation_lambda_arn": null})),
            Status::Pass,
            "every 30 days",
        );
        assert!(f.reason.contains("managed rotation"), "{}", f.reason);
    }

    #[test]
    fn an_unseen_rotation_lambda_is_an_error() {
        let mut a = with(
            json!({"rotation_lambda_arn": "arn:aws:lambda:us-east-1:111122223333:function:gone"}),
        );
        a["collection_errors"] = json!([{"service": "lambda", "region": "us-east-1",
            "operation": "ListFunctions", "code": "ThrottlingException"}]);
        let f = run(&CHECK, a);
        assert_finding(
            &f,
            ARN,
            Status::Error,
            "lambda could not be listed in us-east-1",
        );
        assert_finding(
            &f,
            "arn:aws:lambda:us-east-1:111122223333",
            Status::Error,
            "throttled",
        );
        expect(
            with(
                json!({"rotation_lambda_arn": "arn:aws:lambda:us-east-1:444455556666:function:rotate"}),
            ),
            Status::Error,
            "in account 444455556666, which this inventory does not cover",
        );
        expect(
            with(
                json!({"rotation_lambda_arn": "arn:aws:lambda:ap-south-1:111122223333:function:rotate"}),
            ),
            Status::Error,
            "a region that was not collected",
        );
        expect(
            with(json!({"rotation_lambda_arn": "rotate"})),
            Status::Error,
            "is not a Lambda function ARN",
        );
    }

    #[test]
    fn aws_managed_key_on_a_shared_secret_is_advisory() {
        let policy = |principal: Value, condition: Value| {
            let mut st = json!({"Effect": "Allow", "Principal": principal,
                "Action": "secretsmanager:GetSecretValue", "Resource": "*"});
            if !condition.is_null() {
                st["Condition"] = condition;
            }
            json!({"value": {"Version": "2012-10-17", "Statement": [st]}})
        };
        for (principal, condition, needle) in [
            (
                json!({"AWS": "arn:aws:iam::444455556666:role/reader"}),
                Value::Null,
                "allows account(s) 444455556666",
            ),
            (
                json!({"AWS": ["111122223333", "555566667777"]}),
                Value::Null,
                "allows account(s) 555566667777",
            ),
            (json!("*"), Value::Null, "allows account(s) *"),
            (
                json!("*"),
                json!({"StringEquals": {"aws:PrincipalOrgID": "o-123"}}),
                "allows account(s) *",
            ),
            (
                json!("*"),
                json!({"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}),
                "allows account(s) *",
            ),
        ] {
            expect_warn(
                with(json!({"kms_key_id": null, "policy": policy(principal.clone(), condition)})),
                needle,
            );
            // A customer managed key can be shared: no advisory.
            expect(
                with(json!({"policy": policy(principal, Value::Null)})),
                Status::Pass,
                "every 30 days",
            );
        }
        for (principal, condition) in [
            (
                json!({"AWS": "arn:aws:iam::111122223333:role/app"}),
                Value::Null,
            ),
            (json!({"Service": "lambda.amazonaws.com"}), Value::Null),
            (
                json!("*"),
                json!({"StringEquals": {"aws:PrincipalAccount": "111122223333"}}),
            ),
        ] {
            expect(
                with(json!({"kms_key_id": null, "policy": policy(principal, condition)})),
                Status::Pass,
                "every 30 days",
            );
        }
        expect_warn(
            with(
                json!({"kms_key_id": "alias/aws/secretsmanager", "policy": policy(json!({"AWS": "444455556666"}), Value::Null)}),
            ),
            "AWS managed keys cannot be used across accounts",
        );
        expect(
            with(json!({"kms_key_id": null})),
            Status::Pass,
            "every 30 days",
        );
    }

    #[test]
    fn require_cmk_makes_the_aws_managed_key_advisory() {
        let s = Settings {
            require_cmk: true,
            ..Settings::default()
        };
        let f = run_with(&CHECK, with(json!({"kms_key_id": null})), &s);
        let f = assert_finding(&f, ARN, Status::Fail, "require_cmk is set");
        assert_eq!(f.severity, Severity::Low);
        let f = run_with(&CHECK, account(healthy()), &s);
        assert_finding(&f, ARN, Status::Pass, "every 30 days");
    }

    #[test]
    fn an_unreadable_policy_matters_only_with_the_aws_managed_key() {
        let denied =
            json!({"error": {"operation": "GetResourcePolicy", "code": "AccessDeniedException"}});
        expect(
            with(json!({"kms_key_id": null, "policy": denied.clone()})),
            Status::Error,
            "resource policy could not be read: GetResourcePolicy failed: AccessDeniedException",
        );
        expect(
            with(json!({"policy": denied})),
            Status::Pass,
            "every 30 days",
        );
        expect(
            with(
                json!({"kms_key_id": null, "policy": {"value": {"Statement": [{"Effect": "Allow", "Acton": "x"}]}}}),
            ),
            Status::Error,
            "resource policy: policy document is not valid",
        );
    }

    #[test]
    fn multi_region_dr_needs_a_replica_in_sync() {
        let dr = json!({"dr-tier": "multi-region"});
        expect_warn(
            with(json!({"tags": dr.clone()})),
            "tagged dr-tier=multi-region but no replica is InSync (no replicas)",
        );
        expect_warn(
            with(
                json!({"tags": dr.clone(), "replication_status": [{"region": "eu-west-1", "status": "Failed"}]}),
            ),
            "(replicas: eu-west-1 Failed)",
        );
        expect(
            with(json!({"tags": dr.clone(), "replication_status": [
                {"region": "eu-west-1", "status": "Failed"}, {"region": "us-west-2", "status": "InSync"}]})),
            Status::Pass,
            "every 30 days",
        );
        let f = expect(
            with(json!({"tags": dr, "primary_region": "eu-west-1"})),
            Status::Pass,
            "replica of the primary in eu-west-1",
        );
        assert_eq!(f.severity, Severity::High);
        expect(
            with(json!({"tags": {"dr-tier": "single-region"}})),
            Status::Pass,
            "every 30 days",
        );
    }

    #[test]
    fn failures_win_over_errors_and_advisories() {
        let f = judge(with(json!({
            "rotation_rules": {"automatically_after_days": 365},
            "rotation_lambda_arn": "arn:aws:lambda:us-east-1:444455556666:function:x",
            "tags": {"dr-tier": "multi-region"}
        })));
        assert_eq!((f.status, f.severity), (Status::Fail, Severity::High));
        for needle in [
            "exceeds the maximum",
            "also could not evaluate",
            "advisory: tagged dr-tier",
        ] {
            assert!(f.reason.contains(needle), "{needle}: {}", f.reason);
        }
    }

    #[test]
    fn missing_sections_and_exemptions() {
        let f = run(&CHECK, json!({"secretsmanager": {}}));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].status, Status::Error);
        assert!(f[0].reason.contains("no lambda section"), "{}", f[0].reason);
        expect(
            with(
                json!({"rotation_enabled": false, "tags": {"compliance:exempt": "secretsmanager-rotation"}}),
            ),
            Status::Skip,
            "exempted by tag",
        );
    }
}
