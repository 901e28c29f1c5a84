//! Reading figures the way users type them into report cells.
//!
//! One LKjIP workbook mixes conventions, sometimes within one table:
//! `90,40`, `106,35%`, `Rp. 38.127.840.000,-`, `38,127,840,000`, `90.40`,
//! `(1.500.000)`. This module reads such a text into an exact [`Decimal`],
//! deciding per cell which separator groups thousands and which marks decimals,
//! and says in plain words why it read the text as it did.
//!
//! Where a text alone cannot decide (`1.234`: a thousand, or one point two
//! three four?) it refuses to guess; the caller may pass the convention the
//! rest of the column uses (see [`column_convention`]) to settle it.
//!
//! It also formats and rounds figures for people, Indonesian style, rounding
//! half up as the reports do. There are no floats here: every figure is a
//! `Decimal`, and no input can make this module panic.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// Which separators a text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    /// `.` groups thousands, `,` marks decimals: `73.852.513.800`, `90,40`.
    Indonesian,
    /// `,` groups thousands, `.` marks decimals: `38,127,840,000`, `90.40`.
    English,
}

impl Convention {
    /// The convention in which `mark` separates thousands.
    fn grouping_with(mark: char) -> Convention {
        if mark == '.' {
            Convention::Indonesian
        } else {
            Convention::English
        }
    }

    /// The convention in which `mark` separates the decimals.
    fn decimals_with(mark: char) -> Convention {
        if mark == ',' {
            Convention::Indonesian
        } else {
            Convention::English
        }
    }

    fn group_mark(self) -> char {
        match self {
            Convention::Indonesian => '.',
            Convention::English => ',',
        }
    }

    fn decimal_mark(self) -> char {
        match self {
            Convention::Indonesian => ',',
            Convention::English => '.',
        }
    }

    fn name(self) -> &'static str {
        match self {
            Convention::Indonesian => "Indonesian",
            Convention::English => "English",
        }
    }
}

/// A figure read from a text, with the reasons for reading it so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The value as written; a percent text keeps percent points: "106,35%" -> 106.35.
    pub value: Decimal,
    /// Decimals as written: "90,40" -> 2, "85" -> 0.
    pub scale: u32,
    /// A % sign was typed.
    pub percent: bool,
    /// The convention this text proves on its own (None if it proves none,
    /// e.g. "85", or "1.234" read with a hint).
    pub convention: Option<Convention>,
    /// One short English phrase saying how the text was read, for a finance officer.
    pub why: String,
}

/// Why a text could not be read as a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The text is not a number at all (`Jumlah`, `12 bulan`, `1,23,456`).
    NotANumber { text: String },
    /// The text has one separator followed by exactly three digits, and nothing
    /// says whether that separator groups thousands or marks decimals.
    Ambiguous {
        text: String,
        as_thousands: Decimal,
        as_decimal: Decimal,
    },
}

impl ReadError {
    /// Why, in words for the reader.
    pub fn msg(&self) -> crate::i18n::Msg {
        match self {
            ReadError::NotANumber { text } => crate::msg!("number.not-a-number", text = text),
            ReadError::Ambiguous {
                text,
                as_thousands,
                as_decimal,
            } => crate::msg!(
                "number.ambiguous",
                text = text,
                thousands = as_thousands.to_string(),
                decimal = as_decimal.to_string()
            ),
        }
    }
}

/// In English.
impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg().english())
    }
}

impl std::error::Error for ReadError {}

/// More significant digits than this may not fit a `Decimal`; such a text is refused
/// rather than silently rounded.
const MAX_DIGITS: usize = 28;

/// Reads one cell's text. Ok(None): the cell holds no value (empty, spaces, a lone dash).
///
/// `hint` is the convention the rest of the column uses; it only settles texts that
/// are ambiguous on their own, and never overrides what a text proves by itself.
pub fn read_text(text: &str, hint: Option<Convention>) -> Result<Option<Reading>, ReadError> {
    let trimmed = trim_blanks(text);
    // Users type a dash to mean "nothing here", so a dash is no value, not an error.
    if trimmed.is_empty() || trimmed.chars().all(is_dash) {
        return Ok(None);
    }
    let not_a_number = || ReadError::NotANumber {
        text: trimmed.to_string(),
    };

    let wrapping = unwrap_figure(trimmed).ok_or_else(not_a_number)?;
    let (digits, convention, body_why) = match shape_of(wrapping.body).ok_or_else(not_a_number)? {
        Shape::Certain {
            digits,
            convention,
            why,
        } => (digits, convention, why),
        Shape::Ambiguous { whole, three, mark } => match hint {
            Some(column) => resolve_with_hint(wrapping.body, whole, three, mark, column),
            None => return Err(ambiguous(trimmed, &whole, &three, wrapping.negative)),
        },
    };

    let value = to_decimal(&digits, wrapping.negative).ok_or_else(not_a_number)?;
    // "1,25 M" is 1.250.000.000, to the Rupiah.
    let value = match wrapping.magnitude {
        Some((_, times)) => (value * times).normalize(),
        None => value,
    };
    let mut why = body_why;
    for part in wrapping.explain() {
        why.push_str("; ");
        why.push_str(&part);
    }
    Ok(Some(Reading {
        value,
        scale: value.scale(),
        percent: wrapping.percent,
        convention,
        why,
    }))
}

