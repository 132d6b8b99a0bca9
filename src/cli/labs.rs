//! `awscheck labs list`, `labs show ID|PATH` and `labs verify ID|PATH`.

use super::live::LiveArgs;
use super::{list_table, print_json_rows, write_out, Io, ListFormat, UsageError};
use crate::fixture;
use crate::labs::hints::{self, Progress};
use crate::labs::render::Shown;
use crate::labs::watch::{SystemClock, Tracker, Watch};
use crate::labs::{self, verdict, Lab};
use awscheck_checks::inventory::Inventory;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Subcommand, Debug)]
pub enum LabsCommand {
    /// Every shipped lab: id, title, notes section, steps.
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// A lab's guide: goal, scope, and each step with the checks that prove it.
    Show {
        /// A shipped lab id, or a lab file such as ./my-lab/lab.toml.
        lab: String,
    },
    /// Verify a lab step by step: done, missing, misconfigured or could not
    /// tell. Exit 0 when every step is done, 1 when not.
    Verify(Box<VerifyArgs>),
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// A shipped lab id (`awscheck labs list`), or a lab file such as ./my-lab/lab.toml.
    lab: String,
    /// Verify a mocked account: an inventory JSON file. Without it, the live
    /// account is collected (only what the lab's checks read).
    #[arg(long, value_name = "PATH", conflicts_with = "LiveArgs")]
    fixture: Option<PathBuf>,
    /// Judge the resources of this CloudFormation stack (and its nested
    /// stacks) instead of those tagged awscheck:lab=<id>.
    #[arg(long, value_name = "NAME")]
    stack: Option<String>,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "table")]
    format: LabFormat,
    /// Re-verify every SECONDS until every step is done (redrawn in place on a terminal).
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "10",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    watch: Option<u64>,
    /// Show the next hint of the first step not done now.
    #[arg(long)]
    hint: bool,
    /// Where hint progress is kept [default: $XDG_STATE_HOME/awscheck/labs.json,
    /// else ~/.local/state/awscheck/labs.json].
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    #[command(flatten, next_help_heading = "Collection (live account)")]
    live: LiveArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LabFormat {
    /// A checklist table (✓ / ✗ / ?), the score and the next hint.
    Table,
    /// For lab platforms: steps, status, reasons, hints, score.
    Json,
    /// For a course page.
    Markdown,
}

pub fn run(cmd: LabsCommand, io: &mut Io) -> Result<i32, UsageError> {
    match cmd {
        LabsCommand::List { format } => list(format, io),
        LabsCommand::Show { lab } => {
            let lab = labs::find(&lab)?;
            let rendered = write!(io.out, "{}", guide(&lab));
            write_out(io, rendered)?;
            Ok(0)
        }
        LabsCommand::Verify(args) => verify(*args, io),
    }
}

fn list(format: ListFormat, io: &mut Io) -> Result<i32, UsageError> {
    let all = labs::shipped();
    let rendered = match format {
        ListFormat::Json => print_json_rows(
            io,
            all.iter().map(|l| {
                serde_json::json!({"id": l.id, "title": l.title, "section": l.section,
                    "section_title": l.section_title(), "steps": l.steps.len()})
            }),
        ),
        ListFormat::Table => {
            let mut t = list_table(&["Id", "Title", "Notes section", "Steps"]);
            for l in &all {
                t.add_row(vec![
                    l.id.clone(),
                    l.title.clone(),
                    l.section_title(),
                    l.steps.len().to_string(),
                ]);
            }
            writeln!(io.out, "{t}")
        }
    };
    write_out(io, rendered)?;
    Ok(0)
}

