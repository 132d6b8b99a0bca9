//! `docs/fixture-format.md` cannot go stale: its full example loads and
//! covers every section, and the page documents every section with the
//! checks that read it (the section reference is generated, see
//! `tests/docs.rs`; this reads the result as a reader would).

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck_checks::{engine, inventory, registry, Settings};
use std::collections::{BTreeMap, BTreeSet};

const DOC: &str = include_str!("../docs/fixture-format.md");
const MARKER: &str = "<!-- fixture-example";

/// The ```json block that follows the marker comment.
fn example() -> &'static str {
    let after = &DOC[DOC.find(MARKER).expect("the example marker")..];
    let start = after
        .find("```json\n")
        .expect("a json block after the marker")
        + "```json\n".len();
    let body = &after[start..];
    &body[..body.find("\n```").expect("the json block is closed")]
}

#[test]
fn the_full_example_loads_and_uses_every_section() {
    let inv = awscheck::fixture::parse(
        "docs/fixture-format.md (full example)",
        example().as_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for account in &inv.accounts {
        let missing: Vec<&str> = inventory::SECTIONS
            .iter()
            .copied()
            .filter(|s| !account.has_section(s))
            .collect();
        assert!(missing.is_empty(), "the example lacks {missing:?}");
    }
    let findings = engine::run(&inv, registry::all(), &Settings::default());
    let judged: BTreeSet<&str> = findings.iter().map(|f| f.check_id).collect();
    assert_eq!(
        judged.len(),
        registry::all().len(),
        "every check judges something"
    );
    let not_collected: Vec<_> = findings
        .iter()
        .filter(|f| f.reason.contains("not collected"))
        .collect();
    assert!(
        not_collected.is_empty(),
        "the example leaves Collected fields out: {not_collected:#?}"
    );
}

/// The `### \`section\`` headings under `## Sections`, in order, each with
/// the checks its `Read by:` line names.
fn documented_sections() -> Vec<(String, BTreeSet<String>)> {
    let mut out: Vec<(String, BTreeSet<String>)> = Vec::new();
    let lines = DOC
        .lines()
        .skip_while(|l| *l != "## Sections")
        .skip(1)
        .take_while(|l| !l.starts_with("## "));
    for line in lines {
        if let Some(name) = line
            .strip_prefix("### `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            out.push((name.to_string(), BTreeSet::new()));
        } else if let Some(list) = line.strip_prefix("Read by: ") {
            let (_, readers) = out.last_mut().expect("Read by: under a section heading");
            readers.extend(
                list.trim_end_matches('.')
                    .split(", ")
                    .filter(|c| *c != "none")
                    .map(|c| c.trim_matches('`').to_string()),
            );
        }
    }
    out
}

#[test]
fn every_section_is_documented_with_its_readers() {
    let documented = documented_sections();
    let names: Vec<&str> = documented.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        inventory::SECTIONS,
        "one ### `section` heading per section, in order"
    );
    let mut readers: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for check in registry::all() {
        for data in check.reads {
            readers
                .entry(data.section)
                .or_default()
                .insert(check.id.to_string());
        }
    }
    for (name, listed) in &documented {
        let actual = readers.get(name.as_str()).cloned().unwrap_or_default();
        assert_eq!(listed, &actual, "the Read by: line of section {name}");
    }
}
