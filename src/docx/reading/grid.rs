//! A table of the draft read by its years: the header cells that are years
//! (`2022`, `2023`, merged over their columns), the quantity under each
//! (`T`/`Target`, `R`/`Realisasi`, `C`/`Capaian`/`%`), and each body row's
//! figure per year and quantity. What a trend claim is held against.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::super::claims::read_figure;
use super::super::read::WordTable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quantity {
    Target,
    Realisasi,
    Capaian,
    /// A year column with no quantity under it: the table's one figure.
    Value,
}

impl Quantity {
    /// The quantity a sub-header names.
    fn of(header: &str) -> Option<Quantity> {
        let h = header.trim().to_lowercase();
        if h == "t" || h.starts_with("target") {
            Some(Quantity::Target)
        } else if h == "r" || h.starts_with("realisasi") {
            Some(Quantity::Realisasi)
        } else if h == "c" || h == "%" || h.starts_with("capaian") || h.starts_with("% capaian") {
            Some(Quantity::Capaian)
        } else {
            None
        }
    }

    /// The quantity a sentence names by its word.
    pub fn named(word: &str) -> Option<Quantity> {
        match word {
            "target" => Some(Quantity::Target),
            "realisasi" | "nilai" => Some(Quantity::Realisasi),
            "capaian" => Some(Quantity::Capaian),
            _ => None,
        }
    }

    /// The sentence's word for it.
    pub fn word(self) -> &'static str {
        match self {
            Quantity::Target => "target",
            Quantity::Realisasi | Quantity::Value => "realisasi",
            Quantity::Capaian => "capaian",
        }
    }
}

/// A body row: its label, and its figures by (year, quantity): value and text.
#[derive(Debug, Clone)]
pub struct YearRow {
    pub label: String,
    pub figures: BTreeMap<(u16, Quantity), (Decimal, String)>,
}

fn year_of(text: &str) -> Option<u16> {
    let t = text.trim();
    (t.len() == 4 && (t.starts_with("19") || t.starts_with("20")))
        .then(|| t.parse().ok())
        .flatten()
}

/// The rows of a table whose header names years; `None` when no header cell is a year.
pub fn read(table: &WordTable) -> Option<Vec<YearRow>> {
    let cells: BTreeMap<(u32, u32), &str> = table
        .cells
        .iter()
        .map(|(at, text)| (*at, text.as_str()))
        .collect();
    // Columns a cell spans (its merge), for the header cells.
    let span = |at: (u32, u32)| -> (u32, u32) {
        table
            .merges
            .iter()
            .find(|m| m.start == at)
            .map_or((at.1, at.1), |m| (m.start.1, m.end.1))
    };
    let mut year_of_col: BTreeMap<u32, (u16, u32)> = BTreeMap::new();
    for (&(r, c), text) in &cells {
        if r > 4 {
            continue;
        }
        if let Some(y) = year_of(text) {
            let (from, to) = span((r, c));
            for col in from..=to {
                year_of_col.entry(col).or_insert((y, r));
            }
        }
    }
    if year_of_col.len() < 2 {
        return None;
    }
    // The quantity under each year column: the lowest header cell below the year.
    let mut quantity: BTreeMap<u32, Quantity> = BTreeMap::new();
    let mut header_end = year_of_col.values().map(|(_, r)| *r).max().unwrap_or(0);
    // The header text over a column in row `r`: its own cell, or a merged one
    // that starts left of it.
    let header_at = |r: u32, col: u32| -> Option<&str> {
        cells.get(&(r, col)).copied().or_else(|| {
            table
                .merges
                .iter()
                .find(|m| m.start.0 == r && m.start.1 <= col && col <= m.end.1)
                .and_then(|m| cells.get(&m.start).copied())
        })
    };
    for (&col, &(_, year_row)) in &year_of_col {
        let below = (year_row + 1..year_row + 3)
            .find_map(|r| header_at(r, col).and_then(Quantity::of).map(|q| (r, q)));
        // The quantity may stand above the years instead ("Realisasi > 2022 | 2023").
        let above = (0..year_row)
            .rev()
            .find_map(|r| header_at(r, col).and_then(Quantity::of));
        match (below, above) {
            (Some((r, q)), _) => {
                header_end = header_end.max(r);
                quantity.insert(col, q);
            }
            (None, Some(q)) => {
                quantity.insert(col, q);
            }
            (None, None) => {
                quantity.insert(col, Quantity::Value);
            }
        }
    }
    // A (year, quantity) two columns claim cannot be read: its figures are left out.
    let mut seen: BTreeMap<(u16, Quantity), usize> = BTreeMap::new();
    for (col, (y, _)) in &year_of_col {
        if let Some(q) = quantity.get(col) {
            *seen.entry((*y, *q)).or_default() += 1;
        }
    }
    year_of_col.retain(|col, (y, _)| quantity.get(col).is_some_and(|q| seen[&(*y, *q)] == 1));
    Some(year_rows(&cells, &year_of_col, &quantity, header_end))
}

