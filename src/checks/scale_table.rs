//! `scale-gap`, `scale-overlap` and `scale-mismatch`: a category scale typed as
//! a table (Tabel 3.1's capaian categories, Tabel 3.3's IKM bands) must be a
//! partition — every value in exactly one category — and, where it restates a
//! regulation's scale (PermenPAN-RB 14/2017 for IKM), state that scale.
//!
//! | Rentang Capaian          | Kategori |
//! |--------------------------|----------|
//! | Lebih dari 50% s.d 60 %  | Kurang   |
//! | Lebih dari 65 % sd. 85%  | Cukup    |  (60; 65] falls in no category: a gap

use rust_decimal::Decimal;
use toml::Spanned;

use super::place;
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules, ScaleRule};
use crate::scale::{parse_range, partition_problems, Bound, Interval, Problem};
use crate::table::{Row, Table};
use crate::text::name_key;
use crate::workbook::CellAddr;

/// A range a scale table states: its row, the range read, and its category.
pub type Stated<'a> = (&'a Row<'a>, Interval, String);
/// A range that could not be read: its row, the text and why.
pub type Unread<'a> = (&'a Row<'a>, String, Msg);

/// The ranges a scale table states, with their rows.
pub fn read_bands<'a>(
    table: &'a Table<'a>,
    column: usize,
    label: usize,
) -> (Vec<Stated<'a>>, Vec<Unread<'a>>) {
    let mut bands = Vec::new();
    let mut bad = Vec::new();
    for row in &table.rows {
        let Some(text) = row.text(column) else {
            continue;
        };
        let name = row.text(label).unwrap_or(row.label()).to_string();
        match parse_range(text) {
            Ok(iv) => bands.push((row, iv, name)),
            Err(why) => bad.push((row, text.to_string(), why)),
        }
    }
    (bands, bad)
}

fn at(table: &Table, row: &Row, col: usize) -> CellAddr {
    CellAddr::new(
        &table.sheet,
        row.row,
        table.sheet_col(col).unwrap_or(table.located.left),
    )
}

/// A category name without its abbreviation: "Baik Sekali (BS)" -> "baik sekali".
pub fn category_key(text: &str) -> String {
    let base = match text.find('(') {
        Some(i) if i > 0 => &text[..i],
        _ => text,
    };
    name_key(base)
}

pub fn check(table: &Table, check: &Check, rules: &Rules) -> Vec<Finding> {
    let Check::Scale {
        column,
        label,
        reference,
        domain,
    } = check
    else {
        return Vec::new();
    };
    let (bands, bad) = read_bands(table, *column, *label);
    let mut out = Vec::new();
    for (row, text, why) in bad {
        out.push(
            place(
                Finding::new(
                    Code::UnreadableNumber,
                    at(table, row, *column),
                    msg!("scale.unreadable", text = text.as_str(), why = why),
                ),
                table,
                row,
                *column,
            )
            .values(text, None)
            .help(msg!("scale.unreadable-help")),
        );
    }
    let intervals: Vec<Interval> = bands.iter().map(|(_, iv, _)| iv.clone()).collect();
    let reference = reference
        .as_ref()
        .and_then(|id| rules.scales.iter().find(|s| &s.id == id));
    let domain = domain
        .clone()
        .or_else(|| reference.and_then(|r| r.domain.clone()));
    // With no range read at all there is no partition to judge (and no row to
    // name); the unreadable ranges are already reported above.
    if !bands.is_empty() {
        let problems = partition_problems(&intervals, domain.as_ref());
        for problem in &problems {
            out.push(problem_finding(table, *column, &bands, problem));
        }
        // Whole-number bands touch at the scale's own precision, so they are no
        // problem above; a scale that copies a regulation's is still told what
        // its bands leave between them.
        if problems.is_empty() {
            let gaps = whole_number_gaps(&intervals);
            if let Some(regulation) = copied_regulation(&bands, &gaps, rules) {
                out.push(regulation_gaps(table, *column, &bands, &gaps, regulation));
            }
        }
    }
    if let Some(reference) = reference {
        // The regulation of the survey's year; a table of no stated year is
        // held to the one whose bands it states whole, else today's.
        let earlier = super::earlier_scales(&reference.id, rules);
        let (scale, found) = match super::table_year(table) {
            Some(y) => {
                let of_year = earlier
                    .filter(|(_, until)| y <= *until)
                    .min_by_key(|(_, until)| *until)
                    .map_or(reference, |(s, _)| s);
                (of_year, against_reference(table, *column, &bands, of_year))
            }
            None => std::iter::once(reference)
                .chain(earlier.map(|(s, _)| s))
                .map(|s| (s, against_reference(table, *column, &bands, s)))
                .min_by_key(|(_, found)| found.len())
                .unwrap_or((reference, Vec::new())),
        };
        // A boundary that overlaps its neighbour and departs from the
        // regulation has one fix: the regulation's bound, which no longer
        // overlaps. The overlap's advice says that one.
        for f in out.iter_mut().filter(|f| f.code == Code::ScaleOverlap) {
            if let Some(m) = found.iter().find(|m| m.at == f.at) {
                f.help = msg!(
                    "scale.overlap-help-regulation",
                    expected = m
                        .expected
                        .as_ref()
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    regulation = scale.name.as_str()
                );
            }
        }
        out.extend(found);
    }
    out
}

