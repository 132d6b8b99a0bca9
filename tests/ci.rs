//! End to end: the CI-gate features through `cli::run`, in-process, over
//! `tests/fixtures/ci-sample.json` (S3 buckets covering PASS, FAIL, an
//! advisory, ERROR and SKIP; a second account whose S3 was not collected).
//!
//! Every test runs in its own temporary directory (config discovery and
//! relative paths depend on the current directory), one at a time.
//! Scans name `--checks s3-https-only` (or a pack) so that the snapshots do
//! not change when more checks are registered.
//!
//! SARIF and JUnit are validated against the schemas vendored in
//! tests/schemas by tests/validate.py, run with `$AWSCHECK_TEST_PYTHON`
//! (scripts/test installs the validators); without it these tests fail.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck::cli::{run, Io};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ci-sample.json");
const SANDBOX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/mocks/sandbox.json");
const SECRET: &str = "AKIASENTINELDONOTPRINT";
const FORMATS: [&str; 6] = ["table", "json", "sarif", "junit", "csv", "markdown"];

/// Serializes the tests: each one changes the process's current directory.
static CWD: Mutex<()> = Mutex::new(());

struct Run {
    code: i32,
    out: String,
    err: String,
}

impl Run {
    /// Asserts exit 2 with one line on stderr starting with `prefix`, nothing on stdout.
    fn assert_input_error(&self, prefix: &str) {
        assert_eq!((self.code, self.out.as_str()), (2, ""), "{}", self.err);
        assert!(
            self.err.starts_with(prefix) && self.err.lines().count() == 1,
            "stderr: {}\nwant: {prefix}",
            self.err
        );
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.out)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.out))
    }
}

/// Puts the current directory back, even when the command panics.
struct Restore(PathBuf);

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::env::set_current_dir(&self.0);
    }
}

/// A temporary directory holding the sample fixture as `ci-sample.json`.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let ws = Workspace {
            dir: tempfile::tempdir().unwrap(),
        };
        ws.write("ci-sample.json", &std::fs::read_to_string(FIXTURE).unwrap());
        ws
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.path(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Writes `text` to `name` and validates it as `kind` (sarif or junit).
    fn assert_valid(&self, kind: &str, name: &str, text: &str) {
        self.write(name, text);
        assert_valid(kind, &self.path(name));
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name))
            .unwrap_or_else(|e| panic!("{name} was not written: {e}"))
    }

    /// `awscheck ARGS` with this directory as the current directory.
    fn run(&self, args: &[&str]) -> Run {
        let _lock = CWD.lock().unwrap_or_else(|e| e.into_inner());
        let _restore = Restore(std::env::current_dir().unwrap());
        std::env::set_current_dir(self.dir.path()).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            std::iter::once("awscheck").chain(args.iter().copied()),
            &mut Io::plain(&mut out, &mut err),
        );
        Run {
            code,
            out: String::from_utf8(out).unwrap(),
            err: String::from_utf8(err).unwrap(),
        }
    }

    /// `awscheck scan --fixture ci-sample.json --checks s3-https-only ARGS`.
    fn scan(&self, args: &[&str]) -> Run {
        let mut all = vec![
            "scan",
            "--fixture",
            "ci-sample.json",
            "--checks",
            "s3-https-only",
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

/// The Python with the SARIF and JUnit validators (`AWSCHECK_TEST_PYTHON`,
/// set by scripts/test), or `None` under a plain `cargo test`: the reports
/// are then still snapshot-tested, and the skipped validation is said once
/// on stderr. With `AWSCHECK_REQUIRE_TEST_TOOLS=1` (scripts/test) a missing
/// validator fails.
fn validator_python() -> Option<std::ffi::OsString> {
    match std::env::var_os("AWSCHECK_TEST_PYTHON") {
        Some(p) if !p.is_empty() => Some(p),
        _ if std::env::var_os("AWSCHECK_REQUIRE_TEST_TOOLS").is_some_and(|v| v == "1") => panic!(
            "AWSCHECK_TEST_PYTHON is not set: run the tests with scripts/test, which installs the SARIF and JUnit validators"
        ),
        _ => {
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: SARIF and JUnit schema validation did not run (AWSCHECK_TEST_PYTHON is not set); run scripts/test to run it"
                );
            });
            None
        }
    }
}

