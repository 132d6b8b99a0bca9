//! `awscheck labs`, run in-process as a learner and a course author run it:
//! every shipped lab proves itself (its start fixture scores 0 of N, its
//! solved fixture N of N, by tag and by stack), verdicts say missing or
//! misconfigured, an ERROR is never done, bad lab files and unknown ids are
//! one-line usage errors, hints reveal one failure at a time, and the
//! watch loop runs on an injected clock.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck::cli::{run, Io};
use awscheck::labs::{self, hints::Progress, watch::Clock, watch::Watch};
use awscheck_checks::collected::Collected;
use awscheck_checks::inventory::codepipeline::Pipeline;
use awscheck_checks::inventory::Inventory;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mock(lab: &str, state: &str) -> String {
    root()
        .join(format!("mocks/labs/{lab}/{state}.json"))
        .display()
        .to_string()
}

/// A scratch directory whose `state.json` keeps hint progress.
struct Scratch(tempfile::TempDir);

impl Scratch {
    fn new() -> Scratch {
        Scratch(tempfile::tempdir().unwrap())
    }

    fn path(&self, name: &str) -> String {
        self.0.path().join(name).display().to_string()
    }

    /// `awscheck ARGS… --state <scratch>/state.json` for `labs verify`;
    /// returns the exit code, stdout and stderr.
    fn awscheck(&self, args: &[&str]) -> (i32, String, String) {
        let mut argv: Vec<String> = std::iter::once("awscheck")
            .chain(args.iter().copied())
            .map(String::from)
            .collect();
        if args.get(1) == Some(&"verify") {
            argv.extend(["--state".into(), self.path("state.json")]);
        }
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(argv, &mut Io::plain(&mut out, &mut err));
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    /// `labs verify LAB --fixture FILE --format json EXTRA…`: exit code and document.
    fn verify_json(&self, lab: &str, fixture: &str, extra: &[&str]) -> (i32, Value) {
        let mut args = vec![
            "labs",
            "verify",
            lab,
            "--fixture",
            fixture,
            "--format",
            "json",
        ];
        args.extend(extra);
        let (code, out, err) = self.awscheck(&args);
        assert!(err.is_empty(), "stderr: {err}");
        (code, serde_json::from_str(&out).unwrap())
    }

    /// A fixture derived from `mocks/labs/LAB/solved.json` by `edit`.
    fn edited(&self, lab: &str, edit: impl FnOnce(&mut Value)) -> String {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(mock(lab, "solved")).unwrap()).unwrap();
        edit(&mut doc["accounts"][0]);
        let path = self.path(&format!("{lab}-edited.json"));
        std::fs::write(&path, doc.to_string()).unwrap();
        path
    }
}

fn statuses(doc: &Value) -> Vec<String> {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_string())
        .collect()
}

fn score(doc: &Value) -> (u64, u64) {
    (
        doc["score"]["done"].as_u64().unwrap(),
        doc["score"]["total"].as_u64().unwrap(),
    )
}

#[test]
fn every_lab_starts_at_zero_and_its_solution_scores_every_step() {
    let s = Scratch::new();
    for lab in labs::shipped() {
        let n = lab.steps.len() as u64;
        let (code, start) = s.verify_json(&lab.id, &mock(&lab.id, "start"), &[]);
        assert_eq!((code, score(&start)), (1, (0, n)), "{}: {start:#}", lab.id);
        let (code, solved) = s.verify_json(&lab.id, &mock(&lab.id, "solved"), &[]);
        assert_eq!(
            (code, score(&solved)),
            (0, (n, n)),
            "{}: {solved:#}",
            lab.id
        );
        assert_eq!(solved["complete"], true);
        assert_eq!(solved["next"], Value::Null);
        // The solved fixtures hold the lab's stack: scoped by it, the same.
        let stack = format!("awscheck-lab-{}", lab.id);
        let (code, by_stack) =
            s.verify_json(&lab.id, &mock(&lab.id, "solved"), &["--stack", &stack]);
        assert_eq!(
            (code, score(&by_stack)),
            (0, (n, n)),
            "{} --stack: {by_stack:#}",
            lab.id
        );
    }
}

