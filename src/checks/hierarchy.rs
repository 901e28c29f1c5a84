//! `sum-mismatch` in a table that states its levels by nothing but its figures:
//! a Renja evaluation typed without kode, where a program row is named
//! "PROGRAM …" and its kegiatan and sub kegiatan are names alone.
//!
//! | Urusan/Bidang Urusan/Program/Kegiatan      | TW I Rp       |
//! |--------------------------------------------|---------------|
//! | DINAS PEMADAM KEBAKARAN DAN PENYELAMATAN   | 11.465.905.688 | = the programs
//! | PROGRAM PENUNJANG URUSAN PEMERINTAHAN ...  |  8.526.244.688 | = its kegiatan
//! | Perencanaan, Penganggaran, dan Evaluasi ...|    210.781.800 | a kegiatan: = its sub kegiatan?
//! | Penyusunan Dokumen Perencanaan ...         |    116.475.000 | a sub kegiatan
//!
//! The rows above the first program (urusan, organisasi, unit), and a heading
//! in capitals between programs (another urusan), each state the sum of the
//! programs under them, up to the next heading. Within a program, which rows are its kegiatan is read
//! from the figures: the kegiatan are the rows whose figures, in every money
//! column at once, add up to the program's, each followed by its sub
//! kegiatan. Where several choices add up, the one under which the most
//! kegiatan equal the sum of their sub kegiatan is taken; where that still
//! leaves a tie, or none adds up, nothing is said of that program's kegiatan
//! (the levels are not known). Then each kegiatan that differs from the sum of
//! its sub kegiatan is a `sum-mismatch`. A heading in capitals between two
//! programs (another urusan, another unit) ends the program above it.

use rust_decimal::Decimal;
use toml::Spanned;

use super::set_out;
use crate::finding::Finding;
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError};
use crate::table::{Figure, Row, Table};

/// How many choices of kegiatan the search looks at before it gives up.
const BUDGET: usize = 300_000;
/// More choices that add up than this: the figures do not tell the levels.
const MAX_CHOICES: usize = 256;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Some(outline) = Outline::of(table, check) else {
        return Vec::new();
    };
    let members = table.members(outline.column).len();
    let n = outline.rows.len();
    let mut out = Vec::new();
    // (program row, member) whose figure its own kegiatan say is wrong: the sums
    // above it are not held against that figure again.
    let mut doubted: Vec<(usize, usize)> = Vec::new();
    let programs: Vec<usize> = (0..n).filter(|&i| outline.is_program(i)).collect();
    for &p in &programs {
        outline.program_sums(p, members, &mut doubted, &mut out);
    }
    outline.heading_sums(&doubted, &mut out);
    outline.total_sums(&programs, &doubted, &mut out);
    out
}

/// A row the figures read as the sum of others: what `selaras tables` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub row: u32,
    /// `heading`, `program`, `kegiatan` or `total`; `undecided`: a program
    /// whose kegiatan its figures do not tell (several readings add up, or none
    /// does and its rows show levels), its named rows as `parts`.
    pub level: &'static str,
    /// The sheet rows it is the sum of.
    pub parts: Vec<u32>,
    /// Which rows are the kegiatan was read from the layout (indent, bold,
    /// capitals, numbering), the figures bearing it out.
    pub by_layout: bool,
}