/// Runs tests/validate.py: `None` without the validators, else `Err` with
/// the violations.
fn validate(kind: &str, file: &Path) -> Option<Result<(), String>> {
    let python = validator_python()?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/validate.py");
    let out = Command::new(python)
        .args([script, kind])
        .arg(file)
        .output()
        .expect("AWSCHECK_TEST_PYTHON does not run");
    Some(match out.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(String::from_utf8_lossy(&out.stdout).into_owned()),
        _ => panic!(
            "the {kind} validator could not run: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    })
}

fn assert_valid(kind: &str, file: &Path) {
    if let Some(Err(violations)) = validate(kind, file) {
        panic!("{} is not valid {kind}:\n{violations}", file.display());
    }
}

/// A `[[suppress]]` entry of awscheck.toml (two lines above it: a blank
/// line and the header, so the first entry of a file is at line 2).
fn suppress(check: &str, resource: &str, reason: &str, expires: Option<&str>) -> String {
    let mut s = format!(
        "\n[[suppress]]\ncheck = \"{check}\"\nresource = \"{resource}\"\nreason = \"{reason}\"\n"
    );
    if let Some(date) = expires {
        s.push_str(&format!("expires = {date}\n"));
    }
    s
}

/// The rule ids of a SARIF report.
fn rule_ids(sarif: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(sarif).unwrap();
    doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// The findings of a JSON report as (resource, status).
fn statuses(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["resource_arn"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn status_of(report: &Value, arn: &str) -> String {
    statuses(report)
        .into_iter()
        .find(|(a, _)| a == arn)
        .unwrap_or_else(|| panic!("no finding for {arn}"))
        .1
}

#[test]
fn each_format_renders_the_sample_valid_and_as_snapshotted() {
    let ws = Workspace::new();
    for format in FORMATS {
        let run = ws.scan(&["--format", format]);
        assert_eq!(run.code, 1, "{format}: two high FAILs gate\n{}", run.err);
        assert_eq!(run.err, "", "{format}");
        insta::assert_snapshot!(format!("format_{format}"), run.out);
        ws.write(&format!("report.{format}"), &run.out);
    }
    assert_valid("sarif", &ws.path("report.sarif"));
    assert_valid("junit", &ws.path("report.junit"));
    let report: Value = serde_json::from_str(&ws.read("report.json")).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 7);
    let csv = ws.read("report.csv");
    assert_eq!(csv.matches("\r\n").count(), 8, "a header and 7 rows");
}

#[test]
fn sarif_has_one_rule_per_check_and_results_for_fail_and_error() {
    let ws = Workspace::new();
    let sarif: Value = serde_json::from_str(&ws.scan(&["--format", "sarif"]).out).unwrap();
    let run = &sarif["runs"][0];
    let rule = &run["tool"]["driver"]["rules"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 1);
    assert_eq!(rule["id"], "s3-https-only");
    assert_eq!(rule["name"], "S3HttpsOnly");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(
        rule["properties"]["aws_config_rule"],
        "s3-bucket-ssl-requests-only"
    );
    assert!(rule["properties"]["notes_section"]
        .as_str()
        .unwrap()
        .starts_with("001"));
    assert!(rule["help"]["text"].as_str().unwrap().contains("**CLI**"));
    let results = run["results"].as_array().unwrap();
    let levels: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("fail", "note"),
            ("fail", "error"),
            ("open", "note"),
            ("fail", "error"),
            ("open", "note")
        ],
        "3 FAILs (one advisory at low) and 2 ERRORs, in the engine's order; no PASS or SKIP"
    );
    let location = &results[1]["locations"][0];
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "arn:aws:s3:::ci-sample-assets"
    );
    assert_eq!(location["properties"]["region"], "us-east-1");
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "ci-sample.json"
    );
}

