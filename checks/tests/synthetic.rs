//! The benchmark's inventory generator (`benches/support/generate/`)
//! keeps its promises: exactly N resources, the same inventory for the same
//! seed, and a verdict mix that makes every check take more than one path.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/generate/mod.rs"]
mod generate;

use awscheck_checks::{engine, registry, Finding, Status};
use std::collections::{BTreeMap, BTreeSet};

const N: usize = 2_000;

fn judge(n: usize, seed: u64) -> Vec<Finding> {
    engine::run(
        &generate::inventory(n, seed),
        registry::all(),
        &generate::settings(),
    )
}

#[test]
fn builds_exactly_n_resources() {
    for n in [generate::MIN_RESOURCES, N, 4_321, 30_000] {
        let inv = generate::inventory(n, 1);
        assert_eq!(generate::count_resources(&inv), n);
    }
}

#[test]
fn the_same_seed_gives_the_same_inventory() {
    let json = |seed| serde_json::to_string(&generate::inventory(N, seed)).unwrap();
    assert_eq!(json(7), json(7));
    assert_ne!(json(7), json(8));
}

#[test]
fn every_check_sees_a_mix_of_verdicts() {
    let findings = judge(N, 2026);
    let mut by_check: BTreeMap<&str, BTreeSet<Status>> = BTreeMap::new();
    for f in &findings {
        by_check.entry(f.check_id).or_default().insert(f.status);
    }
    for check in registry::all() {
        let statuses = by_check.get(check.id).cloned().unwrap_or_default();
        assert!(
            statuses.len() >= 2 || check.id == "cloudtrail-multi-region",
            "{} sees only {statuses:?}",
            check.id
        );
    }
    // Every check that judges scaled resources passes some, fails some and
    // cannot read some: the expensive paths run, not just the early exits.
    let scaled = by_check
        .values()
        .filter(|s| s.is_superset(&BTreeSet::from([Status::Pass, Status::Fail, Status::Error])))
        .count();
    assert!(
        scaled >= 15,
        "only {scaled} checks see pass, fail and error"
    );
    assert!(
        findings.iter().all(|f| !f.reason.contains("not collected")),
        "every section the checks read is collected"
    );
}