/// The levels a hierarchy check reads from a table's figures: each heading
/// over its programs, each program over its kegiatan, each kegiatan over its
/// sub kegiatan, each JUMLAH over the programs. Rows whose level the figures
/// do not tell are not in it.
pub fn reading(table: &Table, check: &Check) -> Vec<Read> {
    let Some(outline) = Outline::of(table, check) else {
        return Vec::new();
    };
    let members = table.members(outline.column).len();
    let rows = &outline.rows;
    let sheet_rows = |parts: &[&Row]| parts.iter().map(|r| r.row).collect::<Vec<u32>>();
    let mut out = Vec::new();
    let programs: Vec<usize> = (0..rows.len()).filter(|&i| outline.is_program(i)).collect();
    for &p in &programs {
        let Some((span, levels)) = outline.program_levels(p, members) else {
            // Said rather than guessed, where the program states a figure.
            let stated = (0..members).any(|m| {
                rows[p]
                    .figure_at(outline.column, m)
                    .is_some_and(|f| !f.exact.is_zero())
            });
            if stated {
                out.push(Read {
                    row: rows[p].row,
                    level: "undecided",
                    parts: outline.program_span(p).iter().map(|r| r.row).collect(),
                    by_layout: false,
                });
            }
            continue;
        };
        let heads: Vec<&Row> = levels.heads.iter().map(|&h| span[h]).collect();
        out.push(Read {
            row: rows[p].row,
            level: "program",
            parts: sheet_rows(&heads),
            by_layout: levels.by_layout,
        });
        for (k, &h) in levels.heads.iter().enumerate() {
            let stop = levels.heads.get(k + 1).copied().unwrap_or(span.len());
            if h + 1 < stop {
                out.push(Read {
                    row: span[h].row,
                    level: "kegiatan",
                    parts: sheet_rows(&span[h + 1..stop]),
                    by_layout: levels.by_layout,
                });
            }
        }
    }
    for (h, owned) in outline.heading_blocks() {
        let owned: Vec<&Row> = owned.iter().map(|&k| rows[k]).collect();
        out.push(Read {
            row: rows[h].row,
            level: "heading",
            parts: sheet_rows(&owned),
            by_layout: false,
        });
    }
    for t in (0..rows.len()).filter(|&k| outline.is_total(k)) {
        let above: Vec<&Row> = programs
            .iter()
            .filter(|&&p| p < t)
            .map(|&p| rows[p])
            .collect();
        out.push(Read {
            row: rows[t].row,
            level: "total",
            parts: sheet_rows(&above),
            by_layout: false,
        });
    }
    // Only rows that state a figure, over rows that state one: a heading or a
    // line without figures says nothing of the sums.
    let has_figure = |row: u32| {
        table
            .rows
            .iter()
            .any(|r| r.row == row && (0..members).any(|m| r.figure_at(outline.column, m).is_some()))
    };
    for r in out.iter_mut().filter(|r| r.level != "undecided") {
        r.parts.retain(|&p| has_figure(p));
    }
    out.retain(|r| !r.parts.is_empty() && has_figure(r.row));
    out.sort_by_key(|r| r.row);
    out
}

/// Which rows are headings over programs, given the first program row.
fn headings(rows: &[&Row], program: &str, first: usize) -> Vec<bool> {
    let n = rows.len();
    let is_program = |i: usize| rows[i].kind == *program;
    let is_total = |i: usize| rows[i].role == Some(RowRole::Total);
    // Headings: the rows above the first program, and a row in capitals that is
    // no program and stands right over a program or another heading (another
    // urusan, another unit; a kegiatan typed in capitals stands over its sub
    // kegiatan, not over a program).
    let mut heading = vec![false; n];
    for i in (0..n).rev() {
        if is_program(i) || is_total(i) {
            continue;
        }
        heading[i] = i < first
            || (set_out::capitals(rows[i].label())
                && (i + 1..n)
                    .find(|&k| !rows[k].label().trim().is_empty())
                    .is_some_and(|k| is_program(k) || heading[k]));
    }
    heading
}

/// A table's rows read as headings, programs and totals, and the column summed.
struct Outline<'a> {
    table: &'a Table<'a>,
    rows: Vec<&'a Row<'a>>,
    column: usize,
    program: &'a str,
    /// Whether each row is a heading over programs.
    heading: Vec<bool>,
}

