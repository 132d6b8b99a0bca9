//! `--format sarif`: SARIF 2.1.0, for code-scanning uploads.
//!
//! One rule per check that ran (id, a PascalCase name, the title as short
//! description, the doc's "What it checks" as full description, its "How to
//! fix" as help text and the whole doc as help markdown, the default level
//! from the severity, and the notes section, catalog entry, AWS Config rule
//! and Prowler check as properties). One result per FAIL (level from the
//! finding's severity) and per ERROR (level `note`, kind `open`: could not
//! be evaluated); muted findings carry an accepted external suppression with
//! its reason, and under a baseline every result has a `baselineState`.
//! A result is located by the resource ARN (a logical location) and its
//! region, and by a repository-relative path, which GitHub code scanning
//! requires of every result: the fixture file for a fixture scan, and
//! `aws/<account>/<region>/<service>` for a live scan (a path no repository
//! holds, but stable from run to run, so alerts are matched across uploads).

use super::{service_of, Report};
use awscheck_checks::{Check, Finding, Severity, Status};
use serde_json::{json, Map, Value};
use std::io::{self, Write};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub's `security-severity` score for a severity.
fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// `s3-https-only` → `S3HttpsOnly`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// The body of the `## heading` section of a check's doc.
fn doc_section(doc: &str, heading: &str) -> Option<String> {
    let start = doc.find(&format!("## {heading}\n"))? + heading.len() + 4;
    let body = &doc[start..];
    let end = body.find("\n## ").unwrap_or(body.len());
    Some(body[..end].trim().to_string())
}

fn rule(c: &Check) -> Value {
    let doc = awscheck_checks::docs::doc(c);
    let mut props = Map::new();
    props.insert("tags".into(), json!(["aws", c.service, "security"]));
    props.insert("service".into(), json!(c.service));
    props.insert("severity".into(), json!(c.severity));
    props.insert("notes_section".into(), json!(c.section));
    props.insert("catalog".into(), json!(c.catalog));
    if let Some(s) = security_severity(c.severity) {
        props.insert("security-severity".into(), json!(s));
    }
    if let Some(r) = c.config_rule {
        props.insert("aws_config_rule".into(), json!(r));
    }
    if let Some(p) = c.prowler {
        props.insert("prowler_check".into(), json!(p));
    }
    let what = doc_section(&doc, "What it checks").unwrap_or_else(|| c.title.to_string());
    let fix = doc_section(&doc, "How to fix").unwrap_or_else(|| doc.clone());
    json!({
        "id": c.id,
        "name": pascal_case(c.id),
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": what, "markdown": what},
        "help": {"text": fix, "markdown": doc},
        "defaultConfiguration": {"level": level(c.severity)},
        "properties": props,
    })
}

/// A path as a URI reference.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

/// The result's repository-relative path (see the module doc).
fn artifact_uri(report: &Report, f: &Finding) -> String {
    match &report.source {
        Some(source) => uri(source),
        None => uri(&format!(
            "aws/{}/{}/{}",
            f.account_id,
            f.region,
            service_of(f)
        )),
    }
}

fn result(report: &Report, i: usize, f: &Finding) -> Option<Value> {
    let mark = report.mark(i);
    let given = mark.muted.as_ref().map(|m| m.was).unwrap_or(f.status);
    let (kind, level, text) = match given {
        Status::Fail => ("fail", level(f.severity), f.reason.clone()),
        Status::Error => ("open", "note", format!("could not evaluate: {}", f.reason)),
        _ => return None,
    };
    let mut location = json!({
        "logicalLocations": [{"fullyQualifiedName": f.resource_arn, "kind": "resource"}],
        "properties": {"region": f.region, "account_id": f.account_id},
    });
    location["physicalLocation"] = json!({"artifactLocation": {"uri": artifact_uri(report, f)}});
    let mut r = json!({
        "ruleId": f.check_id,
        "kind": kind,
        "level": level,
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {
            "awscheckFinding/v1": format!("{}|{}|{}", f.check_id, f.account_id, f.resource_arn),
        },
        "properties": {"severity": f.severity, "region": f.region, "account_id": f.account_id},
    });
    if let Some(index) = report.checks.iter().position(|c| c.id == f.check_id) {
        r["ruleIndex"] = json!(index);
    }
    if let Some(m) = &mark.muted {
        r["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("{} ({})", m.reason, m.origin),
        }]);
    }
    if report.baseline {
        r["baselineState"] = json!(if mark.baselined { "unchanged" } else { "new" });
    }
    Some(r)
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = report.checks.iter().map(|c| rule(c)).collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| result(report, i, f))
        .collect();
    let notifications: Vec<Value> = report
        .notices
        .iter()
        .map(|n| {
            json!({
                "level": "warning",
                "message": {"text": n.message},
                "descriptor": {"id": n.kind.as_str()},
            })
        })
        .collect();
    let mut invocation = json!({
        "executionSuccessful": true,
        "exitCode": report.outcome.exit_code(),
    });
    if !notifications.is_empty() {
        invocation["toolConfigurationNotifications"] = json!(notifications);
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "awscheck",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": {
                "summary": report.summary,
                "verdict": report.outcome.verdict(),
            },
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_sections() {
        assert_eq!(pascal_case("s3-https-only"), "S3HttpsOnly");
        let doc = "## What it checks\n\nA.\n\n## Why it matters\n\nB.\n";
        assert_eq!(doc_section(doc, "What it checks").unwrap(), "A.");
        assert_eq!(doc_section(doc, "Why it matters").unwrap(), "B.");
        assert_eq!(doc_section(doc, "How to fix"), None);
        assert_eq!(uri("my dir\\a.json"), "my%20dir/a.json");
    }

    #[test]
    fn every_result_has_a_repository_relative_path() {
        use crate::gate::{test_finding, Gate};
        let findings = [test_finding("arn:aws:s3:::b", Status::Fail)];
        let uri_of = |source: Option<&str>| {
            let report = Report::new(&findings, Gate::default().evaluate(&findings))
                .with_source(source.map(String::from));
            let mut out = Vec::new();
            render(&report, &mut out).unwrap();
            let doc: Value = serde_json::from_slice(&out).unwrap();
            doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                ["uri"]
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(uri_of(Some("mocks/sandbox.json")), "mocks/sandbox.json");
        assert_eq!(uri_of(None), "aws/111122223333/us-east-1/s3");
    }
}
