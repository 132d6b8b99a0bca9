//! The benchmark's inventory generator (`benches/support/generate/`)
//! keeps its promises: exactly N resources, the same inventory for the same
//! seed, a verdict mix that makes every check take more than one path, and
//! every section the sandbox mock has, written by a generator or replicated
//! from the mock.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../benches/support/generate/mod.rs"]
mod generate;

use awscheck_checks::inventory::{Inventory, SECTIONS};
use awscheck_checks::{engine, registry, Finding, Status};
use generate::{Generator, GENERATORS};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};

const N: usize = 2_000;

fn judge(inventory: &Inventory) -> Vec<Finding> {
    engine::run(inventory, registry::all(), &generate::settings())
}

/// The inventory's accounts as JSON.
fn accounts(inventory: &Inventory) -> Vec<Value> {
    serde_json::to_value(inventory).unwrap()["accounts"]
        .as_array()
        .unwrap()
        .clone()
}

/// The sandbox mock's accounts, read from the file.
fn sandbox() -> Vec<Value> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mocks/sandbox.json"
    ))
    .unwrap();
    serde_json::from_str::<Value>(&text).unwrap()["accounts"]
        .as_array()
        .unwrap()
        .clone()
}

/// `section.list` → its entries, over `accounts`: every list of every
/// section, `regions` included.
fn lists(accounts: &[Value]) -> BTreeMap<String, Vec<Value>> {
    let mut lists: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for account in accounts {
        for section in SECTIONS {
            let Some(body) = account.get(*section).and_then(Value::as_object) else {
                continue;
            };
            for (field, value) in body {
                if let Some(entries) = value.as_array() {
                    let list = lists.entry(format!("{section}.{field}")).or_default();
                    list.extend(entries.iter().cloned());
                }
            }
        }
    }
    lists
}

/// The resources counted from the JSON: every list entry but `regions`'.
fn counted_in_json(inventory: &Inventory) -> usize {
    lists(&accounts(inventory))
        .iter()
        .filter(|(list, _)| !list.ends_with(".regions"))
        .map(|(_, entries)| entries.len())
        .sum()
}

/// Asserts that every registered check finds something in `inventory`.
fn every_check_finds_something(inventory: &Inventory) {
    let findings = judge(inventory);
    let found: BTreeSet<&str> = findings.iter().map(|f| f.check_id).collect();
    for check in registry::all() {
        assert!(found.contains(check.id), "{} finds nothing", check.id);
    }
}

