//! The default output: a findings table per service (failures and errors
//! first), a summary table, and the verdict line.

use super::{service_of, Report};
use awscheck_checks::{Finding, Status};
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};
use std::io::{self, Write};

fn status_cell(status: Status, label: String, color: bool) -> Cell {
    let cell = Cell::new(label);
    if !color {
        return cell;
    }
    cell.fg(match status {
        Status::Pass => Color::Green,
        Status::Fail => Color::Red,
        Status::Error => Color::Yellow,
        Status::Skip | Status::Muted => Color::DarkGrey,
    })
}

/// Width to wrap at when stdout is not a terminal (CI logs, files, pipes):
/// without one, long reasons and ARNs would make 500-column lines.
const WIDTH_WITHOUT_TERMINAL: u16 = 160;

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if t.width().is_none() {
        t.set_width(WIDTH_WITHOUT_TERMINAL);
    }
    t.set_header(header.iter().copied());
    t
}

/// Failures and errors first, then by severity (highest first), check and resource.
fn display_order(a: &&Finding, b: &&Finding) -> std::cmp::Ordering {
    (
        a.status,
        std::cmp::Reverse(a.severity),
        a.check_id,
        &a.resource_arn,
    )
        .cmp(&(
            b.status,
            std::cmp::Reverse(b.severity),
            b.check_id,
            &b.resource_arn,
        ))
}

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    if report.findings.is_empty() {
        writeln!(
            out,
            "No findings: no selected check applies to this inventory."
        )?;
    }
    for service in report.summary.by_service.keys() {
        let mut rows: Vec<(usize, &Finding)> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| service_of(f) == *service)
            .collect();
        rows.sort_by(|a, b| display_order(&a.1, &b.1));
        let mut t = new_table(&[
            "Status", "Severity", "Check", "Resource", "Region", "Reason",
        ]);
        for (i, f) in rows {
            t.add_row(vec![
                status_cell(f.status, report.status_label(i), color),
                Cell::new(f.severity),
                Cell::new(f.check_id),
                Cell::new(&f.resource_arn),
                Cell::new(&f.region),
                Cell::new(report.reason(i)),
            ]);
        }
        writeln!(out, "{service}")?;
        writeln!(out, "{t}\n")?;
    }
    let mut t = new_table(&["Service", "Pass", "Fail", "Error", "Skip", "Muted"]);
    let row = |name: &str, c: &super::Counts| {
        vec![
            name.to_string(),
            c.pass.to_string(),
            c.fail.to_string(),
            c.error.to_string(),
            c.skip.to_string(),
            c.muted.to_string(),
        ]
    };
    for (service, c) in &report.summary.by_service {
        t.add_row(row(service, c));
    }
    t.add_row(row("total", &report.summary.total));
    writeln!(out, "Summary")?;
    writeln!(out, "{t}")?;
    writeln!(out, "{}", report.outcome.verdict())
}
