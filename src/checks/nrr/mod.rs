//! Which scale an IKM table's figures are on. PermenPAN-RB 14/2017 gives each
//! unsur an NRR, the mean respondent score (1–4), and states the unsur and the IKM
//! "converted", NRR × 25 (25–100). Most reports type the converted values; an SKM
//! recapitulation often types the NRR and only the IKM row converted:
//!
//! | Unsur Pelayanan      | Nilai |
//! |----------------------|-------|
//! | Persyaratan          | 3,52  |
//! | ... 8 more           |       |
//! | Nilai IKM (NRR x 25) | 88,81 (right: mean of the 9 NRR × 25) |
//!
//! A rule says in its `[nrr]` block which column may hold NRR and which row kind
//! states the IKM. The decision is one of these, the first that applies, and the
//! finding's formula says which:
//!
//! - the unsur of a column: its header says so (`NRR` → NRR; `NRR x 25`,
//!   `Nilai Konversi` → converted); else more unsur values lie within 1–4 than
//!   within 25–100, or the reverse; else (as many of each) the IKM row's label
//!   says "x 25", which makes the unsur NRR; else converted, as before;
//! - the IKM row's own figure, each on its own: its label says "x 25"
//!   (converted) or NRR; else its value lies within 1–4 (NRR) or not (converted).
//!
//! A stated figure is always recomputed on its own scale (× 25 or ÷ 25 where the
//! two differ), so a correction never writes an NRR where an IKM was, or the reverse.

use rust_decimal::Decimal;

use crate::i18n::Msg;
use crate::msg;
use crate::number::format_id;
use crate::rules::{RowRole, Rules, TableRule};
use crate::table::{Figure, Row, Table};
use crate::text::{any_matches, normalise};

pub mod spec;
pub use spec::NrrRule;

/// The scale a figure is stated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// The mean respondent score, 1–4.
    Nrr,
    /// NRR × 25, 25–100: the IKM and most reports' unsur.
    Converted,
}

/// A scale and why it was chosen, for the finding's formula.
#[derive(Debug, Clone)]
pub struct Reading {
    pub scale: Scale,
    why: Msg,
}

impl Reading {
    /// "NRR (1–4): 9 of the 9 unsur lie within 1–4", or "NRR × 25 (25–100): …".
    pub fn describe(&self, nrr: &NrrRule) -> Msg {
        let (lo, hi) = range(nrr, self.scale);
        match self.scale {
            Scale::Nrr => msg!(
                "nrr.scale-nrr",
                lo = show(lo),
                hi = show(hi),
                why = self.why.clone()
            ),
            Scale::Converted => msg!(
                "nrr.scale-converted",
                factor = show(nrr.factor),
                lo = show(lo),
                hi = show(hi),
                why = self.why.clone()
            ),
        }
    }
}

/// A number as short as it is exact: `25`, `0,125`.
pub fn show(d: Decimal) -> String {
    let d = d.normalize();
    format_id(d, d.scale())
}

/// The range a figure on `scale` can take.
pub fn range(nrr: &NrrRule, scale: Scale) -> (Decimal, Decimal) {
    match scale {
        Scale::Nrr => (nrr.min, nrr.max),
        Scale::Converted => (nrr.min * nrr.factor, nrr.max * nrr.factor),
    }
}

/// The factor that takes a value on `from` to `to`: 1, 25 or 1/25.
pub fn factor(nrr: &NrrRule, from: Scale, to: Scale) -> Decimal {
    match (from, to) {
        (Scale::Nrr, Scale::Converted) => nrr.factor,
        (Scale::Converted, Scale::Nrr) => Decimal::ONE / nrr.factor,
        _ => Decimal::ONE,
    }
}

/// The table's `[nrr]` block, when `column` is the column it is about.
pub fn rule_for<'r>(rules: &'r Rules, table: &Table, column: usize) -> Option<&'r NrrRule> {
    let rule: &TableRule = &rules.tables[table.rule];
    rule.nrr.as_ref().filter(|n| n.column == column)
}

/// Whether a row states the IKM (not an unsur).
pub fn is_summary(nrr: &NrrRule, row: &Row) -> bool {
    row.kind == nrr.row || matches!(row.role, Some(RowRole::Total | RowRole::Average))
}

