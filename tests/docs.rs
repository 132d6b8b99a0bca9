//! The check reference in docs/checks/ is generated from the code; this
//! fails when a check's metadata or doc comment changed without
//! regenerating it (`cargo run -- checks docs`).

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
