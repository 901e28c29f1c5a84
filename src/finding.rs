//! One finding type for every check, and the one table of finding codes.
//!
//! A code is stable: other tools read it from the JSON report, so a code is never
//! renamed or reused for another meaning. Add a new variant instead, and its
//! explanation (`[explain.<code>]`) to every catalogue in `lang/`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::i18n::Msg;
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
    /// The severity in the reader's language (`error`, `kesalahan`).
    pub fn word(self, lang: crate::i18n::Lang) -> String {
        lang.t(match self {
            Severity::Error => "severity.error",
            Severity::Warning => "severity.warning",
            Severity::Info => "severity.info",
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident;)*) => {
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

            /// A part of the code's explanation in `lang` (`summary`, `formula`,
            /// `basis`, `example`, `action`: the catalogue's `[explain.<code>]`).
            pub fn explain(self, lang: crate::i18n::Lang, part: &str) -> String {
                let key = format!("explain.{}.{part}", self.as_str());
                lang.template(&key).unwrap_or_default().to_string()
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
                        | Code::StaleValue
                        | Code::CoefficientMismatch
                        | Code::AddsNumbering
                )
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    PercentMismatch = "percent-mismatch", Error;
    SumMismatch = "sum-mismatch", Error;
    AverageMismatch = "average-mismatch", Error;
    IndexMismatch = "index-mismatch", Error;
    WeightMismatch = "weight-mismatch", Error;
    EfficiencyMismatch = "efficiency-mismatch", Error;
    EfficiencyVariant = "efficiency-variant", Warning;
    Rounding = "rounding", Warning;
    CategoryMismatch = "category-mismatch", Error;
    OutOfRange = "out-of-range", Error;
    ScaleGap = "scale-gap", Error;
    ScaleOverlap = "scale-overlap", Error;
    ScaleMismatch = "scale-mismatch", Error;
    RepeatMismatch = "repeat-mismatch", Error;
    CrossTableMismatch = "cross-table-mismatch", Error;
    BudgetRevised = "budget-revised", Info;
    TargetMismatch = "target-mismatch", Error;
    LabelMismatch = "label-mismatch", Warning;
    UnmatchedRow = "unmatched-row", Warning;
    UnreadableNumber = "unreadable-number", Error;
    UnreadablePolarity = "unreadable-polarity", Error;
    UncalculatedFormula = "uncalculated-formula", Error;
    NoTable = "no-table", Error;
    NotUnderstood = "not-understood", Warning;
    ReconcileMismatch = "reconcile-mismatch", Error;
    ReconcileMissing = "reconcile-missing", Error;
    ReconcileUnsubmitted = "reconcile-unsubmitted", Warning;
    ReconcileDuplicate = "reconcile-duplicate", Error;
    TextMismatch = "text-mismatch", Error;
    CountMismatch = "count-mismatch", Error;
    LowestMismatch = "lowest-mismatch", Error;
    TextNameMismatch = "text-name-mismatch", Warning;
    TrendMismatch = "trend-mismatch", Error;
    TrendUndecided = "trend-undecided", Info;
    YearMismatch = "year-mismatch", Warning;
    UnitMismatch = "unit-mismatch", Warning;
    NameDrift = "name-drift", Warning;
    DraftMismatch = "draft-mismatch", Error;
    FormulaShape = "formula-shape", Error;
    TypedOverFormula = "typed-over-formula", Error;
    SumRange = "sum-range", Error;
    RangeChain = "range-chain", Warning;
    StaleValue = "stale-value", Warning;
    UnitMix = "unit-mix", Error;
    FormulaError = "formula-error", Error;
    OverLimit = "over-limit", Error;
    CumulativeDecrease = "cumulative-decrease", Error;
    CoefficientMismatch = "coefficient-mismatch", Error;
    SampleSize = "sample-size", Info;
    LookupUnmatched = "lookup-unmatched", Warning;
    AddsNumbering = "adds-numbering", Error;
    SumSkipsText = "sum-skips-text", Error;
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
    /// The mean times a factor: an IKM from NRR (× 25), an NRR from converted unsur (× 0,04).
    MeanTimes(Vec<CellAddr>, rust_decimal::Decimal),
    /// A formula written out (without `=`): the one the formula audit settled on.
    Formula(String),
}

/// A finding's value found or expected: a figure, or the text a cell or a
/// draft holds (a category's word, an indicator's name, "tahun 2023"). Each
/// renderer writes it its own way: JSON as a decimal string with a dot, the
/// report and the page as the user writes figures (12,99).
#[derive(Debug, Clone)]
pub enum Value {
    /// A figure at the scale it is shown with (12.30 stays 12.30).
    Number(Decimal),
    Text(String),
}

impl Value {
    /// The figure, where the value is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(*d),
            Value::Text(_) => None,
        }
    }

    /// As the user writes it: a figure in Indonesian notation at its scale
    /// (`4.782.150.003`, `12,99`), a text as it is.
    pub fn shown(&self) -> String {
        match self {
            Value::Number(d) => crate::number::format_id(*d, d.scale()),
            Value::Text(t) => t.clone(),
        }
    }

    /// As the user writes it beside `other` (the figure found beside the one
    /// expected): a figure of more than four decimals (a saved double's
    /// fifteen digits) with four, or with as many more as tell it apart from
    /// `other` where it differs from it.
    pub fn shown_beside(&self, other: Option<&Value>) -> String {
        const READ: u32 = 4;
        let Value::Number(d) = self else {
            return self.shown();
        };
        if d.scale() <= READ {
            return self.shown();
        }
        let other = other.and_then(Value::number);
        let mut dp = READ;
        loop {
            let r = crate::number::round_half_up(*d, dp);
            let blurred =
                other.is_some_and(|o| o != *d && crate::number::round_half_up(o, dp) == r);
            if !blurred || dp >= d.scale() {
                let r = r.normalize();
                return crate::number::format_id(r, r.scale());
            }
            dp += 1;
        }
    }
}

