//! One finding type for every check, and the one table of finding codes.
//!
//! A code is stable: other tools read it from the JSON report, so a code is never
//! renamed or reused for another meaning. Add a new variant instead.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::workbook::CellAddr;

/// How bad a finding is: errors make the exit code 1, warnings and infos do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident, $summary:literal;)*) => {
        /// Every finding code selaras can report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// Every code, in the order the README lists them.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable text of the code, as written in the JSON report.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// The severity a finding of this code has unless the rule says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// Whether `--fix` applies this code's fix without `--unsafe-fixes`: a derived
            /// figure recomputed from its inputs (a percentage, a mean, a rounding) is
            /// safe; a fix that rests on a guess is not: a total that disagrees with its
            /// rows (the total or one row may be the typo: "fixing" the total would
            /// carry a mistyped row up to the JUMLAH), which of two figures is right (a
            /// target against its plan), which reading was meant (an efficiency
            /// variant), or whether the survey's IKM or its unsur table is in error.
            pub fn fix_is_safe(self) -> bool {
                matches!(
                    self,
                    Code::PercentMismatch
                        | Code::AverageMismatch
                        | Code::Rounding
                        | Code::CountMismatch
                )
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    PercentMismatch = "percent-mismatch", Error,
        "A percentage (capaian, serapan) differs from its recomputation from the cells it is made of.";
    SumMismatch = "sum-mismatch", Error,
        "A total (program, JUMLAH) differs from the sum of the rows it totals.";
    AverageMismatch = "average-mismatch", Error,
        "A Rata-rata differs from the mean of exactly the rows above it.";
    IndexMismatch = "index-mismatch", Error,
        "An index (IKM) differs from the mean of its elements.";
    EfficiencyMismatch = "efficiency-mismatch", Error,
        "A budget efficiency figure that no reading of PMK 214/2017 reproduces.";
    EfficiencyVariant = "efficiency-variant", Warning,
        "A budget efficiency figure reproduced only by a variant of the PMK 214/2017 formula.";
    Rounding = "rounding", Warning,
        "A figure that agrees with its recomputation only under another rounding than half up.";
    CategoryMismatch = "category-mismatch", Error,
        "A category word (Baik Sekali, Sangat Baik) that does not match the scale for its value.";
    OutOfRange = "out-of-range", Error,
        "A value outside the range its kind of figure can take.";
    ScaleGap = "scale-gap", Error,
        "A category scale that leaves values without a category.";
    ScaleOverlap = "scale-overlap", Error,
        "A category scale that puts values in two categories.";
    ScaleMismatch = "scale-mismatch", Error,
        "A category scale that differs from the regulation it restates.";
    RepeatMismatch = "repeat-mismatch", Error,
        "One table states the same indicator twice with different figures.";
    CrossTableMismatch = "cross-table-mismatch", Error,
        "The same figure differs between two tables.";
    BudgetRevised = "budget-revised", Info,
        "A budget differs between the original (murni) and revised (perubahan) budget: information.";
    TargetMismatch = "target-mismatch", Error,
        "A target differs from the plan it must equal (Renstra, Perjanjian Kinerja, triwulan).";
    LabelMismatch = "label-mismatch", Warning,
        "The same row is named differently in two tables.";
    UnmatchedRow = "unmatched-row", Warning,
        "A row of one table has no counterpart in a table it must agree with.";
    UnreadableNumber = "unreadable-number", Error,
        "A cell where a figure belongs holds text that cannot be read as a number with confidence.";
    UncalculatedFormula = "uncalculated-formula", Error,
        "A formula whose value was never saved: there is no figure to check.";
    NoTable = "no-table", Warning,
        "A workbook in which no table selaras knows was found: nothing was checked.";
    ReconcileMismatch = "reconcile-mismatch", Error,
        "A figure of the compiled report differs from the section's submission of that row.";
    ReconcileMissing = "reconcile-missing", Error,
        "A row a section submitted that the compiled report lacks.";
    ReconcileUnsubmitted = "reconcile-unsubmitted", Warning,
        "A row of the compiled report that no section submitted.";
    ReconcileDuplicate = "reconcile-duplicate", Error,
        "A row of the compiled report that two sections both claim.";
    TextMismatch = "text-mismatch", Error,
        "A figure a sentence of the Word draft cites differs from the table it repeats (a warning when the sentence repeats a table figure that is itself wrong).";
    CountMismatch = "count-mismatch", Error,
        "A count in a sentence (\"3 (tiga) program\") differs from the table's rows, or its number word from its digits.";
    LowestMismatch = "lowest-mismatch", Error,
        "A sentence names as the lowest elements rows that are not the lowest of the table.";
    TextNameMismatch = "text-name-mismatch", Warning,
        "A sentence names a row differently from the table.";
    DraftMismatch = "draft-mismatch", Error,
        "A figure of the Word draft's table differs from the workbook the draft came from.";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The relation a derived figure follows, as cells: how `--fix` can write it
/// as a formula over its operands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// part / whole (x 100 when the cell holds percent points).
    Ratio {
        part: CellAddr,
        whole: CellAddr,
    },
    /// (2 x target - actual) / target: a negative indicator's capaian.
    NegativeRatio {
        target: CellAddr,
        actual: CellAddr,
    },
    Sum(Vec<CellAddr>),
    Mean(Vec<CellAddr>),
}