/// The quick reading of the texts sections type most often: digits, Indonesian
/// thousands dots (two groups or more, or followed by a decimal comma), a decimal
/// comma, a trailing percent sign: `1.234.567`, `90,45%`, `1.234,5`, `100`. Any
/// other text (a sign, a blank, an ambiguous `1.234` or `1,234`, English marks, a
/// leading zero) gives None and is for [`read_text`]. Where it answers, it
/// answers what `read_text` does, without building its explanation (a property
/// test holds the two equal).
pub fn read_plain(text: &str) -> Option<Decimal> {
    let bytes = text.as_bytes();
    let bytes = bytes.strip_suffix(b"%").unwrap_or(bytes);
    if bytes.is_empty() || bytes.len() > 24 {
        return None;
    }
    let (whole, fraction) = match bytes.iter().position(|&b| b == b',') {
        Some(i) => (&bytes[..i], Some(&bytes[i + 1..])),
        None => (bytes, None),
    };
    let mut mantissa: u64 = 0;
    let mut push = |digits: &[u8]| -> Option<()> {
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
        Some(())
    };
    let mut groups = whole.split(|&b| b == b'.');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 && whole.contains(&b'.') {
        return None;
    }
    if first.len() > 1 && first[0] == b'0' {
        return None;
    }
    push(first)?;
    let mut dots = 0;
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        dots += 1;
        push(group)?;
    }
    let scale = match fraction {
        None if dots == 1 => return None,
        None => 0,
        Some(f) if f.is_empty() || f.len() > 12 || (dots == 0 && f.len() == 3) => return None,
        Some(f) => {
            push(f)?;
            f.len() as u32
        }
    };
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale))
}

/// The convention a column proves: the unanimous convention of the texts that prove
/// one; None when none proves one or they disagree.
pub fn column_convention<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Convention> {
    let mut found = None;
    for text in texts {
        // Ambiguous texts, non-numbers and plain integers prove nothing: skip them.
        let Ok(Some(reading)) = read_text(text, None) else {
            continue;
        };
        match (found, reading.convention) {
            (_, None) => {}
            (None, proven) => found = proven,
            (Some(seen), Some(proven)) if seen != proven => return None,
            (Some(_), Some(_)) => {}
        }
    }
    found
}

/// Formats a Decimal for people, Indonesian style, with exactly `scale` decimals,
/// rounding half up: (38127840000, 0) -> "38.127.840.000"; (106.3529, 2) -> "106,35";
/// (-1500000, 0) -> "-1.500.000".
pub fn format_id(value: Decimal, scale: u32) -> String {
    let scale = scale.min(Decimal::MAX_SCALE);
    let rounded = round_half_up(value, scale);
    let plain = rounded.abs().to_string();
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain.as_str(), ""));

    let mut out = String::new();
    // A value that rounds to zero is printed without a sign: "-0,00" would puzzle readers.
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    out.push_str(&group_thousands(whole));
    if scale > 0 {
        out.push(',');
        out.push_str(fraction);
        // A huge value may not hold every requested decimal; pad so the width is exact.
        for _ in fraction.len()..scale as usize {
            out.push('0');
        }
    }
    out
}

/// Rounds half up (away from zero at .5) to `scale` decimals, keeping exactly that
/// scale (so 100 -> 100.00 at scale 2).
pub fn round_half_up(value: Decimal, scale: u32) -> Decimal {
    let scale = scale.min(Decimal::MAX_SCALE);
    // Most figures already have the decimals asked for (Rupiah in `#,##0`).
    if value.scale() == scale {
        return value;
    }
    let mut rounded = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    // Rounding never adds decimals; rescale pads with zeros (it never fails, and keeps
    // as many decimals as fit if the value is too large for all of them).
    rounded.rescale(scale);
    rounded
}

// ---------------------------------------------------------------------------
// Blanks, dashes and what surrounds the digits
// ---------------------------------------------------------------------------

/// Spaces users leave around figures: ordinary, tab, non-breaking (all `is_whitespace`),
/// plus the invisible zero-width space and byte-order mark pasted from other documents.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

fn trim_blanks(text: &str) -> &str {
    text.trim_matches(is_blank)
}

/// Hyphen, en dash, em dash and the minus sign all look alike in a cell.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2212}')
}

/// The parts of a text around its digits: sign, brackets, currency, percent.
struct Wrapping<'a> {
    /// The digits and separators left once everything around them is taken off.
    body: &'a str,
    negative: bool,
    brackets: bool,
    percent: bool,
    /// The currency prefix as typed, e.g. "Rp." or "Rp".
    currency: Option<&'a str>,
    /// The "no cents" suffix as typed: ",-" or ".-".
    dash_suffix: Option<&'a str>,
    /// A word of magnitude after the digits ("1,25 M", "850 jt"), with what
    /// it multiplies by.
    magnitude: Option<(&'a str, Decimal)>,
}