/// Two values are the same as written: 12.3 and 12.30 are not (one figure
/// shown at two precisions is two findings' values, as in the JSON).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a == b && a.scale() == b.scale(),
            (Value::Text(a), Value::Text(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Value {}

/// Hashed as written, as it is compared.
impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.to_string().hash(h)
    }
}

/// The JSON report's form: a decimal string with a dot, or the text.
impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Number(d) => write!(f, "{d}"),
            Value::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
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
    /// The value found: the figure, or the text found.
    pub found: Option<Value>,
    /// The value expected, a figure or a text.
    pub expected: Option<Value>,
    /// The computation, in the user's words with the operands' values.
    pub formula: Option<Msg>,
    /// The cells the expected value was computed from.
    pub inputs: Vec<CellAddr>,
    /// One sentence: what is wrong.
    pub message: Msg,
    /// What to do.
    pub help: Msg,
    /// The value that corrects the cell, where exactly one follows from its inputs.
    pub fix: Option<Decimal>,
    /// How the expected value is computed from cells, where it is a formula.
    pub relation: Option<Relation>,
    /// The same cell of other sheets that repeat this one's rows (an export's
    /// sheet per bidang) where the same finding stands: said once, here.
    pub also: Vec<CellAddr>,
    /// Set where the finding rests on taking two differently named rows for
    /// one indicator (a tujuan's "Indeks Kepuasan Masyarakat" and a sasaran's
    /// "… Setda"): the two names, as `text::name_key` writes them,
    /// in order. Such findings are one problem with each other, never with
    /// the findings of what they compare.
    pub guess: Option<String>,
}