#[test]
fn outputs_are_written_while_the_table_stays_on_stdout() {
    let ws = Workspace::new();
    let mut args = vec![];
    let specs: Vec<String> = FORMATS.iter().map(|f| format!("{f}=out.{f}")).collect();
    for spec in &specs {
        args.extend(["--output", spec.as_str()]);
    }
    let run = ws.scan(&args);
    assert_eq!(run.code, 1);
    assert!(
        run.out.starts_with("s3\n┌") && run.out.contains("Summary"),
        "{}",
        run.out
    );
    for format in FORMATS {
        let alone = ws.scan(&["--format", format]).out;
        assert_eq!(
            ws.read(&format!("out.{format}")),
            alone,
            "--output {format} renders what --format {format} prints"
        );
    }

    ws.scan(&["--output", "sarif=missing-dir/r.sarif"])
        .assert_input_error("awscheck: missing-dir/r.sarif: cannot write:");
    ws.scan(&["--output", "sarif"]).assert_input_error(
        "awscheck: invalid value 'sarif' for '--output <FORMAT=PATH>': expected FORMAT=PATH",
    );
}

#[test]
fn reports_print_nothing_but_what_findings_hold() {
    let ws = Workspace::new();
    for format in FORMATS {
        let run = ws.scan(&["--format", format]);
        assert!(!run.out.contains(SECRET), "{format} printed a tag value");
        assert!(
            !run.out.contains("owner-token"),
            "{format} printed a tag key"
        );
    }
}

/// A workspace whose awscheck.toml suppresses `check` on the assets bucket,
/// and its JSON scan.
fn assets_suppressed(check: &str, reason: &str, expires: &str) -> (Workspace, Run, Value) {
    let ws = Workspace::new();
    let entry = suppress(
        check,
        "arn:aws:s3:::ci-sample-assets",
        reason,
        Some(expires),
    );
    ws.write("awscheck.toml", &entry);
    let run = ws.scan(&["--format", "json"]);
    let report = run.json();
    (ws, run, report)
}

#[test]
fn a_suppression_with_a_reason_mutes_exactly_its_resource() {
    let reason = "public assets bucket; replaced by CloudFront in OPS-7";
    let (ws, run, report) = assets_suppressed("s3-*", reason, "2999-12-31");
    assert_eq!(status_of(&report, "arn:aws:s3:::ci-sample-assets"), "muted");
    assert_eq!(
        status_of(&report, "arn:aws:s3:::ci-sample-partners"),
        "fail"
    );
    assert_eq!(report["summary"]["total"]["muted"], 1);
    assert_eq!(report["summary"]["total"]["fail"], 2);
    let muted = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["status"] == "muted")
        .unwrap();
    assert_eq!(
        muted["suppression"],
        json!({"was": "fail", "reason": "public assets bucket; replaced by CloudFront in OPS-7", "origin": "awscheck.toml:2"})
    );
    assert_eq!(run.code, 1, "the partners bucket still gates");
    assert_eq!(run.err, "");

    let sarif_run = ws.scan(&["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&sarif_run.out).unwrap();
    let suppressed: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["suppressions"][0]["status"], "accepted");
    ws.assert_valid("sarif", "muted.sarif", &sarif_run.out);
    ws.assert_valid("junit", "muted.xml", &ws.scan(&["--format", "junit"]).out);

    // Muted findings never gate: mute the other high FAIL too.
    ws.write(
        "all.toml",
        &suppress(
            "s3-https-only",
            "arn:aws:s3:::ci-sample-*",
            "sandbox account",
            None,
        ),
    );
    let run = ws.scan(&["--config", "all.toml"]);
    assert_eq!(run.code, 0, "{}", run.out);
    assert!(run.out.contains("MUTED"));
    assert!(run.out.contains("(muted, all.toml:2: sandbox account)"));
}

