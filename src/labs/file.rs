//! The lab file, `labs/<id>/lab.toml`, parsed and checked: every problem
//! is one line, `file:line:col: problem`.
//!
//! ```toml
//! id = "pipeline-artifact-cmk"
//! title = "Encrypt pipeline artifacts with your own KMS key"
//! section = "sdlc"            # the notes section: a section pack id (awscheck packs list)
//! goal = "..."
//!
//! [scope]                     # optional: resources named like these count too
//! names = ["awscheck-lab-*"]  # name globs, or ARN globs starting with arn:
//!
//! [settings]                  # optional: the checks' tunables (awscheck.toml's [settings])
//! require_cmk = true
//!
//! [[steps]]
//! title = "Encrypt the artifact store with your key"
//! do = "..."                  # what the learner does
//! resource = "pipeline"       # what the step judges (omit for account-wide checks)
//! expect = "every"            # every resource in scope passes, or "any": at least one
//! checks = ["codepipeline-artifacts-kms"]
//! hints = ["first hint", "second hint"]
//! settings = { require_cmk = true }   # optional, over the lab's [settings]
//! ```

use super::kind::Kind;
use crate::located::{at_span, kebab_id, parse_toml};
use crate::packs::{self, SECTION_PACKS};
use crate::suggest::hint;
use awscheck_checks::{registry, Check, Settings};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLab {
    id: Spanned<String>,
    title: String,
    section: Spanned<String>,
    goal: String,
    #[serde(default)]
    scope: RawScope,
    settings: Option<Spanned<toml::Table>>,
    steps: Spanned<Vec<RawStep>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: Spanned<String>,
    #[serde(rename = "do")]
    task: String,
    resource: Option<Spanned<String>>,
    expect: Option<Spanned<String>>,
    checks: Spanned<Vec<Spanned<String>>>,
    hints: Spanned<Vec<String>>,
    settings: Option<Spanned<toml::Table>>,
}

/// What a step requires of the findings of its checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Every resource in scope passes (the default).
    Every,
    /// At least one resource in scope passes.
    Any,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Every => "every",
            Expect::Any => "any",
        }
    }
}

/// A lab: a scoped, ordered checklist over existing checks.
#[derive(Debug, Clone)]
pub struct Lab {
    pub id: String,
    pub title: String,
    /// The notes section: a section pack id (`sdlc`, `iac`, …).
    pub section: String,
    pub goal: String,
    /// Name or ARN globs whose resources are in scope besides the tagged ones.
    pub names: Vec<String>,
    pub steps: Vec<Step>,
    /// The file it came from.
    pub file: String,
}

/// One step of a lab.
#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    /// What the learner does.
    pub task: String,
    /// What the step judges; `None`: account-wide checks (a region's
    /// recorder, a Config rule), judged as they are.
    pub resource: Option<Kind>,
    pub expect: Expect,
    pub checks: Vec<&'static Check>,
    pub hints: Vec<String>,
    /// The checks' tunables for this step.
    pub settings: Settings,
}

impl Step {
    /// "every pipeline in scope passes": what the step expects, in words.
    pub fn expectation(&self) -> String {
        match (self.resource, self.expect) {
            (Some(k), Expect::Every) => format!("every {} in scope passes", k.noun()),
            (Some(k), Expect::Any) => format!("at least one {} in scope passes", k.noun()),
            (None, Expect::Every) => "the account passes in every region verified".into(),
            (None, Expect::Any) => "the account passes in at least one region verified".into(),
        }
    }
}