impl<'a> Outline<'a> {
    /// The outline of a table a hierarchy check reads; None where it has no
    /// program row or no figures in the column.
    fn of(table: &'a Table<'a>, check: &'a Check) -> Option<Outline<'a>> {
        let Check::Hierarchy { column, program } = check else {
            return None;
        };
        if table.members(*column).is_empty() {
            return None;
        }
        let rows: Vec<&Row> = table.rows.iter().collect();
        let first = rows.iter().position(|r| r.kind == *program)?;
        let heading = headings(&rows, program, first);
        Some(Outline {
            table,
            rows,
            column: *column,
            program,
            heading,
        })
    }

    /// Program `p`'s named rows: its kegiatan and sub kegiatan, up to the next
    /// program, heading or JUMLAH.
    fn program_span(&self, p: usize) -> Vec<&'a Row<'a>> {
        let rows = &self.rows;
        let end = (p + 1..rows.len())
            .find(|&k| self.is_program(k) || self.heading[k] || self.is_total(k))
            .unwrap_or(rows.len());
        rows[p + 1..end]
            .iter()
            .copied()
            .filter(|r| !r.label().trim().is_empty())
            .collect()
    }

    /// Program `p`'s named rows (its kegiatan and sub kegiatan) and which of
    /// them are its kegiatan, where the figures tell.
    fn program_levels(&self, p: usize, members: usize) -> Option<(Vec<&'a Row<'a>>, Levels)> {
        let rows = &self.rows;
        let span = self.program_span(p);
        let levels = match kegiatan(rows[p], &span, self.column, members) {
            Ok(levels) => levels,
            Err(Unread::NothingAddsUp) => flat(&span, self.column, members)?,
            Err(Unread::Unknown) => return None,
        };
        Some((span, levels))
    }

    /// Whether row `i` is a program.
    fn is_program(&self, i: usize) -> bool {
        self.rows[i].kind == *self.program
    }

    /// Whether row `i` is a JUMLAH row.
    fn is_total(&self, i: usize) -> bool {
        self.rows[i].role == Some(RowRole::Total)
    }

    /// Checks program `p`: each kegiatan against its sub kegiatan, and the
    /// program against its kegiatan, noting the members its kegiatan doubt.
    fn program_sums(
        &self,
        p: usize,
        members: usize,
        doubted: &mut Vec<(usize, usize)>,
        out: &mut Vec<Finding>,
    ) {
        let (table, rows, column) = (self.table, &self.rows, self.column);
        let Some((span, levels)) = self.program_levels(p, members) else {
            return;
        };
        for (k, &h) in levels.heads.iter().enumerate() {
            let stop = levels.heads.get(k + 1).copied().unwrap_or(span.len());
            let subs: Vec<&Row> = span[h + 1..stop].to_vec();
            if subs.is_empty() {
                continue;
            }
            out.extend(compare(
                table,
                span[h],
                &subs,
                column,
                if levels.by_layout {
                    "hierarchy.sub-kegiatan-layout"
                } else {
                    "hierarchy.sub-kegiatan"
                },
                &[],
            ));
        }
        // The program against its kegiatan, where no kegiatan explains the difference.
        let heads: Vec<&Row> = levels.heads.iter().map(|&h| span[h]).collect();
        let found = compare(
            table,
            rows[p],
            &heads,
            column,
            match (levels.flat, levels.by_layout) {
                (true, _) => "hierarchy.kegiatan-flat",
                (false, true) => "hierarchy.kegiatan-layout",
                (false, false) => "hierarchy.kegiatan",
            },
            &levels.explained,
        );
        for f in &found {
            if let Some(m) = member_of(table, column, f) {
                doubted.push((p, m));
            }
        }
        out.extend(found);
    }

    /// Each heading: the sum of the programs under it. Headings in a run stand
    /// one over the next (urusan > bidang urusan > the programs): the run's last
    /// heading is the one right over the programs, so runs are aligned at their
    /// last heading, and a heading owns the programs up to the next heading as
    /// high as it or higher (an urusan's run goes on past the next bidang).
    fn heading_sums(&self, doubted: &[(usize, usize)], out: &mut Vec<Finding>) {
        for (h, owned) in self.heading_blocks() {
            let skip = skipped(&owned, doubted);
            let owned: Vec<&Row> = owned.iter().map(|&k| self.rows[k]).collect();
            out.extend(compare(
                self.table,
                self.rows[h],
                &owned,
                self.column,
                "hierarchy.programs",
                &skip,
            ));
        }
    }

    /// Each heading with the programs it owns.
    fn heading_blocks(&self) -> Vec<(usize, Vec<usize>)> {
        let heading = &self.heading;
        let n = self.rows.len();
        // Each run of headings: (first, end).
        let mut runs = Vec::new();
        let mut i = 0;
        while i < n {
            if !heading[i] {
                i += 1;
                continue;
            }
            let run_end = (i..n).find(|&k| !heading[k]).unwrap_or(n);
            runs.push((i, run_end));
            i = run_end;
        }
        let deepest = runs.iter().map(|(a, b)| b - a).max().unwrap_or(0);
        // Each heading's depth: 0 the highest.
        let mut depth = vec![usize::MAX; n];
        for &(a, b) in &runs {
            for (j, d) in depth.iter_mut().take(b).skip(a).enumerate() {
                *d = deepest - (b - a) + j;
            }
        }
        let mut blocks = Vec::new();
        for &(a, b) in &runs {
            for h in a..b {
                let block_end = (b..n)
                    .find(|&k| heading[k] && depth[k] <= depth[h])
                    .unwrap_or(n);
                let owned: Vec<usize> = (b..block_end).filter(|&k| self.is_program(k)).collect();
                blocks.push((h, owned));
            }
        }
        blocks
    }

    /// A JUMLAH row: the sum of the programs above it.
    fn total_sums(&self, programs: &[usize], doubted: &[(usize, usize)], out: &mut Vec<Finding>) {
        let rows = &self.rows;
        for t in (0..rows.len()).filter(|&k| self.is_total(k)) {
            let above: Vec<usize> = programs.iter().copied().filter(|&p| p < t).collect();
            let skip = skipped(&above, doubted);
            let above: Vec<&Row> = above.iter().map(|&k| rows[k]).collect();
            out.extend(compare(
                self.table,
                rows[t],
                &above,
                self.column,
                "hierarchy.programs",
                &skip,
            ));
        }
    }
}

/// The members in which one of `programs` is doubted.
fn skipped(programs: &[usize], doubted: &[(usize, usize)]) -> Vec<usize> {
    doubted
        .iter()
        .filter(|(p, _)| programs.contains(p))
        .map(|(_, m)| *m)
        .collect()
}

/// The member of `column` a finding's cell lies in.
fn member_of(table: &Table, column: usize, f: &Finding) -> Option<usize> {
    table.members(column).iter().position(|m| m.col == f.at.col)
}

/// A heading typed in capitals ("URUSAN PEMERINTAHAN BIDANG KESEHATAN").
/// Each member of `row` against the sum of the same member over `parts`.
fn compare(
    table: &Table,
    row: &Row,
    parts: &[&Row],
    column: usize,
    key: &'static str,
    skip: &[usize],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for mi in (0..table.members(column).len()).filter(|m| !skip.contains(m)) {
        let Some(found) = row.figure_at(column, mi) else {
            continue;
        };
        let figures: Vec<Figure> = parts
            .iter()
            .filter_map(|r| r.figure_at(column, mi))
            .collect();
        out.extend(super::sum::held_to_sum(
            table, row, column, &found, &figures, key,
        ));
    }
    out
}

/// A program's kegiatan as its figures show them: their positions in its span,
/// and the members in which the program's own figure differs from their sum by
/// exactly what one kegiatan differs from its sub kegiatan (that kegiatan is
/// the figure to doubt, not the program).
/// Why a program's kegiatan are not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unread {
    /// Every choice of rows was looked at: none adds up to the program.
    NothingAddsUp,
    /// Several choices add up as well, or the figures cannot be searched.
    Unknown,
}

