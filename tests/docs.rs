//! The check reference in docs/checks/ and the section reference of
//! docs/fixture-format.md are generated from the code; these fail when a
//! check's metadata or doc comment, or a section module's doc comments or
//! fields, changed without regenerating them (`cargo run -- checks docs`).

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck::cli::{run, Io};
use std::path::Path;

#[test]
fn committed_check_docs_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks");
    let pages = awscheck::docs::pages();
    for (name, body) in &pages {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == *body,
            "docs/checks/{name} is stale: run `cargo run -- checks docs` and commit the result"
        );
    }
    for entry in std::fs::read_dir(&dir).expect("docs/checks exists") {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            pages.iter().any(|(n, _)| *n == name),
            "docs/checks/{name} belongs to no check: run `cargo run -- checks docs`"
        );
    }
}

/// The "Sections" part of docs/fixture-format.md is what the model's source
/// generates; a construct of a section module that the generator does not
/// understand fails here too, naming its file and line.
#[test]
fn committed_fixture_format_sections_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fixture-format.md");
    let committed = std::fs::read_to_string(path).unwrap();
    let current = awscheck::docs::fixture_format::updated(&committed)
        .unwrap_or_else(|e| panic!("the section reference cannot be generated: {e}"));
    let first_difference = committed
        .lines()
        .zip(current.lines())
        .take_while(|(a, b)| a == b)
        .count()
        + 1;
    assert!(
        committed == current,
        "docs/fixture-format.md is stale from line {first_difference}: run `cargo run -- checks docs` and commit the result"
    );
}

/// `awscheck checks docs` writes the check pages and the sections; a page
/// without the marker comments is an error (exit 2), never rewritten whole.
#[test]
fn checks_docs_writes_the_pages_and_the_sections() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("fixture-format.md");
    let checks = dir.path().join("checks");
    let docs = |io: &mut Io| {
        let args = ["awscheck", "checks", "docs", "--out"];
        let paths = [
            checks.as_os_str(),
            "--fixture-format".as_ref(),
            page.as_os_str(),
        ];
        run(args.iter().map(|a| a.as_ref()).chain(paths), io)
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    std::fs::write(&page, "# Fixture format\n").unwrap();
    assert_eq!(docs(&mut Io::plain(&mut out, &mut err)), 2);
    assert!(String::from_utf8_lossy(&err).contains("marker comment"));
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        "# Fixture format\n"
    );

    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/fixture-format.md");
    std::fs::copy(&committed, &page).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(docs(&mut Io::plain(&mut out, &mut err)), 0, "{err:?}");
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains(&format!("sections to {}", page.display())),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        std::fs::read_to_string(&committed).unwrap()
    );
}

/// The README's `awscheck.toml` example is a valid config file.
#[test]
fn readme_config_example_loads() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a toml block");
    let config = awscheck::config::Config::parse("README.md", block, Path::new("."))
        .unwrap_or_else(|e| panic!("the README's awscheck.toml example does not load: {e}"));
    assert_eq!(config.suppressions.len(), 1);
    assert!(config
        .settings
        .values()
        .any(|(k, v)| k == "max_drift_age_hours" && *v == serde_json::json!(48)));
}