impl Wrapping<'_> {
    /// Phrases for what was taken off around the digits, in reading order.
    fn explain(&self) -> Vec<String> {
        let mut parts = Vec::new();
        match (self.currency, self.dash_suffix) {
            (Some(prefix), Some(suffix)) => {
                parts.push(format!("'{prefix}' prefix and '{suffix}' suffix dropped"))
            }
            (Some(prefix), None) => parts.push(format!("'{prefix}' prefix dropped")),
            (None, Some(suffix)) => parts.push(format!("'{suffix}' suffix dropped")),
            (None, None) => {}
        }
        if self.brackets {
            parts.push("(…) read as negative".to_string());
        }
        if self.percent {
            parts.push("'%' sign: value in percent points".to_string());
        }
        if let Some((word, times)) = self.magnitude {
            parts.push(format!("'{word}' read as × {}", format_id(times, 0)));
        }
        parts
    }
}

/// Takes off, from the outside in, the percent sign, accounting brackets, a sign and
/// the Rupiah prefix and suffix. None when they are combined in a way no figure is
/// written (a sign inside brackets, two signs, a percent of Rupiah, nothing inside).
fn unwrap_figure(text: &str) -> Option<Wrapping<'_>> {
    let mut rest = text;
    let mut percent = false;
    if let Some(inner) = rest.strip_suffix('%') {
        percent = true;
        rest = trim_blanks(inner);
    }

    let mut brackets = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        brackets = true;
        rest = trim_blanks(inner);
    }
    // The sign may also sit inside the brackets: "(12,5%)".
    if !percent {
        if let Some(inner) = rest.strip_suffix('%') {
            percent = true;
            rest = trim_blanks(inner);
        }
    }

    // A sign may come before or after the currency: "-Rp 5.000" and "Rp -5.000".
    let (mut sign, after_sign) = take_sign(rest);
    rest = after_sign;
    let mut currency = None;
    if let Some((prefix, after)) = take_currency(rest) {
        currency = Some(prefix);
        rest = after;
    }
    if sign.is_none() {
        (sign, rest) = take_sign(rest);
    }
    // A sign inside accounting brackets would be a double negative nobody writes.
    if brackets && sign.is_some() {
        return None;
    }

    let mut dash_suffix = None;
    if let Some((suffix, before)) = take_dash_suffix(rest) {
        dash_suffix = Some(suffix);
        rest = before;
    }
    let mut magnitude = None;
    if let Some((word, times, before)) = take_magnitude(rest) {
        magnitude = Some((word, times));
        rest = before;
    }
    let money = currency.is_some() || dash_suffix.is_some() || magnitude.is_some();
    if rest.is_empty() || (percent && money) {
        return None;
    }
    Some(Wrapping {
        body: rest,
        negative: brackets || sign == Some(Sign::Minus),
        brackets,
        percent,
        currency,
        dash_suffix,
        magnitude,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Plus,
    Minus,
}

/// Takes a leading sign (and the blanks after it) off `text`.
fn take_sign(text: &str) -> (Option<Sign>, &str) {
    let mut chars = text.chars();
    match chars.next() {
        Some('+') => (Some(Sign::Plus), trim_blanks(chars.as_str())),
        Some(c) if is_dash(c) => (Some(Sign::Minus), trim_blanks(chars.as_str())),
        _ => (None, text),
    }
}

/// Takes a leading "Rp" or "Rp." (any case) off `text`: the prefix as typed, and the rest.
fn take_currency(text: &str) -> Option<(&str, &str)> {
    let letters = text.get(..2)?;
    if !letters.eq_ignore_ascii_case("rp") {
        return None;
    }
    let len = if text.get(2..).is_some_and(|r| r.starts_with('.')) {
        3
    } else {
        2
    };
    let (prefix, rest) = text.split_at(len);
    Some((prefix, trim_blanks(rest)))
}

/// Takes a word of magnitude off the end of `text`, after a blank or right
/// after the digits: "1,25 M" (miliar), "850 jt", "12,5 rb", "2 T" (triliun).
/// A letter alone counts only in capitals ("M", "T"): "m" may be metres.
fn take_magnitude(text: &str) -> Option<(&str, Decimal, &str)> {
    let split = text.rfind(|c: char| c.is_ascii_digit())? + 1;
    let (before, word) = text.split_at(split);
    let word = trim_blanks(word).trim_end_matches('.');
    let times: u64 = match word {
        "M" => 1_000_000_000,
        "T" => 1_000_000_000_000,
        _ => match word.to_lowercase().as_str() {
            "miliar" | "milyar" | "milyard" | "miliard" => 1_000_000_000,
            "triliun" | "trilyun" => 1_000_000_000_000,
            "jt" | "juta" => 1_000_000,
            "rb" | "ribu" => 1_000,
            _ => return None,
        },
    };
    Some((word, Decimal::from(times), trim_blanks(before)))
}

/// Takes the Rupiah "no cents" suffix ",-" or ".-" off the end of `text`.
fn take_dash_suffix(text: &str) -> Option<(&str, &str)> {
    [",-", ".-"].into_iter().find_map(|suffix| {
        let before = text.strip_suffix(suffix)?;
        Some((suffix, trim_blanks(before)))
    })
}

// ---------------------------------------------------------------------------
// The digits and separators
// ---------------------------------------------------------------------------

/// The digits of a figure once its separators are understood.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    whole: String,
    fraction: String,
}

