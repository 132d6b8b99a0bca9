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
use crate::settings::{any, Setting, PROD_NAME_WORDS, PROD_TAG_KEY, PROD_TAG_VALUES};

/// Judge production tables only.
static PITR_PROD_ONLY: Setting<bool> = Setting::new(
    "pitr_prod_only",
    "Evaluate production tables only (the others SKIP).",
    "false",
    any,
);

pub static CHECK: Check = Check {
    id: "dynamodb-pitr",
    title: "DynamoDB tables have point-in-time recovery enabled",
    service: "dynamodb",
    severity: Severity::High,
    section: "000 › Resilient cloud solutions › \"dynamodb\"",
    catalog: "RES-16",
    reads: &[dynamodb::TABLES, dynamodb::PITR, dynamodb::TABLE_TAGS],
    tolerates: &[],
    settings: &[
        &PITR_PROD_ONLY,
        &PROD_TAG_KEY,
        &PROD_TAG_VALUES,
        &PROD_NAME_WORDS,
    ],
    config_rule: Some("dynamodb-pitr-enabled"),
    prowler: Some("dynamodb_tables_pitr_enabled"),
    source: include_str!("pitr.rs"),
    run,
};

/// The longest recovery window DynamoDB offers.
const MAX_RECOVERY_DAYS: i64 = 35;

fn run(ctx: &Context, em: &mut Emitter) {
    let prod_only = ctx.setting(&PITR_PROD_ONLY);
    let production = ctx.production();
    for table in &ctx.dynamodb().tables {
        if prod_only && !production.is_production(Some(&table.tags), &table.name) {
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
