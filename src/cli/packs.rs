//! `awscheck packs list` and `awscheck packs show ID|PATH`.

use super::{list_table, print_json_rows, write_out, Io, ListFormat, UsageError};
use crate::packs::{self, Pack};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum PacksCommand {
    /// Every shipped pack: id, title, number of check entries, fail-on default.
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: ListFormat,
    },
    /// A pack's description and its checks (a shipped id or a pack file).
    Show {
        /// A shipped pack id, or a pack file such as ./my-pack.toml.
        pack: String,
    },
}

fn fail_on(p: &Pack) -> String {
    p.fail_on
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".into())
}

pub fn run(cmd: PacksCommand, io: &mut Io) -> Result<i32, UsageError> {
    let rendered = match cmd {
        PacksCommand::List { format } => {
            let mut all = Vec::new();
            for p in packs::shipped() {
                let ids: Vec<&str> = p.resolve()?.iter().map(|c| c.id).collect();
                all.push((p, ids));
            }
            match format {
                ListFormat::Json => print_json_rows(
                    io,
                    all.iter().map(|(p, ids)| {
                        serde_json::json!({"id": p.id, "title": p.title, "description": p.description,
                            "checks": ids, "fail_on": p.fail_on})
                    }),
                ),
                ListFormat::Table => {
                    let mut t = list_table(&["Id", "Title", "Checks", "Fail on"]);
                    for (p, ids) in &all {
                        t.add_row(vec![
                            p.id.clone(),
                            p.title.clone(),
                            ids.len().to_string(),
                            fail_on(p),
                        ]);
                    }
                    writeln!(io.out, "{t}")
                }
            }
        }
        PacksCommand::Show { pack } => {
            let p = packs::find(&pack)?;
            let checks = p.resolve()?;
            let mut t = list_table(&["Id", "Service", "Severity", "Title"]);
            for c in &checks {
                t.add_row(vec![
                    c.id.to_string(),
                    c.service.into(),
                    c.severity.to_string(),
                    c.title.into(),
                ]);
            }
            writeln!(
                io.out,
                "{}: {}\n\n{}\n\nfile: {}\nfail_on: {} (--fail-on and awscheck.toml's fail_on win over it)\nchecks: {}\n{t}",
                p.id,
                p.title,
                p.description.trim(),
                p.file,
                fail_on(&p),
                checks.len()
            )
        }
    };
    write_out(io, rendered)?;
    Ok(0)
}