struct Levels {
    heads: Vec<usize>,
    explained: Vec<usize>,
    /// Every row read as a kegiatan: none showed a level under it.
    flat: bool,
    /// Read from the layout (see `set_out`), the figures corroborating it.
    by_layout: bool,
}

/// Each row's figures in the members of `column` (an empty cell counts as 0).
fn span_figures(span: &[&Row], column: usize, members: usize) -> Vec<Vec<Decimal>> {
    span.iter()
        .map(|r| {
            (0..members)
                .map(|m| r.figure_at(column, m).map_or(Decimal::ZERO, |f| f.exact))
                .collect()
        })
        .collect()
}

/// A program none of whose choices of rows adds up, and whose rows show no
/// level under them (at most one row is the sum of rows right under it, which
/// round figures give by chance: 600 = 500 + 100): each row is a kegiatan, so
/// the program is held to their sum (a Perjanjian Kinerja lampiran of program
/// and kegiatan, one figure mistyped). None where rows do show levels: which
/// rows are kegiatan is then not known.
fn flat(span: &[&Row], column: usize, members: usize) -> Option<Levels> {
    let values = span_figures(span, column, members);
    if values.is_empty() {
        return None;
    }
    let sums_below = |i: usize| {
        let head = &values[i];
        if head.iter().all(Decimal::is_zero) {
            return false;
        }
        let mut acc = vec![Decimal::ZERO; members];
        values[i + 1..].iter().any(|row| {
            for (a, v) in acc.iter_mut().zip(row) {
                *a += *v;
            }
            acc == *head
        })
    };
    if (0..values.len()).filter(|&i| sums_below(i)).count() > 1 {
        return None;
    }
    Some(Levels {
        heads: (0..span.len()).collect(),
        explained: Vec::new(),
        flat: true,
        by_layout: false,
    })
}

