//! The `selaras` binary: parse arguments, run, map the outcome to an exit code:
//! 0 no error found, 1 at least one error found, 2 input unreadable or bad arguments.
//! The command line and the pipelines are in the library ([`selaras::run_cli`], `src/app/`).

use std::process::ExitCode;

fn main() -> ExitCode {
    selaras::run_cli()
}