/// What the digits and separators of a body say on their own.
enum Shape {
    /// Only one reading is possible.
    Certain {
        digits: Digits,
        convention: Option<Convention>,
        why: String,
    },
    /// One separator followed by exactly three digits, after a whole part that could
    /// be a first thousands group: a thousand-grouped integer or a decimal.
    Ambiguous {
        whole: String,
        three: String,
        mark: char,
    },
}

/// Decides what a body of digits and separators means. None when it is not a
/// number: other characters, empty groups, bad grouping, a separator used both ways.
fn shape_of(body: &str) -> Option<Shape> {
    let (groups, marks) = split_groups(body)?;
    let has_dot = marks.contains(&'.');
    let has_comma = marks.contains(&',');
    // `split_groups` yields one more group than marks, so the indexing below is in bounds.
    match (marks.len(), has_dot && has_comma) {
        (0, _) => Some(Shape::Certain {
            digits: Digits {
                whole: body.to_string(),
                fraction: String::new(),
            },
            convention: None,
            why: "whole number without separators".to_string(),
        }),
        (_, true) => both_marks(&groups, &marks),
        (1, false) => one_mark(groups[0], groups[1], marks[0]),
        (_, false) => grouping_only(&groups, marks[0]),
    }
}

/// Splits a body into its digit groups and the separators between them. None when
/// it holds anything but ASCII digits, '.' and ',', or a separator at either end or
/// next to another.
fn split_groups(body: &str) -> Option<(Vec<&str>, Vec<char>)> {
    let mut groups = Vec::new();
    let mut marks = Vec::new();
    let mut start = 0;
    for (at, c) in body.char_indices() {
        match c {
            '0'..='9' => {}
            '.' | ',' => {
                groups.push(body.get(start..at)?);
                marks.push(c);
                start = at + 1;
            }
            _ => return None,
        }
    }
    groups.push(body.get(start..)?);
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    Some((groups, marks))
}

/// Whether the groups are correctly grouped thousands: a first group of 1-3 digits
/// not starting with 0, then groups of exactly 3 digits.
fn is_thousands_grouping(groups: &[&str]) -> bool {
    let Some((first, rest)) = groups.split_first() else {
        return false;
    };
    (1..=3).contains(&first.len()) && !first.starts_with('0') && rest.iter().all(|g| g.len() == 3)
}

/// Both separators: the last one marks decimals and may appear only once; the other
/// groups thousands. `1.234.567,89` is Indonesian, `1,234,567.89` English.
fn both_marks(groups: &[&str], marks: &[char]) -> Option<Shape> {
    let (&decimal_mark, grouping_marks) = marks.split_last()?;
    if grouping_marks.contains(&decimal_mark) {
        return None;
    }
    let (&fraction, whole_groups) = groups.split_last()?;
    if !is_thousands_grouping(whole_groups) {
        return None;
    }
    let convention = Convention::decimals_with(decimal_mark);
    Some(Shape::Certain {
        digits: Digits {
            whole: whole_groups.concat(),
            fraction: fraction.to_string(),
        },
        convention: Some(convention),
        why: said(convention, 0, || {
            format!(
                "{} style: '{}' groups thousands, '{}' marks decimals",
                convention.name(),
                convention.group_mark(),
                convention.decimal_mark()
            )
        }),
    })
}

/// One of the few reasons a shape gives (`which` of them, in `convention`), worked
/// out once: formatting it for every cell of a large table cost more than reading
/// the figure.
fn said(convention: Convention, which: usize, text: impl FnOnce() -> String) -> String {
    const KINDS: usize = 5;
    static SAID: [[std::sync::OnceLock<String>; KINDS]; 2] =
        [const { [const { std::sync::OnceLock::new() }; KINDS] }; 2];
    SAID[convention as usize][which].get_or_init(text).clone()
}

/// Two or more of one separator and nothing else: it can only group thousands.
fn grouping_only(groups: &[&str], mark: char) -> Option<Shape> {
    if !is_thousands_grouping(groups) {
        return None;
    }
    let convention = Convention::grouping_with(mark);
    Some(Shape::Certain {
        digits: Digits {
            whole: groups.concat(),
            fraction: String::new(),
        },
        convention: Some(convention),
        why: said(convention, 1, || {
            format!(
                "{} style: '{}' groups thousands",
                convention.name(),
                convention.group_mark()
            )
        }),
    })
}

/// Exactly one separator. It marks decimals unless what follows could be a thousands
/// group (exactly 3 digits) and what precedes could be a first group (1-3 digits, not
/// starting with 0): then the text alone cannot say.
fn one_mark(whole: &str, fraction: &str, mark: char) -> Option<Shape> {
    let (reason, which) = if fraction.len() != 3 {
        ("", 2)
    } else if whole.starts_with('0') {
        (" (a thousands group never follows a leading 0)", 3)
    } else if whole.len() > 3 {
        (
            " (more than 3 digits before it, so it cannot group thousands)",
            4,
        )
    } else {
        return Some(Shape::Ambiguous {
            whole: whole.to_string(),
            three: fraction.to_string(),
            mark,
        });
    };
    let convention = Convention::decimals_with(mark);
    Some(Shape::Certain {
        digits: Digits {
            whole: whole.to_string(),
            fraction: fraction.to_string(),
        },
        convention: Some(convention),
        why: said(convention, which, || {
            format!(
                "{} style: '{}' marks decimals{reason}",
                convention.name(),
                convention.decimal_mark()
            )
        }),
    })
}