/// The kegiatan of a program. First each kegiatan read as the row whose sub
/// kegiatan, the rows right under it, add up to it; where one does not, it
/// runs to the next row that does. Kept when those kegiatan add up to the
/// program, or when they all add up to theirs (the program's figure is then
/// the one in doubt), or when one kegiatan's difference is the program's.
/// Otherwise the rows that add up to the program are searched for. An error
/// when no choice of rows adds up, or when the figures do not tell (two
/// readings explain them as well, or there are too many to look at).
fn kegiatan(program: &Row, span: &[&Row], column: usize, members: usize) -> Result<Levels, Unread> {
    let target: Vec<Option<Decimal>> = (0..members)
        .map(|m| program.figure_at(column, m).map(|f| f.exact))
        .collect();
    if target.iter().all(Option::is_none) || span.is_empty() {
        return Err(Unread::Unknown);
    }
    let values = span_figures(span, column, members);
    // Negative figures would defeat the pruning below: not this check's table.
    if values
        .iter()
        .flatten()
        .any(|v| v.is_sign_negative() && !v.is_zero())
    {
        return Err(Unread::Unknown);
    }
    // Rows of nothing but zeros add nothing to a choice: they stay with the row
    // above them, whatever it is.
    let live: Vec<usize> = (0..span.len())
        .filter(|&i| values[i].iter().any(|v| !v.is_zero()))
        .collect();
    // The layout's reading, where it is plain and the figures bear it out, is
    // taken over any reading of the figures alone that leaves a difference.
    if live.first() != Some(&0) {
        return by_layout(set_out::kegiatan(span), &values, &target).ok_or(Unread::Unknown);
    }
    let down = match read_down(&values, &target) {
        Some(down) if down.explained.is_empty() && clean(&values, &down.heads, &target) => {
            return Ok(down)
        }
        down => down,
    };
    let layout = set_out::kegiatan(span);
    if let Some(levels) = by_layout(layout.clone(), &values, &target).or(down) {
        return Ok(levels);
    }
    // What the live rows from each position on can still add, member by member.
    let mut rest = vec![vec![Decimal::ZERO; members]; live.len() + 1];
    for k in (0..live.len()).rev() {
        for m in 0..members {
            rest[k][m] = rest[k + 1][m] + values[live[k]][m];
        }
    }
    let mut search = Search {
        values: &values,
        target: &target,
        live: &live,
        rest: &rest,
        chosen: Vec::new(),
        found: Vec::new(),
        dead: std::collections::HashSet::new(),
        steps: 0,
    };
    let mut acc = vec![Decimal::ZERO; members];
    search.go(0, &mut acc);
    // (The layout's own reading was looked at above: here it only breaks a tie.)
    if search.steps > BUDGET || search.found.len() > MAX_CHOICES {
        return Err(Unread::Unknown);
    }
    let search_found = std::mem::take(&mut search.found);
    // The choice under which the most kegiatan equal their sub kegiatan.
    let scored: Vec<(usize, Vec<usize>)> = search_found
        .into_iter()
        .map(|heads| (consistent(&values, &heads), heads))
        .collect();
    let best = scored
        .iter()
        .map(|(s, _)| *s)
        .max()
        .ok_or(Unread::NothingAddsUp)?;
    let mut winners = scored.into_iter().filter(|(s, _)| *s == best);
    let (_, heads) = winners.next().ok_or(Unread::NothingAddsUp)?;
    if winners.next().is_none() {
        return Ok(Levels {
            heads,
            explained: Vec::new(),
            flat: false,
            by_layout: false,
        });
    }
    // A tie: the layout breaks it where it is one of the best readings.
    layout
        .filter(|l| adds_up(&values, l, &target) && consistent(&values, l) == best)
        .map(|heads| Levels {
            heads,
            explained: Vec::new(),
            flat: false,
            by_layout: true,
        })
        .ok_or(Unread::Unknown)
}

/// The kegiatan the layout shows, where no reading of the figures alone tells
/// them: taken where the figures bear the layout out (some kegiatan with sub
/// kegiatan equals their sum), and where its differences explain themselves or
/// stand apart.
fn by_layout(
    layout: Option<Vec<usize>>,
    values: &[Vec<Decimal>],
    target: &[Option<Decimal>],
) -> Option<Levels> {
    let corroborated = |l: &Vec<usize>| {
        adds_up(values, l, target)
            || heads_with_sums(values, l)
                .any(|(h, stop)| !values[h].iter().all(Decimal::is_zero) && sums(values, h, stop))
    };
    let heads = layout.filter(corroborated)?;
    let explained =
        explain(values, &heads, target).unwrap_or_else(|| explain_members(values, &heads, target));
    Some(Levels {
        heads,
        explained,
        flat: false,
        by_layout: true,
    })
}

/// Whether the kegiatan `heads` add up to the program in every member it states.
fn adds_up(values: &[Vec<Decimal>], heads: &[usize], target: &[Option<Decimal>]) -> bool {
    target
        .iter()
        .enumerate()
        .all(|(m, t)| t.is_none_or(|t| heads.iter().map(|&h| values[h][m]).sum::<Decimal>() == t))
}

