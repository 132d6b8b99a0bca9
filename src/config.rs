//! `awscheck.toml`: a project's defaults for `scan`.
//!
//! Read from `--config PATH`, else from `awscheck.toml` in the current
//! directory when there is one. Top-level keys mirror the `scan` flags
//! (`fail_on`, `strict`, `format`, `outputs`, `checks`, `services`,
//! `severity`, `packs`); a flag given on the command line replaces the
//! file's value for that key. `[settings]` tunes the checks
//! (`awscheck_checks::Settings`), and each `[[suppress]]` entry mutes
//! findings (see `gate::suppress`). Relative paths (outputs, pack files)
//! are relative to the file's directory.
//!
//! Every error is one line naming the file, line and column:
//! `awscheck.toml:7:10: suppress: reason must not be empty`.

use crate::gate::suppress::Suppression;
use crate::located::{at_span, parse_toml};
use crate::report::{Format, OutputSpec};
use crate::selection::checks_matching;
use crate::suggest::hint;
use awscheck_checks::settings::SettingError;
use awscheck_checks::{registry, Settings, Severity};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The file looked for in the current directory.
pub const FILE_NAME: &str = "awscheck.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    fail_on: Option<Spanned<String>>,
    strict: Option<bool>,
    format: Option<Spanned<String>>,
    outputs: Option<Vec<Spanned<String>>>,
    checks: Option<Vec<Spanned<String>>>,
    services: Option<Vec<Spanned<String>>>,
    severity: Option<Spanned<String>>,
    packs: Option<Vec<Spanned<String>>>,
    settings: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    #[serde(default)]
    suppress: Vec<Spanned<RawSuppression>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuppression {
    check: Spanned<String>,
    resource: Spanned<String>,
    reason: Spanned<String>,
    expires: Option<Spanned<toml::Value>>,
}

/// A loaded, validated config file. Empty (`Config::default()`) when there is none.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from.
    pub path: Option<PathBuf>,
    pub fail_on: Option<Severity>,
    pub strict: bool,
    pub format: Option<Format>,
    pub outputs: Vec<OutputSpec>,
    pub checks: Vec<String>,
    pub services: Vec<String>,
    pub severity: Option<Severity>,
    /// Pack ids, or pack files resolved against the config's directory.
    pub packs: Vec<String>,
    pub settings: Settings,
    pub suppressions: Vec<Suppression>,
}

impl Config {
    /// `--config PATH` (which must exist), else `./awscheck.toml` if present.
    pub fn discover(explicit: Option<&Path>) -> Result<Config, String> {
        match explicit {
            Some(path) => Config::load(path),
            None if Path::new(FILE_NAME).is_file() => Config::load(Path::new(FILE_NAME)),
            None => Ok(Config::default()),
        }
    }

