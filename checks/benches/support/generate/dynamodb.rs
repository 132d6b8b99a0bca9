//! DynamoDB: tables with point-in-time recovery in every state. [`table`]
//! also tops the inventory up to exactly `n`.

use super::fixture::{absent, de, denied, val};
use super::gen::Gen;
use super::kinds::{Generator, Kind};
use super::{ACCOUNT, REGIONS};
use serde_json::json;

const TABLES: Kind = Kind::scaled("dynamodb.tables", 45);

pub const GENERATOR: Generator = Generator {
    kinds: &[TABLES],
    generate: |g, n| dynamodb(g, n[TABLES]),
};

/// `n` tables (the section exists even when the top-up adds them all).
fn dynamodb(g: &mut Gen, n: usize) {
    g.acct.dynamodb = Some(Default::default());
    for _ in 0..n {
        table(g);
    }
}

/// One table: PITR enabled (full or short window), disabled, not
/// described, or unreadable.
pub fn table(g: &mut Gen) {
    let tables = &mut g.acct.dynamodb.get_or_insert_default().tables;
    let i = tables.len();
    let r = g.rng.below(REGIONS.len());
    let region = REGIONS[r];
    let name = format!("table-{i:06}");
    let pitr = match g.rng.pct() {
        0..=59 => val(json!({"status": "ENABLED", "recovery_period_days": 35})),
        60..=69 => val(json!({"status": "ENABLED", "recovery_period_days": 7})),
        70..=84 => val(json!({"status": "DISABLED"})),
        85..=92 => absent(),
        _ => denied("DescribeContinuousBackups"),
    };
    let tags = g.env_tags();
    g.acct
        .dynamodb
        .get_or_insert_default()
        .tables
        .push(de(json!({
            "arn": format!("arn:aws:dynamodb:{region}:{ACCOUNT}:table/{name}"),
            "region": region, "account_id": ACCOUNT, "name": name, "pitr": pitr, "tags": tags
        })));
}
