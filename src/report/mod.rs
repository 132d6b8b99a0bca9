//! One finding model, one renderer per output format.
//!
//! Renderers print what the findings hold (plus the checks' metadata and the
//! gate's marks and notices), never anything read from the inventory.

use crate::gate::{Mark, Notice, Outcome};
use awscheck_checks::{registry, Check, Finding, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

mod csv;
mod json;
mod junit;
mod markdown;
mod sarif;
mod table;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Sarif,
    Junit,
    Csv,
    Markdown,
}

impl Format {
    /// A format by name (case-insensitive).
    pub fn parse(s: &str) -> Result<Format, String> {
        use clap::ValueEnum;
        Format::from_str(s, true).map_err(|_| {
            let names: Vec<String> = Format::value_variants()
                .iter()
                .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
                .collect();
            format!("unknown format {s:?}: expected one of {}", names.join(", "))
        })
    }
}

/// `--output FORMAT=PATH`: one more rendering, written to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

impl OutputSpec {
    pub fn parse(s: &str) -> Result<OutputSpec, String> {
        let Some((format, path)) = s.split_once('=').filter(|(_, p)| !p.is_empty()) else {
            return Err(format!(
                "expected FORMAT=PATH (e.g. sarif=results.sarif), found {s:?}"
            ));
        };
        Ok(OutputSpec {
            format: Format::parse(format)?,
            path: PathBuf::from(path),
        })
    }
}

/// Everything a renderer needs.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    /// The gate's marks, parallel to `findings` (empty: none).
    pub marks: Vec<Mark>,
    pub summary: Summary,
    pub outcome: Outcome,
    /// Expired and unused suppressions, fixed baseline entries.
    pub notices: Vec<Notice>,
    /// A baseline was applied: every FAIL is either new or baselined.
    pub baseline: bool,
    /// The checks that ran, in registry order (SARIF rules).
    pub checks: Vec<&'static Check>,
    /// The inventory file scanned, as the user named it.
    pub source: Option<String>,
}

/// Counts per status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub error: usize,
    pub skip: usize,
    pub muted: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Error => self.error += 1,
            Status::Skip => self.skip += 1,
            Status::Muted => self.muted += 1,
        }
    }
}

/// Totals and per-service counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub total: Counts,
    pub by_service: BTreeMap<&'static str, Counts>,
}

/// The service a finding's check is grouped under.
pub fn service_of(f: &Finding) -> &'static str {
    registry::find(f.check_id)
        .map(|c| c.service)
        .unwrap_or("unknown")
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            s.total.add(f.status);
            s.by_service.entry(service_of(f)).or_default().add(f.status);
        }
        s
    }
}

impl<'a> Report<'a> {
    pub fn new(findings: &'a [Finding], outcome: Outcome) -> Report<'a> {
        let mut checks: Vec<&'static Check> = Vec::new();
        for f in findings {
            if let Some(c) = registry::find(f.check_id) {
                if !checks.iter().any(|k| k.id == c.id) {
                    checks.push(c);
                }
            }
        }
        Report {
            findings,
            marks: Vec::new(),
            summary: Summary::of(findings),
            outcome,
            notices: Vec::new(),
            baseline: false,
            checks,
            source: None,
        }
    }

    /// The gate's marks (parallel to the findings) and notices, and whether
    /// a baseline was applied.
    pub fn with_gate(mut self, marks: Vec<Mark>, notices: Vec<Notice>, baseline: bool) -> Self {
        self.marks = marks;
        self.notices = notices;
        self.baseline = baseline;
        self
    }

    /// The checks that ran, including those that found nothing.
    pub fn with_checks(mut self, checks: &[&'static Check]) -> Self {
        self.checks = checks.to_vec();
        self
    }

    /// The inventory file scanned.
    pub fn with_source(mut self, source: Option<String>) -> Self {
        self.source = source;
        self
    }

    /// The mark of `findings[i]`.
    pub fn mark(&self, i: usize) -> &Mark {
        static NONE: Mark = Mark {
            muted: None,
            baselined: false,
        };
        self.marks.get(i).unwrap_or(&NONE)
    }

    /// True when `findings[i]` is a FAIL that the baseline accepts.
    pub fn baselined(&self, i: usize) -> bool {
        self.mark(i).baselined
    }

    /// The status as a label: `FAIL`, or `FAIL (baseline)` for a baselined FAIL.
    pub fn status_label(&self, i: usize) -> String {
        let status = self.findings[i].status.as_str().to_uppercase();
        if self.baselined(i) {
            format!("{status} (baseline)")
        } else {
            status
        }
    }

    /// The reason, followed by the suppression's reason for a muted finding.
    pub fn reason(&self, i: usize) -> String {
        let f = &self.findings[i];
        match &self.mark(i).muted {
            Some(m) => format!("{} (muted, {}: {})", f.reason, m.origin, m.reason),
            None => f.reason.clone(),
        }
    }

    pub fn render(&self, format: Format, out: &mut dyn Write, color: bool) -> io::Result<()> {
        match format {
            Format::Table => table::render(self, out, color),
            Format::Json => json::render(self, out),
            Format::Sarif => sarif::render(self, out),
            Format::Junit => junit::render(self, out),
            Format::Csv => csv::render(self, out),
            Format::Markdown => markdown::render(self, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_specs() {
        assert_eq!(
            OutputSpec::parse("SARIF=a/b.sarif").unwrap(),
            OutputSpec {
                format: Format::Sarif,
                path: PathBuf::from("a/b.sarif")
            }
        );
        assert_eq!(
            OutputSpec::parse("junit=x=y.xml").unwrap().path,
            PathBuf::from("x=y.xml")
        );
        assert!(OutputSpec::parse("sarif=")
            .unwrap_err()
            .starts_with("expected FORMAT=PATH"));
        assert_eq!(
            OutputSpec::parse("xml=a").unwrap_err(),
            "unknown format \"xml\": expected one of table, json, sarif, junit, csv, markdown"
        );
    }
}
