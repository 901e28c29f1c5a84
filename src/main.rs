//! The `selaras` binary: parse arguments, run, map the outcome to an exit code:
//! 0 no error found, 1 at least one error found, 2 input unreadable or bad arguments.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use selaras::cli::{CheckArgs, Cli, Color, Command, Format, TablesArgs};
use selaras::render::{self, Outcome};
use selaras::rules::Rules;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Tables(args) => tables(args),
    }
}

fn load_rules(dir: Option<&std::path::Path>) -> Option<Rules> {
    let rules = match dir {
        Some(dir) => Rules::with_dir(dir),
        None => Rules::built_in(),
    };
    match rules {
        Ok(r) => Some(r),
        Err(e) => {
            eprintln!("error: the rules cannot be used: {e}");
            None
        }
    }
}

fn tables(args: TablesArgs) -> ExitCode {
    let Some(rules) = load_rules(args.rules.as_deref()) else {
        return ExitCode::from(2);
    };
    let mut code = 0;
    for path in &args.files {
        match selaras::workbook::Workbook::open(path) {
            Ok(book) => {
                let (tables, _) = selaras::read_tables(&book, &rules);
                print!(
                    "{}",
                    render::tables::render(&path.display().to_string(), &tables, &rules)
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                code = 2;
            }
        }
    }
    ExitCode::from(code)
}

fn check(args: CheckArgs) -> ExitCode {
    let Some(rules) = load_rules(args.rules.as_deref()) else {
        return ExitCode::from(2);
    };
    let outcomes: Vec<Outcome> = args
        .files
        .iter()
        .map(|p| selaras::check_path(p, &rules))
        .collect();
    let text = match args.format {
        Format::Json => render::json::render(&outcomes),
        Format::Human => {
            let stdout = std::io::stdout();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = usize::from(args.width);
            render::human::render(&outcomes, render::human::Style { width, color })
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let unreadable = outcomes.iter().any(Result::is_err);
    let errors = outcomes.iter().flatten().any(|r| r.tally().errors > 0);
    ExitCode::from(if unreadable {
        2
    } else if errors {
        1
    } else {
        0
    })
}
