//! The CI-gate side of `scan`: outputs, the config file, packs,
//! suppressions and baselines.
//!
//! How they compose (command line beats `awscheck.toml`, key by key):
//! 1. **Which checks run**: the registry, narrowed by `--pack` (the union of
//!    the packs' checks), then by `--checks`, `--service` and `--severity`.
//!    A selection that leaves no check is an error, not an empty green run.
//! 2. **Findings** come from the engine with the config's `[settings]`.
//! 3. **Suppressions** in force turn matching FAIL/ERROR findings into MUTED.
//! 4. **The baseline** marks the remaining FAILs it lists as baselined.
//! 5. **The gate**: a FAIL at or above the threshold that is not baselined
//!    exits 1 (an ERROR too under `--strict`). The threshold is `--fail-on`,
//!    else the config's `fail_on`, else the packs' strictest `fail_on`, else
//!    high.

use super::{write_out, Io, UsageError};
use crate::config::Config;
use crate::gate::baseline::Baseline;
use crate::gate::suppress::{self, Suppression};
use crate::gate::{Gate, Mark, Notice, NoticeKind};
use crate::packs;
use crate::report::{Format, OutputSpec, Report};
use crate::selection::Selection;
use awscheck_checks::{Check, Finding, Inventory, Settings, Severity, Status};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

/// Where the report goes.
#[derive(Args, Debug, Default)]
pub struct OutputArgs {
    /// Output format on stdout [default: table, or `format` in awscheck.toml].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Also write the report as FORMAT to PATH; repeatable (stdout keeps --format).
    #[arg(
        long = "output",
        value_name = "FORMAT=PATH",
        value_parser = OutputSpec::parse
    )]
    pub outputs: Vec<OutputSpec>,
}

/// The config file, packs and baselines.
#[derive(Args, Debug, Default)]
pub struct CiArgs {
    /// Config file [default: ./awscheck.toml when it exists].
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Run only the checks of this conformance pack: a shipped pack id
    /// (`awscheck packs list`) or a pack file such as ./my-pack.toml;
    /// repeatable.
    #[arg(long = "pack", value_delimiter = ',', value_name = "ID|PATH")]
    pub packs: Vec<String>,
    /// Gate only on FAILs not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current FAILs in this baseline file (and gate as if it applied).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Everything decided before the scan, from the flags and the config file.
pub struct Plan {
    /// The checks to run, in registry order.
    pub checks: Vec<&'static Check>,
    pub settings: Settings,
    gate: Gate,
    format: Format,
    outputs: Vec<OutputSpec>,
    suppressions: Vec<Suppression>,
    baseline: Option<Baseline>,
    write_baseline: Option<PathBuf>,
    today: NaiveDate,
}

impl Plan {
    /// `selection`, `fail_on` and `strict` are the command line's (empty or
    /// `None` when not given).
    pub fn new(
        output: OutputArgs,
        ci: CiArgs,
        selection: Selection,
        fail_on: Option<Severity>,
        strict: bool,
    ) -> Result<Plan, UsageError> {
        let config = Config::discover(ci.config.as_deref())?;
        let pick = |cli: Vec<String>, file: &[String]| {
            if cli.is_empty() {
                file.to_vec()
            } else {
                cli
            }
        };
        let selection = Selection {
            checks: pick(selection.checks, &config.checks),
            services: pick(selection.services, &config.services),
            min_severity: selection.min_severity.or(config.severity),
        };
        let mut checks = selection.resolve()?;
        let pack_refs = pick(ci.packs, &config.packs);
        let mut pack_fail_on = None;
        if !pack_refs.is_empty() {
            let (in_packs, fail_on) = packs::resolve_all(&pack_refs)?;
            checks.retain(|c| in_packs.iter().any(|p| p.id == c.id));
            pack_fail_on = fail_on;
        }
        if checks.is_empty() {
            return Err(
                "no check matches the selection (--pack, --checks, --service and --severity narrow each other)"
                    .into(),
            );
        }
        let baseline = ci.baseline.as_deref().map(Baseline::load).transpose()?;
        Ok(Plan {
            checks,
            settings: config.settings,
            gate: Gate {
                fail_on: fail_on
                    .or(config.fail_on)
                    .or(pack_fail_on)
                    .unwrap_or(Severity::High),
                strict: strict || config.strict,
            },
            format: output.format.or(config.format).unwrap_or(Format::Table),
            outputs: if output.outputs.is_empty() {
                config.outputs
            } else {
                output.outputs
            },
            suppressions: config.suppressions,
            baseline,
            write_baseline: ci.write_baseline,
            today: chrono::Utc::now().date_naive(),
        })
    }

    /// Suppresses, baselines and gates `findings`, writes every output and
    /// the stdout report; returns the exit code. `source` is the inventory
    /// file scanned, if any.
    pub fn finish(
        self,
        mut findings: Vec<Finding>,
        inventory: &Inventory,
        source: Option<String>,
        io: &mut Io,
    ) -> Result<i32, UsageError> {
        let mut marks = vec![Mark::default(); findings.len()];
        let mut notices = suppress::apply(
            &self.suppressions,
            self.today,
            &self.checks,
            &mut findings,
            &mut marks,
        );
        let accounts: Vec<&str> = inventory
            .accounts
            .iter()
            .map(|a| a.account_id.as_str())
            .collect();
        if let Some(baseline) = &self.baseline {
            notices.extend(baseline.apply(&findings, &mut marks, &self.checks, &accounts));
        }
        if let Some(path) = &self.write_baseline {
            let name = path.display().to_string();
            let written = Baseline::of(&name, &findings);
            written.write(path)?;
            // The new baseline governs this run: every current FAIL is accepted.
            for (f, mark) in findings.iter().zip(marks.iter_mut()) {
                mark.baselined = f.status == Status::Fail;
            }
            notices.push(Notice {
                kind: NoticeKind::BaselineWritten,
                message: format!("{name}: wrote {} baseline entries", written.entries.len()),
            });
        }
        let in_use = self.baseline.is_some() || self.write_baseline.is_some();
        let outcome = self.gate.evaluate_marked(&findings, &marks);
        let report = Report::new(&findings, outcome.clone())
            .with_gate(marks, notices, in_use)
            .with_checks(&self.checks)
            .with_source(source);
        for n in &report.notices {
            let level = if n.kind == NoticeKind::BaselineWritten {
                "note"
            } else {
                "warning"
            };
            let _ = writeln!(io.err, "awscheck: {level}: {}", n.message);
        }
        for spec in &self.outputs {
            let mut buf = Vec::new();
            report
                .render(spec.format, &mut buf, false)
                .and_then(|_| std::fs::write(&spec.path, buf))
                .map_err(|e| format!("{}: cannot write: {e}", spec.path.display()))?;
        }
        let rendered = report.render(
            self.format,
            io.out,
            io.color && self.format == Format::Table,
        );
        write_out(io, rendered)?;
        Ok(outcome.exit_code())
    }
}