#[test]
fn every_shipped_lab_has_its_guide_solution_and_fixtures() {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("labs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut shipped: Vec<String> = labs::shipped_files()
        .map(|f| f.split('/').nth(1).unwrap().to_string())
        .collect();
    shipped.sort();
    assert_eq!(dirs, shipped, "add new labs to SHIPPED in src/labs/mod.rs");
    for lab in labs::shipped() {
        assert_eq!(lab.file, format!("labs/{}/lab.toml", lab.id));
        let dir = root().join("labs").join(&lab.id);
        let guide = std::fs::read_to_string(dir.join("README.md")).unwrap();
        for (i, step) in lab.steps.iter().enumerate() {
            let heading = format!("### {}. {}\n", i + 1, step.title);
            assert!(
                guide.contains(&heading),
                "{}: README.md lacks the heading {heading:?}",
                lab.id
            );
        }
        assert!(
            guide.contains(&format!("awscheck labs verify {}", lab.id)),
            "{}: README.md shows how to verify",
            lab.id
        );
        assert!(dir.join("solution.yaml").is_file(), "{}", lab.id);
        for state in ["start", "solved"] {
            assert!(Path::new(&mock(&lab.id, state)).is_file(), "{}", lab.id);
        }
    }
}

#[test]
fn shipped_labs_cover_every_notes_section() {
    let mut sections: Vec<String> = labs::shipped().into_iter().map(|l| l.section).collect();
    sections.sort();
    sections.dedup();
    assert_eq!(
        sections,
        [
            "iac",
            "incident",
            "monitoring",
            "resilience",
            "sdlc",
            "security"
        ]
    );
}

#[test]
fn a_misconfigured_step_gives_the_failing_checks_reason_and_a_hint() {
    let s = Scratch::new();
    let fixture = s.edited("pipeline-artifact-cmk", |a| {
        let store = &mut a["codepipeline"]["pipelines"][0]["definition"]["value"]["artifact_store"];
        store["encryption_key"] = serde_json::json!({"id": "alias/aws/s3", "type": "KMS"});
    });
    let (code, doc) = s.verify_json("pipeline-artifact-cmk", &fixture, &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&doc), ["done", "misconfigured"]);
    let reason = &doc["steps"][1]["reasons"][0];
    assert_eq!(reason["check"], "codepipeline-artifacts-kms");
    assert_eq!(
        reason["resource"],
        "arn:aws:codepipeline:us-east-1:123456789012:awscheck-lab-pipeline"
    );
    assert!(
        reason["reason"]
            .as_str()
            .unwrap()
            .contains("key alias/aws/s3 is an AWS managed key"),
        "{reason}"
    );
    assert_eq!(doc["next"]["step"], 2);
    assert_eq!(doc["steps"][1]["hints"].as_array().unwrap().len(), 1);

    let (code, table, _) = s.awscheck(&[
        "labs",
        "verify",
        "pipeline-artifact-cmk",
        "--fixture",
        &fixture,
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("labs_verify_table", table);
    let (_, markdown, _) = s.awscheck(&[
        "labs",
        "verify",
        "pipeline-artifact-cmk",
        "--fixture",
        &fixture,
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("labs_verify_markdown", markdown);
}

#[test]
fn an_error_is_never_done() {
    let s = Scratch::new();
    let fixture = s.edited("s3-secure-bucket", |a| {
        a["s3"]["buckets"][0]["policy"] = serde_json::json!({"error":
            {"operation": "GetBucketPolicy", "code": "AccessDenied", "message": "Access Denied"}});
    });
    let (code, doc) = s.verify_json("s3-secure-bucket", &fixture, &[]);
    assert_eq!(
        (code, statuses(&doc)),
        (1, vec!["unknown".into(), "done".into()])
    );
    assert!(doc["steps"][0]["reasons"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("AccessDenied"));
    // Unknown is not the learner's failure: no hint for it.
    assert_eq!(doc["steps"][0]["hints"], serde_json::json!([]));

    // A kind whose listing could not be read: nothing in scope is not "missing".
    let fixture = s.edited("waf-logging", |a| {
        a["wafv2"]["web_acls"] = serde_json::json!([]);
        a["collection_errors"] = serde_json::json!([{"service": "wafv2", "region": "us-east-1",
            "operation": "ListWebACLs", "code": "AccessDeniedException", "message": "denied"}]);
    });
    let (code, doc) = s.verify_json("waf-logging", &fixture, &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&doc), ["unknown", "unknown"]);
    assert_eq!(
        doc["steps"][0]["reasons"][0]["reason"],
        "wafv2 could not be read in us-east-1: ListWebACLs failed: AccessDeniedException: denied"
    );
}

#[test]
fn scope_by_tag_by_stack_and_by_name_pattern() {
    let s = Scratch::new();
    // By tag: the web team's compliant pipeline is not the lab's.
    let (_, doc) = s.verify_json(
        "pipeline-artifact-cmk",
        &mock("pipeline-artifact-cmk", "start"),
        &[],
    );
    assert_eq!(
        doc["steps"][0]["reasons"][0]["reason"],
        "nothing in scope: create a pipeline tagged awscheck:lab=pipeline-artifact-cmk"
    );
    // By stack: a stack that does not exist, or that holds no pipeline.
    let (code, doc) = s.verify_json(
        "pipeline-artifact-cmk",
        &mock("pipeline-artifact-cmk", "solved"),
        &["--stack", "nope"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        doc["steps"][0]["reasons"][0]["reason"],
        "nothing in scope: there is no stack nope in the regions verified"
    );
    assert_eq!(
        doc["scope"],
        "the resources of CloudFormation stack nope (and its nested stacks)"
    );
    let fixture = s.edited("pipeline-artifact-cmk", |a| {
        let resources = &mut a["cloudformation"]["stacks"][0]["resources"]["value"];
        resources.as_array_mut().unwrap().pop();
    });
    let (_, doc) = s.verify_json(
        "pipeline-artifact-cmk",
        &fixture,
        &["--stack", "awscheck-lab-pipeline-artifact-cmk"],
    );
    assert_eq!(
        doc["steps"][0]["reasons"][0]["reason"],
        "nothing in scope: stack awscheck-lab-pipeline-artifact-cmk has no pipeline (AWS::CodePipeline::Pipeline)"
    );
    // By name pattern: a course author's lab whose scope names the team's pipeline.
    let lab = s.path("team-lab.toml");
    let text = include_str!("../labs/pipeline-artifact-cmk/lab.toml")
        .replace("id = \"pipeline-artifact-cmk\"", "id = \"team-lab\"")
        .replacen(
            "\n[[steps]]",
            "\n[scope]\nnames = [\"team-*\"]\n\n[[steps]]",
            1,
        );
    std::fs::write(&lab, text).unwrap();
    let (code, doc) = s.verify_json(&lab, &mock("pipeline-artifact-cmk", "start"), &[]);
    assert_eq!((code, score(&doc)), (0, (2, 2)), "{doc:#}");
    assert_eq!(
        doc["scope"],
        "resources tagged awscheck:lab=team-lab or named like team-*"
    );
}

#[test]
fn bad_lab_files_and_unknown_ids_exit_2_with_one_line() {
    let s = Scratch::new();
    let lab = s.path("lab.toml");
    let good = include_str!("../labs/waf-logging/lab.toml");
    for (from, to, want) in [
        (
            "checks = [\"waf-logging-enabled\"]",
            "checks = [\"waf-loging-enabled\"]",
            ":17:11: unknown check id \"waf-loging-enabled\" (did you mean \"waf-logging-enabled\"?)",
        ),
        ("title = \"WAF logging", "titel = \"WAF logging", ":2:1: unknown field \"titel\""),
        ("section = \"security\"", "section = \"security", ":3:20: invalid basic string"),
    ] {
        std::fs::write(&lab, good.replacen(from, to, 1)).unwrap();
        let fixture = mock("waf-logging", "solved");
        let show = ["labs", "show", lab.as_str()];
        let verify = ["labs", "verify", lab.as_str(), "--fixture", fixture.as_str()];
        for args in [&show[..], &verify[..]] {
            let (code, out, err) = s.awscheck(args);
            assert_eq!((code, out.as_str()), (2, ""), "{err}");
            assert!(
                err.starts_with(&format!("awscheck: {lab}{want}")),
                "got {err}want awscheck: {lab}{want}"
            );
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    let (code, _, err) = s.awscheck(&["labs", "verify", "waf-loging", "--fixture", "x.json"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("awscheck: unknown lab \"waf-loging\" (did you mean \"waf-logging\"?) (shipped: pipeline-artifact-cmk, "),
        "{err}"
    );
    let (code, _, err) = s.awscheck(&["labs", "show", "./missing/lab.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("awscheck: ./missing/lab.toml: cannot read:"),
        "{err}"
    );
    let (code, _, err) = s.awscheck(&[
        "labs",
        "verify",
        "waf-logging",
        "--fixture",
        &mock("waf-logging", "start"),
        "--watch",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("--watch draws the checklist"), "{err}");
}

#[test]
fn labs_list_and_show_guide_the_learner() {
    let s = Scratch::new();
    let (code, out, _) = s.awscheck(&["labs", "list"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("labs_list", out);
    let (code, out, _) = s.awscheck(&["labs", "list", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), labs::shipped().len());
    assert_eq!(rows[0]["section_title"], "SDLC automation");
    let (code, out, _) = s.awscheck(&["labs", "show", "cloudtrail-alarms"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("labs_show", out);
}

#[test]
fn hints_reveal_one_per_failed_verification_or_with_hint() {
    let s = Scratch::new();
    let start = mock("s3-secure-bucket", "start");
    let hints = |extra: &[&str]| -> Vec<Value> {
        let (_, doc) = s.verify_json("s3-secure-bucket", &start, extra);
        doc["steps"][0]["hints"].as_array().unwrap().clone()
    };
    assert_eq!(hints(&[]).len(), 1);
    assert_eq!(hints(&["--hint"]).len(), 3);
    assert_eq!(hints(&[]).len(), 3);
    let (_, table, _) = s.awscheck(&["labs", "verify", "s3-secure-bucket", "--fixture", &start]);
    assert!(
        table.contains("Hint 3 of 3: Its Resource must cover"),
        "{table}"
    );
    // An unreadable hint log is a warning, never a failed verification.
    std::fs::write(s.path("state.json"), "{").unwrap();
    let (code, _, err) = s.awscheck(&["labs", "verify", "s3-secure-bucket", "--fixture", &start]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("awscheck: warning: ") && err.contains("not a hint log"),
        "{err}"
    );
}

#[test]
fn watch_with_a_done_lab_exits_at_once() {
    let s = Scratch::new();
    let (code, out, err) = s.awscheck(&[
        "labs",
        "verify",
        "waf-logging",
        "--fixture",
        &mock("waf-logging", "solved"),
        "--watch",
        "3",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("2/2 steps done: lab complete"), "{out}");
}

/// A clock that records its sleeps instead of sleeping.
struct FakeClock {
    now: DateTime<Utc>,
    slept: Vec<Duration>,
}

impl Clock for FakeClock {
    fn now(&self) -> DateTime<Utc> {
        self.now
    }
    fn sleep(&mut self, d: Duration) {
        self.slept.push(d);
        self.now += chrono::Duration::from_std(d).unwrap();
    }
}

/// Watches `lab` over the inventories `rounds`, one per round; returns the
/// exit code, what was drawn and the sleeps.
fn watch(lab: &str, rounds: Vec<Inventory>, terminal: bool) -> (i32, String, Vec<Duration>) {
    let lab = labs::find(lab).unwrap();
    let scope = lab.scope(None);
    let mut clock = FakeClock {
        now: Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap(),
        slept: Vec::new(),
    };
    let mut rounds = rounds.into_iter();
    let mut round = || rounds.next().ok_or_else(|| "no more rounds".to_string());
    let mut progress = Progress::open(None, false);
    let mut out = Vec::new();
    let code = Watch {
        interval: Duration::from_secs(10),
        clock: &mut clock,
        terminal,
        color: false,
    }
    .run(&lab, &scope, &mut progress, &mut round, &mut out)
    .unwrap();
    (code, String::from_utf8(out).unwrap(), clock.slept)
}

fn inventory(path: &str) -> Inventory {
    awscheck::fixture::load(Path::new(path)).unwrap()
}

/// The solved pipeline lab, its pipelines edited by `edit`.
fn solved_pipelines(edit: impl FnOnce(&mut Vec<Pipeline>)) -> Inventory {
    let mut inv = inventory(&mock("pipeline-artifact-cmk", "solved"));
    edit(&mut inv.accounts[0].codepipeline.as_mut().unwrap().pipelines);
    inv
}

/// The lab's pipeline gone from the listing, as an eventually consistent
/// List call may return it.
fn pipeline_not_listed_yet() -> Inventory {
    solved_pipelines(|pipelines| pipelines.retain(|p| p.name != "awscheck-lab-pipeline"))
}

/// The artifact store on aws/s3: step 1 done, step 2 not.
fn half_done() -> Inventory {
    solved_pipelines(|pipelines| {
        let Collected::Value(definition) = &mut pipelines[0].definition else {
            panic!("the solved pipeline has a definition")
        };
        definition.artifact_store.as_mut().unwrap().encryption_key = None;
    })
}

#[test]
fn watch_rechecks_a_step_that_reads_missing_once_and_stops_when_done() {
    let lab = "pipeline-artifact-cmk";
    let rounds = vec![
        inventory(&mock(lab, "start")),
        half_done(),
        pipeline_not_listed_yet(),
        inventory(&mock(lab, "solved")),
    ];
    let (code, plain, slept) = watch(lab, rounds.clone(), false);
    assert_eq!(code, 0);
    assert_eq!(slept, vec![Duration::from_secs(10); 3]);
    insta::assert_snapshot!("labs_watch_plain", plain);

    let (code, drawn, _) = watch(lab, rounds, true);
    assert_eq!(code, 0);
    // Each redraw moves the cursor up over the previous frame (ESC[nF) and
    // clears below it (ESC[J).
    let frames: Vec<&str> = drawn.split("\x1b[J").collect();
    assert_eq!(frames.len(), 4, "three redraws after the first frame");
    for pair in frames.windows(2) {
        let (before, up) = pair[0].rsplit_once("\x1b[").unwrap();
        assert_eq!(up, format!("{}F", before.matches('\n').count()), "{before}");
    }
    assert!(frames[0].contains("0/2 steps done") && frames[0].contains("Re-checking every 10 s"));
    assert!(
        frames[2].contains("↻") && frames[2].contains("re-checking"),
        "{}",
        frames[2]
    );
    assert!(frames[3].contains("2/2 steps done: lab complete"));
    assert!(!frames[3].contains("Re-checking every"));
}

#[test]
fn watch_shows_missing_after_two_missing_reads() {
    let lab = "pipeline-artifact-cmk";
    let rounds = vec![
        half_done(),
        pipeline_not_listed_yet(),
        pipeline_not_listed_yet(),
        inventory(&mock(lab, "solved")),
    ];
    let (code, plain, _) = watch(lab, rounds, false);
    assert_eq!(code, 0);
    let changes: Vec<&str> = plain
        .lines()
        .filter(|l| l.starts_with("09:") && l.contains(" step "))
        .collect();
    assert_eq!(
        changes,
        [
            "09:00:10 ↻ step 1, Read the source from a versioned S3 bucket: re-checking: nothing in scope: create a pipeline tagged awscheck:lab=pipeline-artifact-cmk",
            "09:00:10 ✗ step 2, Encrypt the artifact store with your customer-managed key: not done: missing: nothing in scope: create a pipeline tagged awscheck:lab=pipeline-artifact-cmk",
            "09:00:20 ✗ step 1, Read the source from a versioned S3 bucket: not done: missing: nothing in scope: create a pipeline tagged awscheck:lab=pipeline-artifact-cmk",
            "09:00:30 ✓ step 1, Read the source from a versioned S3 bucket: done",
            "09:00:30 ✓ step 2, Encrypt the artifact store with your customer-managed key: done",
        ]
    );
}

#[test]
fn the_docs_lab_example_runs() {
    const DOC: &str = include_str!("../docs/labs.md");
    let after = &DOC[DOC.find("<!-- lab-example -->").unwrap()..];
    let start = after.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &after[start..start + after[start..].find("\n```").unwrap()];
    let s = Scratch::new();
    let lab = s.path("lab.toml");
    std::fs::write(&lab, example).unwrap();
    let (code, out, err) = s.awscheck(&["labs", "show", &lab]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("bucket-baseline: "), "{out}");
    let (code, doc) = s.verify_json(&lab, &mock("s3-secure-bucket", "start"), &[]);
    assert_eq!((code, score(&doc)), (1, (0, 2)), "{doc:#}");
    let (code, doc) = s.verify_json(&lab, &mock("s3-secure-bucket", "solved"), &[]);
    assert_eq!((code, score(&doc)), (0, (2, 2)), "{doc:#}");
}
