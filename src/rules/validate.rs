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

    pub(super) fn table(&self, id: &Spanned<String>, f: &RuleFile) -> Result<TableRule, RuleError> {
        let columns = self.columns(id, f)?;
        let rows = self.rows(id, f, &columns)?;
        let known = known_kinds(&rows);
        self.named_kinds_known(&known, f)?;
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

    /// Refuses a check or link of the table that names a kind of row the table's
    /// `[[row]]`s do not define.
    fn named_kinds_known(&self, known: &[String], f: &RuleFile) -> Result<(), RuleError> {
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
                self.kinds_known(known, named, c.kind.span().start)?;
            }
        }
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

    pub(super) fn required(
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

    pub(super) fn tolerance(&self, c: &CheckSpec) -> Result<Decimal, RuleError> {
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
    pub(super) fn only(&self, c: &CheckSpec, allowed: &[&str]) -> Result<(), RuleError> {
        if let Some(key) = c.keys.iter().find(|k| !allowed.contains(&k.as_str())) {
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
        Ok(())
    }

    /// A check as the rules file writes it, validated by its kind's entry in [`KINDS`].
    pub(super) fn check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let kind = c.kind.get_ref().as_str();
        let Some((_, keys, build)) = KINDS.iter().find(|(name, _, _)| *name == kind) else {
            let names: Vec<&str> = KINDS.iter().map(|(name, _, _)| *name).collect();
            let (last, rest) = names.split_last().expect("kinds of check");
            return Err(self.error(
                c.kind.span().start,
                "type",
                format!(
                    "unknown check type `{kind}`; use {} or {last}",
                    rest.join(", ")
                ),
            ));
        };
        self.only(c, keys)?;
        build(self, columns, c)
    }

    /// A `ratio` check.
    fn ratio_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
        Ok(Check::Ratio {
            cell: self.required(columns, c, &c.cell, "cell")?,
            part: self.required(columns, c, &c.part, "part")?,
            whole: self.required(columns, c, &c.whole, "whole")?,
            rows,
            tolerance: self.tolerance(c)?,
        })
    }

    /// A `capaian` check.
    fn capaian_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
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

    /// The `columns` a check lists, refused when it lists none.
    fn listed_columns<'c>(&self, c: &'c CheckSpec) -> Result<&'c [Spanned<String>], RuleError> {
        c.columns
            .as_deref()
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                self.error(
                    c.kind.span().start,
                    "columns",
                    format!("a `{}` check needs `columns`", c.kind.get_ref()),
                )
            })
    }

    /// The rule's columns a check's `columns` name, each known or an error.
    fn resolve_columns(
        &self,
        columns: &[ColumnRule],
        listed: &[Spanned<String>],
    ) -> Result<Vec<usize>, RuleError> {
        listed
            .iter()
            .map(|k| self.column(columns, k, "columns"))
            .collect()
    }

    /// A `sum` check.
    fn sum_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let cols = self.listed_columns(c)?;
        let levels = c.levels.clone().unwrap_or_default();
        if levels.is_empty() && c.total.is_none() {
            return Err(self.error(
                c.kind.span().start,
                "levels",
                "a `sum` check needs `levels`, `total` or both",
            ));
        }
        Ok(Check::Sum {
            columns: self.resolve_columns(columns, cols)?,
            levels,
            total: c.total.clone(),
        })
    }

    /// A `tree or add` check.
    fn tree_add_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let is_tree = c.kind.get_ref() == "tree";
        let cols = self.resolve_columns(columns, self.listed_columns(c)?)?;
        Ok(if is_tree {
            Check::Tree {
                by: self.required(columns, c, &c.by, "by")?,
                columns: cols,
            }
        } else {
            Check::Add {
                cell: self.required(columns, c, &c.cell, "cell")?,
                parts: cols,
                less: self.resolve_columns(columns, c.less.as_deref().unwrap_or_default())?,
            }
        })
    }

    /// A `hierarchy` check.
    fn hierarchy_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
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

    /// A `recap` check.
    fn recap_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
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

    /// A `kke` check.
    fn kke_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let levels = match c.levels.as_deref() {
            Some([sub, criterion, evidence]) => [sub.clone(), criterion.clone(), evidence.clone()],
            _ => {
                return Err(self.error(
                    c.kind.span().start,
                    "levels",
                    "a `kke` check needs `levels`: the kinds of row of a sub-komponen, a kriteria and a bukti dukung",
                ))
            }
        };
        let optional = |key: &Option<Spanned<String>>, name: &str| {
            key.as_ref()
                .map(|k| self.column(columns, k, name))
                .transpose()
        };
        if c.from.is_some() != c.column.is_some() {
            return Err(self.error(
                c.kind.span().start,
                "from",
                "a `kke` check names the resume with `from` and its nilai column with `column`, both or neither",
            ));
        }
        Ok(Check::Kke {
            levels,
            weight: self.required(columns, c, &c.weight, "weight")?,
            criterion_weight: optional(&c.criterion_weight, "criterion_weight")?,
            evidence_weight: optional(&c.evidence_weight, "evidence_weight")?,
            answer: self.required(columns, c, &c.answer, "answer")?,
            coefficient: self.required(columns, c, &c.coefficient, "coefficient")?,
            score: self.required(columns, c, &c.score, "score")?,
            by: optional(&c.by, "by")?,
            from: c.from.as_ref().map(|f| f.get_ref().clone()),
            column: c.column.as_ref().map(|f| f.get_ref().clone()),
        })
    }

    /// A `average` check.
    fn average_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
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

    /// A `efficiency` check.
    fn efficiency_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
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

    /// A `equal` check.
    fn equal_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
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

    /// A `range` check.
    fn range_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let num = |k: &Option<Spanned<String>>, key: &str| {
            let v = k.as_ref().ok_or_else(|| {
                self.error(
                    c.kind.span().start,
                    key,
                    format!("a `range` check needs `{key}`"),
                )
            })?;
            v.get_ref().parse::<Decimal>().map_err(|_| {
                self.error(
                    v.span().start,
                    key,
                    "write a number with a dot, e.g. \"100\" or \"88.31\"",
                )
            })
        };
        Ok(Check::Range {
            column: self.required(columns, c, &c.column, "column")?,
            min: num(&c.min, "min")?,
            max: num(&c.max, "max")?,
        })
    }

    /// A `repeat` check.
    fn repeat_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let rows = c.rows.clone().unwrap_or_default();
        let cols = self.listed_columns(c)?;
        Ok(Check::Repeat {
            by: self.required(columns, c, &c.by, "by")?,
            columns: self.resolve_columns(columns, cols)?,
            rows,
        })
    }

    /// A `index` check.
    fn index_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let from = c.from.as_ref().ok_or_else(|| {
            self.error(
                c.kind.span().start,
                "from",
                "an `index` check needs `from`, the rule of the elements' table",
            )
        })?;
        let column = c.column.as_ref().ok_or_else(|| {
            self.error(
                c.kind.span().start,
                "column",
                "an `index` check needs `column`, the elements' value column in `from`",
            )
        })?;
        Ok(Check::Index {
            cell: self.required(columns, c, &c.cell, "cell")?,
            indicator: c
                .indicator
                .as_ref()
                .map(|k| self.column(columns, k, "indicator"))
                .transpose()?,
            indicators: c
                .indicators
                .iter()
                .flatten()
                .map(|p| self.pattern(p, "indicators"))
                .collect::<Result<_, _>>()?,
            from: from.get_ref().clone(),
            column: column.get_ref().clone(),
            of_year: c.of_year.unwrap_or(false),
        })
    }

    /// A `quarters` check.
    fn quarters_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        Ok(Check::Quarters {
            target: self.required(columns, c, &c.target, "target")?,
            quarters: self.required(columns, c, &c.quarters, "quarters")?,
            indicator: c
                .indicator
                .as_ref()
                .map(|k| self.column(columns, k, "indicator"))
                .transpose()?,
            cumulative: c
                .cumulative
                .as_ref()
                .map(|k| self.column(columns, k, "cumulative"))
                .transpose()?,
        })
    }

    /// A `scale` check.
    fn scale_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        Ok(Check::Scale {
            column: self.required(columns, c, &c.column, "column")?,
            label: self.required(columns, c, &c.label, "label")?,
            reference: c.reference.as_ref().map(|r| r.get_ref().clone()),
            domain: c
                .domain
                .as_ref()
                .map(|d| self.interval(d, "domain"))
                .transpose()?,
        })
    }

    /// A `category` check.
    fn category_check(&self, columns: &[ColumnRule], c: &CheckSpec) -> Result<Check, RuleError> {
        let scale = c.scale.as_ref().ok_or_else(|| {
            self.error(c.kind.span().start, "scale", "a `category` check needs `scale`: a scale id, or the id of a rule whose table states a scale")
        })?;
        Ok(Check::Category {
            cell: self.required(columns, c, &c.cell, "cell")?,
            value: self.required(columns, c, &c.value, "value")?,
            scale: scale.get_ref().clone(),
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

/// How a kind of check is built from its spec.
type Build = fn(&Ctx<'_>, &[ColumnRule], &CheckSpec) -> Result<Check, RuleError>;

/// Every kind of check: its name in a rules file, the keys it takes (besides
/// `type`) and how it is built. A key a kind does not list is an error naming it.
const KINDS: &[(&str, &[&str], Build)] = &[
    (
        "ratio",
        &["cell", "part", "whole", "rows", "tolerance"],
        |x, cols, c| x.ratio_check(cols, c),
    ),
    (
        "capaian",
        &[
            "cell",
            "target",
            "actual",
            "indicator",
            "polarity",
            "rows",
            "tolerance",
        ],
        |x, cols, c| x.capaian_check(cols, c),
    ),
    ("sum", &["columns", "levels", "total"], |x, cols, c| {
        x.sum_check(cols, c)
    }),
    (
        "average",
        &["column", "row", "rows", "tolerance"],
        |x, cols, c| x.average_check(cols, c),
    ),
    (
        "efficiency",
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
        |x, cols, c| x.efficiency_check(cols, c),
    ),
    ("equal", &["cell", "to", "member"], |x, cols, c| {
        x.equal_check(cols, c)
    }),
    ("range", &["column", "min", "max"], |x, cols, c| {
        x.range_check(cols, c)
    }),
    ("repeat", &["by", "columns", "rows"], |x, cols, c| {
        x.repeat_check(cols, c)
    }),
    (
        "index",
        &[
            "cell",
            "indicator",
            "indicators",
            "from",
            "column",
            "of_year",
        ],
        |x, cols, c| x.index_check(cols, c),
    ),
    (
        "quarters",
        &["target", "quarters", "indicator", "cumulative"],
        |x, cols, c| x.quarters_check(cols, c),
    ),
    (
        "scale",
        &["column", "label", "reference", "domain"],
        |x, cols, c| x.scale_check(cols, c),
    ),
    ("category", &["cell", "value", "scale"], |x, cols, c| {
        x.category_check(cols, c)
    }),
    (
        "recap",
        &["column", "total", "mean", "weighted", "index"],
        |x, cols, c| x.recap_check(cols, c),
    ),
    ("hierarchy", &["column", "row"], |x, cols, c| {
        x.hierarchy_check(cols, c)
    }),
    ("tree", &["by", "columns"], |x, cols, c| {
        x.tree_add_check(cols, c)
    }),
    ("add", &["cell", "columns", "less"], |x, cols, c| {
        x.tree_add_check(cols, c)
    }),
    (
        "kke",
        &[
            "levels",
            "weight",
            "criterion_weight",
            "evidence_weight",
            "answer",
            "coefficient",
            "score",
            "by",
            "from",
            "column",
        ],
        |x, cols, c| x.kke_check(cols, c),
    ),
    ("at_most", &["cell", "max"], |x, cols, c| {
        Ok(Check::AtMost {
            cell: x.required(cols, c, &c.cell, "cell")?,
            limit: x.required(cols, c, &c.max, "max")?,
        })
    }),
];

/// Notes, for each check of a parsed file, the keys the file writes for it.
pub(super) fn note_check_keys(parsed: &mut RuleFile, text: &str) {
    let Ok(raw) = toml::from_str::<toml::Table>(text) else {
        return;
    };
    let Some(toml::Value::Array(checks)) = raw.get("check") else {
        return;
    };
    for (spec, raw) in parsed.check.iter_mut().zip(checks) {
        if let toml::Value::Table(t) = raw {
            spec.keys = t.keys().filter(|k| *k != "type").cloned().collect();
        }
    }
}
