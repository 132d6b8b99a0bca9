//! The command line: `scan`, `snapshot`, `checks list|explain|docs`,
//! `packs list|show`, `labs list|show|verify`.
//!
//! `run` is the whole program behind `main`, callable in-process by tests:
//! it takes the arguments and the output streams, and returns the exit code
//! (0 clean, 1 gate failed, 2 usage or input error).

use crate::selection::Selection;
use crate::suggest::hint;
use crate::{docs, fixture};
use awscheck_checks::{engine, registry, Severity};
use clap::{Args, Parser, Subcommand};
use live::LiveArgs;
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

mod ci;
mod labs;
mod live;
mod packs;

/// Where the program writes, and what the terminal supports.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Color the status column (stdout is a terminal and NO_COLOR is unset).
    pub color: bool,
    /// Show progress on stderr (stderr is a terminal).
    pub progress: bool,
    /// stdout is a terminal: `labs verify --watch` redraws in place.
    pub terminal: bool,
}

impl<'a> Io<'a> {
    /// No color and no progress, as for a pipe (and the tests).
    pub fn plain(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Io<'a> {
        Io {
            out,
            err,
            color: false,
            progress: false,
            terminal: false,
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "awscheck",
    version,
    about = "Audit an AWS account against the AWS DevOps Professional practices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Judge an account and print findings.
    Scan(ScanArgs),
    /// Collect the live account and write it as an inventory JSON file (a fixture).
    Snapshot(SnapshotArgs),
    /// The checks: list them, explain one, or generate their reference docs.
    #[command(subcommand)]
    Checks(ChecksCommand),
    /// Conformance packs: named sets of checks for `scan --pack`.
    #[command(subcommand)]
    Packs(packs::PacksCommand),
    /// Hands-on labs: list them, read one, verify it step by step.
    #[command(subcommand)]
    Labs(labs::LabsCommand),
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// A mocked account: an inventory JSON file (see docs/fixture-format.md).
    /// Without it, the live account is collected (see the collection flags).
    #[arg(long, value_name = "PATH", conflicts_with = "LiveArgs")]
    fixture: Option<PathBuf>,
    #[command(flatten)]
    selection: SelectionArgs,
    #[command(flatten)]
    gate: GateArgs,
    #[command(flatten)]
    output: ci::OutputArgs,
    #[command(flatten)]
    ci: ci::CiArgs,
    #[command(flatten, next_help_heading = "Collection (live account)")]
    live: LiveArgs,
}

#[derive(Args, Debug)]
struct SnapshotArgs {
    /// Where to write the inventory JSON.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    #[command(flatten, next_help_heading = "Collection (live account)")]
    live: LiveArgs,
}

/// Which checks run.
#[derive(Args, Debug)]
struct SelectionArgs {
    /// Run only these checks (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    checks: Vec<String>,
    /// Run only the checks of these services (comma-separated).
    #[arg(long = "service", value_delimiter = ',', value_name = "SERVICE,...")]
    services: Vec<String>,
    /// Run only checks whose default severity is at least this.
    #[arg(long, value_parser = parse_severity, value_name = "LEVEL")]
    severity: Option<Severity>,
}

/// What makes the exit code 1.
#[derive(Args, Debug)]
struct GateArgs {
    /// Exit 1 when a FAIL is at or above this severity [default: `fail_on`
    /// in awscheck.toml, else the pack's, else high].
    #[arg(long, value_parser = parse_severity, value_name = "LEVEL")]
    fail_on: Option<Severity>,
    /// ERROR findings (could not evaluate) fail the gate too.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand, Debug)]
enum ChecksCommand {
    /// Every check: id, service, severity, title, notes section.
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// Print a check's documentation.
    Explain {
        /// The check id.
        id: String,
    },
    /// Write the check reference (one page per check and an index) and the
    /// section reference of the fixture format.
    Docs {
        #[arg(long, default_value = "docs/checks", value_name = "DIR")]
        out: PathBuf,
        /// The fixture format page whose generated "Sections" part is rewritten.
        #[arg(long, default_value = "docs/fixture-format.md", value_name = "FILE")]
        fixture_format: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| {
        format!("unknown severity {s:?}: expected one of critical, high, medium, low, info")
    })
}

/// A usage or input error: printed as one line, exit code 2.
struct UsageError(String);

impl<T: Into<String>> From<T> for UsageError {
    fn from(s: T) -> Self {
        UsageError(s.into())
    }
}

/// Runs the program; returns the exit code.
pub fn run<I, T>(args: I, io: &mut Io) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_error(e, io),
    };
    let result = match cli.command {
        Command::Scan(args) => scan(args, io),
        Command::Snapshot(args) => snapshot(args, io),
        Command::Checks(cmd) => checks(cmd, io),
        Command::Packs(cmd) => packs::run(cmd, io),
        Command::Labs(cmd) => labs::run(cmd, io),
    };
    match result {
        Ok(code) => code,
        Err(UsageError(msg)) => {
            let _ = writeln!(io.err, "awscheck: {msg}");
            2
        }
    }
}

/// Help and version go to stdout with exit 0; usage errors are one line on
/// stderr with exit 2.
fn clap_error(e: clap::Error, io: &mut Io) -> i32 {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = write!(io.out, "{}", e.render());
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                2
            } else {
                0
            }
        }
        _ => {
            let text = e.render().to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("invalid arguments")
                .trim_start_matches("error: ");
            let _ = writeln!(
                io.err,
                "awscheck: {first}{} (see awscheck --help)",
                clap_hint(&e)
            );
            2
        }
    }
}

