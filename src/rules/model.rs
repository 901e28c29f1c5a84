//! The validated model the engine works from: table kinds, their columns, row
//! kinds and checks, the category scales, and the rules as loaded.

use super::*;

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
    /// What the row means to the engine, whatever the rules call its kind.
    pub role: Option<RowRole>,
    pub labels: Vec<Pattern>,
    pub column: Option<usize>,
    /// A heading row (`Tujuan`, `Sasaran`): the rows below it belong to its section.
    pub section: bool,
    /// The row's kind is its section's name (`tujuan`, `sasaran`) when it has one.
    pub from_section: bool,
}

/// What a kind of row means to the engine. A rules file names its kinds as its
/// tables do (`jumlah`, `rata-rata`); `role` says which of these a kind is, and a
/// kind named after a role (`total`, `average`, `section`, `ikm`) has that role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRole {
    /// A total (JUMLAH, TOTAL): the sum of the rows above it; never one of them.
    Total,
    /// A mean (Rata-rata) of the rows above it.
    Average,
    /// A heading (Tujuan, Sasaran) with no figure of its own.
    Section,
    /// An index (the IKM): a figure made of the elements above it.
    Index,
}

impl RowRole {
    /// The role a rules file writes (`role = "total"`), or the one a kind named
    /// after it has.
    pub fn from_word(word: &str) -> Option<RowRole> {
        match word {
            "total" => Some(RowRole::Total),
            "average" => Some(RowRole::Average),
            "section" => Some(RowRole::Section),
            "ikm" | "index" => Some(RowRole::Index),
            _ => None,
        }
    }

    /// The words a rules file may write for a role.
    pub const WORDS: &'static [&'static str] = &["total", "average", "section", "index"];
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
        /// The rows are years (an IKM per year): the row of the year the
        /// elements' table names in its caption is the one held to them.
        of_year: bool,
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
        /// Where the table holds this column, the category is of its figure
        /// instead (a "Rata-rata" beside TW I … TW IV).
        prefer: Option<usize>,
        scale: String,
    },
    /// Each row with a kode is the sum of the rows whose kode extends it, in
    /// each of `columns` (`checks::tree`); `by` is the (many) kode column.
    Tree { by: usize, columns: Vec<usize> },
    /// `cell` = the sum of `parts` less the sum of `less`, in the same row
    /// (`checks::add`): total = operasi + modal; sisa = anggaran − realisasi.
    Add {
        cell: usize,
        parts: Vec<usize>,
        less: Vec<usize>,
        /// `cell` comes from another document (an RAK's nilai rincian, from
        /// the DPA): where the parts miss it, the mistake is among them.
        given: bool,
    },
    /// `cell` is at most `limit` in the same row (`checks::limit`).
    AtMost { cell: usize, limit: usize },
    /// `cell` = the mean of the members of `of` in the same row
    /// (`checks::mean`): a "Rata-rata" beside TW I … TW IV.
    Mean { cell: usize, of: usize },
    /// A table whose levels only its figures show (`checks::hierarchy`): the rows
    /// above the first `program` row sum the programs; each program's kegiatan
    /// are the rows adding up to it, each the sum of the rows under it.
    Hierarchy { column: usize, program: String },
    /// The detail sheet of the evaluators' worksheet of SAKIP (`checks::kke`):
    /// `levels` names the kinds of row of a sub-komponen, a kriteria and a bukti
    /// dukung. The kriteria's `criterion_weight` add up to their sub-komponen's
    /// `weight`, the bukti's `evidence_weight` to their kriteria's; per stage
    /// (the members of `answer`, `coefficient`, `score`) each answer's
    /// coefficient is the one the worksheet's own rule gives it, each nilai is
    /// coefficient × bobot, a sub-komponen's nilai the sum of its rows', and the
    /// resume (`from`, matched `by` kode, its `column`) states that sum.
    Kke {
        levels: [String; 3],
        weight: usize,
        criterion_weight: Option<usize>,
        evidence_weight: Option<usize>,
        answer: usize,
        coefficient: usize,
        score: usize,
        by: Option<usize>,
        from: Option<String>,
        column: Option<String>,
    },
    /// An SKM recapitulation with the unsur as the members of `column`: the
    /// `total` row sums the respondents, the `mean` row is the NRR, the
    /// `weighted` row NRR × 1/n, the `index` row the IKM and the `converted`
    /// row the IKM × 25 where the index is on the 1–4 scale, the `category` row
    /// its mutu; where `respondent`
    /// names a kind, only rows of it are respondents (`checks::recap`).
    Recap {
        column: usize,
        total: Option<String>,
        mean: String,
        weighted: Option<String>,
        index: Option<String>,
        converted: Option<String>,
        respondent: Option<String>,
        /// The row kind stating the IKM's mutu, and the scale that bands it.
        category: Option<(String, String)>,
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
    /// For surveys up to the year `.1`, this scale stands in for scale `.0`
    /// (Kepmenpan 25/2004's bands before PermenPAN-RB 14/2017's).
    pub instead_of: Option<(String, u32)>,
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
    /// Every member, added up (a recap's components: `komponen@all`).
    All,
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
    /// A recap of the other table: each row here is the sum of the other
    /// table's rows (of every table of that kind) whose names in these columns
    /// (this table's, the other's) are its own (`checks::group_sum`).
    pub group: Vec<(usize, String)>,
}

