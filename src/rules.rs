//! Rules: tables described as data. One TOML file per kind of table says how to
//! find the table (its header texts), what each column means, how to tell its
//! rows apart, which relations hold between its cells and which cells must agree
//! with another table. The built-in rules (the `rules/` folder) are embedded in
//! the binary; `--rules DIR` adds files or replaces built-in ones of the same id.
//!
//! A file with an unknown key, a bad pattern or a relation that names a missing
//! column fails with the file, the line and the key.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::finding::{Code, Severity};
use crate::scale::{parse_range, Interval};
use crate::text::{normalise, Pattern};

/// The rules shipped with selaras, embedded so that `selaras check FILE` works anywhere.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "anggaran-murni.toml",
        include_str!("../rules/anggaran-murni.toml"),
    ),
    (
        "asn-golongan.toml",
        include_str!("../rules/asn-golongan.toml"),
    ),
    (
        "asn-jabatan.toml",
        include_str!("../rules/asn-jabatan.toml"),
    ),
    (
        "asn-pendidikan.toml",
        include_str!("../rules/asn-pendidikan.toml"),
    ),
    (
        "capaian-kinerja.toml",
        include_str!("../rules/capaian-kinerja.toml"),
    ),
    (
        "capaian-output.toml",
        include_str!("../rules/capaian-output.toml"),
    ),
    (
        "capaian-tahunan.toml",
        include_str!("../rules/capaian-tahunan.toml"),
    ),
    (
        "evaluasi-renja.toml",
        include_str!("../rules/evaluasi-renja.toml"),
    ),
    (
        "efisiensi-anggaran.toml",
        include_str!("../rules/efisiensi-anggaran.toml"),
    ),
    (
        "ikm-interval.toml",
        include_str!("../rules/ikm-interval.toml"),
    ),
    (
        "ikm-layanan.toml",
        include_str!("../rules/ikm-layanan.toml"),
    ),
    ("ikm-unsur.toml", include_str!("../rules/ikm-unsur.toml")),
    ("indikator.toml", include_str!("../rules/indikator.toml")),
    ("kalimat.toml", include_str!("../rules/kalimat.toml")),
    (
        "kategori-capaian.toml",
        include_str!("../rules/kategori-capaian.toml"),
    ),
    (
        "kategori-nilai.toml",
        include_str!("../rules/kategori-nilai.toml"),
    ),
    (
        "keterkaitan.toml",
        include_str!("../rules/keterkaitan.toml"),
    ),
    (
        "perbandingan-capaian.toml",
        include_str!("../rules/perbandingan-capaian.toml"),
    ),
    (
        "perencanaan-anggaran.toml",
        include_str!("../rules/perencanaan-anggaran.toml"),
    ),
    (
        "perjanjian-kinerja.toml",
        include_str!("../rules/perjanjian-kinerja.toml"),
    ),
    (
        "realisasi-belanja.toml",
        include_str!("../rules/realisasi-belanja.toml"),
    ),
    (
        "realisasi-anggaran.toml",
        include_str!("../rules/realisasi-anggaran.toml"),
    ),
    ("renstra.toml", include_str!("../rules/renstra.toml")),
    ("skala.toml", include_str!("../rules/skala.toml")),
    ("skm-rekap.toml", include_str!("../rules/skm-rekap.toml")),
];

