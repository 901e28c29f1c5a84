//! The rules file format, as written: what serde reads, with the place of each
//! value kept for the error that names it.

use super::*;

// The file format, as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleFile {
    pub(super) id: Option<Spanned<String>>,
    pub(super) name: Option<String>,
    #[allow(dead_code)]
    pub(super) description: Option<String>,
    /// The regulation that sets the table's form or its formulas, in words.
    pub(super) regulation: Option<String>,
    /// The closing rows that state a predikat of a figure above them.
    pub(super) predikat: Option<PredikatSpec>,
    #[serde(default)]
    pub(super) column: Vec<ColumnSpec>,
    #[serde(default)]
    pub(super) row: Vec<RowSpec>,
    // `[[check]]`: each is read by its kind's own spec (`Ctx::check`).
    #[serde(default)]
    pub(super) link: Vec<LinkSpec>,
    pub(super) indicators: Option<IndicatorSpec>,
    pub(super) polarity: Option<PolaritySpec>,
    /// How indicator names compared between tables are read (`checks::wording`).
    pub(super) wording: Option<WordingSpec>,
    #[serde(default)]
    pub(super) scale: Vec<ScaleSpec>,
    /// Tables of the smallest sample a survey of a population needs.
    #[serde(default)]
    pub(super) sample_size: Vec<SampleSpec>,
    /// The `sample_size` table a survey recap's respondents are held to.
    pub(super) sample: Option<Spanned<String>>,
    /// Sentences of a Word draft that cite a table's figure (`crate::docx::claims`).
    #[serde(default)]
    pub(super) claim: Vec<crate::docx::claims::ClaimSpec>,
    /// The evaluator's reading of a draft (`crate::docx::reading`): trend words,
    /// sentences that count a list, years the report's year owns, index phrases.
    #[serde(default)]
    pub(super) trend: Vec<crate::docx::reading::spec::TrendSpec>,
    #[serde(default)]
    pub(super) list: Vec<crate::docx::reading::spec::ListSpec>,
    #[serde(default)]
    pub(super) year: Vec<crate::docx::reading::spec::YearSpec>,
    #[serde(default)]
    pub(super) unit: Vec<crate::docx::reading::spec::UnitSpec>,
    /// A value column that may hold NRR (1–4) instead of NRR x 25 (`checks::nrr`).
    pub(super) nrr: Option<crate::checks::nrr::spec::NrrSpec>,
    /// Header paths of the columns whose figures only grow through the year (a
    /// realisation up to the quarter): `selaras diff` says one that went down.
    #[serde(default)]
    pub(super) cumulative: Vec<Spanned<String>>,
    /// The columns the books of record hold (`selaras reconcile --budget`).
    pub(super) ledger: Option<LedgerSpec>,
    /// The words read around every table (rules/kosakata.toml, read by
    /// `vocabulary`): built in; a copy in a rules folder must be the same.
    pub(super) vocabulary: Option<Spanned<super::vocabulary::Vocabulary>>,
}

/// A budget table's anggaran and realisasi: what a realisation export (the
/// books of record) and a report's budget table both state, by column key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LedgerSpec {
    pub(super) anggaran: Option<Spanned<String>>,
    pub(super) realisasi: Option<Spanned<String>>,
    /// Patterns of an account's (rekening's) kode: rows under a sub kegiatan,
    /// never a program, kegiatan or sub kegiatan of a report.
    #[serde(default)]
    pub(super) accounts: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ScaleSpec {
    pub(super) id: Spanned<String>,
    pub(super) name: Option<String>,
    pub(super) domain: Option<Spanned<String>>,
    pub(super) band: Vec<BandSpec>,
    /// The scale this one stands in for, for surveys up to the year `until`
    /// (an earlier regulation's bands).
    pub(super) instead_of: Option<Spanned<String>>,
    pub(super) until: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BandSpec {
    pub(super) range: Spanned<String>,
    pub(super) label: String,
    pub(super) mutu: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ColumnSpec {
    pub(super) key: Spanned<String>,
    pub(super) header: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) kind: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) optional: bool,
    #[serde(default)]
    pub(super) many: bool,
    pub(super) after: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RowSpec {
    pub(super) kind: Spanned<String>,
    /// What the kind means to the engine (`total`, `average`, `section`, `index`),
    /// when its name does not say it.
    pub(super) role: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) label: Vec<Spanned<String>>,
    pub(super) column: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) section: bool,
    #[serde(default)]
    pub(super) from_section: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LinkSpec {
    pub(super) with: Spanned<String>,
    pub(super) rows: Vec<String>,
    pub(super) other_rows: Option<Vec<String>>,
    pub(super) by: Option<Spanned<String>>,
    pub(super) other_by: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) compare: Vec<[Spanned<String>; 2]>,
    #[serde(default)]
    pub(super) labels: Vec<[Spanned<String>; 2]>,
    pub(super) code: Option<Spanned<String>>,
    pub(super) severity: Option<Spanned<String>>,
    pub(super) unmatched: Option<bool>,
    pub(super) tolerance: Option<Spanned<String>>,
    /// Pairs of (this table's column, the other's) whose names group the other
    /// table's rows: each row here is the sum of the other's rows of its group.
    #[serde(default)]
    pub(super) group: Vec<[Spanned<String>; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IndicatorSpec {
    #[serde(default)]
    pub(super) negative: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) positive: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) cumulative: Vec<Spanned<String>>,
    /// Levels (a percentage, an index): the year's figure is the last quarter's
    /// or their mean, not their sum.
    #[serde(default)]
    pub(super) level: Vec<Spanned<String>>,
    /// Negative although a `positive` pattern names them: checked first.
    #[serde(default)]
    pub(super) negative_first: Vec<Spanned<String>>,
}

/// The words a Polaritas column says an indicator's polarity with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PolaritySpec {
    #[serde(default)]
    pub(super) negative: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) positive: Vec<Spanned<String>>,
}

/// The words an indicator's name may gain, lose or abbreviate without
/// changing what it measures, and the words that say what it counts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WordingSpec {
    #[serde(default)]
    pub(super) abbreviations: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) fillers: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) measures: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) counts: Vec<Spanned<String>>,
}

// ---------------------------------------------------------------------------

/// `[predikat]`: under (or at the end of) the table, a row "Predikat …" states
/// the word a `scale` gives the figure of the row above it whose label matches
/// `value` (`checks::predikat`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PredikatSpec {
    pub(super) scale: Spanned<String>,
    pub(super) value: Vec<Spanned<String>>,
}

/// `[[sample_size]]`: the smallest sample for a population (`checks::sample`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SampleSpec {
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    /// The words a sheet states the population with, and the respondents.
    pub(super) population: Vec<Spanned<String>>,
    pub(super) respondents: Vec<Spanned<String>>,
    /// (population, smallest sample), rising.
    pub(super) sizes: Spanned<Vec<[u64; 2]>>,
}
