//! Every check's cases, as data: `checks/tests/cases/<check-id>/<case>.json`.
//!
//! A case is a small account (or several) and the findings the check must
//! give on it, written by hand:
//!
//! ```json
//! {
//!   "about": "a bucket policy that denies only the objects fails",
//!   "settings": {"max_drift_age_hours": 48},
//!   "now": "2026-11-21T12:00:00Z",
//!   "account": {"s3": {"buckets": [ … ]}},
//!   "expect": [
//!     {"resource": "arn:aws:s3:::b", "status": "fail", "reason": "but not the bucket itself"},
//!     {"resource": "arn:aws:s3:::w", "status": "fail", "severity": "low", "reason": "advisory: "}
//!   ]
//! }
//! ```
//!
//! - `account` holds the fields of one account (its sections,
//!   `collection_errors`); its id is `111122223333` and its regions
//!   `us-east-1` and `eu-west-1` unless it says otherwise. `accounts` (a list
//!   of whole accounts) replaces it for cases about several accounts.
//! - `now` is the scan time (default `2026-11-21T12:00:00Z`); `settings`
//!   sets tunables as `[settings]` of awscheck.toml does (checked the same way).
//! - `expect` lists **every** finding: each finding must match exactly one
//!   expectation and each expectation one finding, by resource ARN (and
//!   `account`, default the case's first account). `status` and `reason` (a
//!   fragment the reason contains) are required; `reason_lacks` is a
//!   fragment it must not contain (a note that must not be added, a value
//!   that must not leak); `severity` must be stated when it differs from
//!   the check's default (advisories are `low`).
//! - Each case is judged twice: on its accounts, and on them pruned to what
//!   the check declares it `reads`; both must give the expected findings,
//!   so a check cannot read data it does not declare (live collection would
//!   not fetch it).
//!
//! Every registered check has a directory here, and its cases together
//! expect at least one PASS, one FAIL and one ERROR. A mismatch names the
//! case file and the resource.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck_checks::{engine, registry, Check, Finding, Inventory, Settings, Severity, Status};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ACCOUNT: &str = "111122223333";
const NOW: &str = "2026-11-21T12:00:00Z";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Why the case exists, in a line.
    about: String,
    #[serde(default)]
    settings: Option<Map<String, Value>>,
    #[serde(default)]
    now: Option<String>,
    #[serde(default)]
    account: Option<Map<String, Value>>,
    #[serde(default)]
    accounts: Option<Vec<Value>>,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    resource: String,
    #[serde(default)]
    account: Option<String>,
    status: Status,
    #[serde(default)]
    severity: Option<Severity>,
    reason: String,
    #[serde(default)]
    reason_lacks: Option<String>,
}

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn cases_dir() -> PathBuf {
    workspace().join("checks/tests/cases")
}

/// The case files of one check, sorted.
fn case_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Loads a case: its inventory, settings and expectations.
fn load(path: &Path) -> Result<(Case, Inventory, Settings), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let case: Case = serde_json::from_str(&text).map_err(|e| format!("not a case: {e}"))?;
    if case.about.trim().is_empty() {
        return Err("\"about\" is empty: say why the case exists".into());
    }
    let accounts = match (&case.account, &case.accounts) {
        (Some(fields), None) => {
            let mut acct = json!({"account_id": ACCOUNT, "regions": ["us-east-1", "eu-west-1"]});
            for (k, v) in fields {
                acct[k] = v.clone();
            }
            vec![acct]
        }
        (None, Some(list)) => list.clone(),
        _ => return Err("give exactly one of \"account\" and \"accounts\"".into()),
    };
    let inventory = json!({
        "format": 1,
        "generated_at": case.now.as_deref().unwrap_or(NOW),
        "accounts": accounts,
    });
    let inventory: Inventory =
        serde_json::from_value(inventory).map_err(|e| format!("the account does not load: {e}"))?;
    let mut settings = Settings::default();
    for (key, value) in case.settings.iter().flatten() {
        settings
            .set(registry::settings(), key, value.clone())
            .map_err(|e| format!("settings: {e}"))?;
    }
    Ok((case, inventory, settings))
}

