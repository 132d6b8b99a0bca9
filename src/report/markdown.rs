//! `--format markdown`: for a pull-request comment or a CI step summary. The
//! verdict, the summary table, the failing findings (FAIL, then ERROR;
//! highest severity first) capped at [`MAX_ROWS`] with "and N more", and
//! the notices.

use super::{Counts, Report};
use awscheck_checks::Status;
use std::io::{self, Write};

/// Failing findings listed before "and N more".
pub const MAX_ROWS: usize = 25;

/// Escapes Markdown and inline HTML so that text stays in its table cell.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn counts_row(name: &str, c: &Counts) -> String {
    format!(
        "| {name} | {} | {} | {} | {} | {} |",
        c.pass, c.fail, c.error, c.skip, c.muted
    )
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let outcome = &report.outcome;
    let head = if outcome.failed() { "FAILED" } else { "PASSED" };
    writeln!(out, "## awscheck: {head}\n")?;
    writeln!(out, "{}\n", cell(&outcome.verdict()))?;
    writeln!(out, "| Service | Pass | Fail | Error | Skip | Muted |")?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for (service, c) in &report.summary.by_service {
        writeln!(out, "{}", counts_row(&cell(service), c))?;
    }
    writeln!(out, "{}", counts_row("**total**", &report.summary.total))?;

    let mut failing: Vec<usize> = (0..report.findings.len())
        .filter(|&i| matches!(report.findings[i].status, Status::Fail | Status::Error))
        .collect();
    failing.sort_by_key(|&i| {
        let f = &report.findings[i];
        (
            f.status,
            std::cmp::Reverse(f.severity),
            f.check_id,
            &f.resource_arn,
        )
    });
    if !failing.is_empty() {
        writeln!(out, "\n### Failing findings\n")?;
        writeln!(
            out,
            "| Status | Severity | Check | Resource | Region | Reason |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for &i in failing.iter().take(MAX_ROWS) {
            let f = &report.findings[i];
            writeln!(
                out,
                "| {} | {} | `{}` | {} | {} | {} |",
                report.status_label(i),
                f.severity,
                f.check_id,
                cell(&f.resource_arn),
                cell(&f.region),
                cell(&f.reason)
            )?;
        }
        if failing.len() > MAX_ROWS {
            writeln!(
                out,
                "\n…and {} more (see the full report).",
                failing.len() - MAX_ROWS
            )?;
        }
    }
    if !report.notices.is_empty() {
        writeln!(out, "\n### Notices\n")?;
        for n in &report.notices {
            writeln!(out, "- {}", cell(&n.message))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{test_finding, Gate};

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(
            cell("a|b\n<script> *x* [l](u)"),
            "a\\|b &lt;script&gt; \\*x\\* \\[l\\](u)"
        );
    }

    #[test]
    fn failing_findings_are_capped_with_and_n_more() {
        let findings: Vec<_> = (0..MAX_ROWS + 5)
            .map(|i| test_finding(&format!("arn:aws:s3:::b{i:02}"), Status::Fail))
            .collect();
        let report = Report::new(&findings, Gate::default().evaluate(&findings));
        let mut out = Vec::new();
        render(&report, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("| FAIL | high |").count(), MAX_ROWS);
        assert!(text.contains("arn:aws:s3:::b24 |") && !text.contains("arn:aws:s3:::b25 |"));
        assert!(
            text.ends_with("\n…and 5 more (see the full report).\n"),
            "{text}"
        );
    }
}