/// The kegiatan read down the span (see `kegiatan`), when they explain the program.
fn read_down(values: &[Vec<Decimal>], target: &[Option<Decimal>]) -> Option<Levels> {
    let n = values.len();
    let live = |i: usize| values[i].iter().any(|v| !v.is_zero());
    // The last row of the group a kegiatan at `i` heads, where its sub kegiatan
    // add up to it.
    let closing = |i: usize| -> Option<usize> {
        let mut sum = vec![Decimal::ZERO; values[i].len()];
        for j in i + 1..n {
            for (s, v) in sum.iter_mut().zip(&values[j]) {
                *s += *v;
            }
            if live(j) && sum == values[i] {
                return Some(j);
            }
        }
        None
    };
    let mut heads = Vec::new();
    let mut i = 0;
    while i < n {
        if !live(i) && !heads.is_empty() {
            i += 1;
            continue;
        }
        heads.push(i);
        i = match closing(i) {
            Some(j) => j + 1,
            None => (i + 1..n)
                .find(|&r| live(r) && closing(r).is_some())
                .unwrap_or(n),
        };
    }
    let explained = explain(values, &heads, target)?;
    Some(Levels {
        heads,
        explained,
        flat: false,
        by_layout: false,
    })
}

/// Under the kegiatan `heads`, the members in which one kegiatan is off from
/// its sub kegiatan by just what the program is off from its kegiatan (that
/// kegiatan is the figure to doubt); empty where the program adds up, or where
/// every kegiatan does (the program's own figure is then in doubt). None where
/// several kegiatan are off and the program too: the reading explains nothing.
fn explain(
    values: &[Vec<Decimal>],
    heads: &[usize],
    target: &[Option<Decimal>],
) -> Option<Vec<usize>> {
    let (off, program_off) = offs(values, heads, target);
    let differs: Vec<usize> = (0..target.len())
        .filter(|&m| !program_off[m].is_zero())
        .collect();
    match off.as_slice() {
        _ if differs.is_empty() => Some(Vec::new()),
        // Every kegiatan adds up: the program's own figure is the one in doubt.
        [] => Some(Vec::new()),
        // One kegiatan off by just what the program is off by.
        [one] if differs.iter().all(|&m| one[m] == program_off[m]) => Some(differs),
        _ => None,
    }
}

/// Under the kegiatan `heads`, member by member, those in which exactly one
/// kegiatan is off from its sub kegiatan, by just what the program is off.
fn explain_members(
    values: &[Vec<Decimal>],
    heads: &[usize],
    target: &[Option<Decimal>],
) -> Vec<usize> {
    let (off, program_off) = offs(values, heads, target);
    (0..target.len())
        .filter(|&m| {
            let mut in_m = off.iter().filter(|d| !d[m].is_zero());
            !program_off[m].is_zero()
                && in_m.next().is_some_and(|d| d[m] == program_off[m])
                && in_m.next().is_none()
        })
        .collect()
}

/// Under the kegiatan `heads`: how far each kegiatan that is off is from its
/// sub kegiatan (member by member), and how far the kegiatan are from the program.
fn offs(
    values: &[Vec<Decimal>],
    heads: &[usize],
    target: &[Option<Decimal>],
) -> (Vec<Vec<Decimal>>, Vec<Decimal>) {
    let off: Vec<Vec<Decimal>> = heads_with_sums(values, heads)
        .filter_map(|(h, stop)| {
            let d: Vec<Decimal> = (0..values[h].len())
                .map(|m| values[h][m] - values[h + 1..stop].iter().map(|v| v[m]).sum::<Decimal>())
                .collect();
            d.iter().any(|x| !x.is_zero()).then_some(d)
        })
        .collect();
    let program_off: Vec<Decimal> = (0..target.len())
        .map(|m| match target[m] {
            Some(t) => heads.iter().map(|&h| values[h][m]).sum::<Decimal>() - t,
            None => Decimal::ZERO,
        })
        .collect();
    (off, program_off)
}

/// How many kegiatan, with sub kegiatan under them, equal their sum.
fn consistent(values: &[Vec<Decimal>], heads: &[usize]) -> usize {
    heads_with_sums(values, heads)
        .filter(|&(h, stop)| sums(values, h, stop))
        .count()
}

