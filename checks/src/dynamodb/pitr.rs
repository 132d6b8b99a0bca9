//! ## What it checks
//!
//! Every DynamoDB table has point-in-time recovery (PITR, continuous
//! backups) enabled. A global table is judged once per replica: each
//! replica is a table of its own region in the inventory.
//!
//! - PASS: `PointInTimeRecoveryStatus` is `ENABLED`. When the recovery
//!   period (`RecoveryPeriodInDays`) is shorter than the 35-day maximum, the
//!   reason notes it (information only: it does not change the verdict).
//! - FAIL: the status is anything else (`DISABLED`), or
//!   `DescribeContinuousBackups` returned no point-in-time recovery
//!   description.
//! - ERROR: `DescribeContinuousBackups` could not be read, or DynamoDB could
//!   not be listed in a region.
//! - SKIP: with the setting `pitr_prod_only = true`, tables that are not
//!   production (by the production tag, else a name word). By default every
//!   table is in scope.
//!
//! ## Why it matters
//!
//! PITR is the only protection against bad writes and accidental deletes
//! between on-demand backups: it restores the table, to any second of the
//! last 35 days, into a new table. It is optional and off by default, and
//! DynamoDB's export to S3 also requires it (notes 000 › Resilient cloud
//! solutions › "dynamodb", backups for disaster recovery and integration
//! with S3).
//!
//! ## How to fix
//!
//! - **Console**: DynamoDB › Tables › the table › Backups › Point-in-time recovery › Edit › Turn on.
//! - **CLI**: `aws dynamodb update-continuous-backups --table-name NAME --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true,RecoveryPeriodInDays=35`.
//! - **CloudFormation**: on the `AWS::DynamoDB::Table` (or each replica of an `AWS::DynamoDB::GlobalTable`), set `PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}`.
//!
//! ## References
//!
//! - Study notes: 000 › Resilient cloud solutions › "dynamodb" (backups for disaster recovery; integration with S3).
//! - AWS: DynamoDB developer guide, "Point-in-time recovery for DynamoDB" and "DynamoDB data export to Amazon S3".
//! - AWS Config managed rule `dynamodb-pitr-enabled`; Prowler `dynamodb_tables_pitr_enabled`.

use crate::engine::{Check, Context, Emitter, Severity, Verdict};
use crate::inventory::dynamodb;
use crate::inventory::dynamodb::Table;

pub static CHECK: Check = Check {
    id: "dynamodb-pitr",
    title: "DynamoDB tables have point-in-time recovery enabled",
    service: "dynamodb",
    severity: Severity::High,
    section: "000 › Resilient cloud solutions › \"dynamodb\"",
    catalog: "RES-16",
    reads: &[dynamodb::TABLES, dynamodb::PITR, dynamodb::TABLE_TAGS],
    tolerates: &[],
    config_rule: Some("dynamodb-pitr-enabled"),
    prowler: Some("dynamodb_tables_pitr_enabled"),
    source: include_str!("pitr.rs"),
    run,
};

/// The longest recovery window DynamoDB offers.
const MAX_RECOVERY_DAYS: i64 = 35;

fn run(ctx: &Context, em: &mut Emitter) {
    for table in &ctx.dynamodb().tables {
        if ctx.settings.pitr_prod_only
            && !ctx.settings.is_production(Some(&table.tags), &table.name)
        {
            em.skip(table, "not production (pitr_prod_only is set)");
            continue;
        }
        judge(table, em);
    }
}

fn judge(table: &Table, em: &mut Emitter) {
    let pitr = match table.pitr.known() {
        Err(e) => return em.error(table, e),
        Ok(None) => {
            return em.fail(
                table,
                "point-in-time recovery is not enabled (no recovery description returned)",
            )
        }
        Ok(Some(p)) => p,
    };
    if !pitr.status.eq_ignore_ascii_case("ENABLED") {
        return em.fail(table, format!("point-in-time recovery is {}", pitr.status));
    }
    let mut verdict = Verdict::new();
    if let Some(days) = pitr.recovery_period_days.filter(|d| *d < MAX_RECOVERY_DAYS) {
        verdict.note(format!(
            "the recovery period is {days} days, shorter than the {MAX_RECOVERY_DAYS}-day maximum"
        ));
    }
    verdict.emit(em, table, "point-in-time recovery is enabled");
}

#[cfg(test)]
mod tests {
    use super::CHECK;
    use crate::engine::{Severity, Status};
    use crate::settings::Settings;
    use crate::testing::{assert_finding, run, run_with};
    use serde_json::{json, Value};

    const ARN: &str = "arn:aws:dynamodb:us-east-1:111122223333:table/orders";