/// The rows under the header: each row's label and its figure per (year, quantity).
fn year_rows(
    cells: &BTreeMap<(u32, u32), &str>,
    year_of_col: &BTreeMap<u32, (u16, u32)>,
    quantity: &BTreeMap<u32, Quantity>,
    header_end: u32,
) -> Vec<YearRow> {
    let last_row = cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let mut rows = Vec::new();
    for r in header_end + 1..=last_row {
        let mut label = Vec::new();
        let mut figures = BTreeMap::new();
        for (&(row, col), text) in cells.range((r, 0)..(r + 1, 0)) {
            debug_assert_eq!(row, r);
            match (year_of_col.get(&col), quantity.get(&col)) {
                (Some(&(y, _)), Some(&q)) => {
                    let plain = text.trim().trim_end_matches('%').trim();
                    if let Some((v, _)) = read_figure(plain) {
                        figures.insert((y, q), (v, text.trim().to_string()));
                    }
                }
                _ => {
                    if !text.trim().is_empty() && read_figure(text.trim()).is_none() {
                        label.push(text.trim().to_string());
                    }
                }
            }
        }
        if !figures.is_empty() {
            rows.push(YearRow {
                label: label.join(" "),
                figures,
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A merge: its first and last cell.
    type Merge = ((u32, u32), (u32, u32));

    fn table(cells: &[((u32, u32), &str)], merges: &[Merge]) -> WordTable {
        WordTable {
            number: 1,
            caption: None,
            headings: Vec::new(),
            cells: cells.iter().map(|(at, t)| (*at, t.to_string())).collect(),
            merges: merges
                .iter()
                .map(|(start, end)| calamine::Dimensions {
                    start: *start,
                    end: *end,
                })
                .collect(),
            cell_paragraph: Default::default(),
            sheet: "Tabel 1".into(),
        }
    }

    #[test]
    fn the_quantity_is_read_below_or_above_the_years() {
        // Years over T | R: each column its quantity.
        let below = table(
            &[
                ((0, 0), "Indikator"),
                ((0, 1), "2023"),
                ((0, 3), "2024"),
                ((1, 1), "T"),
                ((1, 2), "R"),
                ((1, 3), "T"),
                ((1, 4), "R"),
                ((2, 0), "IKM"),
                ((2, 1), "84"),
                ((2, 2), "89,57"),
                ((2, 3), "85"),
                ((2, 4), "90,40"),
            ],
            &[((0, 1), (0, 2)), ((0, 3), (0, 4))],
        );
        let rows = read(&below).expect("a year table");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].figures[&(2024, Quantity::Realisasi)].1, "90,40");
        assert_eq!(rows[0].figures[&(2023, Quantity::Target)].1, "84");
        // Target > 2023 | 2024 and Realisasi > 2023 | 2024: the quantity above.
        let above = table(
            &[
                ((0, 0), "Indikator"),
                ((0, 1), "Target"),
                ((0, 3), "Realisasi"),
                ((1, 1), "2023"),
                ((1, 2), "2024"),
                ((1, 3), "2023"),
                ((1, 4), "2024"),
                ((2, 0), "IKM"),
                ((2, 1), "84"),
                ((2, 2), "85"),
                ((2, 3), "89,57"),
                ((2, 4), "90,40"),
            ],
            &[((0, 1), (0, 2)), ((0, 3), (0, 4))],
        );
        let rows = read(&above).expect("a year table");
        assert_eq!(rows[0].figures[&(2024, Quantity::Realisasi)].1, "90,40");
        assert_eq!(rows[0].figures[&(2024, Quantity::Target)].1, "85");
        // Two columns of one year and no quantity: neither is read as the year's figure.
        let unknown = table(
            &[
                ((0, 0), "Indikator"),
                ((0, 1), "2023"),
                ((0, 2), "2023"),
                ((0, 3), "2024"),
                ((1, 0), "IKM"),
                ((1, 1), "84"),
                ((1, 2), "89,57"),
                ((1, 3), "90,40"),
            ],
            &[],
        );
        let rows = read(&unknown).expect("a year table");
        assert!(!rows[0].figures.contains_key(&(2023, Quantity::Value)));
        assert_eq!(rows[0].figures[&(2024, Quantity::Value)].1, "90,40");
    }
}
