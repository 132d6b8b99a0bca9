//! Conformance packs: named sets of checks, as TOML files under
//! `checks/packs/` compiled into the binary, or a file of the user's.
//!
//! ```toml
//! id = "ci-gate"
//! title = "Checks worth failing a build on"
//! description = "..."
//! checks = ["s3-https-only", "codepipeline-*"]   # ids or globs
//! fail_on = "high"                              # optional
//! ```
//!
//! A pack of a whole catalog section names the section instead of its
//! checks (`catalog = "SDLC"`): the shipped packs of the notes' domains do,
//! so a new check joins its domain's pack without an edit.
//!
//! `scan --pack ID` (or `--pack ./file.toml`) runs only the pack's checks;
//! several packs run the union of their checks. A pack's `fail_on` is a
//! default: `--fail-on` and the config file's `fail_on` win over it. An
//! unknown check id (or a glob that matches nothing) is an error naming the
//! pack file and line.

use crate::located::{at_span, kebab_id, parse_toml};
use crate::selection::checks_matching;
use crate::suggest::hint;
use awscheck_checks::{registry, Check, Severity};
use serde::Deserialize;
use toml::Spanned;

/// The shipped packs: (source path, contents).
const SHIPPED: &[(&str, &str)] = &[
    (
        "checks/packs/ci-gate.toml",
        include_str!("../checks/packs/ci-gate.toml"),
    ),
    (
        "checks/packs/customer-examples.toml",
        include_str!("../checks/packs/customer-examples.toml"),
    ),
    (
        "checks/packs/sdlc.toml",
        include_str!("../checks/packs/sdlc.toml"),
    ),
    (
        "checks/packs/iac.toml",
        include_str!("../checks/packs/iac.toml"),
    ),
    (
        "checks/packs/resilience.toml",
        include_str!("../checks/packs/resilience.toml"),
    ),
    (
        "checks/packs/monitoring.toml",
        include_str!("../checks/packs/monitoring.toml"),
    ),
    (
        "checks/packs/incident.toml",
        include_str!("../checks/packs/incident.toml"),
    ),
    (
        "checks/packs/security.toml",
        include_str!("../checks/packs/security.toml"),
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    id: Spanned<String>,
    title: String,
    description: String,
    checks: Option<Spanned<Vec<Spanned<String>>>>,
    catalog: Option<Spanned<String>>,
    fail_on: Option<Spanned<String>>,
}

/// A parsed pack; its checks are resolved against the registry by [`Pack::resolve`].
#[derive(Debug, Clone)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub description: String,
    /// The check ids and globs, as written.
    pub patterns: Vec<String>,
    /// A catalog section (`SDLC`, `IAC`, …): the pack holds every check whose
    /// catalog entry is in it, so a new check joins its section's pack
    /// without an edit.
    pub catalog: Option<String>,
    pub fail_on: Option<Severity>,
    /// The file it came from (labels errors).
    pub file: String,
    text: String,
    spans: Vec<std::ops::Range<usize>>,
}

/// The shipped packs of the notes' domains (catalog sections 1 to 6): every
/// check belongs to exactly one.
pub const SECTION_PACKS: [&str; 6] = [
    "sdlc",
    "iac",
    "resilience",
    "monitoring",
    "incident",
    "security",
];

/// The catalog sections of the registered checks (`SDLC`, `IAC`, …), in
/// registry order.
fn catalog_sections() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in registry::all() {
        let section = c.catalog.split('-').next().unwrap_or(c.catalog);
        if !out.contains(&section) {
            out.push(section);
        }
    }
    out
}

/// True when a `--pack` value names a file rather than a shipped pack.
pub fn is_path(reference: &str) -> bool {
    reference.contains(['/', '\\']) || reference.ends_with(".toml")
}

impl Pack {
    /// Parses a pack file; `file` labels errors.
    pub fn parse(file: &str, text: &str) -> Result<Pack, String> {
        let raw: Raw = parse_toml(file, text)?;
        let err = |span, msg: &str| at_span(file, text, span, msg);
        let id = kebab_id(file, text, &raw.id)?;
        let (checks, catalog) = match (raw.checks, raw.catalog) {
            (Some(checks), None) if checks.get_ref().is_empty() => {
                return Err(err(checks.span(), "checks must list at least one check"));
            }
            (Some(checks), None) => (checks.into_inner(), None),
            (None, Some(section)) => {
                let name = section.get_ref();
                let prefix = format!("{name}-");
                if !registry::all().iter().any(|c| c.catalog.starts_with(&prefix)) {
                    return Err(err(
                        section.span(),
                        &format!(
                            "catalog {name:?} is no catalog section of any check (sections: {})",
                            catalog_sections().join(", ")
                        ),
                    ));
                }
                (Vec::new(), Some(name.clone()))
            }
            _ => {
                return Err(format!(
                    "{file}: a pack gives exactly one of `checks` (ids and globs) and `catalog` (a catalog section such as \"SDLC\")"
                ))
            }
        };
        let fail_on = match &raw.fail_on {
            None => None,
            Some(v) => Some(Severity::parse(v.get_ref()).ok_or_else(|| {
                err(
                    v.span(),
                    &format!(
                        "fail_on: unknown severity {:?}: expected one of critical, high, medium, low, info",
                        v.get_ref()
                    ),
                )
            })?),
        };
        Ok(Pack {
            id: id.to_string(),
            title: raw.title,
            description: raw.description,
            patterns: checks.iter().map(|c| c.get_ref().clone()).collect(),
            spans: checks.iter().map(|c| c.span()).collect(),
            catalog,
            fail_on,
            file: file.to_string(),
            text: text.to_string(),
        })
    }