#[test]
fn an_expired_suppression_does_not_mute_and_is_reported() {
    let (ws, run, report) = assets_suppressed(
        "s3-https-only",
        "accepted until the migration",
        "2000-01-31",
    );
    assert_eq!(status_of(&report, "arn:aws:s3:::ci-sample-assets"), "fail");
    assert_eq!(report["summary"]["total"]["muted"], 0);
    assert_eq!(
        run.err,
        "awscheck: warning: awscheck.toml:2: suppression of s3-https-only on arn:aws:s3:::ci-sample-assets expired on 2000-01-31: it no longer mutes, renew or remove it\n"
    );
    assert_eq!(report["notices"][0]["kind"], "suppression-expired");
    let md = ws.scan(&["--format", "markdown"]).out;
    assert!(md.contains("### Notices") && md.contains("expired on 2000-01-31"));
}

#[test]
fn an_unused_suppression_is_reported() {
    let ws = Workspace::new();
    ws.write(
        "awscheck.toml",
        &[
            suppress(
                "s3-https-only",
                "arn:aws:s3:::deleted-long-ago",
                "kept for history",
                None,
            ),
            suppress(
                "s3-https-only",
                "arn:aws:s3:::ci-sample-logs",
                "matches only a PASS, so mutes nothing",
                None,
            ),
        ]
        .concat(),
    );
    let run = ws.scan(&["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.err.lines().collect();
    assert_eq!(
        lines,
        [
            "awscheck: warning: awscheck.toml:2: suppression of s3-https-only on arn:aws:s3:::deleted-long-ago matched no FAIL or ERROR finding: remove it",
            "awscheck: warning: awscheck.toml:7: suppression of s3-https-only on arn:aws:s3:::ci-sample-logs matched no FAIL or ERROR finding: remove it",
        ]
    );
    let sarif: Value = serde_json::from_str(&run.out).unwrap();
    let notes = &sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"];
    assert_eq!(notes.as_array().unwrap().len(), 2);
    assert_eq!(notes[0]["descriptor"]["id"], "suppression-unused");
    ws.assert_valid("sarif", "notes.sarif", &run.out);
}

/// The sample with a new failing bucket, and the partners bucket fixed.
fn changed_sample() -> String {
    let mut inv: Value = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let buckets = inv["accounts"][0]["s3"]["buckets"].as_array_mut().unwrap();
    let fixed_policy = json!({"value": {"Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::ci-sample-partners", "arn:aws:s3:::ci-sample-partners/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}});
    for b in buckets.iter_mut() {
        if b["name"] == "ci-sample-partners" {
            b["policy"] = fixed_policy.clone();
        }
    }
    buckets.push(json!({
        "arn": "arn:aws:s3:::ci-sample-new", "region": "us-east-1",
        "account_id": "111122223333", "name": "ci-sample-new",
        "website": "absent", "policy": "absent"
    }));
    serde_json::to_string_pretty(&inv).unwrap()
}

#[test]
fn a_baseline_accepts_old_failures_while_new_ones_still_gate() {
    let ws = Workspace::new();
    let run = ws.scan(&["--write-baseline", "baseline.json"]);
    assert_eq!(run.code, 0, "the written baseline governs the run");
    assert_eq!(
        run.err,
        "awscheck: note: baseline.json: wrote 3 baseline entries\n"
    );
    insta::assert_snapshot!("baseline_file", ws.read("baseline.json"));

    let run = ws.scan(&["--baseline", "baseline.json", "--format", "json"]);
    assert_eq!(run.code, 0);
    let report = run.json();
    assert_eq!(report["summary"]["baselined"], 2);
    assert_eq!(
        report["summary"]["verdict"],
        "PASSED: no new failures at or above high (--fail-on high); 2 failures in the baseline do not gate; 2 findings could not be evaluated (use --strict to gate on errors)"
    );
    let baselined = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["baselined"] == true)
        .count();
    assert_eq!(baselined, 3, "every FAIL, whatever its severity");

    ws.write("ci-sample.json", &changed_sample());
    let run = ws.scan(&["--baseline", "baseline.json"]);
    assert_eq!(run.code, 1, "the new bucket gates");
    assert!(
        run.out.contains("FAILED: 1 new failure at or above high (--fail-on high); 1 failure in the baseline does not gate"),
        "{}",
        run.out
    );
    assert!(run.out.contains("FAIL (baseline)"));
    assert_eq!(
        run.err,
        "awscheck: warning: baseline.json: s3-https-only on arn:aws:s3:::ci-sample-partners (account 111122223333) is fixed: refresh the baseline with --write-baseline\n"
    );
    let sarif = ws.scan(&["--baseline", "baseline.json", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif.out).unwrap();
    let states: Vec<(&str, &str)> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "fail")
        .map(|r| {
            (
                r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
                    .as_str()
                    .unwrap(),
                r["baselineState"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("arn:aws:s3:::ci-sample-site", "unchanged"),
            ("arn:aws:s3:::ci-sample-assets", "unchanged"),
            ("arn:aws:s3:::ci-sample-new", "new")
        ]
    );
    ws.assert_valid("sarif", "baseline.sarif", &sarif.out);
}

#[test]
fn invalid_input_files_exit_2_with_one_line_naming_the_file() {
    let ws = Workspace::new();
    ws.write("bad.toml", "fail_on = \"high\"\n\n[[suppress]]\ncheck = \"s3-https-only\"\nresource = \"*\"\nreason = \"\"\n");
    ws.write(
        "baseline.json",
        "{\"format\": 1,\n \"entries\": [{\"check\": \"x\"}]}\n",
    );
    ws.write("pack.toml", "id = \"p\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-https-only\", \"s3-htps-only\"]\n");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--config", "bad.toml"],
            "awscheck: bad.toml:6:10: suppress: reason must not be empty: say why this finding is accepted\n",
        ),
        (
            &["--config", "none.toml"],
            "awscheck: none.toml: cannot read: No such file or directory (os error 2)\n",
        ),
        (
            &["--baseline", "baseline.json"],
            "awscheck: baseline.json:2:27: not an awscheck baseline: missing field \"account\"\n",
        ),
        (
            &["--pack", "./pack.toml"],
            "awscheck: ./pack.toml:4:28: unknown check id \"s3-htps-only\" (did you mean \"s3-https-only\"?)\n",
        ),
        (
            &["--pack", "ci-gat"],
            "awscheck: unknown pack \"ci-gat\" (did you mean \"ci-gate\"?) (shipped: ci-gate, customer-examples, sdlc, iac, resilience, monitoring, incident, security; a pack file is a path such as ./my-pack.toml)\n",
        ),
    ];
    for (args, want) in cases {
        let run = ws.scan(args);
        assert_eq!(
            (run.code, run.err.as_str(), run.out.as_str()),
            (2, want, ""),
            "{args:?}"
        );
    }
    ws.write("awscheck.toml", "format = \"yaml\"\n");
    ws.scan(&[])
        .assert_input_error("awscheck: awscheck.toml:1:10: format: unknown format \"yaml\"");
}

#[test]
fn the_config_file_sets_defaults_and_flags_win() {
    let ws = Workspace::new();
    ws.write(
        "ci/awscheck.toml",
        r#"
fail_on = "critical"
format = "csv"
outputs = ["junit=reports/junit.xml"]
checks = ["s3-https-only"]
"#,
    );
    std::fs::create_dir_all(ws.path("ci/reports")).unwrap();
    let run = ws.scan(&["--config", "ci/awscheck.toml"]);
    assert_eq!(run.code, 0, "nothing is critical");
    assert!(run.out.starts_with("status,severity,"), "{}", run.out);
    assert!(
        ws.read("ci/reports/junit.xml").contains("<testsuites"),
        "outputs are relative to the config file"
    );

    let run = ws.scan(&[
        "--config",
        "ci/awscheck.toml",
        "--fail-on",
        "high",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["summary"]["fail_on"], "high");

    // Found in the current directory without --config.
    ws.write(
        "awscheck.toml",
        "strict = true\nchecks = [\"s3-https-only\"]\n[settings]\nrequire_cmk = true\n",
    );
    let run = ws.scan(&["--fail-on", "critical"]);
    assert_eq!(run.code, 0, "ERRORs are high, below critical");
    let run = ws.scan(&["--fail-on", "high"]);
    assert!(run.out.contains("--fail-on high --strict"), "{}", run.out);
}

#[test]
fn packs_compose_with_the_selection_and_the_gate() {
    let ws = Workspace::new();
    ws.write(
        "strict-pack.toml",
        "id = \"strict-storage\"\ntitle = \"Storage\"\ndescription = \"S3, advisories gate\"\nchecks = [\"s3-https-only\"]\nfail_on = \"low\"\n",
    );
    // Mute the two high FAILs: only the low advisory FAIL is left.
    ws.write(
        "mute-high.toml",
        &[
            suppress("s3-https-only", "arn:aws:s3:::ci-sample-assets", "r", None),
            suppress(
                "s3-https-only",
                "arn:aws:s3:::ci-sample-partners",
                "r",
                None,
            ),
        ]
        .concat(),
    );
    let run = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "--fixture",
            "ci-sample.json",
            "--checks",
            "s3-https-only",
            "--config",
            "mute-high.toml",
        ];
        args.extend_from_slice(extra);
        ws.run(&args)
    };
    assert_eq!(run(&[]).code, 0, "only the low advisory is left");
    assert_eq!(
        run(&["--pack", "./strict-pack.toml"]).code,
        1,
        "the pack's fail_on = low gates on the advisory"
    );
    assert_eq!(
        run(&["--pack", "./strict-pack.toml", "--fail-on", "high"]).code,
        0,
        "--fail-on wins over the pack"
    );
    assert_eq!(
        rule_ids(&run(&["--pack", "./strict-pack.toml", "--format", "sarif"]).out),
        ["s3-https-only"],
        "exactly the pack's checks run"
    );

    let disjoint = run(&["--pack", "./strict-pack.toml", "--severity", "critical"]);
    assert_eq!(disjoint.code, 2);
    assert_eq!(
        disjoint.err,
        "awscheck: no check matches the selection (--pack, --checks, --service and --severity narrow each other)\n"
    );
}

/// `--pack customer-examples` runs exactly its four checks.
#[test]
fn pack_customer_examples_runs_exactly_the_four_checks() {
    let four = [
        "codepipeline-artifacts-kms",
        "cloudformation-stack-drift",
        "waf-log-destination-prefix",
        "s3-https-only",
    ];
    let ws = Workspace::new();
    let run = ws.run(&[
        "scan",
        "--fixture",
        "ci-sample.json",
        "--pack",
        "customer-examples",
        "--format",
        "sarif",
    ]);
    let mut rules = rule_ids(&run.out);
    rules.sort();
    let mut want = four.to_vec();
    want.sort();
    assert_eq!(rules, want);
}

#[test]
fn packs_list_and_show() {
    let ws = Workspace::new();
    let list = ws.run(&["packs", "list"]);
    assert_eq!(list.code, 0);
    insta::assert_snapshot!("packs_list", list.out);
    let json: Value =
        serde_json::from_str(&ws.run(&["packs", "list", "--format", "json"]).out).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 8);

    ws.write(
        "team.toml",
        "id = \"team\"\ntitle = \"Team\"\ndescription = \"Bucket rules\"\nchecks = [\"s3-*\"]\n",
    );
    let show = ws.run(&["packs", "show", "./team.toml"]);
    assert_eq!(show.code, 0, "{}", show.err);
    assert!(show
        .out
        .starts_with("team: Team\n\nBucket rules\n\nfile: ./team.toml\nfail_on: -"));
    assert!(show.out.contains("s3-https-only"));
    let unknown = ws.run(&["packs", "show", "nope"]);
    assert_eq!(unknown.code, 2);
}

#[test]
fn the_validators_reject_invalid_reports() {
    let ws = Workspace::new();
    ws.write(
        "bad.sarif",
        r#"{"version": "2.1.0", "runs": [{"results": []}]}"#,
    );
    let Some(sarif) = validate("sarif", &ws.path("bad.sarif")) else {
        return;
    };
    let e = sarif.unwrap_err();
    assert!(e.contains("'tool' is a required property"), "{e}");
    ws.write(
        "bad.xml",
        "<testsuites><testsuite name=\"s3\"/></testsuites>",
    );
    assert!(validate("junit", &ws.path("bad.xml")).is_some_and(|r| r.is_err()));
}

/// Splits a documented command line into words: double quotes group,
/// `$NAME` expands from `vars`.
fn words(line: &str, vars: &[(&str, String)]) -> Vec<String> {
    let mut line = line.to_string();
    for (name, value) in vars {
        line = line.replace(&format!("${name}"), value);
    }
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The fenced code blocks of a Markdown file: (info string, body).
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.push(current.take().unwrap()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

#[test]
fn docs_ci_examples_run_as_documented() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    let ws = Workspace::new();
    ws.write(
        "mocks/sandbox.json",
        &std::fs::read_to_string(SANDBOX).unwrap(),
    );
    let mut commands = Vec::new();
    for (info, body) in code_blocks(&doc) {
        if info == "toml" {
            let name = body
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("# "))
                .unwrap();
            ws.write(name, &body);
            continue;
        }
        for line in body.lines() {
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            if line.starts_with("awscheck ") {
                commands.push(line.to_string());
            }
        }
    }
    let expected = [
        ("awscheck scan --fixture mocks/sandbox.json --fail-on high --output sarif=awscheck.sarif --output \"markdown=$GITHUB_STEP_SUMMARY\"", 1),
        ("awscheck scan --fixture mocks/sandbox.json --write-baseline awscheck-baseline.json", 0),
        ("awscheck scan --fixture mocks/sandbox.json --baseline awscheck-baseline.json --output junit=awscheck-junit.xml --output markdown=awscheck.md", 0),
        ("awscheck packs list", 0),
        ("awscheck packs show ci-gate", 0),
        ("awscheck scan --fixture mocks/sandbox.json --pack ci-gate", 1),
        ("awscheck packs show ./team-pack.toml", 0),
        ("awscheck scan --fixture mocks/sandbox.json --pack ./team-pack.toml", 1),
    ];
    assert_eq!(
        commands,
        expected
            .iter()
            .map(|(c, _)| c.to_string())
            .collect::<Vec<_>>(),
        "docs/ci.md's command lines changed: update this test's expectations"
    );
    let vars = [(
        "GITHUB_STEP_SUMMARY",
        ws.path("step-summary.md").display().to_string(),
    )];
    for (line, code) in expected {
        let args = words(line, &vars);
        let args: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
        let run = ws.run(&args);
        assert_eq!(run.code, code, "{line}\n{}{}", run.out, run.err);
    }
    assert_valid("sarif", &ws.path("awscheck.sarif"));
    assert_valid("junit", &ws.path("awscheck-junit.xml"));
    assert!(ws
        .read("step-summary.md")
        .starts_with("## awscheck: FAILED"));
    assert!(ws.read("awscheck.md").starts_with("## awscheck: PASSED"));
}

/// Every format of the bundled sandbox: exit code and output pinned, SARIF
/// and JUnit schema-valid. The sandbox is what a new user scans first.
#[test]
fn each_format_renders_the_sandbox_valid_and_as_snapshotted() {
    let ws = Workspace::new();
    ws.write("sandbox.json", &std::fs::read_to_string(SANDBOX).unwrap());
    for format in FORMATS {
        let run = ws.run(&["scan", "--fixture", "sandbox.json", "--format", format]);
        assert_eq!(
            run.code, 1,
            "{format}: the sandbox fails the gate\n{}",
            run.err
        );
        if format == "sarif" || format == "junit" {
            ws.assert_valid(format, &format!("sandbox.{format}"), &run.out);
        }
        insta::assert_snapshot!(
            format!("sandbox_{format}"),
            format!("exit code: {}\n---\n{}", run.code, run.out)
        );
    }
    let compliant =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/mocks/compliant.json"))
            .unwrap();
    ws.write("compliant.json", &compliant);
    let run = ws.run(&["scan", "--fixture", "compliant.json"]);
    insta::assert_snapshot!(
        "compliant_table",
        format!("exit code: {}\n---\n{}", run.code, run.out)
    );
    assert_eq!(run.code, 0);
}

/// The plaintext secrets the sandbox holds (CodeBuild PLAINTEXT variables
/// and Lambda environment values with secret names or credential-looking
/// values, CloudFormation parameter values and template literals with
/// secret names), read from the raw JSON: loading the fixture redacts them.
fn sandbox_secrets() -> Vec<String> {
    let raw: Value = serde_json::from_str(&std::fs::read_to_string(SANDBOX).unwrap()).unwrap();
    let secret_name = |n: &str| {
        let n = n.to_ascii_uppercase();
        ["SECRET", "PASSWORD", "TOKEN", "KEY", "CREDENTIAL"]
            .iter()
            .any(|w| n.contains(w))
    };
    let mut out = Vec::new();
    for account in raw["accounts"].as_array().unwrap() {
        let projects = account["codebuild"]["projects"]
            .as_array()
            .into_iter()
            .flatten();
        let vars = projects.flat_map(|p| p["environment_variables"].as_array().unwrap().iter());
        let functions = account["lambda"]["functions"]
            .as_array()
            .into_iter()
            .flatten();
        let env = functions.flat_map(|f| f["environment"].as_array().unwrap().iter());
        let stacks = account["cloudformation"]["stacks"]
            .as_array()
            .into_iter()
            .flatten();
        for stack in stacks {
            let params = stack["parameters"].as_array().into_iter().flatten();
            for p in params.filter(|p| secret_name(p["key"].as_str().unwrap())) {
                out.extend(p["value"].as_str().map(str::to_string));
            }
            // `NAME: value` lines of a YAML template whose name says secret
            // and whose value is a literal (not a flag, tag or collection).
            let template = stack["template"]["value"].as_str().unwrap_or_default();
            for (name, value) in template.lines().filter_map(|l| l.split_once(':')) {
                let value = value.trim();
                let literal = value.len() >= 12 && !value.starts_with(['!', '{', '[']);
                if secret_name(name.trim()) && literal {
                    out.push(value.to_string());
                }
            }
        }
        for var in vars.filter(|v| v["type"] == "PLAINTEXT").chain(env) {
            let (name, value) = (var["name"].as_str().unwrap(), &var["value"]);
            if let Some(value) = value.as_str() {
                if secret_name(name) || !awscheck_checks::secret::classify(value).is_empty() {
                    out.push(value.to_string());
                }
            }
        }
    }
    out
}

/// No output format, and no inventory written back out, ever contains a
/// secret value the fixture held in plain text.
#[test]
fn no_format_prints_a_secret_value() {
    let secrets = sandbox_secrets();
    assert!(
        secrets.len() >= 4,
        "the sandbox should hold CodeBuild and Lambda plaintext secrets: {secrets:?}"
    );
    assert!(
        secrets.iter().any(|s| s.contains("AKIAIOSFODNN7EXAMPLE"))
            && secrets.iter().any(|s| s.starts_with("ghp_"))
            && secrets
                .iter()
                .filter(|s| s.starts_with("synthetic-pay-"))
                .count()
                >= 2,
        "CodeBuild, Lambda and CloudFormation (a parameter and a template literal): {secrets:?}"
    );
    let ws = Workspace::new();
    ws.write("sandbox.json", &std::fs::read_to_string(SANDBOX).unwrap());
    let mut outputs = Vec::new();
    for format in FORMATS {
        let run = ws.run(&["scan", "--fixture", "sandbox.json", "--format", format]);
        outputs.push((format.to_string(), run.out + &run.err));
    }
    let inventory = awscheck::fixture::load(Path::new(SANDBOX)).unwrap();
    awscheck::fixture::write(&ws.path("rewritten.json"), &inventory).unwrap();
    outputs.push(("rewritten inventory".into(), ws.read("rewritten.json")));
    for (what, text) in &outputs {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "{what} contains the secret value {secret:?}"
            );
        }
    }
}
