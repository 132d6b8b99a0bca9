//! Command-line behaviour that does not depend on a fixture's content.

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
            &mut Io {
                out: &mut ClosedPipe,
                err: &mut err,
                color: false,
                progress: false,
            },
        );
        assert_eq!(
            (got, String::from_utf8_lossy(&err).to_string()),
            (code, String::new()),
            "{args:?}"
        );
    }
}