#[derive(Debug, Clone)]
pub struct TableRule {
    pub id: String,
    pub name: String,
    /// The regulation that sets the table's form or its formulas, where one does
    /// (`PermenPAN-RB 14/2017`), as `selaras rules` names it.
    pub regulation: Option<String>,
    /// The predikat row under the table: the scale, and the label patterns of
    /// the row whose figure it names (`checks::predikat`).
    pub predikat: Option<(String, Vec<Pattern>)>,
    /// The sample-size table the survey's respondents are held to.
    pub sample: Option<String>,
    /// Where the rule came from: `built-in rules/x.toml` or the user's path.
    pub origin: String,
    pub columns: Vec<ColumnRule>,
    pub rows: Vec<RowRule>,
    pub checks: Vec<Check>,
    pub links: Vec<Link>,
    /// The column that may hold NRR instead of NRR x 25, and how to tell.
    pub nrr: Option<crate::checks::nrr::spec::NrrRule>,
    /// Header paths (all its header lines, joined by ` > `) of the columns
    /// whose figures only grow through the year: `selaras diff` between two
    /// periods says one that went down (`cumulative-decrease`).
    pub cumulative: Vec<crate::text::Pattern>,
    /// The columns a realisation export and a report's budget table both
    /// state (`selaras reconcile --budget`).
    pub ledger: Option<Ledger>,
}

/// A budget table's anggaran and realisasi columns (indices into `columns`),
/// and the kode of the accounts (rekening) an export lists under each sub
/// kegiatan.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub anggaran: Option<usize>,
    pub realisasi: Option<usize>,
    pub accounts: Vec<crate::text::Pattern>,
}

impl Ledger {
    /// The column of `figure` (anggaran or realisasi).
    pub fn column(&self, figure: LedgerFigure) -> Option<usize> {
        match figure {
            LedgerFigure::Anggaran => self.anggaran,
            LedgerFigure::Realisasi => self.realisasi,
        }
    }
}

/// A figure the books of record hold for a program, kegiatan or sub kegiatan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerFigure {
    Anggaran,
    Realisasi,
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
    /// Indicators that state a level (a percentage, an index, a ratio): the
    /// year's figure of their quarters is the last quarter's or their mean
    /// (DOMAIN's consistency rule 5), not only their sum.
    pub level: Vec<Pattern>,
    /// Indicators negative although a `positive` pattern names them ("Persentase
    /// temuan yang belum ditindaklanjuti": the fewer left, the better).
    pub negative_first: Vec<Pattern>,
    /// The words a Polaritas column says a negative indicator with ("Negatif",
    /// "Minimize", "Menurun"), as the rules write them (`checks::capaian`).
    pub polarity_negative: Vec<String>,
    /// The words it says a positive indicator with ("Positif", "Maximize").
    pub polarity_positive: Vec<String>,
    /// How indicator names compared between tables are read (`checks::wording`).
    pub wording: crate::checks::wording::Wording,
    pub scales: Vec<ScaleRule>,
    /// Tables of the smallest sample of a survey (`checks::sample`).
    pub samples: Vec<SampleRule>,
    /// How a Word draft's sentences cite the tables' figures (`crate::docx::claims`).
    pub claims: Vec<crate::docx::claims::Claim>,
    /// What the evaluator's reading of a draft looks for (`crate::docx::reading`).
    pub reading: crate::docx::reading::spec::Reading,
}