impl Lab {
    /// Parses and checks a lab file; `file` labels errors.
    pub fn parse(file: &str, text: &str) -> Result<Lab, String> {
        let raw: RawLab = parse_toml(file, text)?;
        let err = |span: Range<usize>, msg: &str| at_span(file, text, span, msg);
        let id = kebab_id(file, text, &raw.id)?;
        let section = raw.section.get_ref();
        if !SECTION_PACKS.contains(&section.as_str()) {
            return Err(err(
                raw.section.span(),
                &format!(
                    "section {section:?} is no notes section{} (one of: {})",
                    hint(section, SECTION_PACKS),
                    SECTION_PACKS.join(", ")
                ),
            ));
        }
        if raw.steps.get_ref().is_empty() {
            return Err(err(raw.steps.span(), "a lab needs at least one step"));
        }
        let lab_settings = raw.settings.as_ref();
        if let Some(s) = lab_settings {
            settings_of(s.get_ref().clone()).map_err(|m| err(s.span(), &m))?;
        }
        let steps = raw
            .steps
            .into_inner()
            .into_iter()
            .map(|s| step(s, lab_settings, &err))
            .collect::<Result<Vec<Step>, String>>()?;
        Ok(Lab {
            id: id.to_string(),
            title: raw.title,
            section: section.clone(),
            goal: raw.goal,
            names: raw.scope.names,
            steps,
            file: file.to_string(),
        })
    }

    /// The title of the lab's notes section ("SDLC automation").
    pub fn section_title(&self) -> String {
        packs::find(&self.section).map_or_else(|_| self.section.clone(), |p| p.title)
    }

    /// Every check of every step, each once, in step order.
    pub fn checks(&self) -> Vec<&'static Check> {
        let mut out: Vec<&'static Check> = Vec::new();
        for c in self.steps.iter().flat_map(|s| &s.checks) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
        out
    }
}

fn step(
    raw: RawStep,
    lab_settings: Option<&Spanned<toml::Table>>,
    err: &dyn Fn(Range<usize>, &str) -> String,
) -> Result<Step, String> {
    let title = raw.title.get_ref().clone();
    let resource = match &raw.resource {
        None => None,
        Some(r) => Some(Kind::parse(r.get_ref()).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            err(
                r.span(),
                &format!(
                    "unknown resource {:?}{} (one of: {}; omit it for account-wide checks)",
                    r.get_ref(),
                    hint(r.get_ref(), names.iter().copied()),
                    names.join(", ")
                ),
            )
        })?),
    };
    let expect = match raw
        .expect
        .as_ref()
        .map(|e| (e.get_ref().as_str(), e.span()))
    {
        None | Some(("every", _)) => Expect::Every,
        Some(("any", _)) => Expect::Any,
        Some((other, span)) => {
            return Err(err(
                span,
                &format!("expect {other:?}: expected \"every\" or \"any\""),
            ))
        }
    };
    if raw.checks.get_ref().is_empty() {
        return Err(err(
            raw.checks.span(),
            "checks must name at least one check id",
        ));
    }
    let mut checks = Vec::new();
    for id in raw.checks.get_ref() {
        let check = registry::find(id.get_ref()).ok_or_else(|| {
            err(
                id.span(),
                &format!(
                    "unknown check id {:?}{}",
                    id.get_ref(),
                    hint(id.get_ref(), registry::all().iter().map(|c| c.id))
                ),
            )
        })?;
        checks.push(check);
    }
    if raw.hints.get_ref().is_empty() {
        return Err(err(raw.hints.span(), "a step needs at least one hint"));
    }
    let mut table = lab_settings
        .map(|s| s.get_ref().clone())
        .unwrap_or_default();
    if let Some(own) = &raw.settings {
        table.extend(own.get_ref().clone());
    }
    let settings = settings_of(table).map_err(|m| {
        let span = raw
            .settings
            .as_ref()
            .map_or_else(|| raw.title.span(), |s| s.span());
        err(span, &m)
    })?;
    Ok(Step {
        title,
        task: raw.task,
        resource,
        expect,
        checks,
        hints: raw.hints.into_inner(),
        settings,
    })
}