/// Each kegiatan that has sub kegiatan under it: (its row, the row past its last one).
fn heads_with_sums<'a>(
    values: &'a [Vec<Decimal>],
    heads: &'a [usize],
) -> impl Iterator<Item = (usize, usize)> + 'a {
    heads.iter().enumerate().filter_map(move |(k, &h)| {
        let stop = heads.get(k + 1).copied().unwrap_or(values.len());
        (stop > h + 1).then_some((h, stop))
    })
}

/// Whether row `h` equals the sum of the rows after it up to `stop`, in every member.
fn sums(values: &[Vec<Decimal>], h: usize, stop: usize) -> bool {
    (0..values[h].len())
        .all(|m| values[h + 1..stop].iter().map(|v| v[m]).sum::<Decimal>() == values[h][m])
}

/// Whether the kegiatan `heads` add up to the program and each to its sub kegiatan.
fn clean(values: &[Vec<Decimal>], heads: &[usize], target: &[Option<Decimal>]) -> bool {
    adds_up(values, heads, target)
        && heads_with_sums(values, heads).all(|(h, stop)| sums(values, h, stop))
}

struct Search<'a> {
    values: &'a [Vec<Decimal>],
    target: &'a [Option<Decimal>],
    /// The rows that are not all zeros: the only ones a choice is made of.
    live: &'a [usize],
    /// `rest[k]`: the sum of the live rows from the k-th on.
    rest: &'a [Vec<Decimal>],
    chosen: Vec<usize>,
    found: Vec<Vec<usize>>,
    /// (position, running sums) from which no choice adds up.
    dead: std::collections::HashSet<(usize, Vec<Decimal>)>,
    steps: usize,
}

impl Search<'_> {
    /// Chooses, for each live row from `at` on, whether it is a kegiatan; true
    /// when some choice from here adds up.
    fn go(&mut self, at: usize, acc: &mut Vec<Decimal>) -> bool {
        self.steps += 1;
        if self.steps > BUDGET || self.found.len() > MAX_CHOICES {
            return true;
        }
        // What is left can no longer reach the program's figure.
        let reachable = self
            .target
            .iter()
            .zip(acc.iter().zip(&self.rest[at]))
            .all(|(t, (a, r))| t.is_none_or(|t| *a + *r >= t));
        if !reachable || self.dead.contains(&(at, acc.clone())) {
            return false;
        }
        if at == self.live.len() {
            let adds_up = self
                .target
                .iter()
                .zip(acc.iter())
                .all(|(t, a)| t.is_none_or(|t| t == *a));
            if adds_up {
                self.found.push(self.chosen.clone());
            }
            return adds_up;
        }
        let row = self.live[at];
        let mut any = false;
        // As a kegiatan (the first one always is).
        let fits = self
            .target
            .iter()
            .zip(acc.iter().zip(&self.values[row]))
            .all(|(t, (a, v))| t.is_none_or(|t| *a + *v <= t));
        if fits {
            for (a, v) in acc.iter_mut().zip(&self.values[row]) {
                *a += *v;
            }
            self.chosen.push(row);
            any |= self.go(at + 1, acc);
            self.chosen.pop();
            for (a, v) in acc.iter_mut().zip(&self.values[row]) {
                *a -= *v;
            }
        }
        // As a sub kegiatan of the kegiatan above.
        if at > 0 {
            any |= self.go(at + 1, acc);
        }
        if !any {
            self.dead.insert((at, acc.clone()));
        }
        any
    }
}