/// The gaps between whole-number bands that meet at the scale's own precision
/// ("76 - 90" and "91 - 100" leave (90; 91)): (the band below, the band above, the
/// gap), from the highest down.
fn whole_number_gaps(intervals: &[Interval]) -> Vec<(usize, usize, Interval)> {
    let whole = |d: Decimal| d.fract().is_zero();
    let mut out = Vec::new();
    for (b, below) in intervals.iter().enumerate() {
        let Some(hi) = below.hi.filter(|h| h.inclusive && whole(h.value)) else {
            continue;
        };
        let next = intervals.iter().position(|iv| {
            iv.lo
                .is_some_and(|l| l.inclusive && l.value == hi.value + Decimal::ONE)
        });
        if let Some(a) = next {
            let gap = Interval {
                lo: Some(Bound {
                    value: hi.value,
                    inclusive: false,
                }),
                hi: Some(Bound {
                    value: hi.value + Decimal::ONE,
                    inclusive: false,
                }),
            };
            out.push((b, a, gap));
        }
    }
    out.sort_by(|x, y| y.2.lo.map(|b| b.value).cmp(&x.2.lo.map(|b| b.value)));
    out
}

/// The regulation a scale copies: one of three bands or more, written in whole
/// numbers, whose whole-number lower bounds are all the scale's (Permendagri
/// 86/2017: 51, 66, 76, 91). None when the scale leaves no whole-number gap.
fn copied_regulation<'r>(
    bands: &[Stated<'_>],
    gaps: &[(usize, usize, Interval)],
    rules: &'r Rules,
) -> Option<&'r ScaleRule> {
    let whole = |d: Decimal| d.fract().is_zero();
    if gaps.is_empty() {
        return None;
    }
    let lows: Vec<Decimal> = bands
        .iter()
        .filter_map(|(_, iv, _)| iv.lo.map(|b| b.value.normalize()))
        .collect();
    rules.scales.iter().find(|s| {
        let theirs: Vec<Decimal> = s
            .bands
            .iter()
            .filter_map(|b| b.range.lo.map(|l| l.value.normalize()))
            .filter(|v| whole(*v))
            .collect();
        // The regulation's own bands are whole numbers: its gaps are the ones copied.
        let whole_bands = s.bands.iter().all(|b| {
            [b.range.lo, b.range.hi]
                .iter()
                .flatten()
                .all(|bound| whole(bound.value))
        });
        whole_bands
            && s.bands.len() >= 3
            && theirs.len() >= 2
            && theirs.iter().all(|v| lows.contains(v))
    })
}

