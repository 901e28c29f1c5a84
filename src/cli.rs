//! The command line: clap types, turned into a validated run before any work.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "selaras",
    version,
    about = "Checks the figures of performance-report (LKjIP) workbooks: every percentage, total, average and efficiency recomputed in exact decimals."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// The language of the report, the page, the notes and the findings sheet: id
    /// (Bahasa Indonesia) or en; by default the system locale's (LANG=id_ID... gives
    /// id), English otherwise. Finding codes and the JSON report are the same in
    /// every language. Before or after the subcommand.
    #[arg(long, global = true, value_name = "LANG", value_parser = language)]
    pub lang: Option<crate::i18n::Lang>,
}

impl Cli {
    /// The command, with the global options handed down to it.
    pub fn command(self) -> Command {
        let lang = self.lang;
        match self.command {
            Command::Check(mut a) => {
                a.lang = lang;
                Command::Check(a)
            }
            Command::Tables(mut a) => {
                a.lang = lang;
                Command::Tables(a)
            }
            Command::Reconcile(mut a) => {
                a.lang = lang;
                Command::Reconcile(a)
            }
            Command::Diff(mut a) => {
                a.lang = lang;
                Command::Diff(a)
            }
            Command::Explain(mut a) => {
                a.lang = lang;
                Command::Explain(a)
            }
            Command::Rules(mut a) => {
                a.lang = lang;
                Command::Rules(a)
            }
            #[cfg(feature = "serve")]
            Command::Serve(mut a) => {
                a.lang = lang;
                Command::Serve(a)
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check workbooks and report every figure that does not add up.
    Check(CheckArgs),
    /// Show the tables selaras recognises in a workbook, row by row (for writing rules).
    Tables(TablesArgs),
    /// Hold each section's submission against the compiled report.
    Reconcile(ReconcileArgs),
    /// Show what changed between two versions of a report, by meaning, not by cell position.
    Diff(DiffArgs),
    /// Explain a finding code: what it means, the formula and regulation behind it,
    /// an example and what to do; without a code, list them all.
    Explain(ExplainArgs),
    /// List the table kinds selaras recognises and where each rule came from.
    Rules(RulesArgs),
    #[cfg(feature = "serve")]
    /// Serve the check as a web page on the office network: drop a workbook or a
    /// Word draft on the page, read the report, download the corrected copy.
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address and port to listen on; 0.0.0.0:8080 serves the whole office
    /// network, 127.0.0.1:8080 only this computer. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,

    /// The folder the uploaded files are kept in (24 hours, under names selaras
    /// chooses); made if missing.
    #[arg(long, value_name = "DIR", default_value = "selaras-data")]
    pub data: PathBuf,

    /// Refuse an upload larger than N MB (all its files together).
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload_mb: u64,

    /// How many files are checked at once; more requests wait their turn. By
    /// default, one per core.
    #[arg(long, value_name = "N", value_parser = positive)]
    pub workers: Option<usize>,

    /// Give up on a request whose check takes longer than N seconds.
    #[arg(long, value_name = "N", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// The planner's credential for the submission desk (/desk); also read from
    /// SELARAS_ADMIN_TOKEN. Without either, one is made at the first start,
    /// printed once, and kept (as a hash) in the data folder.
    #[arg(long, value_name = "TOKEN")]
    pub admin_token: Option<String>,

    /// How many uploads one section's link may make in an hour.
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = positive)]
    pub uploads_per_hour: usize,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// The global `--lang`: the language of the server's own messages on the
    /// terminal (the page follows the browser).
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A finding code (`index-mismatch`), as the report shows it.
    pub code: Option<String>,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, clap::Args)]
pub struct ReconcileArgs {
    /// The compiled report.
    #[arg(long, value_name = "FILE")]
    pub compiled: PathBuf,

    /// The sections' workbooks, or folders holding them (optional with --budget).
    #[arg(required_unless_present = "budget")]
    pub submissions: Vec<PathBuf>,

    /// A realisation export (SIPD, SIMDA): the books of record the compiled
    /// report's budget tables are held against, by kode or name.
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,

