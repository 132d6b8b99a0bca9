//! Test helpers for the judging blocks' unit tests: a [`Context`] over a
//! small JSON account (checks themselves are tested as data, in
//! `checks/tests/cases/`).

use crate::engine::{Check, Context, Data, Emitter};
use crate::inventory::{data_of, Inventory, SECTIONS};
use crate::settings::Settings;
use serde_json::{json, Value};
use std::sync::LazyLock;

/// A one-account inventory (`111122223333`, regions us-east-1 and
/// eu-west-1, observed at `2026-11-21T12:00:00Z`) whose fields are `account`.
fn inventory(account: Value) -> Inventory {
    let mut acct = json!({"account_id": "111122223333", "regions": ["us-east-1", "eu-west-1"]});
    for (k, v) in account.as_object().expect("account fields are an object") {
        acct[k] = v.clone();
    }
    let inv = json!({"format": 1, "generated_at": "2026-11-21T12:00:00Z", "accounts": [acct]});
    serde_json::from_value(inv).unwrap_or_else(|e| panic!("test fixture does not load: {e}"))
}

/// A check that reads every section and part of the model, and weighs every
/// part itself (`tolerates`: a part that could not be read does not blind
/// it): the context the judging blocks' unit tests run in.
static READS_ALL: LazyLock<Check> = LazyLock::new(|| {
    let reads: Vec<Data> = SECTIONS.iter().flat_map(|s| data_of(s)).copied().collect();
    let parts: Vec<Data> = reads.iter().filter(|d| !d.is_listing()).copied().collect();
    Check {
        id: "judge-block-test",
        title: "a judging block under test",
        service: "test",
        severity: crate::engine::Severity::Medium,
        section: "",
        catalog: "",
        reads: Box::leak(reads.into_boxed_slice()),
        tolerates: Box::leak(parts.into_boxed_slice()),
        settings: &[],
        config_rule: None,
        prowler: None,
        source: "",
        run: |_: &Context, _: &mut Emitter| {},
    }
});

/// Calls `f` with the context a check sees on the one-account inventory
/// [`inventory`] builds from `account`, with default settings.
pub fn with_context<R>(account: Value, f: impl FnOnce(&Context) -> R) -> R {
    let inventory = inventory(account);
    let settings = Settings::default();
    let ctx = Context {
        account: &inventory.accounts[0],
        accounts: &inventory.accounts,
        now: inventory.generated_at,
        settings: &settings,
        check: LazyLock::force(&READS_ALL),
        patterns: Default::default(),
    };
    f(&ctx)
}