#[test]
fn builds_exactly_n_resources() {
    for n in [generate::MIN_RESOURCES, N, 4_321, 30_000] {
        let inv = generate::inventory(n, 1);
        assert_eq!(generate::count_resources(&inv), n);
        assert_eq!(counted_in_json(&inv), n, "the count agrees with the JSON");
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
    let inventory = generate::inventory(N, 2026);
    every_check_finds_something(&inventory);
    let findings = judge(&inventory);
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

#[test]
fn every_section_and_list_the_sandbox_has_is_generated() {
    let sandbox = sandbox();
    let inventory = generate::inventory(N, 2026);
    let account = &inventory.accounts[0];
    for section in SECTIONS {
        if sandbox.iter().any(|a| a.get(*section).is_some()) {
            assert!(account.has_section(section), "{section} is missing");
        }
    }
    let generated = lists(&accounts(&inventory));
    for (list, entries) in lists(&sandbox) {
        if !entries.is_empty() {
            assert!(
                generated.get(&list).is_some_and(|e| !e.is_empty()),
                "{list} is empty"
            );
        }
    }
}

/// The registered generators, less those that write `dropped` sections,
/// and with `undeclared` lists left out of the others' kinds.
fn without(dropped: &[&str], undeclared: &[&str]) -> Vec<Generator> {
    GENERATORS
        .iter()
        .filter(|g| {
            !g.kinds
                .iter()
                .any(|k| dropped.iter().any(|s| k.list.starts_with(&format!("{s}."))))
        })
        .map(|g| Generator {
            kinds: Vec::leak(
                g.kinds
                    .iter()
                    .filter(|k| !undeclared.contains(&k.list))
                    .copied()
                    .collect(),
            ),
            generate: g.generate,
        })
        .collect()
}

#[test]
fn what_no_generator_writes_is_replicated_from_the_sandbox() {
    let generators = without(&["eks", "kms"], &["s3.other_buckets", "ec2.regions"]);
    // Replicated: what no generator writes in the full set (sections that
    // have no generator yet), plus exactly the lists left out here.
    let mut expected = generate::replicated(&without(&[], &[]));
    expected.extend(
        [
            "eks.clusters",
            "kms.keys",
            "kms.aliases",
            "s3.other_buckets",
        ]
        .map(String::from),
    );
    expected.sort();
    let mut got = generate::replicated(&generators);
    got.sort();
    assert_eq!(got, expected);
    let n = 4_000;
    let inventory = generate::build(n, 2026, &generators);
    assert_eq!(generate::count_resources(&inventory), n);
    assert_eq!(counted_in_json(&inventory), n);
    every_check_finds_something(&inventory);

    // The same resource seen from two accounts is replicated once.
    let mut sandbox = lists(&sandbox());
    for entries in sandbox.values_mut() {
        let mut seen: Vec<Value> = Vec::new();
        entries.retain(|e| {
            let fresh = !seen.contains(e);
            seen.push(e.clone());
            fresh
        });
    }
    let generated = lists(&accounts(&inventory));
    let names = |list: &str, field: &str| -> Vec<String> {
        generated[list]
            .iter()
            .map(|e| e[field].as_str().unwrap().to_string())
            .collect()
    };
    for (list, name) in [
        ("eks.clusters", "name"),
        ("kms.keys", "key_id"),
        ("kms.aliases", "name"),
        ("s3.other_buckets", "name"),
    ] {
        let copies = &generated[list];
        let originals = &sandbox[list];
        assert!(
            copies.len() > 2 * originals.len(),
            "{list}: {}",
            copies.len()
        );
        // Names are unique per region, as in AWS (aliases are per region).
        let unique: HashSet<(String, String)> = copies
            .iter()
            .map(|e| (e["region"].to_string(), e[name].to_string()))
            .collect();
        assert_eq!(unique.len(), copies.len(), "{list}: every {name} is fresh");
        if copies[0].get("arn").is_some() {
            let arns: HashSet<String> = names(list, "arn").into_iter().collect();
            assert_eq!(arns.len(), copies.len(), "{list}: every ARN is fresh");
        }
        // The first round is the sandbox's entries; the next renames them.
        for (copy, original) in copies.iter().zip(originals) {
            assert_eq!(copy[name], original[name], "{list}");
            assert_eq!(copy.get("arn"), original.get("arn"), "{list}");
        }
        let (copy, original) = (&copies[originals.len()], &originals[0]);
        let suffixed = |field: &str| format!("{}-copy1", original[field].as_str().unwrap());
        assert_eq!(copy[name], suffixed(name).as_str(), "{list}");
    }

    // A copy's ARN names the copy; its references are the original's.
    let aliases = &generated["kms.aliases"];
    let copy = &aliases[sandbox["kms.aliases"].len()];
    assert_eq!(
        copy["arn"],
        "arn:aws:kms:us-east-1:111122223333:alias/storefront-pipeline-copy1"
    );
    let key_ids: HashSet<&str> = generated["kms.keys"]
        .iter()
        .map(|k| k["key_id"].as_str().unwrap())
        .collect();
    for alias in aliases {
        if let Some(target) = alias["target_key_id"].as_str() {
            assert!(
                key_ids.contains(target),
                "{alias} targets a key that exists"
            );
        }
    }
    let key = &generated["kms.keys"][sandbox["kms.keys"].len()];
    assert!(key["arn"]
        .as_str()
        .unwrap()
        .ends_with(&format!("key/{}", key["key_id"].as_str().unwrap())));

    // A generated section keeps what its generator wrote, with the sandbox's
    // entries where the generator no longer declares a list.
    assert!(names("s3.buckets", "name")
        .iter()
        .all(|b| !b.starts_with("storefront")));
    let regions: Vec<String> = names("ec2.regions", "region");
    assert_eq!(regions, generate::REGIONS);
}

/// Every generator can be left out: what it wrote is replicated, the
/// generators that referred to it make dangling references, and the count
/// stays exact.
#[test]
fn any_generator_can_be_left_out() {
    for generator in GENERATORS {
        let section = generator.kinds[0].list.split('.').next().unwrap();
        let inventory = generate::build(generate::MIN_RESOURCES, 1, &without(&[section], &[]));
        assert_eq!(
            counted_in_json(&inventory),
            generate::MIN_RESOURCES,
            "without {section}"
        );
    }
}