/// What is wrong with `findings` against the case's expectations.
fn mismatches(
    check: &Check,
    case: &Case,
    inventory: &Inventory,
    findings: &[Finding],
) -> Vec<String> {
    let first_account = inventory
        .accounts
        .first()
        .map_or(ACCOUNT, |a| a.account_id.as_str());
    let mut wanted: BTreeMap<(String, String), &Expect> = BTreeMap::new();
    let mut out = Vec::new();
    for e in &case.expect {
        let key = (
            e.account
                .clone()
                .unwrap_or_else(|| first_account.to_string()),
            e.resource.clone(),
        );
        if e.reason.is_empty() {
            out.push(format!(
                "{}: the expected reason fragment is empty",
                e.resource
            ));
        }
        if wanted.insert(key, e).is_some() {
            out.push(format!("{}: expected twice", e.resource));
        }
    }
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for f in findings {
        let key = (f.account_id.clone(), f.resource_arn.clone());
        *seen.entry(key.clone()).or_default() += 1;
        let got = format!("{} ({}): {:?}", f.status, f.severity, f.reason);
        let Some(e) = wanted.get(&key) else {
            out.push(format!("{}: not expected, got {got}", f.resource_arn));
            continue;
        };
        let severity = e.severity.unwrap_or(check.severity);
        let leaks = e
            .reason_lacks
            .as_deref()
            .is_some_and(|lacks| f.reason.contains(lacks));
        if f.status != e.status || f.severity != severity || !f.reason.contains(&e.reason) || leaks
        {
            out.push(format!(
                "{}: expected {} ({severity}) with {:?}, got {got}",
                f.resource_arn, e.status, e.reason
            ));
        }
    }
    for ((account, resource), _) in wanted.iter().filter(|(k, _)| !seen.contains_key(*k)) {
        out.push(format!(
            "{resource} (account {account}): expected a finding, got none"
        ));
    }
    for ((_, resource), n) in seen.iter().filter(|(_, n)| **n > 1) {
        out.push(format!(
            "{resource}: {n} findings, a check gives one per resource"
        ));
    }
    out
}

/// The inventory as the check sees it when only what it `reads` is collected.
fn pruned(inventory: &Inventory, check: &Check) -> Result<Inventory, String> {
    let mut pruned = inventory.clone();
    for account in &mut pruned.accounts {
        *account = account.pruned(check.reads)?;
    }
    Ok(pruned)
}

#[test]
fn every_case_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    let mut count = 0;
    for check in registry::all() {
        let dir = cases_dir().join(check.id);
        if !dir.is_dir() {
            failures.push(format!(
                "{}: no cases (checks/tests/cases/{}/)",
                check.id, check.id
            ));
            continue;
        }
        let mut statuses = Vec::new();
        for path in case_files(&dir) {
            count += 1;
            let name = path
                .strip_prefix(workspace())
                .unwrap()
                .display()
                .to_string();
            let (case, inventory, settings) = match load(&path) {
                Ok(loaded) => loaded,
                Err(e) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
            };
            statuses.extend(case.expect.iter().map(|e| e.status));
            let findings = engine::run(&inventory, &[check], &settings);
            for m in mismatches(check, &case, &inventory, &findings) {
                failures.push(format!("{name}: {m}"));
            }
            match pruned(&inventory, check) {
                Ok(pruned) => {
                    let seen = engine::run(&pruned, &[check], &settings);
                    for m in mismatches(check, &case, &inventory, &seen) {
                        failures.push(format!("{name}: pruned to what {} reads: {m}", check.id));
                    }
                }
                Err(e) => failures.push(format!("{name}: pruned: {e}")),
            }
        }
        for status in [Status::Pass, Status::Fail, Status::Error] {
            if !statuses.contains(&status) {
                failures.push(format!("{}: no case expects a {status} finding", check.id));
            }
        }
    }
    assert!(count > 0, "no case files under checks/tests/cases");
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if registry::find(&name).is_none() {
            failures.push(format!("checks/tests/cases/{name}: no check has this id"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case mismatch(es):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