/// One inconsistency, at one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The cell the finding is about.
    pub at: CellAddr,
    /// The table as the user captioned it (`Tabel 3.7. Realisasi Anggaran ...`), or the rule's name.
    pub table: String,
    /// The row's label in the user's words (`Administrasi Umum Perangkat Daerah`).
    pub row_label: String,
    /// The column's header in the user's words (`% Capaian Anggaran`).
    pub column_label: String,
    /// The value found, for JSON: a decimal string with a dot, or the text found.
    pub found: Option<String>,
    /// The value expected, in the same form.
    pub expected: Option<String>,
    /// The computation, in the user's words with the operands' values.
    pub formula: Option<String>,
    /// The cells the expected value was computed from.
    pub inputs: Vec<CellAddr>,
    /// One sentence: what is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The value that corrects the cell, where exactly one follows from its inputs.
    pub fix: Option<Decimal>,
    /// How the expected value is computed from cells, where it is a formula.
    pub relation: Option<Relation>,
}

impl Finding {
    /// A finding with the code's default severity; the builder methods fill the rest.
    pub fn new(code: Code, at: CellAddr, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.default_severity(),
            at,
            table: String::new(),
            row_label: String::new(),
            column_label: String::new(),
            found: None,
            expected: None,
            formula: None,
            inputs: Vec::new(),
            message: message.into(),
            help: String::new(),
            fix: None,
            relation: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn place(mut self, table: &str, row_label: &str, column_label: &str) -> Self {
        self.table = table.to_string();
        self.row_label = row_label.to_string();
        self.column_label = column_label.to_string();
        self
    }

    pub fn values(mut self, found: impl Into<String>, expected: Option<String>) -> Self {
        self.found = Some(found.into());
        self.expected = expected;
        self
    }

    pub fn formula(mut self, formula: impl Into<String>, inputs: Vec<CellAddr>) -> Self {
        self.formula = Some(formula.into());
        self.inputs = inputs;
        self
    }

    pub fn inputs(mut self, inputs: Vec<CellAddr>) -> Self {
        self.inputs = inputs;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    pub fn relation(mut self, relation: Option<Relation>) -> Self {
        self.relation = relation;
        self
    }

    pub fn fix(mut self, fix: Option<Decimal>) -> Self {
        self.fix = fix;
        self
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    pub fn of(findings: &[Finding]) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            t.add(f.severity);
        }
        t
    }
}
