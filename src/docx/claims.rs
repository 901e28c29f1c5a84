//! Sentences that cite a figure of the tables, as data: `[[claim]]` entries of a rules
//! file (the built-in ones are `rules/kalimat.toml`), and the check that holds each
//! figure a sentence cites against the table it claims to repeat.
//!
//! | the sentence says                                   | held against                         |
//! |-----------------------------------------------------|--------------------------------------|
//! | "rata-rata capaian kinerja kegiatan 123,75%"         | Tabel 3.8, row Rata-rata: 123,81     |
//! | "3 (tiga) program dan 18 (delapan belas) kegiatan"   | the program and kegiatan rows: 3, 18 |
//! | "... masuk kategori kinerja ... Baik" (IKM 90,40)    | PermenPAN-RB 14/2017: Sangat baik    |
//!
//! A pattern is a regular expression (case is ignored, a space matches any white
//! space) with placeholders: `{figure}` the figure cited, `{count}` a count with its
//! number word in brackets (`18 (delapan belas)`), `{category}` a category word of the
//! claim's scale, `{names}` a list of names (`A, B dan C`), `{year}` a year.

use regex::Regex;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::text::Pattern;

/// What a claim cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    /// A figure of a table cell (its stated value, and its recomputation where the
    /// table check has one).
    Figure,
    /// A count of the rows of some kinds.
    Count,
    /// A category word for a figure, by a scale.
    Category,
    /// The k lowest rows of a column, by name.
    Lowest,
}

/// A `[[claim]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Option<Spanned<String>>,
    /// What the figure is, in the report's words, for findings: "rata-rata capaian".
    what: String,
    pattern: Vec<Spanned<String>>,
    /// The rules (table kinds) whose table holds the figure, in order of preference.
    #[serde(default)]
    table: Vec<String>,
    column: Option<String>,
    /// The column for a `{year}` one before the report's year.
    previous_column: Option<String>,
    /// Row kinds (`average`, `program`, `sasaran`).
    #[serde(default)]
    rows: Vec<String>,
    /// Rows whose label matches one of these patterns.
    #[serde(default)]
    indicator: Vec<Spanned<String>>,
    /// For a category: a `[[scale]]` id, or the id of a rule whose table states a scale.
    scale: Option<String>,
    /// For the lowest: the column with the rows' names.
    name: Option<String>,
}

/// A claim ready to be matched.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub kind: ClaimKind,
    pub what: String,
    /// The patterns as written (placeholders not yet expanded).
    pub patterns: Vec<String>,
    pub tables: Vec<String>,
    pub column: Option<String>,
    pub previous_column: Option<String>,
    pub rows: Vec<String>,
    pub indicator: Vec<Pattern>,
    pub scale: Option<String>,
    pub name: Option<String>,
    pub origin: String,
}

/// A figure, with a percent sign or a magnitude word after it ("38,1 M",
/// "850 juta", "1,2 triliun").
pub const FIGURE: &str = r"(?P<figure>\d[\d.,]*\d|\d)(?:(?P<pct>\s?%)|\s?(?P<mag>ribu|rb|juta|jt|miliar|milyar|m|triliun|t)\b\.?)?";

/// The multiplier of a magnitude word: ribu/rb 10^3, juta/jt 10^6, miliar/milyar/M
/// 10^9, triliun/T 10^12.
pub fn magnitude(word: &str) -> Option<rust_decimal::Decimal> {
    let zeros = match word.trim().trim_end_matches('.').to_lowercase().as_str() {
        "ribu" | "rb" => 3,
        "juta" | "jt" => 6,
        "miliar" | "milyar" | "m" => 9,
        "triliun" | "t" => 12,
        _ => return None,
    };
    Some(rust_decimal::Decimal::from_i128_with_scale(
        10i128.pow(zeros),
        0,
    ))
}
pub const COUNT: &str = r"(?P<count>\d+)(?:\s*\((?P<word>[a-zA-Z ]+)\))?";
pub const NAMES: &str = r"(?P<names>[^.;:()]+)";
pub const YEAR: &str = r"(?P<year>(?:19|20)\d\d)";

/// The pattern as a regular expression; `categories` is the alternation of the
/// scale's words (a placeholder word when validating).
pub fn expand(pattern: &str, categories: &str) -> Result<Regex, String> {
    let body = pattern
        .split(' ')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(r"\s+")
        .replace("{figure}", FIGURE)
        .replace("{count}", COUNT)
        .replace("{names}", NAMES)
        .replace("{year}", YEAR)
        .replace("{category}", &format!("(?P<category>{categories})"));
    Regex::new(&format!("(?i){body}")).map_err(|e| e.to_string())
}