/// What clap would say below its first line, kept on that line: the values
/// a flag takes, or the flag or value the user probably meant.
fn clap_hint(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue};
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedValue,
        ContextKind::SuggestedSubcommand,
    ]
    .into_iter()
    .flat_map(strings)
    .collect::<Vec<_>>();
    if !suggested.is_empty() {
        return format!(" (did you mean '{}'?)", suggested.join("' or '"));
    }
    match strings(ContextKind::ValidValue) {
        v if v.is_empty() => String::new(),
        v => format!(" (one of: {})", v.join(", ")),
    }
}

/// A reader that went away (`awscheck ... | head`) is not an error.
fn write_out(io: &mut Io, result: std::io::Result<()>) -> Result<(), UsageError> {
    let quiet_pipe = |e: std::io::Error| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Ok(())
        } else {
            Err(UsageError(format!("cannot write output: {e}")))
        }
    };
    result.or_else(quiet_pipe)?;
    io.out.flush().or_else(quiet_pipe)
}

fn scan(args: ScanArgs, io: &mut Io) -> Result<i32, UsageError> {
    let SelectionArgs {
        checks,
        services,
        severity,
    } = args.selection;
    let selection = Selection {
        checks,
        services,
        min_severity: severity,
    };
    let plan = ci::Plan::new(
        args.output,
        args.ci,
        selection,
        args.gate.fail_on,
        args.gate.strict,
    )?;
    let (inventory, source) = match args.fixture {
        Some(path) => (
            fixture::load(&path).map_err(|e| e.0)?,
            Some(path.display().to_string()),
        ),
        None => {
            let reads: Vec<awscheck_checks::engine::Data> = plan
                .checks
                .iter()
                .flat_map(|c| c.reads.iter().copied())
                .collect();
            (args.live.inventory(Some(&reads), io)?, None)
        }
    };
    let findings = engine::run(&inventory, &plan.checks, &plan.settings);
    plan.finish(findings, &inventory, source, io)
}

/// A JSON array of `rows`, pretty-printed, on stdout.
fn print_json_rows(
    io: &mut Io,
    rows: impl Iterator<Item = serde_json::Value>,
) -> std::io::Result<()> {
    let rows: Vec<serde_json::Value> = rows.collect();
    serde_json::to_writer_pretty(&mut *io.out, &rows)?;
    writeln!(io.out)
}

/// A table for `checks list` and `packs list|show`.
fn list_table(header: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    t
}

fn snapshot(args: SnapshotArgs, io: &mut Io) -> Result<i32, UsageError> {
    let inventory = args.live.inventory(None, io)?;
    fixture::write(&args.out, &inventory).map_err(|e| e.0)?;
    Ok(0)
}

fn checks(cmd: ChecksCommand, io: &mut Io) -> Result<i32, UsageError> {
    match cmd {
        ChecksCommand::List { format } => {
            let rendered = match format {
                ListFormat::Json => {
                    let rows = registry::all().iter().map(|c| {
                        serde_json::json!({"id": c.id, "service": c.service, "severity": c.severity,
                            "title": c.title, "section": c.section})
                    });
                    print_json_rows(io, rows)
                }
                ListFormat::Table => {
                    let mut t =
                        list_table(&["Id", "Service", "Severity", "Title", "Notes section"]);
                    for c in registry::all() {
                        t.add_row(vec![
                            c.id.to_string(),
                            c.service.into(),
                            c.severity.to_string(),
                            c.title.into(),
                            c.section.into(),
                        ]);
                    }
                    writeln!(io.out, "{t}")
                }
            };
            write_out(io, rendered)?;
            Ok(0)
        }
        ChecksCommand::Explain { id } => {
            let Some(check) = registry::find(&id) else {
                return Err(format!(
                    "unknown check id {id:?}{}",
                    hint(&id, registry::all().iter().map(|c| c.id))
                )
                .into());
            };
            let rendered = write!(io.out, "{}", awscheck_checks::docs::render_page(check));
            write_out(io, rendered)?;
            Ok(0)
        }
        ChecksCommand::Docs {
            out,
            fixture_format,
        } => {
            let n = docs::write(&out)
                .map_err(|e| format!("{}: cannot write docs: {e}", out.display()))?;
            let sections = docs::fixture_format::write(&fixture_format)
                .map_err(|e| format!("{}: cannot write sections: {e}", fixture_format.display()))?;
            let rendered = writeln!(
                io.out,
                "wrote {n} pages to {}\nwrote {sections} sections to {}",
                out.display(),
                fixture_format.display()
            );
            write_out(io, rendered)?;
            Ok(0)
        }
    }
}
