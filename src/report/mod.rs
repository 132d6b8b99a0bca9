//! One finding model, one renderer per output format.

use crate::gate::Outcome;
use awscheck_checks::{registry, Finding, Status};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

mod json;
mod table;

/// Output formats of `scan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// Everything a renderer needs.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    pub summary: Summary,
    pub outcome: Outcome,
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
        Report {
            findings,
            summary: Summary::of(findings),
            outcome,
        }
    }

    pub fn render(&self, format: Format, out: &mut dyn Write, color: bool) -> io::Result<()> {
        match format {
            Format::Table => table::render(self, out, color),
            Format::Json => json::render(self, out),
        }
    }
}
