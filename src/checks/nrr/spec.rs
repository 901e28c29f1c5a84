//! The `[nrr]` block of a rules file: which value column may hold NRR (1–4)
//! instead of NRR x 25, and how to tell. The check owns its spec; the rules loader
//! hands it the rule's column keys and row kinds to validate against.

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::text::Pattern;

/// The `[nrr]` block of a rules file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NrrSpec {
    /// The value column that may hold NRR.
    column: Spanned<String>,
    /// The kind of row stating the IKM (`ikm`).
    row: Spanned<String>,
    /// The NRR's range, with a dot (`"1"`, `"4"`).
    min: Spanned<String>,
    max: Spanned<String>,
    /// IKM = NRR × factor (`"25"`).
    factor: Spanned<String>,
    /// The category scale of an NRR (the nilai interval).
    scale: Spanned<String>,
    /// Header or label words that say a figure is an NRR.
    says_nrr: Vec<Spanned<String>>,
    /// Header or label words that say a figure is converted (NRR x 25).
    says_converted: Vec<Spanned<String>>,
}

/// The `[nrr]` block, validated.
#[derive(Debug, Clone)]
pub struct NrrRule {
    pub column: usize,
    pub row: String,
    pub min: Decimal,
    pub max: Decimal,
    pub factor: Decimal,
    pub scale: String,
    pub says_nrr: Vec<Pattern>,
    pub says_converted: Vec<Pattern>,
}

/// Validates the block against the rule's columns and row kinds; an error is
/// (offset in the file, key, message).
pub fn validate(
    spec: &NrrSpec,
    columns: &[&str],
    kinds: &[String],
) -> Result<NrrRule, (usize, &'static str, String)> {
    let column = columns
        .iter()
        .position(|c| *c == spec.column.get_ref())
        .ok_or_else(|| {
            (
                spec.column.span().start,
                "column",
                format!("no column `{}` is defined above", spec.column.get_ref()),
            )
        })?;
    if !kinds.contains(spec.row.get_ref()) {
        return Err((
            spec.row.span().start,
            "row",
            format!(
                "no [[row]] defines the kind `{}` (kinds: {})",
                spec.row.get_ref(),
                kinds.join(", ")
            ),
        ));
    }
    let number = |v: &Spanned<String>, key: &'static str| {
        v.get_ref()
            .parse::<Decimal>()
            .ok()
            .filter(|d| *d > Decimal::ZERO)
            .ok_or_else(|| {
                (
                    v.span().start,
                    key,
                    "write a positive number with a dot, e.g. \"4\" or \"25\"".to_string(),
                )
            })
    };
    let (min, max) = (number(&spec.min, "min")?, number(&spec.max, "max")?);
    let factor = number(&spec.factor, "factor")?;
    // The two scales must not overlap, or a value could not say which it is on.
    if min > max || max >= min * factor {
        return Err((
            spec.max.span().start,
            "max",
            "the NRR range must lie below the converted range (min × factor)".to_string(),
        ));
    }
    let patterns = |list: &[Spanned<String>], key: &'static str| {
        list.iter()
            .map(|p| Pattern::new(p.get_ref()).map_err(|m| (p.span().start, key, m)))
            .collect::<Result<Vec<_>, _>>()
    };
    Ok(NrrRule {
        column,
        row: spec.row.get_ref().clone(),
        min,
        max,
        factor,
        scale: spec.scale.get_ref().clone(),
        says_nrr: patterns(&spec.says_nrr, "says_nrr")?,
        says_converted: patterns(&spec.says_converted, "says_converted")?,
    })
}