/// The smallest sample a survey of a population needs, as a table
/// (Krejcie & Morgan's, which PermenPAN-RB 14/2017 cites).
#[derive(Debug, Clone)]
pub struct SampleRule {
    pub id: String,
    pub name: String,
    pub population: Vec<Pattern>,
    pub respondents: Vec<Pattern>,
    /// (population, smallest sample), rising in the population.
    pub sizes: Vec<(u64, u64)>,
}

impl SampleRule {
    /// The smallest sample for `population`: the table's row of the first
    /// population at or above it (the last row beyond the table), with that row.
    pub fn needed(&self, population: u64) -> Option<(u64, u64)> {
        self.sizes
            .iter()
            .find(|(n, _)| *n >= population)
            .or(self.sizes.last())
            .map(|&(n, s)| (n, s.min(population)))
    }
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
    /// Adds a file's phrases of the evaluator's reading (`[[trend]]`, `[[list]]`,
    /// `[[year]]`, `[[unit]]`), each checked against its example.
    fn add_reading(&mut self, parsed: &RuleFile, ctx: &Ctx) -> Result<(), RuleError> {
        let reading_error = |kind: &str, id: &str, (key, message): (&str, String)| {
            ctx.error(0, key, format!("[[{kind}]] '{id}': {message}"))
        };
        for t in &parsed.trend {
            self.reading
                .add_trend(t)
                .map_err(|e| reading_error("trend", &t.id, e))?;
        }
        for l in &parsed.list {
            self.reading
                .add_list(l)
                .map_err(|e| reading_error("list", &l.id, e))?;
        }
        for y in &parsed.year {
            self.reading
                .add_year(y)
                .map_err(|e| reading_error("year", &y.id, e))?;
        }
        for u in &parsed.unit {
            self.reading
                .add_unit(u)
                .map_err(|e| reading_error("unit", &u.id, e))?;
        }
        Ok(())
    }

    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), RuleError> {
        let ctx = Ctx { file, text };
        let (parsed, checks) = parse(&ctx)?;
        same_vocabulary(&parsed, &ctx)?;
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
            for p in &ind.level {
                self.level.push(ctx.pattern(p, "level")?);
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
        if let Some(w) = &parsed.wording {
            self.add_wording(w, &ctx)?;
        }
        for sc in &parsed.scale {
            let scale = ctx.scale(sc)?;
            self.scales.retain(|s| s.id != scale.id);
            self.scales.push(scale);
        }
        for s in &parsed.sample_size {
            let sample = ctx.sample(s)?;
            self.samples.retain(|x| x.id != sample.id);
            self.samples.push(sample);
        }
        for c in &parsed.claim {
            let claim = crate::docx::claims::validate(c, file)
                .map_err(|(offset, key, message)| ctx.error(offset, key, message))?;
            self.claims.retain(|x| x.id != claim.id);
            self.claims.push(claim);
        }
        self.add_reading(&parsed, &ctx)?;
        let Some(id) = &parsed.id else {
            if !parsed.column.is_empty() || !checks.is_empty() || !parsed.link.is_empty() {
                return Err(ctx.error(0, "id", "a table rule needs an `id`"));
            }
            return Ok(());
        };
        let table = ctx.table(id, &parsed, checks)?;
        self.tables.retain(|t| t.id != table.id);
        self.tables.push(table);
        Ok(())
    }

    pub fn table(&self, id: &str) -> Option<&TableRule> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// A scale that stands in for another names one that exists.
    fn validate_scales(&self) -> Result<(), RuleError> {
        for s in &self.scales {
            if let Some((of, _)) = &s.instead_of {
                if !self.scales.iter().any(|o| &o.id == of) {
                    return Err(RuleError {
                        file: s.origin.clone(),
                        line: 0,
                        key: "instead_of".into(),
                        message: format!(
                            "scale `{}` stands in for `{of}`, which no scale defines",
                            s.id
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// A table rule's names of scales and sample tables: each one some rule
    /// defines (else the name and the key that names it).
    fn validate_named<'t>(&self, t: &'t TableRule) -> Result<(), (&'t str, &'static str)> {
        if let Some(s) = &t.sample {
            if !self.samples.iter().any(|x| &x.id == s) {
                return Err((s, "sample"));
            }
        }
        if let Some((scale, _)) = &t.predikat {
            if !self.scales.iter().any(|s| &s.id == scale) {
                return Err((scale, "predikat.scale"));
            }
        }
        if let Some(n) = &t.nrr {
            if !self.scales.iter().any(|s| s.id == n.scale) {
                return Err((&n.scale, "nrr.scale"));
            }
        }
        Ok(())
    }

    /// Cross-file references: a link or an efficiency check names another rule's columns.
    pub(super) fn validate_links(&self) -> Result<(), RuleError> {
        self.validate_scales()?;
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
                    .chain(link.by.as_ref().map(|(_, o)| o))
                    .chain(link.group.iter().map(|(_, o)| o));
                for col in names {
                    if other.column_index(col).is_none() {
                        return Err(missing(&format!("{}.{col}", other.id), "compare"));
                    }
                }
            }
            self.validate_named(t)
                .map_err(|(other, what)| missing(other, what))?;
            for check in &t.checks {
                if let Check::Index { from, column, .. } = check {
                    let other = self.table(from).ok_or_else(|| missing(from, "from"))?;
                    if other.column_index(column).is_none() {
                        return Err(missing(&format!("{from}.{column}"), "column"));
                    }
                }
                let scale = match check {
                    Check::Category { scale, .. } => Some(scale),
                    Check::Recap {
                        category: Some((_, scale)),
                        ..
                    } => Some(scale),
                    _ => None,
                };
                if let Some(scale) = scale {
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

impl Rules {
    /// A rules file's `[wording]`: each word one lower-case word, an
    /// abbreviation's meaning some words.
    fn add_wording(&mut self, spec: &WordingSpec, ctx: &Ctx) -> Result<(), RuleError> {
        let word = |w: &Spanned<String>, key: &str| -> Result<String, RuleError> {
            let k = crate::text::name_key(w.get_ref());
            if k.is_empty() || k.contains(' ') {
                return Err(ctx.error(w.span().start, key, "write one word"));
            }
            Ok(k)
        };
        let wording = &mut self.wording;
        for (short, long) in &spec.abbreviations {
            let k = crate::text::name_key(short);
            let meaning = crate::text::name_key(long.get_ref());
            if k.is_empty() || k.contains(' ') || meaning.is_empty() {
                return Err(ctx.error(
                    long.span().start,
                    "abbreviations",
                    "an abbreviation is one word, and its meaning some words",
                ));
            }
            wording.abbreviations.retain(|(a, _)| *a != k);
            wording.abbreviations.push((k, meaning));
        }
        for (list, into, key) in [
            (&spec.fillers, &mut wording.fillers, "fillers"),
            (&spec.measures, &mut wording.measures, "measures"),
            (&spec.counts, &mut wording.counts, "counts"),
        ] {
            for w in list {
                let k = word(w, key)?;
                if !into.contains(&k) {
                    into.push(k);
                }
            }
        }
        Ok(())
    }
}

/// The vocabulary is built in: a rules folder may hold a copy of it (a copy of
/// the whole folder), but a changed one would change nothing, and says so.
/// A rules file as written, and its `[[check]]` tables apart: they are taken
/// out first, each kind of check reading its own keys.
fn parse<'t>(ctx: &Ctx<'t>) -> Result<(RuleFile, Vec<Spanned<DeValue<'t>>>), RuleError> {
    let syntax = |e: toml::de::Error| RuleError {
        file: ctx.file.to_string(),
        line: e.span().map(|s| line_of(ctx.text, s.start)).unwrap_or(0),
        key: String::new(),
        message: e.message().trim().to_string(),
    };
    let mut root = toml::de::DeTable::parse(ctx.text).map_err(syntax)?;
    let checks = match root.get_mut().remove("check") {
        None => Vec::new(),
        Some(c) => {
            let at = c.span().start;
            match c.into_inner() {
                DeValue::Array(list) => list.into_iter().collect(),
                _ => {
                    return Err(ctx.error(
                        at,
                        "check",
                        "`check` is a list of tables: write each as [[check]]",
                    ))
                }
            }
        }
    };
    let parsed = RuleFile::deserialize(toml::de::Deserializer::from(root)).map_err(syntax)?;
    Ok((parsed, checks))
}

fn same_vocabulary(parsed: &RuleFile, ctx: &Ctx) -> Result<(), RuleError> {
    match &parsed.vocabulary {
        Some(v) if v.get_ref() != super::vocabulary::words() => Err(ctx.error(
            v.span().start,
            "vocabulary",
            "the vocabulary (rules/kosakata.toml) is built in and --rules cannot change it: keep the file as shipped, or remove it from this folder",
        )),
        _ => Ok(()),
    }
}