/// Settles an ambiguous body with the column's convention. The text itself still
/// proves nothing, so the reading carries no convention of its own.
fn resolve_with_hint(
    body: &str,
    whole: String,
    three: String,
    mark: char,
    column: Convention,
) -> (Digits, Option<Convention>, String) {
    let (digits, as_what) = if mark == column.group_mark() {
        let digits = Digits {
            whole: whole + &three,
            fraction: String::new(),
        };
        (digits, "thousands")
    } else {
        let digits = Digits {
            whole,
            fraction: three,
        };
        (digits, "a decimal")
    };
    let why = format!(
        "'{body}' read as {as_what} because the column writes numbers {} style",
        column.name()
    );
    (digits, None, why)
}

/// The refusal for an ambiguous text, carrying both readings with the sign applied.
fn ambiguous(text: &str, whole: &str, three: &str, negative: bool) -> ReadError {
    let as_thousands = Digits {
        whole: format!("{whole}{three}"),
        fraction: String::new(),
    };
    let as_decimal = Digits {
        whole: whole.to_string(),
        fraction: three.to_string(),
    };
    match (
        to_decimal(&as_thousands, negative),
        to_decimal(&as_decimal, negative),
    ) {
        (Some(as_thousands), Some(as_decimal)) => ReadError::Ambiguous {
            text: text.to_string(),
            as_thousands,
            as_decimal,
        },
        // Unreachable with at most six digits, but refusing beats panicking.
        _ => ReadError::NotANumber {
            text: text.to_string(),
        },
    }
}