    /// The pack's checks in registry order, or an error naming the pack
    /// file and line of the first id that names no check.
    pub fn resolve(&self) -> Result<Vec<&'static Check>, String> {
        let mut picked: Vec<&'static Check> = match &self.catalog {
            Some(section) => {
                let prefix = format!("{section}-");
                registry::all()
                    .iter()
                    .copied()
                    .filter(|c| c.catalog.starts_with(&prefix))
                    .collect()
            }
            None => Vec::new(),
        };
        for (pattern, span) in self.patterns.iter().zip(&self.spans) {
            let hits = checks_matching(pattern)
                .map_err(|m| at_span(&self.file, &self.text, span.clone(), &m))?;
            for c in hits {
                if !picked.iter().any(|p| p.id == c.id) {
                    picked.push(c);
                }
            }
        }
        in_registry_order(&mut picked);
        Ok(picked)
    }
}

/// Every shipped pack, in `SHIPPED` order.
pub fn shipped() -> Vec<Pack> {
    SHIPPED
        .iter()
        .map(|(file, text)| {
            Pack::parse(file, text).unwrap_or_else(|e| panic!("shipped pack does not parse: {e}"))
        })
        .collect()
}

/// The source paths of the shipped packs.
pub fn shipped_files() -> impl Iterator<Item = &'static str> {
    SHIPPED.iter().map(|(file, _)| *file)
}

/// A shipped pack by id, or a pack file by path.
pub fn find(reference: &str) -> Result<Pack, String> {
    if is_path(reference) {
        let text = std::fs::read_to_string(reference)
            .map_err(|e| format!("{reference}: cannot read: {e}"))?;
        return Pack::parse(reference, &text);
    }
    let packs = shipped();
    match packs.iter().find(|p| p.id == reference) {
        Some(p) => Ok(p.clone()),
        None => {
            let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
            Err(format!(
                "unknown pack {reference:?}{} (shipped: {}; a pack file is a path such as ./my-pack.toml)",
                hint(reference, ids.iter().copied()),
                ids.join(", ")
            ))
        }
    }
}

