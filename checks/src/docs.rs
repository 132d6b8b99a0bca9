//! A check's documentation is its file's `//!` doc comment. This module
//! extracts it and renders the reference page (`awscheck checks explain`,
//! `docs/checks/<id>.md`).

use crate::engine::Check;

/// The leading `//!` lines of a Rust source file, without the markers.
pub fn module_doc(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("//!") {
            out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
            out.push('\n');
        } else if !trimmed.is_empty() {
            break;
        }
    }
    out.trim_end().to_string() + "\n"
}

/// The reference page of one check: title, metadata table, documentation.
pub fn render_page(check: &Check) -> String {
    let mut s = format!("# `{}`: {}\n\n", check.id, check.title);
    s.push_str("| | |\n|---|---|\n");
    s.push_str(&format!("| service | {} |\n", check.service));
    s.push_str(&format!("| default severity | {} |\n", check.severity));
    s.push_str(&format!("| catalog entry | {} |\n", check.catalog));
    s.push_str(&format!("| notes section | {} |\n", check.section));
    s.push_str(&format!("| reads | {} |\n", reads(check.reads)));
    s.push_str(&format!(
        "| AWS Config managed rule | {} |\n",
        check.config_rule.unwrap_or("none")
    ));
    s.push_str(&format!(
        "| Prowler check | {} |\n\n",
        check.prowler.unwrap_or("none")
    ));
    s.push_str(&check.doc());
    s
}

/// What a check reads, by section: `cloudtrail (trails.status), s3`.
fn reads(data: &[crate::engine::Data]) -> String {
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for d in data {
        let at = match sections.iter().position(|(s, _)| *s == d.section) {
            Some(i) => i,
            None => {
                sections.push((d.section, Vec::new()));
                sections.len() - 1
            }
        };
        if !d.is_listing() {
            sections[at].1.push(d.path);
        }
    }
    sections
        .iter()
        .map(|(s, parts)| match parts.as_slice() {
            [] => s.to_string(),
            _ => format!("{s} ({})", parts.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_doc_stops_at_first_code_line() {
        let src = "//! # Title\n//!\n//! Body line.\n\nuse x;\n//! not this\n";
        assert_eq!(module_doc(src), "# Title\n\nBody line.\n");
    }
}