/// One warning for a scale that copies a regulation's whole-number bands: it names
/// the regulation, the gaps its bands leave, and how a value in one is read.
fn regulation_gaps(
    table: &Table,
    column: usize,
    bands: &[Stated<'_>],
    gaps: &[(usize, usize, Interval)],
    regulation: &ScaleRule,
) -> Finding {
    let shown: Vec<String> = gaps.iter().map(|(_, _, gap)| gap.show()).collect();
    let (row, _, _) = bands[gaps.first().map_or(0, |(_, above, _)| *above)];
    place(
        Finding::new(
            Code::ScaleGap,
            at(table, row, column),
            msg!(
                "scale.regulation-gaps",
                regulation = regulation.name.as_str(),
                gaps = shown.join(", ")
            ),
        ),
        table,
        row,
        column,
    )
    .severity(Severity::Warning)
    .values(shown.join(", "), None)
    .help(msg!(
        "scale.regulation-gaps-help",
        regulation = regulation.name.as_str()
    ))
}

fn problem_finding(
    table: &Table,
    column: usize,
    bands: &[Stated<'_>],
    problem: &Problem,
) -> Finding {
    // A row as the table writes it: its range and its category.
    let name = |i: Option<usize>| {
        i.and_then(|i| bands.get(i)).map(|(row, _, n)| {
            msg!(
                "scale.row",
                text = row.text(column).unwrap_or_default(),
                name = n.as_str()
            )
        })
    };
    // Where a row's range stops (its upper end) and starts (its lower end).
    let stops = |i: usize| {
        bands[i]
            .1
            .hi
            .map(|b| bound_words(b, "scale.stops-at", "scale.stops-before"))
    };
    let starts = |i: usize| {
        bands[i]
            .1
            .lo
            .map(|b| bound_words(b, "scale.starts-at", "scale.starts-after"))
    };
    match problem {
        Problem::Gap { below, above, gap } => {
            let (row, _, _) = bands[above.or(*below).unwrap_or(0)];
            let message = gap_message(
                gap,
                name(*below),
                name(*above),
                below.and_then(stops),
                above.and_then(starts),
            );
            place(
                Finding::new(Code::ScaleGap, at(table, row, column), message),
                table,
                row,
                column,
            )
            .values(gap.show(), None)
            .help(
                match (
                    below.and_then(|i| bands.get(i)),
                    above.and_then(|i| bands.get(i)),
                ) {
                    // Name the two ranges that should meet, as the table writes them.
                    (Some((lo_row, _, _)), Some((hi_row, _, _))) => msg!(
                        "scale.gap-help-between",
                        below = lo_row.text(column).unwrap_or_default(),
                        above = hi_row.text(column).unwrap_or_default()
                    ),
                    _ => msg!("scale.gap-help"),
                },
            )
        }
        Problem::Overlap { a, b, both } => {
            let (row, _, _) = bands[*b];
            place(
                Finding::new(
                    Code::ScaleOverlap,
                    at(table, row, column),
                    msg!(
                        "scale.overlap",
                        words = both.words(),
                        first = name(Some(*a)).unwrap_or_default(),
                        first_end = reaching(&bands[*a].1, both),
                        second = name(Some(*b)).unwrap_or_default(),
                        second_end = reaching(&bands[*b].1, both)
                    ),
                ),
                table,
                row,
                column,
            )
            .values(both.show(), None)
            .help(msg!("scale.overlap-help"))
        }
    }
}

/// A gap in words: the values no row takes, between the row below that stops
/// where it stops and the row above that starts where it starts.
fn gap_message(
    gap: &Interval,
    below_name: Option<Msg>,
    above_name: Option<Msg>,
    stops: Option<Msg>,
    starts: Option<Msg>,
) -> Msg {
    match (below_name, above_name) {
        (Some(b), Some(a)) => {
            msg!(
                "scale.gap-between",
                words = gap.words(),
                below = b,
                stops = stops.unwrap_or_default(),
                above = a,
                starts = starts.unwrap_or_default()
            )
        }
        (Some(b), None) => msg!(
            "scale.gap-above",
            words = gap.words(),
            below = b,
            stops = stops.unwrap_or_default()
        ),
        (None, Some(a)) => msg!(
            "scale.gap-below",
            words = gap.words(),
            above = a,
            starts = starts.unwrap_or_default()
        ),
        (None, None) => msg!("scale.gap", words = gap.words()),
    }
}

/// How a range reaches into values another range holds too: the end of it
/// that lies among them (`stops at 91`, `starts at 91`), or all of them.
fn reaching(iv: &Interval, both: &Interval) -> Msg {
    match (iv.hi, iv.lo) {
        (Some(h), _) if h.inclusive && both.contains(h.value) => {
            bound_words(h, "scale.reach-stops", "scale.reach-stops")
        }
        (_, Some(l)) if l.inclusive && both.contains(l.value) => {
            bound_words(l, "scale.reach-starts", "scale.reach-starts")
        }
        _ => msg!("scale.covers"),
    }
}

/// A range's end in words: `at 60` where it takes the bound, `before 50`
/// (or `after 50`) where it leaves it out.
fn bound_words(b: Bound, taken: &'static str, left: &'static str) -> Msg {
    let value = crate::number::format_id(b.value, b.value.scale());
    Msg::new(if b.inclusive { taken } else { left }).arg("value", value)
}

fn against_reference(
    table: &Table,
    column: usize,
    bands: &[Stated<'_>],
    reference: &ScaleRule,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (row, iv, name) in bands {
        let key = category_key(name);
        let Some(band) = reference.bands.iter().find(|b| {
            category_key(&b.label) == key || b.mutu.as_deref().is_some_and(|m| name_key(m) == key)
        }) else {
            continue;
        };
        if same_interval(iv, &band.range) {
            continue;
        }
        let text = row.text(column).unwrap_or_default();
        out.push(
            place(
                Finding::new(
                    Code::ScaleMismatch,
                    at(table, row, column),
                    msg!(
                        "scale.differs",
                        name = name,
                        text = text,
                        regulation = reference.name.as_str(),
                        expected = band.text.as_str()
                    ),
                ),
                table,
                row,
                column,
            )
            .values(text, Some(band.text.clone()))
            .formula(
                msg!(
                    "scale.formula",
                    column = table.header(column),
                    expected = band.text.as_str(),
                    regulation = reference.name.as_str()
                ),
                Vec::new(),
            )
            .help(msg!(
                "scale.differs-help",
                regulation = reference.name.as_str()
            )),
        );
    }
    out
}

fn same_interval(a: &Interval, b: &Interval) -> bool {
    let same = |x: &Option<crate::scale::Bound>, y: &Option<crate::scale::Bound>| match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => x.value == y.value && x.inclusive == y.inclusive,
        _ => false,
    };
    same(&a.lo, &b.lo) && same(&a.hi, &b.hi)
}

/// `[[check]] type = "scale"`: a category scale typed as a table: each range
/// of `column` is read, the ranges partition `domain`, and match the
/// `reference` scale where one is named; `label` holds the category's word.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    column: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    reference: Option<Spanned<String>>,
    domain: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Scale {
            column: b.required(&self.column, "column")?,
            label: b.required(&self.label, "label")?,
            reference: self.reference.map(Spanned::into_inner),
            domain: self
                .domain
                .as_ref()
                .map(|d| b.interval(d, "domain"))
                .transpose()?,
        })
    }
}
