//! The `selaras` binary: parse arguments, run, map the outcome to an exit code:
//! 0 no error found, 1 at least one error found, 2 input unreadable or bad arguments.
//! The pipelines are in the library (`src/app/`).

use std::process::ExitCode;

use clap::Parser;
use selaras::cli::Cli;

fn main() -> ExitCode {
    selaras::app::quiet_panics_in_guarded_work();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    selaras::app::run(cli)
}
