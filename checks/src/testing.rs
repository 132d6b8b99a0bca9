//! Test helpers: run one check over a small JSON account.

use crate::engine::{self, Check, Context, Data, Emitter, Finding, Status};
use crate::inventory::{data_of, Inventory, SECTIONS};
use crate::settings::Settings;
use serde_json::{json, Value};
use std::sync::LazyLock;

/// The account id every test fixture uses.
pub const ACCOUNT: &str = "111122223333";

/// The scan time every test fixture uses.
pub const NOW: &str = "2026-11-21T12:00:00Z";

/// An inventory of one account (`ACCOUNT`, regions us-east-1 and eu-west-1)
/// whose fields are `account` (sections, `collection_errors`, …).
pub fn inventory(account: Value) -> Inventory {
    let mut acct = json!({"account_id": ACCOUNT, "regions": ["us-east-1", "eu-west-1"]});
    for (k, v) in account.as_object().expect("account fields are an object") {
        acct[k] = v.clone();
    }
    let inv = json!({"format": 1, "generated_at": NOW, "accounts": [acct]});
    serde_json::from_value(inv).unwrap_or_else(|e| panic!("test fixture does not load: {e}"))
}

/// Runs `check` with default settings.
pub fn run(check: &'static Check, account: Value) -> Vec<Finding> {
    run_with(check, account, &Settings::default())
}

pub fn run_with(check: &'static Check, account: Value, settings: &Settings) -> Vec<Finding> {
    engine::run(&inventory(account), &[check], settings)
}

/// The single finding for `arn`, panicking with the full list otherwise.
pub fn finding<'a>(findings: &'a [Finding], arn: &str) -> &'a Finding {
    let hits: Vec<&Finding> = findings.iter().filter(|f| f.resource_arn == arn).collect();
    match hits.as_slice() {
        [one] => one,
        _ => panic!("expected one finding for {arn}, got {hits:#?}\nall: {findings:#?}"),
    }
}

/// Asserts the finding for `arn` has `status` and a reason containing `needle`.
pub fn assert_finding(findings: &[Finding], arn: &str, status: Status, needle: &str) -> Finding {
    let f = finding(findings, arn);
    assert_eq!(f.status, status, "status of {arn}: {f:#?}");
    assert!(
        f.reason.contains(needle),
        "reason of {arn} lacks {needle:?}: {:?}",
        f.reason
    );
    f.clone()
}

/// A check that reads every section and part of the model: the context the
/// judging blocks' unit tests run in.
static READS_ALL: LazyLock<Check> = LazyLock::new(|| {
    let reads: Vec<Data> = SECTIONS.iter().flat_map(|s| data_of(s)).copied().collect();
    Check {
        id: "judge-block-test",
        title: "a judging block under test",
        service: "test",
        severity: crate::engine::Severity::Medium,
        section: "",
        catalog: "",
        reads: Box::leak(reads.into_boxed_slice()),
        tolerates: &[],
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
        now: inventory.generated_at,
        settings: &settings,
        check: LazyLock::force(&READS_ALL),
    };
    f(&ctx)
}