/// `labs show`: the lab's goal, scope and steps, and where its guide is.
fn guide(lab: &Lab) -> String {
    let mut out = format!(
        "{}: {}\nNotes section: {} (pack {})\nScope: {}\n\nGoal\n{}\n\nSteps\n",
        lab.id,
        lab.title,
        lab.section_title(),
        lab.section,
        lab.scope(None).describe(),
        indent(lab.goal.trim(), "  ")
    );
    for (i, s) in lab.steps.iter().enumerate() {
        let checks: Vec<String> = s
            .checks
            .iter()
            .map(|c| format!("{} ({})", c.id, c.title))
            .collect();
        out.push_str(&format!(
            "  {}. {}\n{}\n     Expects: {}\n     Checked by: {}\n     Hints: {} (one more each time the step fails a verification, or --hint)\n",
            i + 1,
            s.title,
            indent(s.task.trim(), "     "),
            s.expectation(),
            checks.join(", "),
            s.hints.len()
        ));
    }
    let guide = std::path::Path::new(&lab.file).with_file_name("README.md");
    let verify = if labs::shipped_files().any(|f| f == lab.file) {
        &lab.id
    } else {
        &lab.file
    };
    out.push_str(&format!(
        "\nGuide: {}\nVerify: awscheck labs verify {verify}\n",
        guide.display()
    ));
    out
}

fn indent(text: &str, pad: &str) -> String {
    text.lines()
        .map(|l| format!("{pad}{l}").trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn verify(args: VerifyArgs, io: &mut Io) -> Result<i32, UsageError> {
    let lab = labs::find(&args.lab)?;
    if args.watch.is_some() && args.format != LabFormat::Table {
        return Err("--watch draws the checklist: use it with --format table".into());
    }
    let scope = lab.scope(args.stack.clone());
    let reads = lab.reads(&scope);
    let mut progress = Progress::open(args.state.clone().or_else(hints::default_path), args.hint);
    let code = match args.watch {
        Some(seconds) => {
            let mut live = args.live.clone();
            // Collection lines on stderr would break the redrawn checklist.
            live.quiet |= io.terminal;
            let fixture = args.fixture.clone();
            let mut clock = SystemClock;
            let mut watch = Watch {
                interval: Duration::from_secs(seconds),
                clock: &mut clock,
                terminal: io.terminal,
                color: io.color,
            };
            let (out, err, progress_bar) = (&mut *io.out, &mut *io.err, io.progress);
            let mut round = || -> Result<Inventory, String> {
                let mut sink = std::io::sink();
                let mut quiet_io = Io::plain(&mut sink, &mut *err);
                quiet_io.progress = progress_bar && !live.quiet;
                inventory(fixture.as_deref(), &live, &reads, &mut quiet_io).map_err(|e| e.0)
            };
            watch.run(&lab, &scope, &mut progress, &mut round, out)?
        }
        None => {
            let inv = inventory(args.fixture.as_deref(), &args.live, &reads, io)?;
            let (v, failed) = Tracker::default().settle(verdict::verify(&lab, &scope, &inv));
            let shown = Shown {
                lab: &lab,
                scope: &scope,
                revealed: progress.record(&lab, &failed),
                verification: &v,
            };
            let rendered = match args.format {
                LabFormat::Table => write!(io.out, "{}", shown.table(io.color)),
                LabFormat::Markdown => write!(io.out, "{}", shown.markdown()),
                LabFormat::Json => serde_json::to_writer_pretty(&mut *io.out, &shown.json())
                    .map_err(std::io::Error::from)
                    .and_then(|_| writeln!(io.out)),
            };
            write_out(io, rendered)?;
            v.exit_code()
        }
    };
    for w in &progress.warnings {
        let _ = writeln!(io.err, "awscheck: warning: {w}");
    }
    Ok(code)
}

/// The account to verify: the fixture, or the live account (only what
/// `reads` names, in the regions the flags ask for).
fn inventory(
    fixture: Option<&std::path::Path>,
    live: &LiveArgs,
    reads: &[awscheck_checks::engine::Data],
    io: &mut Io,
) -> Result<Inventory, UsageError> {
    match fixture {
        Some(path) => fixture::load(path).map_err(|e| UsageError(e.0)),
        None => live.inventory(Some(reads), io),
    }
}