/// The union of the packs' checks (registry order) and the strictest of
/// their `fail_on` defaults.
pub fn resolve_all(
    references: &[String],
) -> Result<(Vec<&'static Check>, Option<Severity>), String> {
    let mut checks: Vec<&'static Check> = Vec::new();
    let mut fail_on: Option<Severity> = None;
    for reference in references {
        let pack = find(reference)?;
        for c in pack.resolve()? {
            if !checks.iter().any(|k| k.id == c.id) {
                checks.push(c);
            }
        }
        fail_on = match (fail_on, pack.fail_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    in_registry_order(&mut checks);
    Ok((checks, fail_on))
}

fn in_registry_order(checks: &mut [&'static Check]) {
    let registry = awscheck_checks::registry::all();
    checks.sort_by_key(|c| registry.iter().position(|r| r.id == c.id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn pack(text: &str) -> Result<Pack, String> {
        Pack::parse("p.toml", text)
    }

    #[test]
    fn every_file_under_checks_packs_is_shipped_and_parses() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("checks/packs");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| format!("checks/packs/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let mut shipped: Vec<String> = shipped_files().map(String::from).collect();
        shipped.sort();
        assert_eq!(
            on_disk, shipped,
            "add new pack files to SHIPPED in src/packs.rs"
        );
        for p in super::shipped() {
            assert_eq!(
                p.file,
                format!("checks/packs/{}.toml", p.id),
                "a shipped pack's id is its file name"
            );
            assert!(!p.title.is_empty() && !p.description.is_empty(), "{}", p.id);
        }
    }

    #[test]
    fn shipped_packs_cover_the_notes_sections_and_the_customer_examples() {
        let ids: Vec<String> = super::shipped().into_iter().map(|p| p.id).collect();
        for id in SECTION_PACKS
            .iter()
            .chain(&["ci-gate", "customer-examples"])
        {
            assert!(ids.iter().any(|i| i == id), "no pack {id}");
        }
        let examples = find("customer-examples").unwrap();
        assert_eq!(
            examples.patterns,
            [
                "codepipeline-artifacts-kms",
                "cloudformation-stack-drift",
                "waf-log-destination-prefix",
                "s3-https-only"
            ]
        );
    }

    /// Fails until every first-wave check is registered: the packs name
    /// them by their catalog ids.
    #[test]
    fn shipped_packs_resolve_against_the_registry() {
        for p in super::shipped() {
            if let Err(e) = p.resolve() {
                panic!("{e}");
            }
        }
    }

    #[test]
    fn every_check_is_in_a_notes_section_pack() {
        let sections: Vec<Vec<&str>> = super::shipped()
            .into_iter()
            .filter(|p| SECTION_PACKS.contains(&p.id.as_str()))
            .map(|p| p.resolve().unwrap().iter().map(|c| c.id).collect())
            .collect();
        assert_eq!(sections.len(), SECTION_PACKS.len());
        for c in awscheck_checks::registry::all() {
            let homes = sections.iter().filter(|ids| ids.contains(&c.id)).count();
            assert_eq!(
                homes, 1,
                "{} must be in exactly one notes-section pack",
                c.id
            );
        }
    }

    #[test]
    fn a_catalog_pack_holds_its_section_and_names_a_real_one() {
        let p =
            pack("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\ncatalog = \"SEC\"\n").unwrap();
        let ids: Vec<&str> = p.resolve().unwrap().iter().map(|c| c.id).collect();
        assert!(ids.contains(&"s3-https-only") && !ids.contains(&"dynamodb-pitr"));
        let e = pack("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\ncatalog = \"SECURITY\"\n")
            .unwrap_err();
        assert!(
            e.starts_with("p.toml:4:11: catalog \"SECURITY\" is no catalog section of any check"),
            "{e}"
        );
        let e = pack("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\ncatalog = \"SEC\"\nchecks = [\"s3-https-only\"]\n")
            .unwrap_err();
        assert!(e.contains("exactly one of `checks`"), "{e}");
    }

    #[test]
    fn unknown_ids_and_empty_globs_name_the_pack_file_and_line() {
        let p = pack("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\n  \"s3-https-only\",\n  \"s3-https\",\n]\n").unwrap();
        assert_eq!(
            p.resolve().unwrap_err(),
            "p.toml:6:3: unknown check id \"s3-https\" (did you mean \"s3-https-only\"?)"
        );
        let p = pack("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"nope-*\"]\n")
            .unwrap();
        assert_eq!(
            p.resolve().unwrap_err(),
            "p.toml:4:11: check pattern \"nope-*\" matches no check"
        );
    }

    #[test]
    fn malformed_packs_are_one_line_errors() {
        for (text, want) in [
            ("id = \"x\"\ntitle = \"t\"\n", "p.toml:1:1: missing field \"description\""),
            ("id = \"X y\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-*\"]\n", "p.toml:1:6: id \"X y\" must be kebab-case"),
            ("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = []\n", "p.toml:4:10: checks must list at least one check"),
            ("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-*\"]\nfail_on = \"hi\"\n", "p.toml:5:11: fail_on: unknown severity \"hi\""),
            ("id = \"x\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-*\"]\nfailon = \"high\"\n", "p.toml:5:1: unknown field \"failon\""),
        ] {
            let e = pack(text).unwrap_err();
            assert!(e.starts_with(want), "got {e}\nwant {want}");
        }
    }

    #[test]
    fn references_are_ids_or_paths() {
        assert!(is_path("./p.toml") && is_path("p.toml") && is_path("dir/p"));
        assert!(!is_path("ci-gate"));
        let e = find("ci-gat").unwrap_err();
        assert!(
            e.starts_with(
                "unknown pack \"ci-gat\" (did you mean \"ci-gate\"?) (shipped: ci-gate, "
            ),
            "{e}"
        );
        let e = find("./nonexistent.toml").unwrap_err();
        assert!(e.starts_with("./nonexistent.toml: cannot read:"), "{e}");
    }

    #[test]
    fn packs_union_and_take_the_strictest_fail_on() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "id = \"a\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-*\"]\nfail_on = \"high\"\n").unwrap();
        std::fs::write(&b, "id = \"b\"\ntitle = \"t\"\ndescription = \"d\"\nchecks = [\"s3-https-only\"]\nfail_on = \"medium\"\n").unwrap();
        let refs = [a.display().to_string(), b.display().to_string()];
        let (checks, fail_on) = resolve_all(&refs).unwrap();
        assert_eq!(checks.iter().filter(|c| c.id == "s3-https-only").count(), 1);
        assert_eq!(fail_on, Some(Severity::Medium));
    }
}
