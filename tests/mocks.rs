//! The bundled mocked accounts (`mocks/`), judged in-process through the CLI.
//!
//! `sandbox.json` must exercise every registered check both ways (at least
//! one PASS and one FAIL), show the ERROR paths the mocks README describes, and
//! fail the gate; `compliant.json` is the same team after fixing everything:
//! nothing but PASS and SKIP, and a clean exit. The verdict of every resource
//! of the sandbox is pinned in a snapshot, because `mocks/README.md` tells
//! that story: when a check changes a verdict, update the README with it.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck::cli::{run, Io};
use awscheck_checks::{inventory, registry};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const SANDBOX_ACCOUNT: &str = "111122223333";

fn mock(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("mocks")
        .join(name)
}

/// Runs `awscheck ARGS…`; returns the exit code, stdout and stderr.
fn awscheck(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("awscheck").chain(args.iter().copied());
    let code = run(argv, &mut Io::plain(&mut out, &mut err));
    (
        code,
        String::from_utf8(out).expect("stdout is UTF-8"),
        String::from_utf8(err).expect("stderr is UTF-8"),
    )
}

/// Scans a mock with `--format json` (plus `extra` arguments); returns the
/// exit code and the findings.
fn scan(name: &str, extra: &[&str]) -> (i32, Vec<Value>) {
    let path = mock(name);
    let path = path.to_str().expect("UTF-8 path");
    let mut args = vec!["scan", "--fixture", path, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = awscheck(&args);
    assert!(err.is_empty(), "{name}: stderr: {err}");
    let doc: Value = serde_json::from_str(&out).expect("--format json output parses");
    let findings = doc["findings"].as_array().expect("findings").clone();
    (code, findings)
}

fn field<'a>(f: &'a Value, key: &str) -> &'a str {
    f[key]
        .as_str()
        .unwrap_or_else(|| panic!("finding without {key}: {f}"))
}

/// Check id → status → count.
fn statuses(findings: &[Value]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut by_check: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for f in findings {
        *by_check
            .entry(field(f, "check_id").to_string())
            .or_default()
            .entry(field(f, "status").to_string())
            .or_default() += 1;
    }
    by_check
}

fn count(by_check: &BTreeMap<String, BTreeMap<String, usize>>, id: &str, status: &str) -> usize {
    by_check
        .get(id)
        .and_then(|s| s.get(status))
        .copied()
        .unwrap_or(0)
}