/// Validates a `[[claim]]`; an error is (byte offset in the file, key, message).
pub fn validate(spec: &ClaimSpec, origin: &str) -> Result<Claim, (usize, &'static str, String)> {
    let kind = match spec.kind.as_ref().map(|k| k.get_ref().as_str()) {
        None | Some("figure") => ClaimKind::Figure,
        Some("count") => ClaimKind::Count,
        Some("category") => ClaimKind::Category,
        Some("lowest") => ClaimKind::Lowest,
        Some(other) => {
            return Err((
                spec.kind.as_ref().map_or(0, |k| k.span().start),
                "type",
                format!("unknown claim type `{other}`: use figure, count, category or lowest"),
            ))
        }
    };
    let start = spec.id.span().start;
    if spec.pattern.is_empty() {
        return Err((
            start,
            "pattern",
            "a claim needs at least one pattern".into(),
        ));
    }
    let needs = |placeholder: &str| -> &'static str {
        match placeholder {
            "{figure}" => "figure",
            "{count}" => "count",
            "{category}" => "category",
            _ => "names",
        }
    };
    let required = match kind {
        ClaimKind::Figure => "{figure}",
        ClaimKind::Count => "{count}",
        ClaimKind::Category => "{category}",
        ClaimKind::Lowest => "{names}",
    };
    for p in &spec.pattern {
        if !p.get_ref().contains(required) {
            return Err((
                p.span().start,
                "pattern",
                format!(
                    "a {} claim's pattern needs the placeholder {required}",
                    needs(required)
                ),
            ));
        }
        expand(p.get_ref(), "baik").map_err(|e| {
            (
                p.span().start,
                "pattern",
                format!("not a regular expression: {e}"),
            )
        })?;
    }
    if spec.table.is_empty()
        && !(kind == ClaimKind::Category
            && spec
                .pattern
                .iter()
                .all(|p| p.get_ref().contains("{figure}")))
    {
        return Err((
            start,
            "table",
            "a claim needs the table (rule id) that holds its figure".into(),
        ));
    }
    let missing =
        |what: &'static str| (start, what, format!("a claim of this type needs `{what}`"));
    match kind {
        ClaimKind::Figure if spec.column.is_none() => return Err(missing("column")),
        ClaimKind::Count if spec.rows.is_empty() => return Err(missing("rows")),
        ClaimKind::Category if spec.scale.is_none() => return Err(missing("scale")),
        ClaimKind::Lowest if spec.column.is_none() => return Err(missing("column")),
        ClaimKind::Lowest if spec.name.is_none() => return Err(missing("name")),
        _ => {}
    }
    let mut indicator = Vec::new();
    for p in &spec.indicator {
        indicator.push(Pattern::new(p.get_ref()).map_err(|m| (p.span().start, "indicator", m))?);
    }
    Ok(Claim {
        id: spec.id.get_ref().clone(),
        kind,
        what: spec.what.clone(),
        patterns: spec.pattern.iter().map(|p| p.get_ref().clone()).collect(),
        tables: spec.table.clone(),
        column: spec.column.clone(),
        previous_column: spec.previous_column.clone(),
        rows: spec.rows.clone(),
        indicator,
        scale: spec.scale.clone(),
        name: spec.name.clone(),
        origin: origin.to_string(),
    })
}

/// A figure as a sentence writes it: its value and decimals, read Indonesian style
/// (`123,81`, `73.852.513.800`) unless it is plainly English (`90.40`).
pub fn read_figure(text: &str) -> Option<(Decimal, u32)> {
    let reading = crate::number::read_text(text, None).ok().flatten()?;
    Some((reading.value, reading.scale))
}

const UNITS: [&str; 12] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
];

/// A whole number in Indonesian words, as reports write counts: 18 -> "delapan belas".
pub fn terbilang(n: u64) -> String {
    match n {
        0..=11 => UNITS[n as usize].to_string(),
        12..=19 => format!("{} belas", UNITS[(n - 10) as usize]),
        20..=99 => {
            let rest = if n % 10 == 0 {
                String::new()
            } else {
                format!(" {}", UNITS[(n % 10) as usize])
            };
            format!("{} puluh{rest}", UNITS[(n / 10) as usize])
        }
        100..=199 => {
            let rest = if n == 100 {
                String::new()
            } else {
                format!(" {}", terbilang(n - 100))
            };
            format!("seratus{rest}")
        }
        200..=999 => {
            let rest = if n % 100 == 0 {
                String::new()
            } else {
                format!(" {}", terbilang(n % 100))
            };
            format!("{} ratus{rest}", UNITS[(n / 100) as usize])
        }
        1000..=1999 => {
            let rest = if n == 1000 {
                String::new()
            } else {
                format!(" {}", terbilang(n - 1000))
            };
            format!("seribu{rest}")
        }
        _ => {
            let rest = if n % 1000 == 0 {
                String::new()
            } else {
                format!(" {}", terbilang(n % 1000))
            };
            format!("{} ribu{rest}", terbilang(n / 1000))
        }
    }
}

/// The number an Indonesian number word says, for counts up to 9 999.
pub fn from_words(word: &str) -> Option<u64> {
    let key = word
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (0..10_000).find(|n| terbilang(*n) == key)
}
