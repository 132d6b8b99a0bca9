//! A tag read that failed never decides a verdict. For every check that
//! reads a section's tags part (`<list>.tags`, read by a call of its own),
//! the sandbox mock judged with that part unread in every region gives
//! ERROR, naming the failed call, for exactly the resources of `<list>`
//! (whether they are production, or exempt, is unknown), and the same
//! findings as before for everything else; and a tag read that failed for
//! one resource changes that resource's findings only: one failed tag read
//! blinds no more than the tags it could not read.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck_checks::engine::Data;
use awscheck_checks::inventory::Inventory;
use awscheck_checks::{engine, registry, Finding, Settings, Status};
use awscheck_model::data::holds_tags;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The sandbox mock, as JSON.
fn sandbox() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../mocks/sandbox.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The items of `part`'s list (`buckets` of `s3.buckets.tags`) in `account`
/// (and of its `also` list: `replication_configs` of DMS's tags).
fn items<'a>(account: &'a Value, part: &Data) -> impl Iterator<Item = &'a Value> + use<'a> {
    let part = *part;
    [part.path, part.also]
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(move |p| {
            let list = p.trim_end_matches(".tags");
            account[part.section][list].as_array().into_iter().flatten()
        })
}

/// `inventory` with `part` unread: for the one resource `only` (an ARN), or
/// for every region its items are in; and the ARNs of the resources whose
/// tags that leaves unknown.
fn with_tags_unread(
    inventory: &Value,
    part: &Data,
    only: Option<&str>,
) -> (Inventory, BTreeSet<String>) {
    let mut inventory = inventory.clone();
    let mut arns = BTreeSet::new();
    for account in inventory["accounts"].as_array_mut().unwrap() {
        let unread: Vec<(String, String)> = items(account, part)
            .map(|i| (i["region"].as_str().unwrap(), i["arn"].as_str().unwrap()))
            .filter(|(_, arn)| only.is_none_or(|o| o == *arn))
            .map(|(region, arn)| (region.to_string(), arn.to_string()))
            .collect();
        arns.extend(unread.iter().map(|(_, arn)| arn.clone()));
        let regions: BTreeSet<&String> = unread.iter().map(|(region, _)| region).collect();
        let errors = account["collection_errors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let unread = regions.into_iter().map(|region| {
            let mut e = json!({
                "service": part.section,
                "region": region,
                "part": part.path,
                "operation": "ListTagsForResource",
                "code": "AccessDenied",
                "message": "",
            });
            if let Some(arn) = only {
                e["resource"] = json!(arn);
            }
            e
        });
        account["collection_errors"] = Value::Array(errors.into_iter().chain(unread).collect());
    }
    (serde_json::from_value(inventory).unwrap(), arns)
}

/// The first resource of `part`'s list that `findings` are about.
fn first_reported(mock: &Value, part: &Data, findings: &[Finding]) -> Option<String> {
    let reported: BTreeSet<&str> = findings.iter().map(|f| f.resource_arn.as_str()).collect();
    mock["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| items(a, part))
        .filter_map(|i| i["arn"].as_str())
        .find(|arn| reported.contains(arn))
        .map(str::to_string)
}

/// What is wrong with `after` (judged with tags unread for `arns`) against
/// `before`; counts in `proven` the findings that had to change.
fn mismatches(
    what: &str,
    before: &[Finding],
    after: &[Finding],
    arns: &BTreeSet<String>,
    proven: &mut usize,
) -> Vec<String> {
    if before.len() != after.len() {
        return vec![format!(
            "{what}: {} findings, not {}",
            after.len(),
            before.len()
        )];
    }
    let mut out = Vec::new();
    for (b, a) in before.iter().zip(after) {
        let tagged = arns.contains(&b.resource_arn);
        let ok = if tagged {
            a.resource_arn == b.resource_arn
                && a.status == Status::Error
                && (b.status == Status::Error
                    || a.reason.contains("its tags could not be read")
                        && a.reason.contains("AccessDenied"))
        } else {
            a == b
        };
        if !ok {
            out.push(format!(
                "{what}: {} was {:?} ({}), became {:?} ({})",
                b.resource_arn, b.status, b.reason, a.status, a.reason
            ));
        }
        *proven += usize::from(tagged && b.status != Status::Error);
    }
    out
}

#[test]
fn unread_tags_make_their_resources_error_and_nothing_else() {
    let mock = sandbox();
    let settings = Settings::default();
    let whole: Inventory = serde_json::from_value(mock.clone()).unwrap();
    let mut failures = Vec::new();
    let (mut region_wide, mut one) = (0, 0);
    for check in registry::all() {
        for part in check.reads.iter().filter(|d| holds_tags(d.path)) {
            let before = engine::run(&whole, &[check], &settings);
            let (unread, arns) = with_tags_unread(&mock, part, None);
            let after = engine::run(&unread, &[check], &settings);
            let what = format!("{} with {part} unread in every region", check.id);
            failures.extend(mismatches(&what, &before, &after, &arns, &mut region_wide));
            // One resource's failed tag read changes that resource's
            // findings only.
            if let Some(arn) = first_reported(&mock, part, &before) {
                let (unread, arns) = with_tags_unread(&mock, part, Some(&arn));
                let after = engine::run(&unread, &[check], &settings);
                let what = format!("{} with {part} unread for {arn}", check.id);
                failures.extend(mismatches(&what, &before, &after, &arns, &mut one));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        region_wide > 100,
        "only {region_wide} findings were on resources whose tags were unread"
    );
    assert!(
        one > 20,
        "only {one} findings were on single resources whose tags were unread"
    );
}