    pub fn load(path: &Path) -> Result<Config, String> {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut config = Config::parse(&name, &text, dir)?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses and validates `text`; `name` labels errors, `dir` anchors relative paths.
    pub fn parse(name: &str, text: &str, dir: &Path) -> Result<Config, String> {
        let raw: Raw = parse_toml(name, text)?;
        let err = |span: std::ops::Range<usize>, msg: String| at_span(name, text, span, &msg);
        let severity = |v: &Spanned<String>, key: &str| {
            Severity::parse(v.get_ref()).ok_or_else(|| {
                err(
                    v.span(),
                    format!(
                        "{key}: unknown severity {:?}: expected one of critical, high, medium, low, info",
                        v.get_ref()
                    ),
                )
            })
        };
        let mut config = Config {
            strict: raw.strict.unwrap_or(false),
            ..Config::default()
        };
        for (key, value) in raw.settings.iter().flatten() {
            config
                .settings
                .set(
                    registry::settings(),
                    key.get_ref(),
                    json_of(value.get_ref()),
                )
                .map_err(|e| match e {
                    SettingError::Unknown { .. } => err(key.span(), e.to_string()),
                    SettingError::Invalid { .. } => err(value.span(), e.to_string()),
                })?;
        }
        if let Some(v) = &raw.fail_on {
            config.fail_on = Some(severity(v, "fail_on")?);
        }
        if let Some(v) = &raw.severity {
            config.severity = Some(severity(v, "severity")?);
        }
        if let Some(v) = &raw.format {
            config.format = Some(
                Format::parse(v.get_ref()).map_err(|e| err(v.span(), format!("format: {e}")))?,
            );
        }
        for v in raw.outputs.iter().flatten() {
            let mut spec = OutputSpec::parse(v.get_ref())
                .map_err(|e| err(v.span(), format!("outputs: {e}")))?;
            spec.path = dir.join(&spec.path);
            config.outputs.push(spec);
        }
        for v in raw.checks.iter().flatten() {
            let id = v.get_ref();
            if registry::find(id).is_none() {
                let why = match checks_matching(id) {
                    Err(unknown) => unknown,
                    Ok(_) => format!("{id:?} is a glob; like --checks, checks takes exact ids (a pack takes globs)"),
                };
                return Err(err(v.span(), format!("checks: {why}")));
            }
            config.checks.push(id.clone());
        }
        let services = registry::services();
        for v in raw.services.iter().flatten() {
            if !services.contains(&v.get_ref().as_str()) {
                return Err(err(
                    v.span(),
                    format!(
                        "services: unknown service {:?}{} (known: {})",
                        v.get_ref(),
                        hint(v.get_ref(), services.iter().copied()),
                        services.join(", ")
                    ),
                ));
            }
            config.services.push(v.get_ref().clone());
        }
        for v in raw.packs.iter().flatten() {
            let pack = v.get_ref();
            config.packs.push(if crate::packs::is_path(pack) {
                dir.join(pack).display().to_string()
            } else {
                pack.clone()
            });
        }
        for entry in &raw.suppress {
            config.suppressions.push(suppression(name, text, entry)?);
        }
        Ok(config)
    }
}

fn suppression(
    name: &str,
    text: &str,
    entry: &Spanned<RawSuppression>,
) -> Result<Suppression, String> {
    let err = |span: std::ops::Range<usize>, msg: &str| {
        at_span(name, text, span, &format!("suppress: {msg}"))
    };
    let e = entry.get_ref();
    checks_matching(e.check.get_ref()).map_err(|m| err(e.check.span(), &format!("check: {m}")))?;
    if e.resource.get_ref().trim().is_empty() {
        return Err(err(
            e.resource.span(),
            "resource must not be empty (use \"*\" for every resource)",
        ));
    }
    if e.reason.get_ref().trim().is_empty() {
        return Err(err(
            e.reason.span(),
            "reason must not be empty: say why this finding is accepted",
        ));
    }
    let expires = match &e.expires {
        None => None,
        Some(v) => Some(
            date(v.get_ref())
                .ok_or_else(|| err(v.span(), "expires: expected a date like 2026-12-31"))?,
        ),
    };
    let line = text[..entry.span().start].matches('\n').count() + 1;
    Ok(Suppression {
        check: e.check.get_ref().clone(),
        resource: e.resource.get_ref().clone(),
        reason: e.reason.get_ref().trim().to_string(),
        expires,
        origin: format!("{name}:{line}"),
    })
}

/// A TOML local date (`2026-12-31`) or a string holding one.
fn date(v: &toml::Value) -> Option<NaiveDate> {
    match v {
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
            let d = d.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// A TOML value as the JSON value the checks' settings are checked against
/// (a date or time becomes its text).
pub(crate) fn json_of(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(json_of).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), json_of(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse("awscheck.toml", text, Path::new("ci"))
    }

    #[test]
    fn reads_every_key() {
        let c = parse(
            r#"
fail_on = "medium"
strict = true
format = "markdown"
outputs = ["sarif=out/awscheck.sarif"]
checks = ["s3-https-only"]
services = ["s3"]
severity = "low"
packs = ["ci-gate", "./team.toml"]

[settings]
require_cmk = true

[[suppress]]
check = "s3-*"
resource = "arn:aws:s3:::legacy-*"
reason = "  migrating in Q1  "
expires = 2027-03-31

[[suppress]]
check = "s3-https-only"
resource = "*"
reason = "string date"
expires = "2027-01-01"
"#,
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(Severity::Medium));
        assert!(c.strict);
        assert_eq!(c.format, Some(Format::Markdown));
        assert_eq!(c.outputs[0].format, Format::Sarif);
        assert_eq!(c.outputs[0].path, Path::new("ci/out/awscheck.sarif"));
        assert_eq!(c.checks, ["s3-https-only"]);
        assert_eq!(c.packs, ["ci-gate", "ci/./team.toml"]);
        assert_eq!(
            c.settings.values().collect::<Vec<_>>(),
            [("require_cmk", &serde_json::json!(true))]
        );
        assert_eq!(c.suppressions.len(), 2);
        let s = &c.suppressions[0];
        assert_eq!(s.reason, "migrating in Q1");
        assert_eq!(s.expires, NaiveDate::from_ymd_opt(2027, 3, 31));
        assert_eq!(s.origin, "awscheck.toml:14");
        assert_eq!(
            c.suppressions[1].expires,
            NaiveDate::from_ymd_opt(2027, 1, 1)
        );
    }

    #[test]
    fn errors_are_one_line_with_file_line_and_problem() {
        let cases = [
            ("fail_on = \"hgh\"\n", "awscheck.toml:1:11: fail_on: unknown severity \"hgh\""),
            ("colour = 1\n", "awscheck.toml:1:1: unknown field \"colour\""),
            ("[settings]\nrequire_cmk = \"yes\"\n", "awscheck.toml:2:15: settings.require_cmk: invalid type: string \"yes\", expected a boolean"),
            ("[settings]\nmax_rotation = 3\n", "awscheck.toml:2:1: unknown setting \"max_rotation\""),
            ("[settings]\nmax_rotation_day = 3\n", "awscheck.toml:2:1: unknown setting \"max_rotation_day\" (did you mean \"max_rotation_days\"?)"),
            ("[settings]\nmax_rotation_days = 0\n", "awscheck.toml:2:21: settings.max_rotation_days: expected a whole number of at least 1, got 0"),
            ("[settings]\npatch_severity_threshold = \"SEVERE\"\n", "awscheck.toml:2:28: settings.patch_severity_threshold: expected one of UNSPECIFIED, INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, got \"SEVERE\""),
            ("outputs = [\"sarif\"]\n", "awscheck.toml:1:12: outputs: expected FORMAT=PATH"),
            ("format = \"xml\"\n", "awscheck.toml:1:10: format: unknown format \"xml\""),
            ("checks = [\"s3-https\"]\n", "awscheck.toml:1:11: checks: unknown check id \"s3-https\" (did you mean \"s3-https-only\"?)"),
            ("services = [\"s4\"]\n", "awscheck.toml:1:13: services: unknown service \"s4\""),
            ("checks = [\"s3-*\"]\n", "awscheck.toml:1:11: checks: \"s3-*\" is a glob; like --checks, checks takes exact ids"),
            (
                "[[suppress]]\ncheck = \"s3-https-only\"\nresource = \"*\"\nreason = \" \"\n",
                "awscheck.toml:4:10: suppress: reason must not be empty",
            ),
            (
                "[[suppress]]\ncheck = \"s3-https-only\"\nresource = \"*\"\n",
                "awscheck.toml:1:1: missing field \"reason\"",
            ),
            (
                "[[suppress]]\ncheck = \"nope-*\"\nresource = \"*\"\nreason = \"r\"\n",
                "awscheck.toml:2:9: suppress: check: check pattern \"nope-*\" matches no check",
            ),
            (
                "[[suppress]]\ncheck = \"s3-https-only\"\nresource = \"*\"\nreason = \"r\"\nexpires = 2026-13-01\n",
                "awscheck.toml:5:",
            ),
            (
                "[[suppress]]\ncheck = \"s3-https-only\"\nresource = \"*\"\nreason = \"r\"\nexpires = \"soon\"\n",
                "awscheck.toml:5:11: suppress: expires: expected a date like 2026-12-31",
            ),
            ("fail_on = \n", "awscheck.toml:1:"),
        ];
        for (text, want) in cases {
            let e = parse(text).unwrap_err();
            assert!(e.starts_with(want), "{text:?}\n got: {e}\nwant: {want}");
            assert!(!e.contains('\n'), "{e}");
        }
    }

    #[test]
    fn missing_explicit_file_is_named() {
        let e = Config::discover(Some(Path::new("/nonexistent/awscheck.toml"))).unwrap_err();
        assert!(
            e.starts_with("/nonexistent/awscheck.toml: cannot read:"),
            "{e}"
        );
    }
}
