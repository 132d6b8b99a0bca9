//! `--format junit`: JUnit XML for CI test-report widgets.
//!
//! A `<testsuite>` per service, a `<testcase>` per check × resource
//! (classname the check id, name the resource ARN). FAIL is a `<failure>`
//! with the reason (its type is the severity), ERROR an `<error>`, SKIP and
//! MUTED are `<skipped>` (a muted finding says which suppression and why).
//! A FAIL the baseline accepts is still a failure, marked as baselined.

use super::{service_of, Report};
use awscheck_checks::Status;
use std::io::{self, Write};

/// Escapes text for an XML attribute or element, dropping characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Tally {
    fn add(&mut self, status: Status) {
        self.tests += 1;
        match status {
            Status::Fail => self.failures += 1,
            Status::Error => self.errors += 1,
            Status::Skip | Status::Muted => self.skipped += 1,
            Status::Pass => {}
        }
    }

    /// The counting attributes (`<testsuites>` has no `skipped`).
    fn attrs(&self, with_skipped: bool) -> String {
        let mut s = format!(
            "tests=\"{}\" failures=\"{}\" errors=\"{}\"",
            self.tests, self.failures, self.errors
        );
        if with_skipped {
            s.push_str(&format!(" skipped=\"{}\"", self.skipped));
        }
        s
    }
}

fn testcase(report: &Report, i: usize, out: &mut dyn Write) -> io::Result<()> {
    let f = &report.findings[i];
    write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        xml(f.check_id),
        xml(&f.resource_arn)
    )?;
    let detail = format!(
        "{} {} on {} (region {}, account {}): {}",
        f.status.as_str().to_uppercase(),
        f.severity,
        f.resource_arn,
        f.region,
        f.account_id,
        report.reason(i)
    );
    match f.status {
        Status::Pass => return writeln!(out, "/>"),
        Status::Fail => {
            let note = if report.baselined(i) {
                "\nIn the baseline: does not gate."
            } else {
                ""
            };
            write!(
                out,
                ">\n      <failure type=\"{}\" message=\"{}\">{}{note}</failure>",
                f.severity,
                xml(&f.reason),
                xml(&detail)
            )?;
        }
        Status::Error => write!(
            out,
            ">\n      <error type=\"could-not-evaluate\" message=\"{}\">{}</error>",
            xml(&f.reason),
            xml(&detail)
        )?,
        Status::Skip | Status::Muted => write!(
            out,
            ">\n      <skipped message=\"{}\"/>",
            xml(&report.reason(i))
        )?,
    }
    writeln!(out, "\n    </testcase>")
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut total = Tally::default();
    for f in report.findings {
        total.add(f.status);
    }
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<testsuites name=\"awscheck\" {}>", total.attrs(false))?;
    for service in report.summary.by_service.keys() {
        let cases: Vec<usize> = (0..report.findings.len())
            .filter(|&i| service_of(&report.findings[i]) == *service)
            .collect();
        let mut tally = Tally::default();
        for &i in &cases {
            tally.add(report.findings[i].status);
        }
        writeln!(
            out,
            "  <testsuite name=\"{}\" {}>",
            xml(service),
            tally.attrs(true)
        )?;
        for i in cases {
            testcase(report, i, out)?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            xml("a<b>&\"c'\u{1}\n"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{fffd}\n"
        );
    }
}