    fn table(name: &str, region: &str, pitr: Value) -> Value {
        json!({
            "arn": format!("arn:aws:dynamodb:{region}:111122223333:table/{name}"),
            "region": region, "account_id": "111122223333", "name": name, "pitr": pitr
        })
    }

    fn account(tables: Vec<Value>) -> Value {
        json!({"dynamodb": {"tables": tables}})
    }

    fn enabled(days: Option<i64>) -> Value {
        match days {
            Some(d) => json!({"value": {"status": "ENABLED", "recovery_period_days": d}}),
            None => json!({"value": {"status": "ENABLED"}}),
        }
    }

    #[test]
    fn enabled_passes_and_a_short_window_is_noted() {
        let f = assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", enabled(Some(35)))]),
            ),
            ARN,
            Status::Pass,
            "point-in-time recovery is enabled",
        );
        assert!(!f.reason.contains("note"), "{}", f.reason);
        assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", enabled(None))]),
            ),
            ARN,
            Status::Pass,
            "enabled",
        );
        let f = assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", enabled(Some(7)))]),
            ),
            ARN,
            Status::Pass,
            "recovery period is 7 days, shorter than the 35-day maximum",
        );
        assert_eq!(f.severity, Severity::High);
    }

    #[test]
    fn disabled_or_missing_description_fails() {
        let disabled = json!({"value": {"status": "DISABLED"}});
        let f = assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", disabled)]),
            ),
            ARN,
            Status::Fail,
            "point-in-time recovery is DISABLED",
        );
        assert_eq!(f.severity, Severity::High);
        assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", json!("absent"))]),
            ),
            ARN,
            Status::Fail,
            "not enabled",
        );
    }

    #[test]
    fn global_table_replicas_are_judged_per_region() {
        let f = run(
            &CHECK,
            account(vec![
                table("orders", "us-east-1", enabled(None)),
                table(
                    "orders",
                    "eu-west-1",
                    json!({"value": {"status": "DISABLED"}}),
                ),
            ]),
        );
        assert_eq!(f.len(), 2);
        assert_finding(&f, ARN, Status::Pass, "enabled");
        assert_finding(
            &f,
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders",
            Status::Fail,
            "DISABLED",
        );
    }

    #[test]
    fn unreadable_backups_and_blind_regions_are_errors() {
        let throttled = json!({"error": {"operation": "DescribeContinuousBackups", "code": "ThrottlingException"}});
        assert_finding(
            &run(
                &CHECK,
                account(vec![table("orders", "us-east-1", throttled)]),
            ),
            ARN,
            Status::Error,
            "throttled: DescribeContinuousBackups",
        );
        let f = run(
            &CHECK,
            json!({"dynamodb": {"tables": []}, "collection_errors": [
                {"service": "dynamodb", "region": "eu-west-1", "operation": "ListTables", "code": "AccessDenied"}]}),
        );
        assert_finding(
            &f,
            "arn:aws:dynamodb:eu-west-1:111122223333",
            Status::Error,
            "ListTables failed: AccessDenied",
        );
        let f = run(&CHECK, json!({}));
        assert_eq!(f[0].status, Status::Error);
        assert!(
            f[0].reason.contains("no dynamodb section"),
            "{}",
            f[0].reason
        );
    }

    #[test]
    fn prod_only_scope_skips_other_tables() {
        let disabled = json!({"value": {"status": "DISABLED"}});
        let mut prod_tagged = table("orders", "us-east-1", disabled.clone());
        prod_tagged["tags"] = json!({"Environment": "prod"});
        let tables = vec![
            prod_tagged,
            table("orders-prod", "eu-west-1", disabled.clone()),
            table("scratch", "us-east-1", disabled),
        ];
        let settings = Settings {
            pitr_prod_only: true,
            ..Settings::default()
        };
        let f = run_with(&CHECK, account(tables.clone()), &settings);
        assert_finding(&f, ARN, Status::Fail, "DISABLED");
        assert_finding(
            &f,
            "arn:aws:dynamodb:eu-west-1:111122223333:table/orders-prod",
            Status::Fail,
            "DISABLED",
        );
        assert_finding(
            &f,
            "arn:aws:dynamodb:us-east-1:111122223333:table/scratch",
            Status::Skip,
            "not production",
        );
        let f = run(&CHECK, account(tables));
        assert_finding(
            &f,
            "arn:aws:dynamodb:us-east-1:111122223333:table/scratch",
            Status::Fail,
            "DISABLED",
        );
    }

    #[test]
    fn exempt_tag_skips() {
        let mut t = table(
            "orders",
            "us-east-1",
            json!({"value": {"status": "DISABLED"}}),
        );
        t["tags"] = json!({"compliance:exempt": "dynamodb-pitr"});
        assert_finding(
            &run(&CHECK, account(vec![t])),
            ARN,
            Status::Skip,
            "exempted by tag",
        );
    }
}