/// The checks' tunables from a `settings` table (keys and values as in
/// awscheck.toml's `[settings]`, checked the same way).
fn settings_of(table: toml::Table) -> Result<Settings, String> {
    let mut settings = Settings::default();
    for (key, value) in &table {
        settings
            .set(
                awscheck_checks::registry::settings(),
                key,
                crate::config::json_of(value),
            )
            .map_err(|e| e.to_string())?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"id = "x"
title = "t"
section = "sdlc"
goal = "g"

[[steps]]
title = "s1"
do = "d"
resource = "pipeline"
checks = ["codepipeline-artifacts-kms"]
hints = ["h1", "h2"]
"#;

    fn parse(text: &str) -> Result<Lab, String> {
        Lab::parse("lab.toml", text)
    }

    #[test]
    fn a_minimal_lab_parses_with_defaults() {
        let lab = parse(GOOD).unwrap();
        assert_eq!(lab.id, "x");
        let s = &lab.steps[0];
        assert_eq!(
            (s.resource, s.expect),
            (Some(Kind::Pipeline), Expect::Every)
        );
        assert_eq!(s.checks[0].id, "codepipeline-artifacts-kms");
        assert_eq!(s.settings, Settings::default());
        assert_eq!(s.expectation(), "every pipeline in scope passes");
        assert_eq!(lab.section_title(), "SDLC automation");
    }

    #[test]
    fn step_settings_go_over_the_labs() {
        let text = GOOD.replace(
            "goal = \"g\"\n",
            "goal = \"g\"\n[settings]\nrequire_cmk = true\nmax_drift_age_hours = 1\n",
        ) + "settings = { max_drift_age_hours = 2 }\n";
        let s = &parse(&text).unwrap().steps[0].settings;
        let values: Vec<_> = s.values().collect();
        assert_eq!(
            values,
            [
                ("max_drift_age_hours", &serde_json::json!(2)),
                ("require_cmk", &serde_json::json!(true))
            ]
        );
    }

    #[test]
    fn problems_are_one_line_with_file_line_and_column() {
        for (from, to, want) in [
            ("\"codepipeline-artifacts-kms\"", "\"codepipeline-artifact-kms\"", "lab.toml:10:11: unknown check id \"codepipeline-artifact-kms\" (did you mean \"codepipeline-artifacts-kms\"?)"),
            ("resource = \"pipeline\"", "resource = \"pipelines\"", "lab.toml:9:12: unknown resource \"pipelines\" (did you mean \"pipeline\"?)"),
            ("section = \"sdlc\"", "section = \"SDLC\"", "lab.toml:3:11: section \"SDLC\" is no notes section (did you mean \"sdlc\"?)"),
            ("id = \"x\"", "id = \"X y\"", "lab.toml:1:6: id \"X y\" must be kebab-case"),
            ("hints = [\"h1\", \"h2\"]", "hints = []", "lab.toml:11:9: a step needs at least one hint"),
            ("checks = [\"codepipeline-artifacts-kms\"]", "checks = []", "lab.toml:10:10: checks must name at least one check id"),
            ("do = \"d\"", "do = \"d\"\nexpect = \"all\"", "lab.toml:9:10: expect \"all\": expected \"every\" or \"any\""),
            ("do = \"d\"", "do = \"d\"\nhint = \"x\"", "lab.toml:9:1: unknown field \"hint\""),
            ("goal = \"g\"", "goal = \"g\"\n[settings]\nrequire_cmk = \"yes\"", "lab.toml:5:1: settings.require_cmk: invalid type: string \"yes\", expected a boolean"),
            ("title = \"t\"\n", "", "lab.toml:1:1: missing field \"title\""),
            ("goal = \"g\"", "goal = \"g", "lab.toml:4:10: invalid basic string"),
        ] {
            let e = parse(&GOOD.replace(from, to)).unwrap_err();
            assert!(e.starts_with(want), "got  {e}\nwant {want}");
            assert!(!e.contains('\n'), "{e}");
        }
        let e = parse("id = \"x\"\ntitle = \"t\"\nsection = \"sdlc\"\ngoal = \"g\"\nsteps = []\n")
            .unwrap_err();
        assert_eq!(e, "lab.toml:5:9: a lab needs at least one step");
    }
}
