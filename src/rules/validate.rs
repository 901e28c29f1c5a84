//! From the file as written to the model: every pattern compiled, every column a
//! check names known, every key checked, each error naming the file, line and key.

use super::*;

pub(super) fn known_kinds(rows: &[RowRule]) -> Vec<String> {
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

pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl Ctx<'_> {
    pub(super) fn error(&self, offset: usize, key: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            file: self.file.to_string(),
            line: line_of(self.text, offset),
            key: key.to_string(),
            message: message.into(),
        }
    }

    pub(super) fn interval(&self, p: &Spanned<String>, key: &str) -> Result<Interval, RuleError> {
        parse_range(p.get_ref()).map_err(|m| self.error(p.span().start, key, m.english()))
    }

    /// A `[[sample_size]]` table: populations rising, each sample at most its population.
    pub(super) fn sample(&self, s: &SampleSpec) -> Result<SampleRule, RuleError> {
        let sizes: Vec<(u64, u64)> = s.sizes.get_ref().iter().map(|[n, m]| (*n, *m)).collect();
        let rising = sizes
            .windows(2)
            .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1);
        if sizes.is_empty() || !rising || sizes.iter().any(|(n, m)| m > n) {
            return Err(self.error(
                s.sizes.span().start,
                "sizes",
                "a sample table lists [population, sample] pairs, populations rising, each sample at most its population",
            ));
        }
        let patterns = |list: &[Spanned<String>], key: &str| {
            list.iter()
                .map(|p| self.pattern(p, key))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(SampleRule {
            id: s.id.get_ref().clone(),
            name: s.name.clone(),
            population: patterns(&s.population, "population")?,
            respondents: patterns(&s.respondents, "respondents")?,
            sizes,
        })
    }

    pub(super) fn scale(&self, sc: &ScaleSpec) -> Result<ScaleRule, RuleError> {
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
        let instead_of = match (&sc.instead_of, sc.until) {
            (Some(of), Some(until)) => Some((of.get_ref().clone(), until)),
            (None, None) => None,
            (Some(of), None) => {
                return Err(self.error(
                    of.span().start,
                    "until",
                    "a scale that stands in for another needs `until`, the last survey year it applies to",
                ))
            }
            (None, Some(_)) => {
                return Err(self.error(
                    sc.id.span().start,
                    "instead_of",
                    "`until` needs `instead_of`, the scale this one stands in for",
                ))
            }
        };
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
            instead_of,
        })
    }

    pub(super) fn pattern(&self, p: &Spanned<String>, key: &str) -> Result<Pattern, RuleError> {
        Pattern::new(p.get_ref()).map_err(|m| self.error(p.span().start, key, m))
    }

    pub(super) fn table(
        &self,
        id: &Spanned<String>,
        f: &RuleFile,
        checks: Vec<Spanned<DeValue<'_>>>,
    ) -> Result<TableRule, RuleError> {
        let columns = self.columns(id, f)?;
        let rows = self.rows(id, f, &columns)?;
        let known = known_kinds(&rows);
        self.named_kinds_known(&known, f)?;
        let checks = checks
            .into_iter()
            .map(|c| self.check(&columns, &known, c))
            .collect::<Result<_, _>>()?;
        let links = f
            .link
            .iter()
            .map(|l| self.link(&columns, l))
            .collect::<Result<_, _>>()?;
        let nrr = f
            .nrr
            .as_ref()
            .map(|n| {
                let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
                crate::checks::nrr::spec::validate(n, &keys, &known)
            })
            .transpose()
            .map_err(|(offset, key, message)| self.error(offset, key, message))?;
        let cumulative = f
            .cumulative
            .iter()
            .map(|p| self.pattern(p, "cumulative"))
            .collect::<Result<_, _>>()?;
        let predikat = f
            .predikat
            .as_ref()
            .map(|p| -> Result<(String, Vec<Pattern>), RuleError> {
                let value = p
                    .value
                    .iter()
                    .map(|v| self.pattern(v, "predikat.value"))
                    .collect::<Result<_, _>>()?;
                Ok((p.scale.get_ref().clone(), value))
            })
            .transpose()?;
        let ledger = f
            .ledger
            .as_ref()
            .map(|l| -> Result<Ledger, RuleError> {
                let column = |k: &Option<Spanned<String>>, what: &str| {
                    k.as_ref()
                        .map(|k| self.column(&columns, k, what))
                        .transpose()
                };
                Ok(Ledger {
                    anggaran: column(&l.anggaran, "anggaran")?,
                    realisasi: column(&l.realisasi, "realisasi")?,
                    accounts: l
                        .accounts
                        .iter()
                        .map(|p| self.pattern(p, "accounts"))
                        .collect::<Result<_, _>>()?,
                })
            })
            .transpose()?;
        Ok(TableRule {
            id: id.get_ref().clone(),
            name: f.name.clone().unwrap_or_else(|| id.get_ref().clone()),
            regulation: f.regulation.clone(),
            predikat,
            sample: f.sample.as_ref().map(|s| s.get_ref().clone()),
            origin: self.file.to_string(),
            columns,
            rows,
            checks,
            links,
            nrr,
            cumulative,
            ledger,
        })
    }

    /// The table's `[[column]]`s, each key used once; at least one must not be optional.
    fn columns(&self, id: &Spanned<String>, f: &RuleFile) -> Result<Vec<ColumnRule>, RuleError> {
        let mut columns: Vec<ColumnRule> = Vec::new();
        let mut seen = HashSet::new();
        for c in &f.column {
            if !seen.insert(c.key.get_ref().clone()) {
                return Err(self.error(c.key.span().start, "key", "this column key is used twice"));
            }
            let column = self.column_rule(&columns, c)?;
            columns.push(column);
        }
        if columns.iter().all(|c| c.optional) {
            return Err(self.error(
                id.span().start,
                "column",
                "a table rule needs at least one column that is not optional",
            ));
        }
        Ok(columns)
    }

    /// One `[[column]]`: its header patterns, its kind, and the column it comes
    /// after (among the `columns` before it).
    fn column_rule(&self, columns: &[ColumnRule], c: &ColumnSpec) -> Result<ColumnRule, RuleError> {
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
        let kind = self.column_kind(c)?;
        let after = match &c.after {
            None => None,
            Some(a) => Some(self.column(columns, a, "after")?),
        };
        Ok(ColumnRule {
            key: c.key.get_ref().clone(),
            headers,
            kind,
            optional: c.optional,
            many: c.many,
            after,
        })
    }

    /// The kind a `[[column]]` names (number when it names none).
    fn column_kind(&self, c: &ColumnSpec) -> Result<ColumnKind, RuleError> {
        Ok(match c.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("number") => ColumnKind::Number,
            Some("text") => ColumnKind::Text,
            Some("percent") => ColumnKind::Percent,
            Some("money") => ColumnKind::Money,
            Some(other) => {
                let at = c.kind.as_ref().map_or(0, |k| k.span().start);
                return Err(self.error(
                    at,
                    "kind",
                    format!("unknown column kind `{other}`; use text, number, percent or money"),
                ));
            }
        })
    }

    /// The table's `[[row]]`s, at least one, each with its label patterns and the
    /// column it reads.
    fn rows(
        &self,
        id: &Spanned<String>,
        f: &RuleFile,
        columns: &[ColumnRule],
    ) -> Result<Vec<RowRule>, RuleError> {
        let mut rows = Vec::new();
        for r in &f.row {
            let column = match &r.column {
                None => None,
                Some(c) => Some(self.column(columns, c, "column")?),
            };
            let labels = r
                .label
                .iter()
                .map(|l| self.pattern(l, "label"))
                .collect::<Result<_, _>>()?;
            let role = match &r.role {
                None => RowRole::from_word(r.kind.get_ref()),
                Some(w) => Some(RowRole::from_word(w.get_ref()).ok_or_else(|| {
                    self.error(
                        w.span().start,
                        "role",
                        format!(
                            "`{}` is not a role; use {}",
                            w.get_ref(),
                            RowRole::WORDS.join(", ")
                        ),
                    )
                })?),
            };
            rows.push(RowRule {
                kind: r.kind.get_ref().clone(),
                role,
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
        Ok(rows)
    }

    /// Refuses a link of the table that names a kind of row the table's
    /// `[[row]]`s do not define (a check's kinds are refused as it is built).
    fn named_kinds_known(&self, known: &[String], f: &RuleFile) -> Result<(), RuleError> {
        for l in &f.link {
            self.kinds_known(known, l.rows.iter(), l.with.span().start)?;
        }
        Ok(())
    }

    /// Refuses a check or link that names a kind of row no `[[row]]` defines: such
    /// a check would silently never run.
    pub(super) fn kinds_known<'k>(
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

    pub(super) fn column(
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

    /// A link's `compare` pairs: this table's column, the other's key and which
    /// of its members (`@last`, `@year`, `@all`).
    fn compares(&self, columns: &[ColumnRule], l: &LinkSpec) -> Result<Vec<Compare>, RuleError> {
        l.compare
            .iter()
            .map(|[a, b]| {
                let (key, select) = match b.get_ref().split_once('@') {
                    None => (b.get_ref().as_str(), Select::First),
                    Some((k, "last")) => (k, Select::Last),
                    Some((k, "year")) => (k, Select::Year),
                    Some((k, "all")) => (k, Select::All),
                    Some((_, other)) => {
                        return Err(self.error(
                            b.span().start,
                            "compare",
                            format!("`@{other}`: use @last, @year or @all"),
                        ))
                    }
                };
                Ok(Compare {
                    this: self.column(columns, a, "compare")?,
                    other: key.to_string(),
                    select,
                })
            })
            .collect::<Result<Vec<_>, RuleError>>()
    }

    pub(super) fn link(&self, columns: &[ColumnRule], l: &LinkSpec) -> Result<Link, RuleError> {
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
        let compare = self.compares(columns, l)?;
        if let Some([_, b]) = l
            .compare
            .iter()
            .find(|[_, b]| b.get_ref().ends_with("@all") && l.group.is_empty())
        {
            return Err(self.error(
                b.span().start,
                "compare",
                "`@all` adds up a recap's parts: it needs `group`",
            ));
        }
        if let (Some(b), false) = (&l.by, l.group.is_empty()) {
            return Err(self.error(
                b.span().start,
                "by",
                "a link matches rows `by` a name or sums them by `group`, not both",
            ));
        }
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
            group: pairs(&l.group, "group")?,
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

impl Ctx<'_> {
    /// A `[[check]]` as the rules file writes it: its `type` found in the
    /// registry ([`crate::checks::kinds::KINDS`]), the rest read by that
    /// kind's own spec, which refuses a key it does not take.
    fn check(
        &self,
        columns: &[ColumnRule],
        known: &[String],
        c: Spanned<DeValue<'_>>,
    ) -> Result<Check, RuleError> {
        let start = c.span().start;
        let span = c.span();
        let DeValue::Table(mut table) = c.into_inner() else {
            return Err(self.error(start, "check", "a check is a table: write it as [[check]]"));
        };
        let Some(kind) = table.remove("type") else {
            return Err(self.error(start, "type", "a check needs `type`"));
        };
        let at = kind.span().start;
        let Some(name) = kind.get_ref().as_str() else {
            return Err(self.error(
                at,
                "type",
                "a check's `type` is its kind in quotes, e.g. type = \"ratio\"",
            ));
        };
        let kinds = crate::checks::kinds::KINDS;
        let Some((_, build)) = kinds.iter().find(|(n, _)| *n == name) else {
            let names: Vec<&str> = kinds.iter().map(|(n, _)| *n).collect();
            let (last, rest) = names.split_last().expect("kinds of check");
            return Err(self.error(
                at,
                "type",
                format!(
                    "unknown check type `{name}`; use {} or {last}",
                    rest.join(", ")
                ),
            ));
        };
        let b = Build {
            ctx: self,
            columns,
            known,
            kind: name,
            at,
        };
        build(&b, Spanned::new(span, DeValue::Table(table)))
    }
}

/// What a check's spec is validated against: the rules file (so that an error
/// names its line), the table's columns and kinds of row, and the check's
/// `type` (where an error about a missing key points).
pub struct Build<'a> {
    ctx: &'a Ctx<'a>,
    columns: &'a [ColumnRule],
    known: &'a [String],
    kind: &'a str,
    at: usize,
}

/// A kind of check as a rules file writes it (`[[check]] type = "…"` and its
/// keys): the spec, in the check's own file, is read with serde's
/// `deny_unknown_fields`, so a key the kind does not take is an error naming it.
pub trait CheckSpec: serde::de::DeserializeOwned {
    /// The kinds of row the check names: each must be one a `[[row]]` defines.
    fn row_kinds(&self) -> Vec<&String> {
        Vec::new()
    }

    /// The check, every column it names known.
    fn build(self, b: &Build) -> Result<Check, RuleError>;
}

/// A kind of check in the registry: its `type` and how it is read.
pub type Kind = (
    &'static str,
    fn(&Build, Spanned<DeValue<'_>>) -> Result<Check, RuleError>,
);

/// Reads a check of kind `S` (the registry's entries are this function).
pub fn read<S: CheckSpec>(b: &Build, value: Spanned<DeValue<'_>>) -> Result<Check, RuleError> {
    let spec = S::deserialize(toml::de::ValueDeserializer::from(value)).map_err(|e| {
        let message = e.message().trim();
        let key = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split_once('`'))
            .map_or("", |(key, _)| key);
        b.ctx.error(
            e.span().map_or(b.at, |s| s.start),
            key,
            format!("a `{}` check: {message}", b.kind),
        )
    })?;
    b.ctx
        .kinds_known(b.known, spec.row_kinds().into_iter(), b.at)?;
    spec.build(b)
}

impl Build<'_> {
    /// An error at the check's `type`.
    pub fn error(&self, key: &str, message: impl Into<String>) -> RuleError {
        self.ctx.error(self.at, key, message)
    }

    /// An error at a value of the file.
    pub fn error_at(&self, offset: usize, key: &str, message: impl Into<String>) -> RuleError {
        self.ctx.error(offset, key, message)
    }

    /// The column a key names, known or an error.
    pub fn column(&self, key: &Spanned<String>, what: &str) -> Result<usize, RuleError> {
        self.ctx.column(self.columns, key, what)
    }

    /// The column a key the check needs names.
    pub fn required(&self, key: &Option<Spanned<String>>, name: &str) -> Result<usize, RuleError> {
        match key {
            Some(k) => self.column(k, name),
            None => Err(self.error(name, format!("a `{}` check needs `{name}`", self.kind))),
        }
    }

    /// The column an optional key names, where it is written.
    pub fn optional(
        &self,
        key: &Option<Spanned<String>>,
        name: &str,
    ) -> Result<Option<usize>, RuleError> {
        key.as_ref().map(|k| self.column(k, name)).transpose()
    }

    /// The `columns` a check lists, refused when it lists none.
    pub fn listed(&self, listed: &Option<Vec<Spanned<String>>>) -> Result<Vec<usize>, RuleError> {
        let listed = listed.as_deref().filter(|v| !v.is_empty()).ok_or_else(|| {
            self.error(
                "columns",
                format!("a `{}` check needs `columns`", self.kind),
            )
        })?;
        self.each(listed, "columns")
    }

    /// Each column a list names, each known or an error.
    pub fn each(&self, listed: &[Spanned<String>], key: &str) -> Result<Vec<usize>, RuleError> {
        listed.iter().map(|k| self.column(k, key)).collect()
    }

    /// A key the check needs that names no column, or the error `message`.
    pub fn needs<T: Clone>(
        &self,
        value: &Option<T>,
        key: &str,
        message: &str,
    ) -> Result<T, RuleError> {
        value.clone().ok_or_else(|| self.error(key, message))
    }

    /// The check's tolerance: a non-negative number, 0 when not written.
    pub fn tolerance(&self, t: &Option<Spanned<String>>) -> Result<Decimal, RuleError> {
        match t {
            None => Ok(Decimal::ZERO),
            Some(t) => t
                .get_ref()
                .parse::<Decimal>()
                .ok()
                .filter(|d| !d.is_sign_negative())
                .ok_or_else(|| {
                    self.error_at(
                        t.span().start,
                        "tolerance",
                        "a tolerance is a non-negative number written with a dot, e.g. \"0.01\"",
                    )
                }),
        }
    }

    /// A pattern the check writes, compiled.
    pub fn pattern(&self, p: &Spanned<String>, key: &str) -> Result<Pattern, RuleError> {
        self.ctx.pattern(p, key)
    }

    /// An interval the check writes (`"[0, 100]"`).
    pub fn interval(&self, p: &Spanned<String>, key: &str) -> Result<Interval, RuleError> {
        self.ctx.interval(p, key)
    }
}
