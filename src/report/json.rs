//! `--format json`: `{"findings": [...], "summary": {...}, "notices": [...]}`,
//! findings in the engine's stable order with the `Finding` keys, plus
//! `suppression` (reason, origin, the status it had) on a muted finding and
//! `"baselined": true` on a FAIL the baseline accepts.

use super::{Report, Summary};
use crate::gate::{Muted, Notice};
use awscheck_checks::Finding;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary<'a>,
    notices: &'a [Notice],
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: Option<&'a Muted>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    baselined: bool,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    counts: &'a Summary,
    fail_on: &'static str,
    strict: bool,
    passed: bool,
    /// FAILs at or above the threshold that the baseline accepts.
    baselined: usize,
    verdict: String,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        findings: report
            .findings
            .iter()
            .enumerate()
            .map(|(i, finding)| JsonFinding {
                finding,
                suppression: report.mark(i).muted.as_ref(),
                baselined: report.baselined(i),
            })
            .collect(),
        summary: JsonSummary {
            counts: &report.summary,
            fail_on: report.outcome.gate.fail_on.as_str(),
            strict: report.outcome.gate.strict,
            passed: !report.outcome.failed(),
            baselined: report.outcome.baselined,
            verdict: report.outcome.verdict(),
        },
        notices: &report.notices,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
