use std::io::IsTerminal;

fn main() {
    let stdout = std::io::stdout();
    let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut io = awscheck::cli::Io {
        out: &mut stdout.lock(),
        err: &mut std::io::stderr(),
        color,
        progress: std::io::stderr().is_terminal(),
        terminal: stdout.is_terminal(),
    };
    let code = awscheck::cli::run(std::env::args_os(), &mut io);
    std::process::exit(code);
}