impl Finding {
    /// A finding with the code's default severity; the builder methods fill the rest.
    pub fn new(code: Code, at: CellAddr, message: Msg) -> Self {
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
            message,
            help: Msg::default(),
            fix: None,
            relation: None,
            also: Vec::new(),
            guess: None,
        }
    }

    /// The other sheets where the same finding stands, in words; None where
    /// there are none.
    pub fn also_said(&self) -> Option<Msg> {
        if self.also.is_empty() {
            return None;
        }
        // Other sheets of this workbook, and the tables of a Word draft checked
        // with it that state the same figure.
        let (here, drafts): (Vec<&CellAddr>, Vec<&CellAddr>) =
            self.also.iter().partition(|a| a.file.is_none());
        let places = |list: &[&CellAddr]| {
            list.iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some(match (here.is_empty(), drafts.is_empty()) {
            (false, true) => crate::msg!("human.also", n = here.len(), places = places(&here)),
            (true, _) => crate::msg!("human.also-draft", places = places(&drafts)),
            (false, false) => crate::msg!(
                "human.also-both",
                n = here.len(),
                places = places(&here),
                draft = places(&drafts)
            ),
        })
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

    /// The value found as the JSON report writes it (`"99.17"`, or the text).
    pub fn found_text(&self) -> Option<String> {
        self.found.as_ref().map(Value::to_string)
    }

    /// The value expected as the JSON report writes it.
    pub fn expected_text(&self) -> Option<String> {
        self.expected.as_ref().map(Value::to_string)
    }

    /// The text found and the text expected (words, names, a draft's phrase).
    pub fn values(mut self, found: impl Into<String>, expected: Option<String>) -> Self {
        self.found = Some(Value::Text(found.into()));
        self.expected = expected.map(Value::Text);
        self
    }

    /// The value found and the value expected, each a figure or a text.
    pub fn found_expected(mut self, found: Value, expected: Option<Value>) -> Self {
        self.found = Some(found);
        self.expected = expected;
        self
    }

    /// The figure found and the figure expected, each at the scale it is shown
    /// with. A formula whose cell holds no figure (`None`) has found nothing: an
    /// empty text.
    pub fn figures(mut self, found: impl Into<Option<Decimal>>, expected: Option<Decimal>) -> Self {
        self.found = Some(
            found
                .into()
                .map_or_else(|| Value::Text(String::new()), Value::Number),
        );
        self.expected = expected.map(Value::Number);
        self
    }

    pub fn formula(mut self, formula: Msg, inputs: Vec<CellAddr>) -> Self {
        self.formula = Some(formula);
        self.inputs = inputs;
        self
    }

    pub fn inputs(mut self, inputs: Vec<CellAddr>) -> Self {
        self.inputs = inputs;
        self
    }

    pub fn help(mut self, help: Msg) -> Self {
        self.help = help;
        self
    }

    pub fn relation(mut self, relation: Option<Relation>) -> Self {
        self.relation = relation;
        self
    }

    /// How far the figure found is from the one expected (found − expected),
    /// where both are numbers and differ.
    pub fn difference(&self) -> Option<Decimal> {
        let found = self.found.as_ref()?.number()?;
        let expected = self.expected.as_ref()?.number()?;
        let gap = found.checked_sub(expected)?;
        (!gap.is_zero()).then_some(gap)
    }

    /// The finding rests on a guess that two rows named `one` and `other` are
    /// one indicator: a warning, one problem with every finding of that guess.
    pub fn guess(mut self, one: &str, other: &str) -> Self {
        let (a, b) = (crate::text::name_key(one), crate::text::name_key(other));
        self.guess = Some(if a <= b {
            format!("{a} | {b}")
        } else {
            format!("{b} | {a}")
        });
        self.severity = Severity::Warning;
        self
    }

    pub fn fix(mut self, fix: Option<Decimal>) -> Self {
        self.fix = fix;
        self
    }
}

/// What a finding's expected value is to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    /// The value the cell must hold: it follows from its inputs (`--fix` writes it).
    Correct,
    /// A value that follows only if the other figures are right (a total from its
    /// rows, an IKM from its unsur): a suggestion to confirm.
    Suggested,
    /// Another figure the cell disagrees with (the same indicator in another row or
    /// table): which of the two is right, selaras cannot tell.
    Compared,
    /// The value the readings make most likely, none of them giving the
    /// figure stated (a year's K that is neither its quarters' sum, nor the
    /// last quarter, nor their mean).
    Likely,
}

impl Finding {
    pub fn expectation(&self) -> Expectation {
        match self.code {
            // A resume against the sum of its detail's rows: the recomputation,
            // if those rows are right.
            Code::CrossTableMismatch if self.message.key == "kke.resume" => Expectation::Suggested,
            Code::RepeatMismatch | Code::CrossTableMismatch | Code::LabelMismatch => {
                Expectation::Compared
            }
            // The limit a figure passes, not the figure it should be.
            Code::OverLimit => Expectation::Compared,
            // A section's figure its own check found wrong is not what the cell must hold.
            Code::ReconcileMismatch if self.fix.is_none() => Expectation::Compared,
            // A Word draft's sentence repeating a table figure the table check finds wrong:
            // the recomputation, if the table's inputs are right.
            Code::TextMismatch if self.severity == Severity::Warning => Expectation::Suggested,
            // A sentence against its table, a draft's table against its workbook: either
            // may be the wrong one.
            Code::TextMismatch | Code::DraftMismatch => Expectation::Compared,
            // A guess among readings of the form, said as one.
            _ if self.message.key == "numbered.differs-any" => Expectation::Likely,
            _ if self.fix.is_some() && !self.code.fix_is_safe() => Expectation::Suggested,
            _ => Expectation::Correct,
        }
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

#[cfg(test)]
mod tests {
    use super::Value;

    fn number(text: &str) -> Value {
        Value::Number(text.parse().expect("a decimal"))
    }

    #[test]
    fn a_saved_double_is_shown_with_four_decimals_unless_that_blurs_it() {
        let found = number("24.050084681120634");
        let expected = number("5.7591541992");
        assert_eq!(found.shown_beside(Some(&expected)), "24,0501");
        assert_eq!(expected.shown_beside(Some(&found)), "5,7592");
        // Trailing zeros of the rounding go: 913.772.477.137,6800 reads ,68.
        assert_eq!(
            number("913772477137.6799998").shown_beside(None),
            "913.772.477.137,68"
        );
        // Four decimals would make it read as the figure it differs from.
        assert_eq!(
            number("100.000001").shown_beside(Some(&number("100"))),
            "100,000001"
        );
        // A figure of four decimals or fewer is shown at its own scale.
        assert_eq!(number("12.30").shown_beside(None), "12,30");
        assert_eq!(
            Value::Text("tahun 2023".into()).shown_beside(None),
            "tahun 2023"
        );
    }
}
