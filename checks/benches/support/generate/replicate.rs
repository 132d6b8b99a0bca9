//! Coverage for what no generator writes: copies of the bundled sandbox
//! mock's entries (`mocks/sandbox.json`, both of its accounts).
//!
//! For every section of the model that the sandbox has, each field of the
//! section that no registered generator declares as a `Kind` is written
//! from the sandbox:
//! - **a resource list** gets as many copies as the weight table gives it
//!   ([`WEIGHT`] each), cycling through the sandbox's entries (both
//!   accounts', in order). The first round is the entries as they are; in
//!   round `k` each copy gets fresh identifiers: `-copy<k>` after its `name`,
//!   its `id` and each `…_id` that names it (one its ARN holds as a
//!   segment, such as `instance_id` or `key_id`, or any `…_id` of an entry
//!   without an ARN), and after the last of them in its ARN (at the ARN's
//!   end when none is there). So lookups by name and ARN see distinct
//!   resources. Everything else is the entry's own: its account, region,
//!   settings and references, which keep pointing at what they pointed at
//!   (the first round's originals, where their section is replicated too).
//! - **a `regions` list** (settings per region, not resources) gets one
//!   entry per generated region, the sandbox's entries in turn.
//! - **any other field** (an account-wide setting) is the first sandbox
//!   account's value.
//!
//! A section the sandbox has that no generator writes is collected even
//! where the sandbox's lists are all empty. When a section lands in the
//! model and the mocks, the benchmark judges it at scale with no bench code
//! written; a generator module replaces the copies when it registers.

use super::kinds::{Counts, Generator};
use super::sections::{self, lists_resources};
use super::REGIONS;
use awscheck_checks::inventory::{Account, SECTIONS};
use serde_json::{json, Map, Value};
use std::collections::HashSet;

/// The sandbox mock, as `scripts/mocks` assembles it.
const SANDBOX: &str = include_str!("../../../../mocks/sandbox.json");