// ---------------------------------------------------------------------------
// The file format, as written.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: Option<Spanned<String>>,
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    #[serde(default)]
    column: Vec<ColumnSpec>,
    #[serde(default)]
    row: Vec<RowSpec>,
    #[serde(default)]
    check: Vec<CheckSpec>,
    #[serde(default)]
    link: Vec<LinkSpec>,
    indicators: Option<IndicatorSpec>,
    polarity: Option<PolaritySpec>,
    #[serde(default)]
    scale: Vec<ScaleSpec>,
    /// Sentences of a Word draft that cite a table's figure (`crate::docx::claims`).
    #[serde(default)]
    claim: Vec<crate::docx::claims::ClaimSpec>,
    /// A value column that may hold NRR (1–4) instead of NRR x 25 (`crate::checks::nrr`).
    nrr: Option<crate::checks::nrr::NrrSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleSpec {
    id: Spanned<String>,
    name: Option<String>,
    domain: Option<Spanned<String>>,
    band: Vec<BandSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandSpec {
    range: Spanned<String>,
    label: String,
    mutu: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnSpec {
    key: Spanned<String>,
    header: Vec<Spanned<String>>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    many: bool,
    after: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RowSpec {
    kind: Spanned<String>,
    #[serde(default)]
    label: Vec<Spanned<String>>,
    column: Option<Spanned<String>>,
    #[serde(default)]
    section: bool,
    #[serde(default)]
    from_section: bool,
}

/// Every relation is written as one `[[check]]` table with a `type`; the keys a
/// type does not use are refused when the file is validated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckSpec {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    cell: Option<Spanned<String>>,
    part: Option<Spanned<String>>,
    whole: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
    actual: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
    polarity: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
    levels: Option<Vec<String>>,
    total: Option<String>,
    column: Option<Spanned<String>>,
    row: Option<String>,
    from: Option<Spanned<String>>,
    rows: Option<Vec<String>>,
    alternative_rows: Option<Vec<String>>,
    budget: Option<Spanned<String>>,
    spent: Option<Spanned<String>>,
    score: Option<Spanned<String>>,
    tolerance: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    member: Option<Spanned<String>>,
    min: Option<Spanned<String>>,
    max: Option<Spanned<String>>,
    by: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    indicators: Option<Vec<Spanned<String>>>,
    scale: Option<Spanned<String>>,
    reference: Option<Spanned<String>>,
    domain: Option<Spanned<String>>,
    quarters: Option<Spanned<String>>,
    value: Option<Spanned<String>>,
    cumulative: Option<Spanned<String>>,
    mean: Option<String>,
    weighted: Option<String>,
    index: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkSpec {
    with: Spanned<String>,
    rows: Vec<String>,
    other_rows: Option<Vec<String>>,
    by: Option<Spanned<String>>,
    other_by: Option<Spanned<String>>,
    #[serde(default)]
    compare: Vec<[Spanned<String>; 2]>,
    #[serde(default)]
    labels: Vec<[Spanned<String>; 2]>,
    code: Option<Spanned<String>>,
    severity: Option<Spanned<String>>,
    unmatched: Option<bool>,
    tolerance: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorSpec {
    #[serde(default)]
    negative: Vec<Spanned<String>>,
    #[serde(default)]
    positive: Vec<Spanned<String>>,
    #[serde(default)]
    cumulative: Vec<Spanned<String>>,
    /// Negative although a `positive` pattern names them: checked first.
    #[serde(default)]
    negative_first: Vec<Spanned<String>>,
}

/// The words a Polaritas column says an indicator's polarity with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolaritySpec {
    #[serde(default)]
    negative: Vec<Spanned<String>>,
    #[serde(default)]
    positive: Vec<Spanned<String>>,
}

// ---------------------------------------------------------------------------
// The validated model the engine works from.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Names, indicator texts, notes.
    Text,
    /// A plain figure (target, realisasi, a count).
    Number,
    /// A percentage, in percent points as written (`106,35%`, `91,51`, or 1.0635 formatted `0.00%`).
    Percent,
    /// Rupiah.
    Money,
}

#[derive(Debug, Clone)]
pub struct ColumnRule {
    pub key: String,
    pub headers: Vec<Pattern>,
    pub kind: ColumnKind,
    pub optional: bool,
    /// Every matching header column, not only the first (a target per year).
    pub many: bool,
    /// Index of the column this one must lie to the right of.
    pub after: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct RowRule {
    pub kind: String,
    pub labels: Vec<Pattern>,
    pub column: Option<usize>,
    /// A heading row (`Tujuan`, `Sasaran`): the rows below it belong to its section.
    pub section: bool,
    /// The row's kind is its section's name (`tujuan`, `sasaran`) when it has one.
    pub from_section: bool,
}

/// Which rows a check applies to: the named kinds, or every row when empty.
pub type RowKinds = Vec<String>;

#[derive(Debug, Clone)]
pub enum Check {
    /// `cell = part / whole x 100` (serapan anggaran).
    Ratio {
        cell: usize,
        part: usize,
        whole: usize,
        rows: RowKinds,
        tolerance: Decimal,
    },
    /// `cell = actual / target x 100`, or `(2 target - actual) / target x 100` for a
    /// negative indicator.
    Capaian {
        cell: usize,
        target: usize,
        actual: usize,
        indicator: Option<usize>,
        polarity: Option<usize>,
        rows: RowKinds,
        tolerance: Decimal,
    },
    /// Each row of `levels[i]` is the sum of the `levels[i+1]` rows under it; the
    /// `total` row is the sum of the highest level present.
    Sum {
        columns: Vec<usize>,
        levels: Vec<String>,
        total: Option<String>,
    },
    /// The `row` kind states the mean of the values above it in `column`.
    Average {
        column: usize,
        row: String,
        rows: RowKinds,
        tolerance: Decimal,
    },
    /// PMK 214/2017 efficiency over the output rows of another table.
    Efficiency {
        cell: usize,
        score: Option<usize>,
        from: String,
        rows: RowKinds,
        alternative_rows: RowKinds,
        budget: String,
        spent: String,
        target: String,
        actual: String,
    },
    /// `cell` equals `to` in the same row (`member`: the last of a `many` column).
    Equal {
        cell: usize,
        to: usize,
        last: bool,
        code: Code,
    },
    /// Every figure of `column` lies in `[min, max]`.
    Range {
        column: usize,
        min: Decimal,
        max: Decimal,
    },
    /// Rows naming the same indicator (`by`) state the same `columns`.
    Repeat {
        by: usize,
        columns: Vec<usize>,
        rows: RowKinds,
    },
    /// An index (IKM) stated in `cell` for the rows whose `indicator` matches
    /// `indicators` is the mean of `column` over the rows of table `from`.
    Index {
        cell: usize,
        indicator: Option<usize>,
        indicators: Vec<Pattern>,
        from: String,
        column: String,
    },
    /// Triwulan targets against the annual target: IV equals it for a
    /// non-cumulative indicator, the quarters sum to it for a cumulative one.
    Quarters {
        target: usize,
        quarters: usize,
        indicator: Option<usize>,
        cumulative: Option<usize>,
    },
    /// A category scale typed as a table: each `column` range is read, the ranges
    /// must partition `domain`, and match the `reference` scale where one is named.
    Scale {
        column: usize,
        label: usize,
        reference: Option<String>,
        domain: Option<Interval>,
    },
    /// The category word in `cell` is the one the `scale` gives for `value`.
    Category {
        cell: usize,
        value: usize,
        scale: String,
    },
    /// Each row with a kode is the sum of the rows whose kode extends it, in
    /// each of `columns` (`checks::tree`); `by` is the (many) kode column.
    Tree { by: usize, columns: Vec<usize> },
    /// `cell` = the sum of `parts` in the same row (`checks::add`).
    Add { cell: usize, parts: Vec<usize> },
    /// A table whose levels only its figures show (`checks::hierarchy`): the rows
    /// above the first `program` row sum the programs; each program's kegiatan
    /// are the rows adding up to it, each the sum of the rows under it.
    Hierarchy { column: usize, program: String },
    /// An SKM recapitulation with the unsur as the members of `column`: the
    /// `total` row sums the respondents, the `mean` row is the NRR, the
    /// `weighted` row NRR × 1/n, the `index` row the IKM (`checks::recap`).
    Recap {
        column: usize,
        total: Option<String>,
        mean: String,
        weighted: Option<String>,
        index: Option<String>,
    },
}

/// A category scale given as data (a regulation's bands).
#[derive(Debug, Clone)]
pub struct ScaleRule {
    pub id: String,
    pub name: String,
    pub origin: String,
    pub domain: Option<Interval>,
    pub bands: Vec<Band>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub range: Interval,
    /// The range as written in the rules, for messages.
    pub text: String,
    pub label: String,
    pub mutu: Option<String>,
}

/// Which member of another table's `many` column a link compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    First,
    Last,
    /// The member of the same year as this one's, or of the report's year.
    Year,
}

#[derive(Debug, Clone)]
pub struct Compare {
    pub this: usize,
    pub other: String,
    pub select: Select,
}

/// Cells of this table that must equal cells of another table.
#[derive(Debug, Clone)]
pub struct Link {
    pub with: String,
    pub rows: RowKinds,
    pub other_rows: RowKinds,
    /// Match rows by these name columns (this table, other table); without them
    /// each row is held against the one `other_rows` row (a total).
    pub by: Option<(usize, String)>,
    pub compare: Vec<Compare>,
    pub labels: Vec<(usize, String)>,
    pub code: Code,
    pub severity: Severity,
    /// Report rows on either side that have no counterpart (off for tables that
    /// state different subsets of indicators).
    pub unmatched: bool,
    /// How far two figures may differ and still agree, in the figures' units.
    pub tolerance: Decimal,
}

#[derive(Debug, Clone)]
pub struct TableRule {
    pub id: String,
    pub name: String,
    /// Where the rule came from: `built-in rules/x.toml` or the user's path.
    pub origin: String,
    pub columns: Vec<ColumnRule>,
    pub rows: Vec<RowRule>,
    pub checks: Vec<Check>,
    pub links: Vec<Link>,
    /// The column that may hold NRR instead of NRR x 25, and how to tell.
    pub nrr: Option<crate::checks::nrr::NrrRule>,
}

impl TableRule {
    pub fn column_index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub tables: Vec<TableRule>,
    /// Indicators known to be negative ("semakin kecil semakin baik").
    pub negative: Vec<Pattern>,
    /// Indicators positive although a negative pattern names them
    /// ("Persentase penurunan angka kematian ibu": the decrease, the higher the better).
    pub positive: Vec<Pattern>,
    /// Indicators known to be cumulative (their triwulan targets add up).
    pub cumulative: Vec<Pattern>,
    /// Indicators negative although a `positive` pattern names them ("Persentase
    /// temuan yang belum ditindaklanjuti": the fewer left, the better).
    pub negative_first: Vec<Pattern>,
    /// The words a Polaritas column says a negative indicator with ("Negatif",
    /// "Minimize", "Menurun"), as the rules write them (`crate::checks::capaian`).
    pub polarity_negative: Vec<String>,
    /// The words it says a positive indicator with ("Positif", "Maximize").
    pub polarity_positive: Vec<String>,
    pub scales: Vec<ScaleRule>,
    /// How a Word draft's sentences cite the tables' figures (`crate::docx::claims`).
    pub claims: Vec<crate::docx::claims::Claim>,
}

/// A rules file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub line: usize,
    pub key: String,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: the whole file or folder is meant, not one of its lines.
        let place = if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}", self.file, self.line)
        };
        if self.key.is_empty() {
            write!(f, "{place}: {}", self.message)
        } else {
            write!(f, "{place}: key `{}`: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for RuleError {}

impl Rules {
    /// The built-in rules.
    pub fn built_in() -> Result<Rules, RuleError> {
        let mut rules = Rules::default();
        for (name, text) in BUILT_IN {
            rules.add_file(&format!("built-in rules/{name}"), text)?;
        }
        rules.validate_links()?;
        Ok(rules)
    }

    /// The built-in rules plus every `.toml` file in `dir`; a file whose `id` is
    /// a built-in one replaces it.
    pub fn with_dir(dir: &Path) -> Result<Rules, RuleError> {
        let mut rules = Rules::default();
        for (name, text) in BUILT_IN {
            rules.add_file(&format!("built-in rules/{name}"), text)?;
        }
        let io_err = |e: std::io::Error| RuleError {
            file: dir.display().to_string(),
            line: 0,
            key: String::new(),
            message: format!("cannot read the rules folder: {e}"),
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io_err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| RuleError {
                file: path.display().to_string(),
                line: 0,
                key: String::new(),
                message: format!("cannot read: {e}"),
            })?;
            rules.add_file(&path.display().to_string(), &text)?;
        }
        rules.validate_links()?;
        Ok(rules)
    }

    /// Parses and validates one file, adding its table (replacing one of the same id).
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let parsed: RuleFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            RuleError {
                file: file.to_string(),
                line,
                key: String::new(),
                message: e.message().trim().to_string(),
            }
        })?;
        let ctx = Ctx { file, text };
        if let Some(ind) = &parsed.indicators {
            for p in &ind.negative {
                self.negative.push(ctx.pattern(p, "negative")?);
            }
            for p in &ind.positive {
                self.positive.push(ctx.pattern(p, "positive")?);
            }
            for p in &ind.cumulative {
                self.cumulative.push(ctx.pattern(p, "cumulative")?);
            }
            for p in &ind.negative_first {
                self.negative_first.push(ctx.pattern(p, "negative_first")?);
            }
        }
        if let Some(pol) = &parsed.polarity {
            for (words, key) in [(&pol.negative, "negative"), (&pol.positive, "positive")] {
                for w in words {
                    let text = w.get_ref().trim();
                    if normalise(text).is_empty() {
                        return Err(ctx.error(
                            w.span().start,
                            key,
                            "a polarity word must name some text",
                        ));
                    }
                    // One word on both sides would make every cell holding it unreadable.
                    let other = if key == "negative" {
                        &self.polarity_positive
                    } else {
                        &self.polarity_negative
                    };
                    if other.iter().any(|o| normalise(o) == normalise(text)) {
                        return Err(ctx.error(
                            w.span().start,
                            key,
                            "this word is already a polarity word of the other side",
                        ));
                    }
                    let list = if key == "negative" {
                        &mut self.polarity_negative
                    } else {
                        &mut self.polarity_positive
                    };
                    if !list.iter().any(|o| normalise(o) == normalise(text)) {
                        list.push(text.to_string());
                    }
                }
            }
        }
        for sc in &parsed.scale {
            let scale = ctx.scale(sc)?;
            self.scales.retain(|s| s.id != scale.id);
            self.scales.push(scale);
        }
        for c in &parsed.claim {
            let claim = crate::docx::claims::validate(c, file)
                .map_err(|(offset, key, message)| ctx.error(offset, key, message))?;
            self.claims.retain(|x| x.id != claim.id);
            self.claims.push(claim);
        }
        let Some(id) = &parsed.id else {
            if !parsed.column.is_empty() || !parsed.check.is_empty() || !parsed.link.is_empty() {
                return Err(ctx.error(0, "id", "a table rule needs an `id`"));
            }
            return Ok(());
        };
        let table = ctx.table(id, &parsed)?;
        self.tables.retain(|t| t.id != table.id);
        self.tables.push(table);
        Ok(())
    }

    pub fn table(&self, id: &str) -> Option<&TableRule> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// Cross-file references: a link or an efficiency check names another rule's columns.
    fn validate_links(&self) -> Result<(), RuleError> {
        for t in &self.tables {
            let missing = |other: &str, what: &str| RuleError {
                file: t.origin.clone(),
                line: 0,
                key: what.to_string(),
                message: format!("rule `{}` names `{other}`, which no rule defines", t.id),
            };
            for link in &t.links {
                let other = self
                    .table(&link.with)
                    .ok_or_else(|| missing(&link.with, "with"))?;
                let theirs = known_kinds(&other.rows);
                if let Some(k) = link
                    .other_rows
                    .iter()
                    .find(|k| *k != "*" && !theirs.contains(k))
                {
                    return Err(missing(
                        &format!("{}: rows of kind `{k}`", other.id),
                        "other_rows",
                    ));
                }
                let names = link
                    .compare
                    .iter()
                    .map(|c| &c.other)
                    .chain(link.labels.iter().map(|(_, o)| o))
                    .chain(link.by.as_ref().map(|(_, o)| o));
                for col in names {
                    if other.column_index(col).is_none() {
                        return Err(missing(&format!("{}.{col}", other.id), "compare"));
                    }
                }
            }
            if let Some(n) = &t.nrr {
                if !self.scales.iter().any(|s| s.id == n.scale) {
                    return Err(missing(&n.scale, "nrr.scale"));
                }
            }
            for check in &t.checks {
                if let Check::Index { from, column, .. } = check {
                    let other = self.table(from).ok_or_else(|| missing(from, "from"))?;
                    if other.column_index(column).is_none() {
                        return Err(missing(&format!("{from}.{column}"), "column"));
                    }
                }
                if let Check::Category { scale, .. } = check {
                    let known =
                        self.scales.iter().any(|s| &s.id == scale) || self.table(scale).is_some();
                    if !known {
                        return Err(missing(scale, "scale"));
                    }
                }
                if let Check::Scale {
                    reference: Some(r), ..
                } = check
                {
                    if !self.scales.iter().any(|s| &s.id == r) {
                        return Err(missing(r, "reference"));
                    }
                }
                if let Check::Efficiency {
                    from,
                    rows,
                    alternative_rows,
                    budget,
                    spent,
                    target,
                    actual,
                    ..
                } = check
                {
                    let other = self.table(from).ok_or_else(|| missing(from, "from"))?;
                    let theirs = known_kinds(&other.rows);
                    if let Some(k) = rows
                        .iter()
                        .chain(alternative_rows)
                        .find(|k| *k != "*" && !theirs.contains(k))
                    {
                        return Err(missing(&format!("{from}: rows of kind `{k}`"), "rows"));
                    }
                    for col in [budget, spent, target, actual] {
                        if other.column_index(col).is_none() {
                            return Err(missing(&format!("{from}.{col}"), "efficiency"));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The kinds of row a rule can give: its `[[row]]` kinds, and for rows that take
/// their section's name, the section headings' literal labels (`tujuan`, `sasaran`).
fn known_kinds(rows: &[RowRule]) -> Vec<String> {
    let mut kinds: Vec<String> = rows.iter().map(|r| r.kind.clone()).collect();
    if rows.iter().any(|r| r.from_section) {
        for r in rows.iter().filter(|r| r.section) {
            kinds.extend(
                r.labels
                    .iter()
                    .map(|p| p.source.to_lowercase())
                    .filter(|l| !l.contains(['*', '?', ':'])),
            );
        }
    }
    kinds.sort();
    kinds.dedup();
    kinds
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn error(&self, offset: usize, key: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            file: self.file.to_string(),
            line: line_of(self.text, offset),
            key: key.to_string(),
            message: message.into(),
        }
    }

    fn interval(&self, p: &Spanned<String>, key: &str) -> Result<Interval, RuleError> {
        parse_range(p.get_ref()).map_err(|m| self.error(p.span().start, key, m.english()))
    }

    fn scale(&self, sc: &ScaleSpec) -> Result<ScaleRule, RuleError> {
        let bands = sc
            .band
            .iter()
            .map(|b| {
                Ok(Band {
                    range: self.interval(&b.range, "range")?,
                    text: b.range.get_ref().clone(),
                    label: b.label.clone(),
                    mutu: b.mutu.clone(),
                })
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        if bands.is_empty() {
            return Err(self.error(
                sc.id.span().start,
                "band",
                "a scale needs at least one band",
            ));
        }
        Ok(ScaleRule {
            id: sc.id.get_ref().clone(),
            name: sc.name.clone().unwrap_or_else(|| sc.id.get_ref().clone()),
            origin: self.file.to_string(),
            domain: sc
                .domain
                .as_ref()
                .map(|d| self.interval(d, "domain"))
                .transpose()?,
            bands,
        })
    }

    fn pattern(&self, p: &Spanned<String>, key: &str) -> Result<Pattern, RuleError> {
        Pattern::new(p.get_ref()).map_err(|m| self.error(p.span().start, key, m))
    }

    fn table(&self, id: &Spanned<String>, f: &RuleFile) -> Result<TableRule, RuleError> {
        let mut columns: Vec<ColumnRule> = Vec::new();
        let mut seen = HashSet::new();
        for c in &f.column {
            if !seen.insert(c.key.get_ref().clone()) {
                return Err(self.error(c.key.span().start, "key", "this column key is used twice"));
            }
            if c.header.is_empty() {
                return Err(self.error(
                    c.key.span().start,
                    "header",
                    "a column needs at least one header text",
                ));
            }
            let headers = c
                .header
                .iter()
                .map(|h| self.pattern(h, "header"))
                .collect::<Result<_, _>>()?;
            let kind = match c.kind.as_ref().map(|k| k.get_ref().as_str()) {
                None | Some("number") => ColumnKind::Number,
                Some("text") => ColumnKind::Text,
                Some("percent") => ColumnKind::Percent,
                Some("money") => ColumnKind::Money,
                Some(other) => {
                    let at = c.kind.as_ref().map_or(0, |k| k.span().start);
                    return Err(self.error(
                        at,
                        "kind",
                        format!(
                            "unknown column kind `{other}`; use text, number, percent or money"
                        ),
                    ));
                }
            };
            let after = match &c.after {
                None => None,
                Some(a) => Some(self.column(&columns, a, "after")?),
            };
            columns.push(ColumnRule {
                key: c.key.get_ref().clone(),
                headers,
                kind,
                optional: c.optional,
                many: c.many,
                after,
            });
        }
        if columns.iter().all(|c| c.optional) {
            return Err(self.error(
                id.span().start,
                "column",
                "a table rule needs at least one column that is not optional",
            ));
        }
        let mut rows = Vec::new();
        for r in &f.row {
            let column = match &r.column {
                None => None,
                Some(c) => Some(self.column(&columns, c, "column")?),
            };
            let labels = r
                .label
                .iter()
                .map(|l| self.pattern(l, "label"))
                .collect::<Result<_, _>>()?;
            rows.push(RowRule {
                kind: r.kind.get_ref().clone(),
                labels,
                column,
                section: r.section,
                from_section: r.from_section,
            });
        }
        if rows.is_empty() {
            return Err(self.error(
                id.span().start,
                "row",
                "a table rule needs at least one [[row]]: its checks apply to kinds of rows",
            ));
        }
        let known = known_kinds(&rows);
        for c in &f.check {
            let named = c
                .rows
                .iter()
                .flatten()
                .chain(c.levels.iter().flatten())
                .chain(c.total.iter())
                .chain(c.row.iter())
                .chain(c.mean.iter())
                .chain(c.weighted.iter())
                .chain(c.index.iter());
            // An efficiency check names the rows of another table, checked across files.
            if c.kind.get_ref() != "efficiency" {
                self.kinds_known(&known, named, c.kind.span().start)?;
            }
        }
        for l in &f.link {
            self.kinds_known(&known, l.rows.iter(), l.with.span().start)?;
        }
        let checks = f
            .check
            .iter()
            .map(|c| self.check(&columns, c))
            .collect::<Result<_, _>>()?;
        let links = f
            .link
            .iter()
            .map(|l| self.link(&columns, l))
            .collect::<Result<_, _>>()?;
        let nrr = f
            .nrr
            .as_ref()
            .map(|n| crate::checks::nrr::validate(n, &columns, &known))
            .transpose()
            .map_err(|(offset, key, message)| self.error(offset, key, message))?;
        Ok(TableRule {
            id: id.get_ref().clone(),
            name: f.name.clone().unwrap_or_else(|| id.get_ref().clone()),
            origin: self.file.to_string(),
            columns,
            rows,
            checks,
            links,
            nrr,
        })
    }

    /// Refuses a check or link that names a kind of row no `[[row]]` defines: such
    /// a check would silently never run.
    fn kinds_known<'k>(
        &self,
        known: &[String],
        named: impl Iterator<Item = &'k String>,
        at: usize,
    ) -> Result<(), RuleError> {
        for kind in named {
            if kind != "*" && !known.contains(kind) {
                return Err(self.error(
                    at,
                    "rows",
                    format!(
                        "no [[row]] defines the kind `{kind}` (kinds: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn column(
        &self,
        columns: &[ColumnRule],
        key: &Spanned<String>,
        what: &str,
    ) -> Result<usize, RuleError> {
        columns
            .iter()
            .position(|c| &c.key == key.get_ref())
            .ok_or_else(|| {
                let known: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
                self.error(
                    key.span().start,
                    what,
                    format!(
                        "no column `{}` is defined above (columns: {})",
                        key.get_ref(),
                        known.join(", ")
                    ),
                )
            })
    }

    fn required(
        &self,
        columns: &[ColumnRule],
        c: &CheckSpec,
        key: &Option<Spanned<String>>,
        name: &str,
    ) -> Result<usize, RuleError> {
        match key {
            Some(k) => self.column(columns, k, name),
            None => Err(self.error(
                c.kind.span().start,
                name,
                format!("a `{}` check needs `{name}`", c.kind.get_ref()),
            )),
        }
    }

    fn tolerance(&self, c: &CheckSpec) -> Result<Decimal, RuleError> {
        match &c.tolerance {
            None => Ok(Decimal::ZERO),
            Some(t) => t
                .get_ref()
                .parse::<Decimal>()
                .ok()
                .filter(|d| !d.is_sign_negative())
                .ok_or_else(|| {
                    self.error(
                        t.span().start,
                        "tolerance",
                        "a tolerance is a non-negative number written with a dot, e.g. \"0.01\"",
                    )
                }),
        }
    }

    /// Refuses keys that the check's type does not use, so a misplaced key is not silently ignored.
    fn only(&self, c: &CheckSpec, allowed: &[&str]) -> Result<(), RuleError> {
        let present = [
            ("cell", c.cell.is_some()),
            ("part", c.part.is_some()),
            ("whole", c.whole.is_some()),
            ("target", c.target.is_some()),
            ("actual", c.actual.is_some()),
            ("indicator", c.indicator.is_some()),
            ("polarity", c.polarity.is_some()),
            ("columns", c.columns.is_some()),
            ("levels", c.levels.is_some()),
            ("total", c.total.is_some()),
            ("column", c.column.is_some()),
            ("row", c.row.is_some()),
            ("from", c.from.is_some()),
            ("rows", c.rows.is_some()),
            ("alternative_rows", c.alternative_rows.is_some()),
            ("budget", c.budget.is_some()),
            ("spent", c.spent.is_some()),
            ("score", c.score.is_some()),
            ("tolerance", c.tolerance.is_some()),
            ("to", c.to.is_some()),
            ("member", c.member.is_some()),
            ("min", c.min.is_some()),
            ("max", c.max.is_some()),
            ("by", c.by.is_some()),
            ("label", c.label.is_some()),
            ("indicators", c.indicators.is_some()),
            ("scale", c.scale.is_some()),
            ("reference", c.reference.is_some()),
            ("domain", c.domain.is_some()),
            ("quarters", c.quarters.is_some()),
            ("value", c.value.is_some()),
            ("cumulative", c.cumulative.is_some()),
            ("mean", c.mean.is_some()),
            ("weighted", c.weighted.is_some()),
            ("index", c.index.is_some()),
        ];
        for (key, there) in present {
            if there && !allowed.contains(&key) {
                return Err(self.error(
                    c.kind.span().start,
                    key,
                    format!(
                        "a `{}` check does not use `{key}` (it uses: {})",
                        c.kind.get_ref(),
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
        match c.kind.get_ref().as_str() {
            "ratio" => {
                self.only(c, &["cell", "part", "whole", "rows", "tolerance"])?;
                Ok(Check::Ratio {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    part: self.required(columns, c, &c.part, "part")?,
                    whole: self.required(columns, c, &c.whole, "whole")?,
                    rows,
                    tolerance: self.tolerance(c)?,
                })
            }
            "capaian" => {
                self.only(
                    c,
                    &[
                        "cell",
                        "target",
                        "actual",
                        "indicator",
                        "polarity",
                        "rows",
                        "tolerance",
                    ],
                )?;
                let optional = |k: &Option<Spanned<String>>, name| {
                    k.as_ref()
                        .map(|k| self.column(columns, k, name))
                        .transpose()
                };
                Ok(Check::Capaian {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    target: self.required(columns, c, &c.target, "target")?,
                    actual: self.required(columns, c, &c.actual, "actual")?,
                    indicator: optional(&c.indicator, "indicator")?,
                    polarity: optional(&c.polarity, "polarity")?,
                    rows,
                    tolerance: self.tolerance(c)?,
                })
            }
            "sum" => {
                self.only(c, &["columns", "levels", "total"])?;
                let cols = c
                    .columns
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            "columns",
                            "a `sum` check needs `columns`",
                        )
                    })?;
                let levels = c.levels.clone().unwrap_or_default();
                if levels.is_empty() && c.total.is_none() {
                    return Err(self.error(
                        c.kind.span().start,
                        "levels",
                        "a `sum` check needs `levels`, `total` or both",
                    ));
                }
                Ok(Check::Sum {
                    columns: cols
                        .iter()
                        .map(|k| self.column(columns, k, "columns"))
                        .collect::<Result<_, _>>()?,
                    levels,
                    total: c.total.clone(),
                })
            }
            "tree" | "add" => {
                let is_tree = c.kind.get_ref() == "tree";
                if is_tree {
                    self.only(c, &["by", "columns"])?;
                } else {
                    self.only(c, &["cell", "columns"])?;
                }
                let cols = c
                    .columns
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            "columns",
                            format!("a `{}` check needs `columns`", c.kind.get_ref()),
                        )
                    })?
                    .iter()
                    .map(|k| self.column(columns, k, "columns"))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(if is_tree {
                    Check::Tree {
                        by: self.required(columns, c, &c.by, "by")?,
                        columns: cols,
                    }
                } else {
                    Check::Add {
                        cell: self.required(columns, c, &c.cell, "cell")?,
                        parts: cols,
                    }
                })
            }
            "hierarchy" => {
                self.only(c, &["column", "row"])?;
                Ok(Check::Hierarchy {
                    column: self.required(columns, c, &c.column, "column")?,
                    program: c.row.clone().ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            "row",
                            "a `hierarchy` check needs `row`, the kind of row of a program",
                        )
                    })?,
                })
            }
            "recap" => {
                self.only(c, &["column", "total", "mean", "weighted", "index"])?;
                Ok(Check::Recap {
                    column: self.required(columns, c, &c.column, "column")?,
                    total: c.total.clone(),
                    mean: c.mean.clone().ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            "mean",
                            "a `recap` check needs `mean`, the kind of row that states each NRR",
                        )
                    })?,
                    weighted: c.weighted.clone(),
                    index: c.index.clone(),
                })
            }
            "average" => {
                self.only(c, &["column", "row", "rows", "tolerance"])?;
                Ok(Check::Average {
                    column: self.required(columns, c, &c.column, "column")?,
                    row: c.row.clone().ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            "row",
                            "an `average` check needs `row`, the kind of row that states the mean",
                        )
                    })?,
                    rows,
                    tolerance: self.tolerance(c)?,
                })
            }
            "efficiency" => {
                self.only(
                    c,
                    &[
                        "cell",
                        "score",
                        "from",
                        "rows",
                        "alternative_rows",
                        "budget",
                        "spent",
                        "target",
                        "actual",
                    ],
                )?;
                let name = |k: &Option<Spanned<String>>, key: &str| {
                    k.as_ref().map(|s| s.get_ref().clone()).ok_or_else(|| {
                        self.error(
                            c.kind.span().start,
                            key,
                            format!("an `efficiency` check needs `{key}`"),
                        )
                    })
                };
                Ok(Check::Efficiency {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    score: c
                        .score
                        .as_ref()
                        .map(|k| self.column(columns, k, "score"))
                        .transpose()?,
                    from: name(&c.from, "from")?,
                    rows: if rows.is_empty() {
                        vec!["kegiatan".into()]
                    } else {
                        rows
                    },
                    alternative_rows: c.alternative_rows.clone().unwrap_or_default(),
                    budget: name(&c.budget, "budget")?,
                    spent: name(&c.spent, "spent")?,
                    target: name(&c.target, "target")?,
                    actual: name(&c.actual, "actual")?,
                })
            }
            "equal" => {
                self.only(c, &["cell", "to", "member"])?;
                let last = match c.member.as_ref().map(|m| m.get_ref().as_str()) {
                    None | Some("first") => false,
                    Some("last") => true,
                    Some(other) => {
                        let at = c.member.as_ref().map_or(0, |m| m.span().start);
                        return Err(self.error(at, "member", format!("`{other}`: use first or last")));
                    }
                };
                Ok(Check::Equal {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    to: self.required(columns, c, &c.to, "to")?,
                    last,
                    code: Code::TargetMismatch,
                })
            }
            "range" => {
                self.only(c, &["column", "min", "max"])?;
                let num = |k: &Option<Spanned<String>>, key: &str| {
                    let v = k.as_ref().ok_or_else(|| self.error(c.kind.span().start, key, format!("a `range` check needs `{key}`")))?;
                    v.get_ref()
                        .parse::<Decimal>()
                        .map_err(|_| self.error(v.span().start, key, "write a number with a dot, e.g. \"100\" or \"88.31\""))
                };
                Ok(Check::Range {
                    column: self.required(columns, c, &c.column, "column")?,
                    min: num(&c.min, "min")?,
                    max: num(&c.max, "max")?,
                })
            }
            "repeat" => {
                self.only(c, &["by", "columns", "rows"])?;
                let cols = c
                    .columns
                    .as_ref()
                    .filter(|v| !v.is_empty())
                    .ok_or_else(|| self.error(c.kind.span().start, "columns", "a `repeat` check needs `columns`"))?;
                Ok(Check::Repeat {
                    by: self.required(columns, c, &c.by, "by")?,
                    columns: cols.iter().map(|k| self.column(columns, k, "columns")).collect::<Result<_, _>>()?,
                    rows,
                })
            }
            "index" => {
                self.only(c, &["cell", "indicator", "indicators", "from", "column"])?;
                let from = c.from.as_ref().ok_or_else(|| {
                    self.error(c.kind.span().start, "from", "an `index` check needs `from`, the rule of the elements' table")
                })?;
                let column = c.column.as_ref().ok_or_else(|| {
                    self.error(c.kind.span().start, "column", "an `index` check needs `column`, the elements' value column in `from`")
                })?;
                Ok(Check::Index {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    indicator: c.indicator.as_ref().map(|k| self.column(columns, k, "indicator")).transpose()?,
                    indicators: c.indicators.iter().flatten().map(|p| self.pattern(p, "indicators")).collect::<Result<_, _>>()?,
                    from: from.get_ref().clone(),
                    column: column.get_ref().clone(),
                })
            }
            "quarters" => {
                self.only(c, &["target", "quarters", "indicator", "cumulative"])?;
                Ok(Check::Quarters {
                    target: self.required(columns, c, &c.target, "target")?,
                    quarters: self.required(columns, c, &c.quarters, "quarters")?,
                    indicator: c.indicator.as_ref().map(|k| self.column(columns, k, "indicator")).transpose()?,
                    cumulative: c.cumulative.as_ref().map(|k| self.column(columns, k, "cumulative")).transpose()?,
                })
            }
            "scale" => {
                self.only(c, &["column", "label", "reference", "domain"])?;
                Ok(Check::Scale {
                    column: self.required(columns, c, &c.column, "column")?,
                    label: self.required(columns, c, &c.label, "label")?,
                    reference: c.reference.as_ref().map(|r| r.get_ref().clone()),
                    domain: c.domain.as_ref().map(|d| self.interval(d, "domain")).transpose()?,
                })
            }
            "category" => {
                self.only(c, &["cell", "value", "scale"])?;
                let scale = c.scale.as_ref().ok_or_else(|| {
                    self.error(c.kind.span().start, "scale", "a `category` check needs `scale`: a scale id, or the id of a rule whose table states a scale")
                })?;
                Ok(Check::Category {
                    cell: self.required(columns, c, &c.cell, "cell")?,
                    value: self.required(columns, c, &c.value, "value")?,
                    scale: scale.get_ref().clone(),
                })
            }
            other => Err(self.error(
                c.kind.span().start,
                "type",
                format!("unknown check type `{other}`; use ratio, capaian, sum, average, efficiency, equal, range, repeat, index, quarters, scale, category, recap, hierarchy, tree or add"),
            )),
        }
    }

    fn link(&self, columns: &[ColumnRule], l: &LinkSpec) -> Result<Link, RuleError> {
        let by = match (&l.by, &l.other_by) {
            (Some(b), o) => Some((
                self.column(columns, b, "by")?,
                o.as_ref().unwrap_or(b).get_ref().clone(),
            )),
            (None, Some(o)) => {
                return Err(self.error(o.span().start, "other_by", "`other_by` needs `by`"))
            }
            (None, None) => None,
        };
        let pairs =
            |v: &[[Spanned<String>; 2]], key: &str| -> Result<Vec<(usize, String)>, RuleError> {
                v.iter()
                    .map(|[a, b]| Ok((self.column(columns, a, key)?, b.get_ref().clone())))
                    .collect()
            };
        let code = match &l.code {
            None => Code::CrossTableMismatch,
            Some(c) => match Code::from_name(c.get_ref()) {
                Some(
                    code @ (Code::CrossTableMismatch | Code::BudgetRevised | Code::TargetMismatch),
                ) => code,
                _ => {
                    return Err(self.error(
                        c.span().start,
                        "code",
                        "a link reports cross-table-mismatch, budget-revised or target-mismatch",
                    ))
                }
            },
        };
        let severity = match &l.severity {
            None => code.default_severity(),
            Some(s) => match s.get_ref().as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                "info" => Severity::Info,
                _ => {
                    return Err(self.error(
                        s.span().start,
                        "severity",
                        "use error, warning or info",
                    ))
                }
            },
        };
        let compare = l
            .compare
            .iter()
            .map(|[a, b]| {
                let (key, select) = match b.get_ref().split_once('@') {
                    None => (b.get_ref().as_str(), Select::First),
                    Some((k, "last")) => (k, Select::Last),
                    Some((k, "year")) => (k, Select::Year),
                    Some((_, other)) => {
                        return Err(self.error(
                            b.span().start,
                            "compare",
                            format!("`@{other}`: use @last or @year"),
                        ))
                    }
                };
                Ok(Compare {
                    this: self.column(columns, a, "compare")?,
                    other: key.to_string(),
                    select,
                })
            })
            .collect::<Result<Vec<_>, RuleError>>()?;
        if l.compare.is_empty() && l.labels.is_empty() {
            return Err(self.error(
                l.with.span().start,
                "compare",
                "a link needs `compare`, `labels` or both",
            ));
        }
        Ok(Link {
            with: l.with.get_ref().clone(),
            rows: l.rows.clone(),
            other_rows: l.other_rows.clone().unwrap_or_else(|| l.rows.clone()),
            by,
            compare,
            labels: pairs(&l.labels, "labels")?,
            code,
            severity,
            unmatched: l.unmatched.unwrap_or(true),
            tolerance: match &l.tolerance {
                None => Decimal::ZERO,
                Some(t) => t.get_ref().parse::<Decimal>().ok().filter(|d| !d.is_sign_negative()).ok_or_else(|| {
                    self.error(t.span().start, "tolerance", "a tolerance is a non-negative number written with a dot, e.g. \"0.01\"")
                })?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str) -> Result<Rules, RuleError> {
        let mut r = Rules::default();
        r.add_file("test.toml", text)?;
        Ok(r)
    }

    #[test]
    fn built_in_rules_load() {
        let rules = Rules::built_in().expect("built-in rules are valid");
        assert!(rules.table("realisasi-anggaran").is_some());
        assert!(!rules.negative.is_empty());
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err =
            add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\ncolour = 1\n").unwrap_err();
        assert_eq!(err.file, "test.toml");
        assert_eq!(err.line, 5);
        assert!(err.message.contains("colour"), "{err}");
    }

    #[test]
    fn bad_pattern_names_its_line() {
        let err = add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"regex:(\"]\n").unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (4, "header"));
    }

    #[test]
    fn relation_over_missing_column_is_refused() {
        let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"r\"\n[[check]]\ntype = \"ratio\"\ncell = \"a\"\npart = \"b\"\nwhole = \"a\"\n";
        let err = add(text).unwrap_err();
        assert_eq!((err.line, err.key.as_str()), (10, "part"));
        assert!(err.message.contains("no column `b`"), "{err}");
    }

    #[test]
    fn key_of_another_check_type_is_refused() {
        let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"total\"\n[[check]]\ntype = \"sum\"\ncolumns = [\"a\"]\ntotal = \"total\"\ncell = \"a\"\n";
        let err = add(text).unwrap_err();
        assert_eq!(err.key, "cell");
    }

    #[test]
    fn link_to_unknown_rule_is_refused() {
        let mut r = Rules::default();
        r.add_file("t.toml", "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"program\"\n[[link]]\nwith = \"nope\"\nrows = [\"program\"]\ncompare = [[\"a\", \"a\"]]\n").unwrap();
        let err = r.validate_links().unwrap_err();
        assert!(err.message.contains("nope"), "{err}");
    }

    #[test]
    fn check_over_an_undefined_row_kind_is_refused() {
        let text = "id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n[[row]]\nkind = \"average\"\n[[check]]\ntype = \"average\"\ncolumn = \"a\"\nrow = \"averag\"\n";
        let err = add(text).unwrap_err();
        assert_eq!(err.line, 8);
        assert!(err.message.contains("`averag`"), "{err}");
    }

    #[test]
    fn rule_without_rows_is_refused() {
        let err = add("id = \"x\"\n[[column]]\nkey = \"a\"\nheader = [\"A\"]\n").unwrap_err();
        assert_eq!(err.key, "row");
    }
}
