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

/// A check's documentation: its file's module doc comment, as Markdown.
pub fn doc(check: &Check) -> String {
    module_doc(check.source)
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
    s.push_str(&doc(check));
    if !check.settings.is_empty() {
        s.push_str("\n## Settings\n\nSet under `[settings]` in `awscheck.toml`:\n\n| key | default | what it tunes |\n|---|---|---|\n");
        for t in check.settings {
            s.push_str(&format!(
                "| `{}` | `{}` | {} |\n",
                t.key(),
                toml_of(t.default_text()),
                t.doc()
            ));
        }
    }
    s
}

/// A setting's default (JSON text) as it is written in awscheck.toml.
fn toml_of(json: &str) -> String {
    fn render(v: &serde_json::Value) -> String {
        use serde_json::Value;
        match v {
            Value::Array(items) => format!(
                "[{}]",
                items.iter().map(render).collect::<Vec<_>>().join(", ")
            ),
            Value::Object(map) => format!(
                "{{ {} }}",
                map.iter()
                    .map(|(k, v)| format!("{} = {}", Value::String(k.clone()), render(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            other => other.to_string(),
        }
    }
    serde_json::from_str(json).map_or_else(|_| json.to_string(), |v| render(&v))
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