    /// Write a corrected copy of the compiled report: the sections' figures for their
    /// rows (the export's, with --budget), totals recomputed, each change noted with
    /// the file and cell it came from.
    #[arg(long)]
    pub fix: bool,

    /// Where to write the corrected compiled report.
    #[arg(long, value_name = "PATH", requires = "fix")]
    pub output: Option<PathBuf>,

    /// Replace an existing corrected copy.
    #[arg(long, requires = "fix")]
    pub force: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Width of the human report, at least 40.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(40..))]
    pub width: u16,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TablesArgs {
    /// Workbooks to show.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Also say, for each region that looks like a table but was not read, which
    /// kinds of table name some of its columns and what each still lacks.
    #[arg(long)]
    pub explain: bool,

    /// Only this sheet.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,

    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How much of a workbook selaras reads before refusing it.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct LimitArgs {
    /// Refuse a workbook holding more cells than N, all sheets together (a zip
    /// bomb, or a sheet filled far beyond any report); reading stops there.
    #[arg(long, value_name = "N", default_value_t = crate::workbook::MAX_CELLS, value_parser = positive)]
    pub max_cells: usize,

    /// Refuse a workbook with a part (a sheet's XML, the shared strings) that
    /// unpacks to more than N MB; checked before anything is unpacked.
    #[arg(long, value_name = "N", default_value_t = crate::workbook::MAX_PART_BYTES >> 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_part_mb: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> crate::workbook::Limits {
        crate::workbook::Limits {
            max_cells: self.max_cells,
            max_part_bytes: self.max_part_mb.saturating_mul(1 << 20),
        }
    }
}

/// A language there is a catalogue for (`lang/<code>.toml`).
fn language(s: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::from_code(s).ok_or_else(|| {
        let known: Vec<&str> = crate::i18n::Lang::all().map(|l| l.code()).collect();
        format!(
            "no messages in `{s}`: the languages are {}",
            known.join(", ")
        )
    })
}

/// The language asked for, or the system's.
pub fn language_or_env(lang: Option<crate::i18n::Lang>) -> crate::i18n::Lang {
    lang.unwrap_or_else(crate::i18n::Lang::from_env)
}

/// A whole number of at least 1.
fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("`{s}` is not a whole number of at least 1")),
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Workbooks to check (.xlsx, .xlsm, .xls, .xlsb, .ods), or folders holding them
    /// (searched through); Word drafts (.docx) are held against the workbooks given
    /// with them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,

    /// Output format: html is one self-contained page (tables drawn, findings marked).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Also write the HTML page to PATH (the report on stdout is unchanged).
    #[arg(long, value_name = "PATH")]
    pub html: Option<PathBuf>,

    /// A folder of rules (*.toml) that adds to or replaces the built-in rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// Width of the human report, at least 40.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u16).range(40..))]
    pub width: u16,

    /// Colour in the human report.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,

    /// Write a corrected copy of each workbook beside it (NAME.corrected.xlsx); the input is never changed.
    #[arg(long)]
    pub fix: bool,

    /// Where to write the corrected copy (one input file only).
    #[arg(long, value_name = "PATH", requires = "fix")]
    pub output: Option<PathBuf>,

    /// Replace an existing corrected copy.
    #[arg(long, requires = "fix")]
    pub force: bool,

    /// Also apply fixes that rest on a guess (which of two disagreeing figures is right).
    #[arg(long, requires = "fix")]
    pub unsafe_fixes: bool,

    /// Write each corrected derived figure as a live formula over its operands.
    #[arg(long, requires = "fix")]
    pub formulas: bool,

    /// Check this many files at once, and a big table's rows and checks on this
    /// many threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// No progress bar (it is shown only on a terminal, for the human report).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Every finding of each problem in full, not only the one that leads it.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// The waiver file to use (`selaras.toml`), instead of the nearest one
    /// walking up from each input file.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// A JSON report of an earlier run: the problems it already had are marked,
    /// shown after the new ones, and do not count toward the exit code.
    #[arg(long, value_name = "OLD.json")]
    pub baseline: Option<PathBuf>,

    /// The global `--lang`, handed down after parsing.
    #[arg(skip)]
    pub lang: Option<crate::i18n::Lang>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// What `check` writes on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}