/// `[[check]] type = "hierarchy"`: a table whose levels only its figures
/// show: `row` is the kind of row of a program, `column` the figure summed.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    column: Option<Spanned<String>>,
    row: Option<String>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.row.iter().collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Hierarchy {
            column: b.required(&self.column, "column")?,
            program: b.needs(
                &self.row,
                "row",
                "a `hierarchy` check needs `row`, the kind of row of a program",
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Rules;

    fn fixture(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name)
    }

    /// The table's hierarchy check, as its rule states it.
    fn hierarchy<'r>(rules: &'r Rules, table: &Table) -> &'r Check {
        rules.tables[table.rule]
            .checks
            .iter()
            .find(|c| matches!(c, Check::Hierarchy { .. }))
            .unwrap()
    }

    #[test]
    fn the_form_pasted_as_values_gives_its_levels_from_its_figures_as_the_formulas_state_them() {
        let rules = Rules::built_in().unwrap();
        let typed =
            crate::open(&fixture("formulas/renja-rumus-typed.xlsx"), &rules, false).unwrap();
        let (tables, _) = crate::read_tables(&typed, &rules);
        let table = &tables[0];
        let read: Vec<(u32, &str, Vec<u32>)> = reading(table, hierarchy(&rules, table))
            .into_iter()
            .map(|r| (r.row + 1, r.level, r.parts.iter().map(|p| p + 1).collect()))
            .collect();
        // Each program over its kegiatan and each kegiatan over its sub kegiatan,
        // as the clean twin's formulas add them (=SUM(G11:G13), =G10+G14, ...); the
        // urusan, the bidang and the JUMLAH over the programs under them.
        assert_eq!(
            read,
            [
                (7, "heading", vec![9, 19, 24]),
                (8, "heading", vec![9, 19]),
                (9, "program", vec![10, 14]),
                (10, "kegiatan", vec![11, 12, 13]),
                (14, "kegiatan", vec![15, 16, 17, 18]),
                (19, "program", vec![20]),
                (20, "kegiatan", vec![21, 22]),
                (23, "heading", vec![24]),
                (24, "program", vec![25, 28]),
                (25, "kegiatan", vec![26, 27]),
                (28, "kegiatan", vec![29, 30, 31]),
                (32, "total", vec![9, 19, 24]),
            ]
        );
        // The clean twin's formulas state the same children for every program and kegiatan.
        let clean = crate::open(&fixture("formulas/renja-rumus-clean.xlsx"), &rules, true).unwrap();
        let sheet = &clean.sheets[0];
        let stated = crate::audit::levels(&clean, sheet);
        for (row, level, parts) in &read {
            if matches!(*level, "program" | "kegiatan") {
                let by_formula = &stated[&(row - 1)];
                let adds: Vec<u32> = by_formula.adds.iter().map(|r| r + 1).collect();
                assert_eq!(&adds, parts, "row {row}");
            }
        }
    }

    #[test]
    fn tangsel_inspektorat_program_whose_kegiatan_its_figures_do_not_tell_is_said_so() {
        // PROGRAM PERUMUSAN KEBIJAKAN (row 53, TW II 1.300.000) over rows 54–59,
        // where only 56 and 59 state 1.300.000 and the rest nil: the figures do
        // not tell which of them are its kegiatan, so the reading leaves it
        // undecided (what `selaras tables` says: tests/suite/real_world.rs).
        let rules = Rules::built_in().unwrap();
        let book = crate::open(
            &fixture("real-world/tangsel-inspektorat-realisasi-renja-tw1-2-2023.xlsx"),
            &rules,
            false,
        )
        .unwrap();
        let (tables, _) = crate::read_tables(&book, &rules);
        let undecided: Vec<(u32, Vec<u32>)> = reading(&tables[0], hierarchy(&rules, &tables[0]))
            .into_iter()
            .filter(|r| r.level == "undecided")
            .map(|r| (r.row + 1, r.parts.iter().map(|p| p + 1).collect()))
            .collect();
        assert_eq!(undecided, [(53, vec![54, 55, 56, 57, 58, 59])]);
    }
    #[test]
    fn a_renja_whose_levels_only_its_layout_tells_is_read_by_it() {
        // fixtures/forms/renja-tata-letak-clean.xlsx: kegiatan in bold, sub
        // kegiatan indented. The first program reads down by its figures; the
        // second's first kegiatan is nil, so its layout tells its kegiatan,
        // Pemberdayaan (10.650.000 = 6.450.000 + 4.200.000) bearing it out.
        let rules = Rules::built_in().unwrap();
        let book =
            crate::open(&fixture("forms/renja-tata-letak-clean.xlsx"), &rules, false).unwrap();
        let (tables, _) = crate::read_tables(&book, &rules);
        let read: Vec<(u32, &str, Vec<u32>, bool)> =
            reading(&tables[0], hierarchy(&rules, &tables[0]))
                .into_iter()
                .filter(|r| r.level != "heading")
                .map(|r| {
                    (
                        r.row + 1,
                        r.level,
                        r.parts.iter().map(|p| p + 1).collect(),
                        r.by_layout,
                    )
                })
                .collect();
        assert_eq!(
            read,
            [
                (7, "program", vec![8, 11, 14], false),
                (8, "kegiatan", vec![9, 10], false),
                (11, "kegiatan", vec![12, 13], false),
                (14, "kegiatan", vec![15, 16, 17], false),
                (18, "program", vec![19, 22, 25], true),
                (19, "kegiatan", vec![20, 21], true),
                (22, "kegiatan", vec![23, 24], true),
                (25, "kegiatan", vec![26], true),
            ]
        );
    }
}
