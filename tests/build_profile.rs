//! The release profile builds every AWS SDK service crate unoptimised (see
//! the note in Cargo.toml): a service crate missing from that list would
//! quietly add minutes to a cold `cargo run --release`, and a stale entry
//! would name a crate no longer built.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

fn toml_file(name: &str) -> toml::Table {
    let path = format!("{}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .parse()
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_sdk_service_crate_and_only_those_are_built_unoptimised_in_release() {
    let built: BTreeSet<String> = toml_file("Cargo.lock")["package"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .filter(|name| name.starts_with("aws-sdk-"))
        .collect();
    let manifest = toml_file("Cargo.toml");
    let overrides = manifest["profile"]["release"]["package"]
        .as_table()
        .unwrap();
    let unoptimised: BTreeSet<String> = overrides
        .iter()
        .filter(|(_, o)| o.get("opt-level").and_then(|l| l.as_integer()) == Some(0))
        .map(|(name, _)| name.clone())
        .collect();
    assert!(built.contains("aws-sdk-ec2"), "{built:?}");
    let missing: Vec<_> = built.difference(&unoptimised).collect();
    let stale: Vec<_> = unoptimised.difference(&built).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "Cargo.toml [profile.release.package]: add {missing:?} (opt-level 0), remove {stale:?}"
    );
}
