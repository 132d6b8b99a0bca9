//! A verification as the learner sees it (a checklist table), as a lab
//! platform reads it (`--format json`) and as a course page shows it
//! (`--format markdown`).

use super::file::Lab;
use super::file::Step;
use super::scope::Scope;
use super::verdict::{StepStatus, StepVerdict, Verification};
use comfy_table::{presets, Cell, Color, ContentArrangement, Table};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// Width to wrap the checklist at when stdout is not a terminal.
const WIDTH_WITHOUT_TERMINAL: u16 = 120;

/// A verification with what it needs to be shown.
pub struct Shown<'a> {
    pub lab: &'a Lab,
    pub scope: &'a Scope,
    pub verification: &'a Verification,
    /// How many hints of each step are revealed.
    pub revealed: Vec<usize>,
}

impl Shown<'_> {
    /// Each step with its number (from 1) and verdict.
    pub fn rows(&self) -> impl Iterator<Item = (usize, &Step, &StepVerdict)> {
        (1..)
            .zip(&self.lab.steps)
            .zip(&self.verification.steps)
            .map(|((n, s), v)| (n, s, v))
    }

    fn hints(&self, step: usize) -> &[String] {
        let all = &self.lab.steps[step].hints;
        &all[..self.revealed.get(step).copied().unwrap_or(0).min(all.len())]
    }

    /// The checklist: a header, the table, the score, and the next step with
    /// its latest revealed hint.
    pub fn table(&self, color: bool) -> String {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if t.width().is_none() {
            t.set_width(WIDTH_WITHOUT_TERMINAL);
        }
        t.set_header(["", "Step", "Status", "Why"]);
        for (n, step, v) in self.rows() {
            let mut symbol = Cell::new(v.status.symbol());
            if color {
                symbol = symbol.fg(match v.status {
                    StepStatus::Done => Color::Green,
                    StepStatus::Missing | StepStatus::Misconfigured => Color::Red,
                    StepStatus::Unknown => Color::Yellow,
                    StepStatus::Rechecking => Color::DarkGrey,
                });
            }
            let why: Vec<String> = v.reasons.iter().map(|r| r.line()).collect();
            t.add_row(vec![
                symbol,
                Cell::new(format!("{n}. {}", step.title)),
                Cell::new(v.status.label()),
                Cell::new(why.join("\n")),
            ]);
        }
        let mut out = format!(
            "Lab {}: {}\nScope: {}\n{t}\n{}\n",
            self.lab.id,
            self.lab.title,
            self.scope.describe(),
            self.score_line()
        );
        if let Some(next) = self.verification.next() {
            let step = &self.lab.steps[next];
            let _ = writeln!(out, "Next: step {}, {}", next + 1, step.title);
            match self.hints(next).last() {
                Some(h) => {
                    let _ = writeln!(
                        out,
                        "  Hint {} of {}: {h}",
                        self.hints(next).len(),
                        step.hints.len()
                    );
                }
                None => {
                    let _ = writeln!(out, "  (awscheck labs verify … --hint shows a hint)");
                }
            }
        }
        out
    }

    /// "1/2 steps done" (": lab complete" when all are).
    pub fn score_line(&self) -> String {
        let (done, total) = (self.verification.done(), self.verification.steps.len());
        if done == total {
            format!("{done}/{total} steps done: lab complete")
        } else {
            format!("{done}/{total} steps done")
        }
    }

    /// The JSON document a lab platform reads.
    pub fn json(&self) -> Value {
        let steps: Vec<Value> = self
            .rows()
            .map(|(n, step, v)| {
                let reasons: Vec<Value> = v
                    .reasons
                    .iter()
                    .map(|r| json!({"check": r.check, "resource": r.resource, "reason": r.text}))
                    .collect();
                json!({
                    "number": n,
                    "title": step.title,
                    "status": v.status.as_str(),
                    "resource": step.resource.map(|k| k.name()),
                    "expect": step.expect.as_str(),
                    "checks": step.checks.iter().map(|c| c.id).collect::<Vec<_>>(),
                    "reasons": reasons,
                    "hints": self.hints(n - 1),
                    "hints_total": step.hints.len(),
                })
            })
            .collect();
        let next = self.verification.next().map(|i| {
            json!({"step": i + 1, "title": self.lab.steps[i].title, "hint": self.hints(i).last()})
        });
        json!({
            "lab": {"id": self.lab.id, "title": self.lab.title, "section": self.lab.section},
            "scope": self.scope.describe(),
            "score": {"done": self.verification.done(), "total": self.verification.steps.len()},
            "complete": self.verification.complete(),
            "steps": steps,
            "next": next,
        })
    }

    /// A Markdown checklist for a course page.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "### Lab `{}`: {}\n\nScope: {}\n\n**{}**\n\n| | Step | Status | Why |\n|---|---|---|---|\n",
            self.lab.id,
            cell(&self.lab.title),
            cell(&self.scope.describe()),
            self.score_line()
        );
        for (n, step, v) in self.rows() {
            let why: Vec<String> = v.reasons.iter().map(|r| cell(&r.line())).collect();
            let _ = writeln!(
                out,
                "| {} | {n}. {} | {} | {} |",
                v.status.symbol(),
                cell(&step.title),
                v.status.label(),
                why.join("<br>")
            );
        }
        if let Some(next) = self.verification.next() {
            let _ = write!(
                out,
                "\n**Next:** step {}, {}",
                next + 1,
                cell(&self.lab.steps[next].title)
            );
            if let Some(h) = self.hints(next).last() {
                let _ = write!(out, ". Hint: {}", cell(h));
            }
            out.push('\n');
        }
        out
    }
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