/// The `(region, id)` of each of the sandbox's entries of `section.list`
/// (every account's), for a generator whose resources sit in what is
/// replicated (instances in the sandbox's subnets).
pub fn sandbox_ids(section: &str, list: &str) -> Vec<(String, String)> {
    let sandbox: Value = serde_json::from_str(SANDBOX).expect("mocks/sandbox.json is JSON");
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    sandbox["accounts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a[section][list].as_array())
        .flatten()
        .map(|e| (text(e, "region"), text(e, "id")))
        .collect()
}

/// A replicated list's weight: its share of the scaled resources, per mille
/// (roughly), like a generator's kinds.
pub const WEIGHT: usize = 10;

/// Resource lists an account holds a handful of, whatever its size (its
/// backup plans): copied once, as the sandbox has them, rather than scaled.
const ONCE: &[&str] = &["backup.plans"];

/// What the sandbox has that `generators` do not write, per section.
pub struct Replicas(Vec<Section>);

/// One section's fields to write from the sandbox.
struct Section {
    name: &'static str,
    fields: Vec<Field>,
}

struct Field {
    name: String,
    value: Sandbox,
}

/// A field's values in the sandbox.
enum Sandbox {
    /// A resource list: every account's entries.
    Resources(Vec<Value>),
    /// A `regions` list: every account's entries.
    PerRegion(Vec<Value>),
    /// Anything else: the first account's value.
    Setting(Value),
}

impl Replicas {
    /// Every field of the sandbox's sections that none of `generators`
    /// declares.
    pub fn not_written_by(generators: &[Generator]) -> Replicas {
        let sandbox: Value = serde_json::from_str(SANDBOX).expect("mocks/sandbox.json is JSON");
        let accounts = sandbox["accounts"]
            .as_array()
            .expect("the sandbox lists accounts");
        let written: HashSet<&str> = generators
            .iter()
            .flat_map(|generator| generator.kinds)
            .map(|k| k.list)
            .collect();
        let sections = SECTIONS
            .iter()
            .filter_map(|&section| {
                let bodies: Vec<&Map<String, Value>> = accounts
                    .iter()
                    .filter_map(|a| a.get(section)?.as_object())
                    .collect();
                let generated = written
                    .iter()
                    .any(|list| list.split_once('.').map(|(s, _)| s) == Some(section));
                let mut fields: Vec<Field> = Vec::new();
                for (name, value) in bodies.iter().copied().flatten() {
                    if written.contains(format!("{section}.{name}").as_str()) {
                        continue;
                    }
                    match fields.iter_mut().find(|f| f.name == *name) {
                        Some(field) => field.value.add(value),
                        None => fields.push(Field {
                            name: name.clone(),
                            value: Sandbox::of(name, value),
                        }),
                    }
                }
                let wanted = !fields.is_empty() || (!generated && !bodies.is_empty());
                wanted.then_some(Section {
                    name: section,
                    fields,
                })
            })
            .collect();
        Replicas(sections)
    }

    /// The resource lists it replicates (`section.list`): each a row of the
    /// weight table.
    pub fn lists(&self) -> Vec<String> {
        self.0
            .iter()
            .flat_map(|s| {
                s.fields.iter().filter_map(|f| match &f.value {
                    Sandbox::Resources(entries)
                        if !entries.is_empty() && !ONCE.contains(&s.list(f).as_str()) =>
                    {
                        Some(s.list(f))
                    }
                    _ => None,
                })
            })
            .collect()
    }

    /// Writes every field into `acct`, resource lists at their `counts`.
    pub fn write(&self, acct: &mut Account, counts: &Counts) {
        for section in &self.0 {
            let mut body = sections::get(acct, section.name).unwrap_or_default();
            for field in &section.fields {
                let value = match &field.value {
                    Sandbox::Resources(entries) | Sandbox::PerRegion(entries)
                        if entries.is_empty() =>
                    {
                        continue
                    }
                    Sandbox::Resources(entries) if ONCE.contains(&section.list(field).as_str()) => {
                        Value::Array(entries.clone())
                    }
                    Sandbox::Resources(entries) => {
                        let n = counts.of(&section.list(field));
                        Value::Array(copies(entries, n))
                    }
                    Sandbox::PerRegion(entries) => Value::Array(per_region(entries)),
                    Sandbox::Setting(value) => value.clone(),
                };
                body.insert(field.name.clone(), value);
            }
            sections::set(acct, section.name, body);
        }
    }
}

impl Section {
    /// `section.field`, as the weight table names it.
    fn list(&self, field: &Field) -> String {
        format!("{}.{}", self.name, field.name)
    }
}

impl Sandbox {
    /// The first account's value of field `name`.
    fn of(name: &str, value: &Value) -> Sandbox {
        let entries = || value.as_array().cloned().unwrap_or_default();
        if value.is_array() && lists_resources(name) {
            Sandbox::Resources(entries())
        } else if value.is_array() {
            Sandbox::PerRegion(entries())
        } else {
            Sandbox::Setting(value.clone())
        }
    }

    /// Adds another account's value: its entries, for a list, except those
    /// already there (the same resource seen from two accounts, such as an
    /// organization's log-archive bucket).
    fn add(&mut self, value: &Value) {
        if let (Sandbox::Resources(entries) | Sandbox::PerRegion(entries), Value::Array(more)) =
            (self, value)
        {
            for entry in more {
                if !entries.contains(entry) {
                    entries.push(entry.clone());
                }
            }
        }
    }
}

/// `n` copies of `entries`, round after round; each round after the first
/// renamed.
fn copies(entries: &[Value], n: usize) -> Vec<Value> {
    (0..n)
        .map(|c| {
            let mut copy = entries[c % entries.len()].clone();
            let round = c / entries.len();
            if let (1.., Value::Object(entry)) = (round, &mut copy) {
                rename(entry, &format!("-copy{round}"));
            }
            copy
        })
        .collect()
}

/// Gives `entry` fresh identifiers: `suffix` after the fields that name
/// it, and after the same names in its ARN.
fn rename(entry: &mut Map<String, Value>, suffix: &str) {
    let arn = entry.get("arn").and_then(Value::as_str).map(str::to_owned);
    let mut own: Vec<String> = Vec::new();
    for (field, value) in entry.iter_mut() {
        if let Value::String(v) = value {
            if names_entry(field, v, arn.as_deref()) {
                own.push(v.clone());
                v.push_str(suffix);
            }
        }
    }
    if let Some(arn) = arn {
        entry.insert("arn".into(), json!(renamed_arn(&arn, own, suffix)));
    }
}

/// True for a field that names the entry itself rather than something it
/// refers to: `name`, `id`, and an `…_id` that its ARN holds as a segment
/// (`instance_id`, `key_id`; not `image_id` or `cluster_id`), or any
/// `…_id` of an entry without an ARN (an image's `image_id`).
fn names_entry(field: &str, value: &str, arn: Option<&str>) -> bool {
    match field {
        "name" | "id" => true,
        "account_id" => false,
        _ => {
            field.ends_with("_id")
                && arn.is_none_or(|arn| arn.split([':', '/']).any(|s| s == value))
        }
    }
}

/// `arn` with `suffix` after the last occurrence of each of `own` in its
/// resource part (longest first), or at its end when none is there.
fn renamed_arn(arn: &str, mut own: Vec<String>, suffix: &str) -> String {
    // The resource part follows `arn:partition:service:region:account:`.
    let start = arn.match_indices(':').nth(4).map_or(0, |(i, _)| i + 1);
    let (head, resource) = arn.split_at(start);
    let mut resource = resource.to_owned();
    own.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    own.dedup();
    let mut renamed = false;
    for name in own.iter().filter(|n| !n.is_empty()) {
        if let Some(at) = resource.rfind(name.as_str()) {
            resource.insert_str(at + name.len(), suffix);
            renamed = true;
        }
    }
    if !renamed {
        resource.push_str(suffix);
    }
    format!("{head}{resource}")
}

/// One entry per generated region, `entries` in turn.
fn per_region(entries: &[Value]) -> Vec<Value> {
    REGIONS
        .iter()
        .enumerate()
        .map(|(i, region)| {
            let mut entry = entries[i % entries.len()].clone();
            entry["region"] = json!(region);
            entry
        })
        .collect()
}