#[test]
fn sandbox_exercises_every_check_both_ways() {
    let (code, findings) = scan("sandbox.json", &[]);
    let by_check = statuses(&findings);
    let mut missing = Vec::new();
    for check in registry::all() {
        for status in ["pass", "fail"] {
            if count(&by_check, check.id, status) == 0 {
                missing.push(format!("{} has no {status}", check.id));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}\n{by_check:#?}");
    for id in ["cloudformation-stack-drift", "s3-https-only"] {
        assert!(
            count(&by_check, id, "error") > 0,
            "{id} has no error: {by_check:#?}"
        );
    }
    assert_eq!(code, 1, "the sandbox fails the gate");
}

#[test]
fn sandbox_shows_a_region_the_scan_could_not_read() {
    let (_, findings) = scan("sandbox.json", &[]);
    let blind: Vec<&Value> = findings
        .iter()
        .filter(|f| {
            field(f, "check_id") == "dynamodb-pitr"
                && field(f, "resource_arn") == "arn:aws:dynamodb:eu-west-1:111122223333"
        })
        .collect();
    assert_eq!(blind.len(), 1, "{blind:#?}");
    assert_eq!(field(blind[0], "status"), "error");
    assert!(
        field(blind[0], "reason").starts_with(
            "dynamodb could not be read in eu-west-1: ListTables failed: AccessDeniedException"
        ),
        "{blind:#?}"
    );
}

#[test]
fn sandbox_uses_every_section() {
    let inv = awscheck::fixture::load(&mock("sandbox.json")).expect("sandbox loads");
    let account = inv
        .accounts
        .iter()
        .find(|a| a.account_id == SANDBOX_ACCOUNT)
        .expect("the sandbox account");
    let unused: Vec<&str> = inventory::SECTIONS
        .iter()
        .copied()
        .filter(|s| !account.has_section(s))
        .collect();
    assert!(unused.is_empty(), "sections not in the sandbox: {unused:?}");
    assert!(
        !account.collection_errors.is_empty(),
        "the sandbox has a collection error"
    );
}

/// The synthetic credentials of the sandbox are in the file, and never in any output.
#[test]
fn sandbox_secrets_are_redacted_in_every_output() {
    let secrets = [
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ghp_EXAMPLEexampleEXAMPLEexample0123456789",
        "Staging-Passw0rd-2026!",
        "example-changelog-api-key-3f9a1c7e5b2d4a6c",
        "AKIAIOSFODNN7LEGACY1",
        "rk_live_storefront_example",
        "Checkout-Synthetic-Pw-2026!",
    ];
    let raw = std::fs::read_to_string(mock("sandbox.json")).expect("sandbox readable");
    let path = mock("sandbox.json");
    let path = path.to_str().expect("UTF-8 path");
    for secret in secrets {
        assert!(raw.contains(secret), "the sandbox no longer holds {secret}");
        for format in ["table", "json"] {
            let (_, out, err) = awscheck(&["scan", "--fixture", path, "--format", format]);
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{format} output shows {secret}"
            );
        }
    }
    let (_, findings) = scan("sandbox.json", &[]);
    let plaintext = findings
        .iter()
        .find(|f| {
            field(f, "check_id") == "codebuild-no-plaintext-secrets" && field(f, "status") == "fail"
        })
        .expect("a plaintext-secrets FAIL");
    let reason = field(plaintext, "reason");
    for needle in [
        "DB_PASSWORD",
        "AWS access key id and AWS secret access key",
        "https://***@github.com",
    ] {
        assert!(reason.contains(needle), "{reason}");
    }
}

/// Every finding of the sandbox, one line each, in the engine's order.
#[test]
fn sandbox_verdicts() {
    let (_, findings) = scan("sandbox.json", &[]);
    let lines: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{:5} {:8} {} {}",
                field(f, "status"),
                field(f, "severity"),
                field(f, "check_id"),
                field(f, "resource_arn")
            )
        })
        .collect();
    insta::assert_snapshot!("sandbox_verdicts", lines.join("\n"));
}

#[test]
fn compliant_is_all_pass_or_skip() {
    let (code, findings) = scan("compliant.json", &[]);
    let bad: Vec<&Value> = findings
        .iter()
        .filter(|f| !matches!(field(f, "status"), "pass" | "skip"))
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");
    assert_eq!(code, 0);
    let checks: BTreeSet<&str> = findings.iter().map(|f| field(f, "check_id")).collect();
    for check in registry::all() {
        assert!(
            checks.contains(check.id),
            "{} judges nothing in compliant.json",
            check.id
        );
    }
    let (strict, _) = scan("compliant.json", &["--strict", "--fail-on", "low"]);
    assert_eq!(strict, 0, "no ERROR and no advisory either");
}