/// The exact Decimal for the digits, keeping the decimals as written. None when it
/// has more than 28 significant digits or 28 decimals, which a Decimal cannot hold
/// exactly.
fn to_decimal(digits: &Digits, negative: bool) -> Option<Decimal> {
    let all = || digits.whole.bytes().chain(digits.fraction.bytes());
    let significant = all().skip_while(|&b| b == b'0').count();
    if significant > MAX_DIGITS || digits.fraction.len() > Decimal::MAX_SCALE as usize {
        return None;
    }
    let mut mantissa: i128 = 0;
    for b in all() {
        let digit = i128::from(b.checked_sub(b'0')?);
        mantissa = mantissa.checked_mul(10)?.checked_add(digit)?;
    }
    if negative {
        mantissa = -mantissa;
    }
    let scale = u32::try_from(digits.fraction.len()).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

/// Puts '.' between every three digits from the right: "38127840000" -> "38.127.840.000".
fn group_thousands(digits: &str) -> String {
    let len = digits.len();
    let mut out = String::with_capacity(len + len / 3);
    for (at, c) in digits.chars().enumerate() {
        if at > 0 && (len - at) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Convention::{English, Indonesian};

    fn d(text: &str) -> Decimal {
        Decimal::from_str_exact(text).unwrap()
    }

    fn read(text: &str) -> Reading {
        match read_text(text, None) {
            Ok(Some(reading)) => reading,
            other => panic!("{text:?} should read, got {other:?}"),
        }
    }

    fn read_hinted(text: &str, hint: Convention) -> Reading {
        match read_text(text, Some(hint)) {
            Ok(Some(reading)) => reading,
            other => panic!("{text:?} should read with {hint:?}, got {other:?}"),
        }
    }

    /// Asserts value (exact, including scale), scale, percent and convention.
    fn check(text: &str, value: &str, percent: bool, convention: Option<Convention>) {
        let reading = read(text);
        let expected = d(value);
        assert_eq!(reading.value, expected, "value of {text:?}");
        assert_eq!(
            reading.value.to_string(),
            value,
            "written value of {text:?}"
        );
        assert_eq!(reading.scale, expected.scale(), "scale of {text:?}");
        assert_eq!(reading.percent, percent, "percent of {text:?}");
        assert_eq!(reading.convention, convention, "convention of {text:?}");
        assert!(!reading.why.is_empty(), "why of {text:?}");
    }

    fn assert_not_a_number(text: &str) {
        match read_text(text, None) {
            Err(ReadError::NotANumber { .. }) => {}
            other => panic!("{text:?} should not be a number, got {other:?}"),
        }
        // A hint never turns a non-number into a number.
        for hint in [Indonesian, English] {
            assert!(
                matches!(
                    read_text(text, Some(hint)),
                    Err(ReadError::NotANumber { .. })
                ),
                "{text:?} with {hint:?}"
            );
        }
    }

    // --- forms from real reports -------------------------------------------

    #[test]
    fn indonesian_decimal_comma() {
        check("90,40", "90.40", false, Some(Indonesian));
        check("91,51", "91.51", false, Some(Indonesian));
        check("0,5", "0.5", false, Some(Indonesian));
        check("-0,5", "-0.5", false, Some(Indonesian));
    }

    #[test]
    fn percent_forms() {
        check("106,35%", "106.35", true, Some(Indonesian));
        check("12,99%", "12.99", true, Some(Indonesian));
        check("106.35 %", "106.35", true, Some(English));
        check("100.00%", "100.00", true, Some(English));
        check("85%", "85", true, None);
    }

    #[test]
    fn magnitude_words() {
        assert_eq!(read("Rp 1,25 M").value, d("1250000000"));
        assert_eq!(read("850 jt").value, d("850000000"));
        assert_eq!(read("Rp 12,5 rb").value, d("12500"));
        assert_eq!(read("2 T").value, d("2000000000000"));
        assert_eq!(read("3,1 miliar").value, d("3100000000"));
        assert_eq!(read("(1,5 M)").value, d("-1500000000"));
        assert!(read("Rp 1,25 M")
            .why
            .contains("'M' read as × 1.000.000.000"));
        // A lower-case "m" may be metres; a percent of a magnitude is no figure.
        assert_not_a_number("12 m");
        assert_not_a_number("1,5 M%");
    }

    #[test]
    fn rupiah_forms() {
        check(
            "Rp. 38.127.840.000,-",
            "38127840000",
            false,
            Some(Indonesian),
        );
        check("Rp 38.127.840.000", "38127840000", false, Some(Indonesian));
        check(
            "Rp.1.565.649.000,00",
            "1565649000.00",
            false,
            Some(Indonesian),
        );
        check("RP 73.852.513.800", "73852513800", false, Some(Indonesian));
        check("38.127.840.000,-", "38127840000", false, Some(Indonesian));
    }

    #[test]
    fn rupiah_why_names_prefix_and_suffix() {
        let reading = read("Rp. 38.127.840.000,-");
        assert!(
            reading.why.contains("'Rp.' prefix and ',-' suffix dropped"),
            "{}",
            reading.why
        );
        assert!(reading.why.contains("Indonesian style"), "{}", reading.why);
        assert!(read("Rp 38.127.840.000")
            .why
            .contains("'Rp' prefix dropped"));
    }

    #[test]
    fn english_grouping_and_decimals() {
        check("38,127,840,000", "38127840000", false, Some(English));
        check("90.40", "90.40", false, Some(English));
        check("2.95", "2.95", false, Some(English));
        check("1,234,567.89", "1234567.89", false, Some(English));
        check("1,234.5", "1234.5", false, Some(English));
    }

    #[test]
    fn indonesian_grouping() {
        check("73.852.513.800", "73852513800", false, Some(Indonesian));
        check("1.234.567,89", "1234567.89", false, Some(Indonesian));
        check("1.234,567", "1234.567", false, Some(Indonesian));
    }

    #[test]
    fn negatives() {
        check("(1.500.000)", "-1500000", false, Some(Indonesian));
        check("-1.500.000", "-1500000", false, Some(Indonesian));
        check("( 1.500.000 )", "-1500000", false, Some(Indonesian));
        check("(Rp 1.500.000)", "-1500000", false, Some(Indonesian));
        check("-Rp 1.500.000", "-1500000", false, Some(Indonesian));
        check("Rp -1.500.000", "-1500000", false, Some(Indonesian));
        check("\u{2212}7", "-7", false, None);
        check("(12,5%)", "-12.5", true, Some(Indonesian));
        check("(12,5)%", "-12.5", true, Some(Indonesian));
        assert!(read("(1.500.000)").why.contains("(…) read as negative"));
    }

    #[test]
    fn plus_sign_and_plain_integers() {
        check("+3", "3", false, None);
        check("85", "85", false, None);
        check("0", "0", false, None);
        check("-0", "0", false, None);
    }

    #[test]
    fn stray_blanks_are_ignored() {
        check(" 85 ", "85", false, None);
        check("\u{00A0}85\u{00A0}", "85", false, None);
        check("\t85\t", "85", false, None);
        check("\u{00A0} 90,40 \t", "90.40", false, Some(Indonesian));
        check("106,35 %", "106.35", true, Some(Indonesian));
        check("106,35\u{00A0}%", "106.35", true, Some(Indonesian));
        check("\u{FEFF}12", "12", false, None);
    }

    #[test]
    fn leading_zero_proves_the_decimal_mark() {
        check("0.123", "0.123", false, Some(English));
        check("0,123", "0.123", false, Some(Indonesian));
        check("-0.123", "-0.123", false, Some(English));
        assert!(read("0.123").why.contains("leading 0"));
    }

    #[test]
    fn long_whole_part_proves_the_decimal_mark() {
        check("1234.567", "1234.567", false, Some(English));
        check("1234,567", "1234.567", false, Some(Indonesian));
    }

    #[test]
    fn scale_is_kept_as_written() {
        assert_eq!(read("90,40").scale, 2);
        assert_eq!(read("100.00%").scale, 2);
        assert_eq!(read("85").scale, 0);
        assert_eq!(read("Rp.1.565.649.000,00").scale, 2);
        assert_eq!(read("0.123").scale, 3);
    }

    #[test]
    fn why_names_the_convention() {
        assert_eq!(
            read("1.234.567,89").why,
            "Indonesian style: '.' groups thousands, ',' marks decimals"
        );
        assert_eq!(
            read("38,127,840,000").why,
            "English style: ',' groups thousands"
        );
        assert_eq!(read("90,40").why, "Indonesian style: ',' marks decimals");
        assert_eq!(
            read("106,35%").why,
            "Indonesian style: ',' marks decimals; '%' sign: value in percent points"
        );
    }

    // --- no value ------------------------------------------------------------

    #[test]
    fn empty_and_dashes_are_no_value() {
        for text in ["", "   ", "\t", "\u{00A0}", "-", " - ", "–", "—", "--"] {
            assert_eq!(read_text(text, None), Ok(None), "{text:?}");
            assert_eq!(read_text(text, Some(Indonesian)), Ok(None), "{text:?}");
        }
    }

    // --- not a number ----------------------------------------------------------

    #[test]
    fn not_numbers() {
        for text in [
            "Jumlah",
            "Rp",
            "Rp.",
            "12 bulan",
            "1.2.3",
            "1,23,456",
            "1.23.456",
            "1..2",
            "abc%",
            "%",
            "()",
            "1,",
            ".5",
            "1.",
            "12a",
            "1 234",
            "(-5)",
            "--5",
            "+-5",
            "Rp 5%",
            "0.123.456",
            "01.234.567",
            "1234.567.890",
            "1.234,5.6",
            "1,234.567,8",
            "1234,567.8",
            "(5",
            "5)",
            "Rp -",
            "1.234,56,78",
            "١٢",
            "1e5",
            "Rp 1.000,-,-",
        ] {
            assert_not_a_number(text);
        }
    }

    #[test]
    fn too_many_digits_are_refused() {
        // 28 significant digits still read.
        check(
            "1234567890123456789012345678",
            "1234567890123456789012345678",
            false,
            None,
        );
        // Leading zeros are not significant.
        check("0000000000000000000000000000001", "1", false, None);
        assert_not_a_number("12345678901234567890123456789");
        assert_not_a_number("99.999.999.999.999.999.999.999.999.999");
        assert_not_a_number("0,00000000000000000000000000001");
        assert_not_a_number(&"9".repeat(500));
    }

    #[test]
    fn not_a_number_message() {
        let err = read_text("Jumlah", None).unwrap_err();
        assert_eq!(
            err,
            ReadError::NotANumber {
                text: "Jumlah".to_string()
            }
        );
        assert_eq!(err.to_string(), "'Jumlah' is not a number");
    }

    // --- ambiguous -------------------------------------------------------------

    fn assert_ambiguous(text: &str, thousands: &str, decimal: &str) {
        match read_text(text, None) {
            Err(ReadError::Ambiguous {
                as_thousands,
                as_decimal,
                ..
            }) => {
                assert_eq!(as_thousands, d(thousands), "{text:?} as thousands");
                assert_eq!(as_decimal, d(decimal), "{text:?} as decimal");
                assert_eq!(as_decimal.scale(), 3, "{text:?} decimal scale");
            }
            other => panic!("{text:?} should be ambiguous, got {other:?}"),
        }
    }

    #[test]
    fn ambiguous_without_hint() {
        assert_ambiguous("1.234", "1234", "1.234");
        assert_ambiguous("1,234", "1234", "1.234");
        assert_ambiguous("12.500", "12500", "12.500");
        assert_ambiguous("Rp 1.234", "1234", "1.234");
        assert_ambiguous("(1.234)", "-1234", "-1.234");
        assert_ambiguous("-999,000", "-999000", "-999.000");
        assert_ambiguous("1.234%", "1234", "1.234");
    }

    #[test]
    fn ambiguous_message() {
        let err = read_text("1.234", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "'1.234' could be 1234 (thousands) or 1.234 (decimal), \
             and the rest of the column does not say which"
        );
    }

    #[test]
    fn ambiguous_settled_by_indonesian_column() {
        let reading = read_hinted("1.234", Indonesian);
        assert_eq!(reading.value, d("1234"));
        assert_eq!(reading.scale, 0);
        assert_eq!(reading.convention, None);
        assert_eq!(
            reading.why,
            "'1.234' read as thousands because the column writes numbers Indonesian style"
        );

        let reading = read_hinted("1,234", Indonesian);
        assert_eq!(reading.value, d("1.234"));
        assert_eq!(reading.scale, 3);
        assert_eq!(reading.convention, None);
        assert!(reading.why.contains("read as a decimal"), "{}", reading.why);

        let reading = read_hinted("Rp 12.500", Indonesian);
        assert_eq!(reading.value, d("12500"));
        assert!(
            reading.why.contains("'Rp' prefix dropped"),
            "{}",
            reading.why
        );
    }

    #[test]
    fn ambiguous_settled_by_english_column() {
        let reading = read_hinted("1.234", English);
        assert_eq!(reading.value, d("1.234"));
        assert_eq!(reading.scale, 3);
        assert_eq!(reading.convention, None);
        assert_eq!(
            reading.why,
            "'1.234' read as a decimal because the column writes numbers English style"
        );

        let reading = read_hinted("1,234", English);
        assert_eq!(reading.value, d("1234"));
        assert_eq!(reading.scale, 0);

        let reading = read_hinted("(12,500)", English);
        assert_eq!(reading.value, d("-12500"));
    }

    #[test]
    fn hint_never_overrides_what_a_text_proves() {
        let reading = read_hinted("90.40", Indonesian);
        assert_eq!(reading.value, d("90.40"));
        assert_eq!(reading.convention, Some(English));

        let reading = read_hinted("73.852.513.800", English);
        assert_eq!(reading.value, d("73852513800"));
        assert_eq!(reading.convention, Some(Indonesian));

        assert_eq!(read_hinted("85", English).value, d("85"));
    }

    // --- column convention ---------------------------------------------------

    #[test]
    fn column_convention_unanimous() {
        let column = ["Capaian", "90,40", "1.234", "85", "73.852.513.800", "-", ""];
        assert_eq!(column_convention(column), Some(Indonesian));
        let column = ["1,234", "38,127,840,000", "90.40", "0.123"];
        assert_eq!(column_convention(column), Some(English));
    }

    #[test]
    fn column_convention_disagreeing() {
        assert_eq!(column_convention(["90,40", "90.40"]), None);
        assert_eq!(
            column_convention(["73.852.513.800", "38,127,840,000", "1,5"]),
            None
        );
    }

    #[test]
    fn column_convention_none_proven() {
        assert_eq!(
            column_convention(["85", "1.234", "Jumlah", "-", "12.500"]),
            None
        );
        assert_eq!(column_convention(std::iter::empty::<&str>()), None);
    }

    #[test]
    fn column_hint_settles_its_own_ambiguous_cells() {
        let column = ["1.234", "12,50"];
        let hint = column_convention(column);
        assert_eq!(hint, Some(Indonesian));
        assert_eq!(read_text("1.234", hint).unwrap().unwrap().value, d("1234"));
    }

    // --- formatting and rounding ---------------------------------------------

    #[test]
    fn format_id_groups_and_rounds() {
        assert_eq!(format_id(d("38127840000"), 0), "38.127.840.000");
        assert_eq!(format_id(d("106.3529"), 2), "106,35");
        assert_eq!(format_id(d("-1500000"), 0), "-1.500.000");
        assert_eq!(format_id(d("100"), 2), "100,00");
        assert_eq!(format_id(d("2.345"), 2), "2,35");
        assert_eq!(format_id(d("-2.345"), 2), "-2,35");
        assert_eq!(format_id(d("105.1162"), 2), "105,12");
        assert_eq!(format_id(d("999.995"), 2), "1.000,00");
        assert_eq!(format_id(d("0.5"), 0), "1");
        assert_eq!(format_id(d("-0.5"), 0), "-1");
        assert_eq!(format_id(d("123"), 0), "123");
        assert_eq!(format_id(d("1234"), 0), "1.234");
        assert_eq!(format_id(d("0"), 0), "0");
        assert_eq!(format_id(d("0.9088"), 4), "0,9088");
    }

    #[test]
    fn format_id_drops_sign_of_rounded_zero() {
        assert_eq!(format_id(d("-0.001"), 2), "0,00");
        assert_eq!(format_id(d("-0.4"), 0), "0");
    }

    #[test]
    fn format_id_handles_extremes() {
        assert_eq!(
            format_id(Decimal::MAX, 2),
            "79.228.162.514.264.337.593.543.950.335,00"
        );
        assert_eq!(
            format_id(Decimal::MIN, 0),
            "-79.228.162.514.264.337.593.543.950.335"
        );
        assert_eq!(format_id(d("1"), 40).len(), "1,".len() + 28);
    }

    #[test]
    fn round_half_up_away_from_zero() {
        let cases = [
            ("2.345", 2, "2.35"),
            ("-2.345", 2, "-2.35"),
            ("105.1162", 2, "105.12"),
            ("2.344", 2, "2.34"),
            ("2.5", 0, "3"),
            ("-2.5", 0, "-3"),
            ("0.125", 2, "0.13"),
            ("100", 2, "100.00"),
            ("1.2", 3, "1.200"),
            ("-1500000", 0, "-1500000"),
        ];
        for (value, scale, expected) in cases {
            let rounded = round_half_up(d(value), scale);
            assert_eq!(rounded, d(expected), "{value} at {scale}");
            assert_eq!(rounded.to_string(), expected, "{value} at {scale}");
            assert_eq!(rounded.scale(), scale, "{value} at {scale}");
        }
    }

    #[test]
    fn round_half_up_never_panics_on_extremes() {
        assert_eq!(round_half_up(Decimal::MAX, 2), Decimal::MAX);
        assert_eq!(round_half_up(Decimal::MIN, 28), Decimal::MIN);
        assert_eq!(round_half_up(d("1.5"), 99).scale(), 28);
    }

    #[test]
    fn read_then_format_round_trips() {
        for (text, shown) in [
            ("Rp. 38.127.840.000,-", "38.127.840.000"),
            ("38,127,840,000", "38.127.840.000"),
            ("(1.500.000)", "-1.500.000"),
            ("90.40", "90,40"),
            ("106,35%", "106,35"),
        ] {
            let reading = read(text);
            assert_eq!(format_id(reading.value, reading.scale), shown, "{text:?}");
        }
    }
}
