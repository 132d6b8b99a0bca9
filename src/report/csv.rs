//! `--format csv`: one row per finding under a header row, RFC 4180 (CRLF
//! line ends; a field holding a comma, quote or line break is quoted, its
//! quotes doubled). `baselined` is `true` for a FAIL the baseline accepts;
//! `suppression` names the entry that muted a finding, and its reason.
//!
//! A field that a spreadsheet would run as a formula (it starts with `=`,
//! `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, so a
//! suppression reason or an account-controlled name opened in Excel or
//! Sheets stays text (OWASP's advice on CSV injection).

use super::{service_of, Report};
use std::io::{self, Write};

const HEADER: [&str; 10] = [
    "status",
    "severity",
    "service",
    "check_id",
    "account_id",
    "region",
    "resource_arn",
    "reason",
    "baselined",
    "suppression",
];

fn field(s: &str) -> String {
    let text = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn row(out: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    write!(out, "{}\r\n", line.join(","))
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    row(out, &HEADER)?;
    for (i, f) in report.findings.iter().enumerate() {
        let suppression = report
            .mark(i)
            .muted
            .as_ref()
            .map(|m| format!("{}: {}", m.origin, m.reason))
            .unwrap_or_default();
        row(
            out,
            &[
                f.status.as_str(),
                f.severity.as_str(),
                service_of(f),
                f.check_id,
                &f.account_id,
                &f.region,
                &f.resource_arn,
                &f.reason,
                if report.baselined(i) { "true" } else { "false" },
                &suppression,
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_per_rfc_4180() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn formulas_stay_text() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("a=b"), "a=b");
    }
}