/// The README's first command: a table per service, the summary and the verdict.
#[test]
fn readme_command_prints_tables_and_the_verdict() {
    let path = mock("sandbox.json");
    let (code, out, err) = awscheck(&["scan", "--fixture", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
    for service in registry::services() {
        assert!(out.lines().any(|l| l == service), "no table for {service}");
    }
    assert!(out.contains("Summary"), "{out}");
    assert!(
        out.trim_end()
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("FAILED: ") && l.ends_with("(--fail-on high)")),
        "{out}"
    );
}

/// Every check sees only what it declares: judged on each mock pruned to
/// its `reads` (what live collection gives when only that check runs), it
/// gives exactly the findings of the whole mock. A check that reads a part
/// it does not declare would see "not collected" or an empty list there.
#[test]
fn every_check_reads_only_what_it_declares() {
    let settings = awscheck_checks::Settings::default();
    let mut wrong = Vec::new();
    for name in ["sandbox.json", "compliant.json"] {
        let inventory = awscheck::fixture::load(&mock(name)).unwrap();
        for check in registry::all() {
            let full = awscheck_checks::engine::run(&inventory, &[check], &settings);
            let mut pruned = inventory.clone();
            for account in &mut pruned.accounts {
                *account = account
                    .pruned(check.reads)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}", check.id));
            }
            let seen = awscheck_checks::engine::run(&pruned, &[check], &settings);
            if let Some((s, f)) = seen.iter().zip(&full).find(|(s, f)| s != f) {
                wrong.push(format!(
                    "{name}: {} reads data it does not declare: {} is {} ({}) without it, {} ({}) with it",
                    check.id, f.resource_arn, s.status, s.reason, f.status, f.reason
                ));
            } else if seen.len() != full.len() {
                wrong.push(format!(
                    "{name}: {} reads data it does not declare: {} findings without it, {} with it",
                    check.id,
                    seen.len(),
                    full.len()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every part a section declares is a field that the mocks or the check
/// cases fill somewhere, so that pruning it (and collecting without it)
/// means something: a misspelt path would prune nothing.
#[test]
fn every_declared_part_names_a_field() {
    fn has(value: &Value, path: &str) -> bool {
        match value {
            Value::Array(items) => items.iter().any(|i| has(i, path)),
            // Through the value of a Collected list, `{"value": [...]}`.
            Value::Object(map) if map.len() == 1 && map.contains_key("value") => {
                map.get("value").is_some_and(|v| has(v, path))
            }
            Value::Object(map) => match path.split_once('.') {
                None => map.contains_key(path),
                Some((head, rest)) => map.get(head).is_some_and(|v| has(v, rest)),
            },
            _ => false,
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut accounts: Vec<Value> = Vec::new();
    for name in ["sandbox.json", "compliant.json"] {
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(mock(name)).unwrap()).unwrap();
        accounts.extend(doc["accounts"].as_array().unwrap().iter().cloned());
    }
    for dir in std::fs::read_dir(root.join("checks/tests/cases")).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let case: Value =
                serde_json::from_str(&std::fs::read_to_string(file.unwrap().path()).unwrap())
                    .unwrap();
            accounts.extend(case.get("account").cloned());
            accounts.extend(case["accounts"].as_array().into_iter().flatten().cloned());
        }
    }
    for section in inventory::SECTIONS {
        for part in inventory::data_of(section)
            .iter()
            .filter(|d| !d.is_listing())
        {
            assert!(
                accounts.iter().any(|a| has(&a[*section], part.path)),
                "{part}: no mock or case fills this field"
            );
        }
    }
}

/// The mocks are written in parts (`mocks/<name>/_accounts.json` and one
/// file per section) and assembled by `scripts/mocks`: the assembled files
/// the CLI reads must hold exactly the parts.
#[test]
fn mocks_are_assembled_from_their_parts() {
    let read = |path: PathBuf| -> Value {
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    for name in ["sandbox", "compliant"] {
        let folder = mock(name);
        let mut want = read(folder.join("_accounts.json"));
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_stem().unwrap().to_string_lossy().into_owned();
            if file.starts_with('_') {
                continue;
            }
            let part = read(path);
            for account in want["accounts"].as_array_mut().unwrap() {
                if let Some(section) = part.get(account["account_id"].as_str().unwrap()) {
                    account[&file] = section.clone();
                }
            }
        }
        assert!(
            read(mock(&format!("{name}.json"))) == want,
            "mocks/{name}.json is not what its parts assemble: run scripts/mocks"
        );
    }
}
