//! `--format json`: `{"findings": [...], "summary": {...}}`, findings in the
//! engine's stable order with exactly the `Finding` keys.

use super::{Report, Summary};
use awscheck_checks::Finding;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Document<'a> {
    findings: &'a [Finding],
    summary: JsonSummary<'a>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    #[serde(flatten)]
    counts: &'a Summary,
    fail_on: &'static str,
    strict: bool,
    passed: bool,
    verdict: String,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let doc = Document {
        findings: report.findings,
        summary: JsonSummary {
            counts: &report.summary,
            fail_on: report.outcome.gate.fail_on.as_str(),
            strict: report.outcome.gate.strict,
            passed: !report.outcome.failed(),
            verdict: report.outcome.verdict(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
