//! Command-line behaviour that does not depend on a fixture's content.

// A test crate: a panic is a failed test, so its helpers may unwrap.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use awscheck::cli::{run, Io};
use std::io::{self, Write};

/// A stdout whose reader has gone away (`awscheck ... | head`).
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

/// A reader that stops early is not an error: no message, and the exit
/// code is what the command would have returned anyway.
#[test]
fn a_closed_pipe_is_not_an_error() {
    let sandbox = concat!(env!("CARGO_MANIFEST_DIR"), "/mocks/sandbox.json");
    for (args, code) in [
        (vec!["checks", "list", "--format", "json"], 0),
        (vec!["checks", "list"], 0),
        (vec!["packs", "list", "--format", "json"], 0),
        (vec!["scan", "--fixture", sandbox, "--format", "json"], 1),
        (vec!["scan", "--fixture", sandbox, "--format", "sarif"], 1),
        (vec!["scan", "--fixture", sandbox], 1),
    ] {
        let mut err = Vec::new();
        let got = run(
            std::iter::once("awscheck").chain(args.iter().copied()),
            &mut Io::plain(&mut ClosedPipe, &mut err),
        );
        assert_eq!(
            (got, String::from_utf8_lossy(&err).to_string()),
            (code, String::new()),
            "{args:?}"
        );
    }
}

/// A usage error is one line on stderr, exit 2, with clap's hint kept on
/// that line: the values a flag takes, or what the user probably meant.
#[test]
fn usage_errors_are_one_line_with_the_hint() {
    for (args, want) in [
        (
            vec!["scan", "--format", "xml"],
            "awscheck: invalid value 'xml' for '--format <FORMAT>' (one of: table, json, sarif, junit, csv, markdown) (see awscheck --help)\n",
        ),
        (
            vec!["scan", "--format", "jsn"],
            "awscheck: invalid value 'jsn' for '--format <FORMAT>' (did you mean 'json'?) (see awscheck --help)\n",
        ),
        (
            vec!["scan", "--fromat", "json"],
            "awscheck: unexpected argument '--fromat' found (did you mean '--format'?) (see awscheck --help)\n",
        ),
        (
            vec!["sacn"],
            "awscheck: unrecognized subcommand 'sacn' (did you mean 'scan'?) (see awscheck --help)\n",
        ),
        (
            vec!["scan", "--region"],
            "awscheck: a value is required for '--region <REGION>' but none was supplied (see awscheck --help)\n",
        ),
    ] {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = run(
            std::iter::once("awscheck").chain(args.iter().copied()),
            &mut Io::plain(&mut out, &mut err),
        );
        assert_eq!(
            (code, String::from_utf8_lossy(&err).as_ref(), out.len()),
            (2, want, 0),
            "{args:?}"
        );
    }
}