/// How member `mi` of the column states its unsur.
pub fn column_reading(table: &Table, nrr: &NrrRule, mi: usize) -> Reading {
    let header = table
        .member(nrr.column, mi)
        .map(|m| m.header.clone())
        .unwrap_or_default();
    let key = normalise(&header);
    if any_matches(&nrr.says_converted, &key) {
        return Reading {
            scale: Scale::Converted,
            why: msg!("nrr.by-header", header = header),
        };
    }
    if any_matches(&nrr.says_nrr, &key) {
        return Reading {
            scale: Scale::Nrr,
            why: msg!("nrr.by-header", header = header),
        };
    }
    let values: Vec<Decimal> = table
        .rows
        .iter()
        .filter(|r| !is_summary(nrr, r))
        .filter_map(|r| r.figure_at(nrr.column, mi))
        .map(|f| f.value)
        .collect();
    let within = |scale: Scale| {
        let (lo, hi) = range(nrr, scale);
        values.iter().filter(|v| **v >= lo && **v <= hi).count()
    };
    let (as_nrr, as_converted) = (within(Scale::Nrr), within(Scale::Converted));
    if as_nrr != as_converted {
        let scale = if as_nrr > as_converted {
            Scale::Nrr
        } else {
            Scale::Converted
        };
        let (lo, hi) = range(nrr, scale);
        return Reading {
            scale,
            why: msg!(
                "nrr.by-values",
                within = as_nrr.max(as_converted),
                n = values.len(),
                lo = show(lo),
                hi = show(hi)
            ),
        };
    }
    // As many of each (none, say): the IKM row saying "x 25" says the unsur are NRR.
    if let Some(row) = table
        .rows
        .iter()
        .find(|r| r.kind == nrr.row && any_matches(&nrr.says_converted, &normalise(r.label())))
    {
        return Reading {
            scale: Scale::Nrr,
            why: msg!("nrr.by-label", label = row.label()),
        };
    }
    Reading {
        scale: Scale::Converted,
        why: msg!("nrr.by-default"),
    }
}

/// How a summary row's figure (the IKM row) is stated: by its label, else its value.
pub fn summary_reading(nrr: &NrrRule, row: &Row, found: &Figure) -> Reading {
    let key = normalise(row.label());
    if any_matches(&nrr.says_converted, &key) {
        return Reading {
            scale: Scale::Converted,
            why: msg!("nrr.by-label", label = row.label()),
        };
    }
    if any_matches(&nrr.says_nrr, &key) {
        return Reading {
            scale: Scale::Nrr,
            why: msg!("nrr.by-label", label = row.label()),
        };
    }
    value_reading(nrr, found)
}

/// How a lone figure is stated (an IKM in another table): within 1–4 it is an NRR.
pub fn value_reading(nrr: &NrrRule, found: &Figure) -> Reading {
    let (lo, hi) = range(nrr, Scale::Nrr);
    let scale = if found.value >= lo && found.value <= hi {
        Scale::Nrr
    } else {
        Scale::Converted
    };
    let (lo, hi) = range(nrr, scale);
    Reading {
        scale,
        why: msg!(
            "nrr.by-value",
            value = format_id(found.value, found.scale),
            lo = show(lo),
            hi = show(hi)
        ),
    }
}

/// How far a mean of the `elements` × `factor` may lie from a right figure because
/// each element is shown rounded: half a unit of each one's last decimal, averaged,
/// × factor. NRR shown to 2 decimals put their mean × 25 within ±0,125 of the IKM
/// computed from the survey's exact scores. Zero when nothing is scaled up.
pub fn rounding_slack(elements: &[Figure], factor: Decimal) -> Decimal {
    if factor <= Decimal::ONE || elements.is_empty() {
        return Decimal::ZERO;
    }
    let half_units: Decimal = elements
        .iter()
        // A numeric cell may store more decimals than it shows: the mean starts from those.
        .map(|f| Decimal::new(5, f.scale.max(f.exact.scale()) + 1))
        .sum();
    half_units / Decimal::from(elements.len() as u64) * factor
}
