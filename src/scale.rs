//! Category scales: reading the ranges a scale table types into its cells, and
//! checking that they partition the number line, with no gaps and no overlaps.
//!
//! A report sorts a figure into a category by a scale typed as text, one range per
//! cell. The scales seen in reports:
//!
//! - capaian categories, the report's own Tabel 3.1: "Lebih dari 100%" Baik Sekali,
//!   "Lebih dari 85% sd. 100%" Baik, ... "Kurang dari 50 %" Sangat Kurang (the
//!   Kebumen 2024 report leaves 50 and (60; 65] in no category: that is what this
//!   module is for);
//! - Permendagri 86/2017 (Tata Cara Perencanaan, Pengendalian dan Evaluasi
//!   Pembangunan Daerah): ">= 91" Sangat Tinggi, "76-90" Tinggi, "66-75" Sedang,
//!   "51-65" Rendah, "<= 50" Sangat Rendah;
//! - PermenPAN-RB 14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat Unit
//!   Penyelenggara Pelayanan Publik), the IKM bands: nilai interval "1,00 – 2,5996",
//!   "2,60 – 3,064", "3,0644 – 3,532", "3,5324 – 4,00" and their konversi "25,00 –
//!   64,99" ... "88,31 – 100,00" (reports often copy them as "2,599" and "3,064",
//!   which makes 3,064 and 3,532 fall in two bands).
//!
//! [`parse_range`] reads one such text into an [`Interval`], keeping each bound's
//! decimals as written. [`partition_problems`] then reports the gaps and overlaps
//! of a scale. Whether two neighbouring ranges touch depends on the precision the
//! scale is written at ([`precision`]): "76-90" and "66-75" leave only values such as
//! 75,5 uncovered, which a scale written in whole numbers never meets.
//!
//! Exact decimals only, and no input can make this module panic.

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::i18n::Msg;
use crate::msg;
use crate::number::{self, Convention};

/// One end of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The value as written: its scale is kept (100 and 100,00 compare equal, but
    /// `value.scale()` tells them apart).
    pub value: Decimal,
    pub inclusive: bool,
}

/// None on a side = unbounded on that side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    pub lo: Option<Bound>,
    pub hi: Option<Bound>,
}

impl Interval {
    /// Whether `v` lies in the interval.
    pub fn contains(&self, v: Decimal) -> bool {
        let above_lo = self
            .lo
            .is_none_or(|b| v > b.value || (b.inclusive && v == b.value));
        let below_hi = self
            .hi
            .is_none_or(|b| v < b.value || (b.inclusive && v == b.value));
        above_lo && below_hi
    }

    /// People's notation, Indonesian numbers: "(85; 100]", "(100; ∞)", "[1,00; 2,599]", "(−∞; 50)"
    pub fn show(&self) -> String {
        let open = if self.lo.is_some_and(|b| b.inclusive) {
            '['
        } else {
            '('
        };
        let close = if self.hi.is_some_and(|b| b.inclusive) {
            ']'
        } else {
            ')'
        };
        let lo = self
            .lo
            .map_or_else(|| "−∞".to_string(), |b| show_number(b.value));
        let hi = self
            .hi
            .map_or_else(|| "∞".to_string(), |b| show_number(b.value));
        format!("{open}{lo}; {hi}{close}")
    }

    /// The interval in words, as scale tables write it ("lebih dari 60 sampai
    /// dengan 65", "more than 60 up to 65", "tepat 50").
    pub fn words(&self) -> Msg {
        let n = |b: &Bound| show_number(b.value);
        match (&self.lo, &self.hi) {
            (None, None) => msg!("interval.all"),
            (None, Some(h)) if h.inclusive => msg!("interval.up-to", hi = n(h)),
            (None, Some(h)) => msg!("interval.below", hi = n(h)),
            (Some(l), None) if l.inclusive => msg!("interval.from", lo = n(l)),
            (Some(l), None) => msg!("interval.above", lo = n(l)),
            (Some(l), Some(h)) if l.value == h.value => msg!("interval.exactly", value = n(l)),
            (Some(l), Some(h)) => Msg::new(match (l.inclusive, h.inclusive) {
                (true, true) => "interval.from-to",
                (false, true) => "interval.above-to",
                (true, false) => "interval.from-below",
                (false, false) => "interval.above-below",
            })
            .arg("lo", n(l))
            .arg("hi", n(h)),
        }
    }

    /// No value lies in it: its ends cross, or meet with one of them left out.
    fn is_empty(&self) -> bool {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => match lo.value.cmp(&hi.value) {
                Ordering::Less => false,
                Ordering::Equal => !(lo.inclusive && hi.inclusive),
                Ordering::Greater => true,
            },
            _ => false,
        }
    }

    /// The values both intervals hold. Where two ends are the same, this one's is kept,
    /// so its bounds keep the scale they were written with.
    fn intersect(&self, other: &Interval) -> Interval {
        let lo = if cmp_lo(other.lo, self.lo) == Ordering::Greater {
            other.lo
        } else {
            self.lo
        };
        let hi = if cmp_hi(other.hi, self.hi) == Ordering::Less {
            other.hi
        } else {
            self.hi
        };
        Interval { lo, hi }
    }
}

fn show_number(v: Decimal) -> String {
    number::format_id(v, v.scale())
}

/// Orders lower ends along the line: −∞ first; at one value, an inclusive end starts
/// before an exclusive one.
fn cmp_lo(a: Option<Bound>, b: Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => a
            .value
            .cmp(&b.value)
            .then_with(|| b.inclusive.cmp(&a.inclusive)),
    }
}

/// Orders upper ends along the line: +∞ last; at one value, an exclusive end stops
/// before an inclusive one.
fn cmp_hi(a: Option<Bound>, b: Option<Bound>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) => a
            .value
            .cmp(&b.value)
            .then_with(|| a.inclusive.cmp(&b.inclusive)),
    }
}

// ---------------------------------------------------------------------------
// Reading a range
// ---------------------------------------------------------------------------

/// What a range text is made of, once its words are understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Num(Decimal),
    /// "<", "kurang dari"
    Lt,
    /// "≤", "<=", "kurang dari atau sama dengan", "maksimal"
    Le,
    /// ">", "lebih dari"
    Gt,
    /// "≥", ">=", "lebih dari atau sama dengan", "minimal"
    Ge,
    /// "s.d.", "sd", "s/d", "sampai dengan", "hingga": "to", or "up to" before one number.
    UpTo,
    /// A hyphen, en dash or em dash between two numbers.
    Dash,
    /// "antara", "dari": opens "antara A dan B".
    Between,
    /// "dan"
    And,
    /// "ke atas": "91 ke atas".
    Upward,
    /// "ke bawah": "50 ke bawah".
    Downward,
    /// The value being sorted, as in "85 < x ≤ 100".
    X,
}

/// Words and phrases a range may use. The longest phrase that fits is taken, so
/// "kurang dari atau sama dengan" wins over "kurang dari".
const PHRASES: &[(&str, Tok)] = &[
    ("lebih dari atau sama dengan", Tok::Ge),
    ("lebih dari sama dengan", Tok::Ge),
    ("lebih besar dari atau sama dengan", Tok::Ge),
    ("lebih besar atau sama dengan", Tok::Ge),
    ("kurang dari atau sama dengan", Tok::Le),
    ("kurang dari sama dengan", Tok::Le),
    ("lebih kecil dari atau sama dengan", Tok::Le),
    ("lebih kecil atau sama dengan", Tok::Le),
    // The same, said the other way round ("sama dengan atau kurang dari 50%").
    ("sama dengan atau lebih dari", Tok::Ge),
    ("sama dengan atau lebih besar dari", Tok::Ge),
    ("sama dengan atau kurang dari", Tok::Le),
    ("sama dengan atau lebih kecil dari", Tok::Le),
    ("lebih dari", Tok::Gt),
    ("lebih besar dari", Tok::Gt),
    ("di atas", Tok::Gt),
    ("kurang dari", Tok::Lt),
    ("lebih kecil dari", Tok::Lt),
    ("di bawah", Tok::Lt),
    ("minimal", Tok::Ge),
    ("min", Tok::Ge),
    ("paling sedikit", Tok::Ge),
    ("paling rendah", Tok::Ge),
    ("sekurang-kurangnya", Tok::Ge),
    ("maksimal", Tok::Le),
    ("maks", Tok::Le),
    ("paling banyak", Tok::Le),
    ("paling tinggi", Tok::Le),
    ("setinggi-tingginya", Tok::Le),
    ("sampai dengan", Tok::UpTo),
    ("sampai", Tok::UpTo),
    ("hingga", Tok::UpTo),
    ("s.d", Tok::UpTo),
    ("sd", Tok::UpTo),
    ("s/d", Tok::UpTo),
    ("ke atas", Tok::Upward),
    ("keatas", Tok::Upward),
    ("ke bawah", Tok::Downward),
    ("kebawah", Tok::Downward),
    ("antara", Tok::Between),
    ("dari", Tok::Between),
    ("dan", Tok::And),
    ("x", Tok::X),
];

/// A piece of a range text before words and numbers are understood.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Number(String),
    Word(String),
    Sign(Tok),
}

/// Reads one range as typed. Err(reason) in plain words when it cannot.
///
/// Bounds are read Indonesian style ("2,599" is two point five nine nine), unless
/// another number in the same text proves the English style ("1.00 - 2.599").
/// The notation [`Interval::show`] writes ("(85; 100]") is read back too.
pub fn parse_range(text: &str) -> Result<Interval, Msg> {
    let trimmed = text.trim();
    let cleaned: String = trimmed
        .to_lowercase()
        .chars()
        .filter(|&c| c != '%' && c != '\u{200B}' && c != '\u{FEFF}')
        .collect();
    let cleaned = cleaned.trim();
    let interval = if is_notation(cleaned) {
        parse_notation(cleaned, trimmed)?
    } else {
        parse_words(cleaned, trimmed)?
    };
    check_direction(interval, trimmed)
}

/// "(85; 100]": an interval in the notation mathematicians and [`Interval::show`] use.
fn is_notation(text: &str) -> bool {
    (text.starts_with('(') || text.starts_with('[')) && text.contains(';')
}

fn parse_notation(text: &str, original: &str) -> Result<Interval, Msg> {
    let mut chars = text.chars();
    let lo_inclusive = chars.next() == Some('[');
    let hi_inclusive = match chars.next_back() {
        Some(']') => true,
        Some(')') => false,
        _ => return Err(msg!("scale-range.unclosed", text = original)),
    };
    let inner = chars.as_str();
    let parts: Vec<&str> = inner.split(';').map(str::trim).collect();
    let [lo_text, hi_text] = parts[..] else {
        return Err(msg!("scale-range.parts", text = original, n = parts.len()));
    };
    let runs: Vec<&str> = [lo_text, hi_text]
        .into_iter()
        .filter(|t| !is_infinity(t))
        .collect();
    let hint = hint_for(&runs);

    let lo = if matches!(lo_text, "−∞" | "-∞") {
        if lo_inclusive {
            return Err(msg!("scale-range.minus-infinity", text = original));
        }
        None
    } else {
        Some(Bound {
            value: read_number(lo_text, hint)?,
            inclusive: lo_inclusive,
        })
    };
    let hi = if matches!(hi_text, "∞" | "+∞") {
        if hi_inclusive {
            return Err(msg!("scale-range.infinity", text = original));
        }
        None
    } else {
        Some(Bound {
            value: read_number(hi_text, hint)?,
            inclusive: hi_inclusive,
        })
    };
    Ok(Interval { lo, hi })
}

fn is_infinity(text: &str) -> bool {
    matches!(text, "∞" | "+∞" | "−∞" | "-∞")
}

/// Ranges typed in words and signs: "Lebih dari 85% sd. 100%", "76 - 90", "≤ 50".
fn parse_words(text: &str, original: &str) -> Result<Interval, Msg> {
    let lexemes = lex(text, original)?;
    let runs: Vec<&str> = lexemes
        .iter()
        .filter_map(|l| match l {
            Lexeme::Number(run) => Some(run.as_str()),
            _ => None,
        })
        .collect();
    match runs.len() {
        0 => return Err(msg!("scale-range.no-number", text = original)),
        1 | 2 => {}
        n => return Err(msg!("scale-range.numbers", text = original, n = n)),
    }
    let hint = hint_for(&runs);
    let toks = understand(&lexemes, hint, original)?;
    shape(&toks).ok_or_else(|| msg!("scale-range.unread", text = original))
}

/// Hyphen, en dash, em dash and the minus sign look alike in a cell.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2212}')
}

/// Cuts a (lowercased, %-free) text into numbers, words and signs.
fn lex(text: &str, original: &str) -> Result<Vec<Lexeme>, Msg> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let digit_at = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let letter_at = |i: usize| at(i).is_some_and(char::is_alphabetic);

    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // A dash right before a digit is a minus sign, unless it follows a number:
        // "76-90" is a range, "-5 - 5" runs from minus five.
        let follows_number = matches!(out.last(), Some(Lexeme::Number(_)));
        if c.is_ascii_digit() || (is_dash(c) && !follows_number && digit_at(i + 1)) {
            let start = i;
            i += 1;
            while let Some(d) = at(i) {
                let separator = (d == '.' || d == ',') && digit_at(i + 1);
                if d.is_ascii_digit() || separator {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Lexeme::Number(chars[start..i].iter().collect()));
            continue;
        }
        if is_dash(c) {
            out.push(Lexeme::Sign(Tok::Dash));
            i += 1;
            continue;
        }
        let two = match (c, at(i + 1)) {
            ('<', Some('=')) | ('=', Some('<')) => Some(Tok::Le),
            ('>', Some('=')) | ('=', Some('>')) => Some(Tok::Ge),
            _ => None,
        };
        if let Some(tok) = two {
            out.push(Lexeme::Sign(tok));
            i += 2;
            continue;
        }
        let one = match c {
            '<' => Some(Tok::Lt),
            '>' => Some(Tok::Gt),
            '≤' | '⩽' => Some(Tok::Le),
            '≥' | '⩾' => Some(Tok::Ge),
            _ => None,
        };
        if let Some(tok) = one {
            out.push(Lexeme::Sign(tok));
            i += 1;
            continue;
        }
        if c.is_alphabetic() {
            // Words may hold dots and slashes ("s.d.", "s/d") and inner hyphens
            // ("sekurang-kurangnya").
            let start = i;
            i += 1;
            while let Some(d) = at(i) {
                let inner_hyphen = d == '-' && letter_at(i + 1);
                if d.is_alphabetic() || d == '.' || d == '/' || inner_hyphen {
                    i += 1;
                } else {
                    break;
                }
            }
            let word: String = chars[start..i].iter().collect();
            out.push(Lexeme::Word(word.trim_end_matches('.').to_string()));
            continue;
        }
        return Err(msg!(
            "scale-range.character",
            text = original,
            character = c.to_string()
        ));
    }
    Ok(out)
}

/// The convention the text's own numbers prove, else Indonesian: scale tables are
/// written in Indonesian, but "1.00 - 2.599" proves itself English.
fn hint_for(runs: &[&str]) -> Convention {
    number::column_convention(runs.iter().copied()).unwrap_or(Convention::Indonesian)
}

fn read_number(run: &str, hint: Convention) -> Result<Decimal, Msg> {
    match number::read_text(run, Some(hint)) {
        Ok(Some(reading)) => Ok(reading.value),
        Ok(None) => Err(msg!("number.not-a-number", text = run)),
        Err(e) => Err(e.msg()),
    }
}

/// Reads the numbers and matches the words against [`PHRASES`].
fn understand(lexemes: &[Lexeme], hint: Convention, original: &str) -> Result<Vec<Tok>, Msg> {
    let mut toks = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for lexeme in lexemes {
        match lexeme {
            Lexeme::Word(word) => {
                words.push(word);
                continue;
            }
            Lexeme::Number(run) => {
                phrases(&words, &mut toks, original)?;
                words.clear();
                toks.push(Tok::Num(read_number(run, hint)?));
            }
            Lexeme::Sign(tok) => {
                phrases(&words, &mut toks, original)?;
                words.clear();
                toks.push(*tok);
            }
        }
    }
    phrases(&words, &mut toks, original)?;
    Ok(toks)
}

/// Turns a run of words into tokens, longest phrase first.
fn phrases(words: &[&str], toks: &mut Vec<Tok>, original: &str) -> Result<(), Msg> {
    let mut rest = words;
    while let Some(first) = rest.first() {
        let best = PHRASES
            .iter()
            .filter_map(|&(phrase, tok)| {
                let parts: Vec<&str> = phrase.split(' ').collect();
                rest.starts_with(&parts).then_some((parts.len(), tok))
            })
            .max_by_key(|&(len, _)| len);
        let Some((len, tok)) = best else {
            return Err(msg!("scale-range.word", text = original, word = *first));
        };
        toks.push(tok);
        rest = rest.get(len..).unwrap_or_default();
    }
    Ok(())
}

/// The forms a range takes, as token sequences.
fn shape(toks: &[Tok]) -> Option<Interval> {
    use Tok::*;
    let bound = |value, inclusive| Some(Bound { value, inclusive });
    let interval = |lo, hi| Some(Interval { lo, hi });
    match *toks {
        // Bounded below only.
        [Gt, Num(a)] | [X, Gt, Num(a)] | [Num(a), Lt, X] => interval(bound(a, false), None),
        [Ge, Num(a)] | [X, Ge, Num(a)] | [Num(a), Le, X] | [Num(a), Upward] => {
            interval(bound(a, true), None)
        }
        // Bounded above only.
        [Lt, Num(b)] | [X, Lt, Num(b)] | [Num(b), Gt, X] => interval(None, bound(b, false)),
        [Le | UpTo, Num(b)] | [X, Le, Num(b)] | [Num(b), Ge, X] | [Num(b), Downward] => {
            interval(None, bound(b, true))
        }
        // "76 - 90", "76 s.d 90", "antara 65 dan 85", and "76% ≤ 90%" as
        // Permendagri 86/2017 prints its bands: both ends included.
        [Num(a), Dash | UpTo | Le, Num(b)] | [Between, Num(a), And | UpTo | Dash, Num(b)] => {
            interval(bound(a, true), bound(b, true))
        }
        // "lebih dari 85 sd 100", "> 85 - 100": the first end as its sign says, the
        // second included unless a sign says otherwise.
        [lo @ (Gt | Ge), Num(a), Dash | UpTo, Num(b)] => {
            interval(bound(a, lo == Ge), bound(b, true))
        }
        [lo @ (Gt | Ge), Num(a), Dash | UpTo, hi @ (Lt | Le), Num(b)] => {
            interval(bound(a, lo == Ge), bound(b, hi == Le))
        }
        [Num(a), Dash | UpTo, hi @ (Lt | Le), Num(b)] => {
            interval(bound(a, true), bound(b, hi == Le))
        }
        // "85 < x ≤ 100", and the same written downward: "100 ≥ x > 85".
        [Num(a), lo @ (Lt | Le), X, hi @ (Lt | Le), Num(b)] => {
            interval(bound(a, lo == Le), bound(b, hi == Le))
        }
        [Num(b), hi @ (Gt | Ge), X, lo @ (Gt | Ge), Num(a)] => {
            interval(bound(a, lo == Ge), bound(b, hi == Ge))
        }
        _ => None,
    }
}

/// Refuses ranges that hold no value: "90 - 76", "lebih dari 50 sd 50".
fn check_direction(interval: Interval, original: &str) -> Result<Interval, Msg> {
    if let (Some(lo), Some(hi)) = (interval.lo, interval.hi) {
        let (lo_text, hi_text) = (show_number(lo.value), show_number(hi.value));
        if lo.value > hi.value {
            return Err(msg!(
                "scale-range.backwards",
                text = original,
                lo = lo_text,
                hi = hi_text
            ));
        }
        if interval.is_empty() {
            return Err(msg!("scale-range.empty", text = original, value = lo_text));
        }
    }
    Ok(interval)
}

// ---------------------------------------------------------------------------
// Checking a scale
// ---------------------------------------------------------------------------

/// The precision a scale is written at: the smallest number of decimals among its
/// finite bounds (0 for "Lebih dari 85% sd. 100%", 2 for 1,00 / 2,5996 / 2,60 /
/// 3,064), 0 when it has none. Two bounds are contiguous when no value written at
/// this precision lies strictly between them.
pub fn precision(intervals: &[Interval]) -> u32 {
    intervals
        .iter()
        .flat_map(|i| [i.lo, i.hi])
        .flatten()
        .map(|b| b.value.scale())
        .min()
        .unwrap_or(0)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Values between two neighbouring ranges (or below the first / above the last within `domain`) that no range covers. `below`/`above` are the indices (in the input order) of the ranges on either side, None at the domain's ends. `gap` is the uncovered interval.
    Gap {
        below: Option<usize>,
        above: Option<usize>,
        gap: Interval,
    },
    /// Values two ranges both cover. `a`, `b` input indices, `a < b`; `both` the shared interval.
    Overlap { a: usize, b: usize, both: Interval },
}

impl Problem {
    fn interval(&self) -> &Interval {
        match self {
            Problem::Gap { gap, .. } => gap,
            Problem::Overlap { both, .. } => both,
        }
    }

    /// Tie-breaker after the position: gaps first, then by the ranges named.
    fn rank(&self) -> (u8, usize, usize) {
        let index = |i: Option<usize>| i.unwrap_or(usize::MAX);
        match self {
            Problem::Gap { below, above, .. } => (0, index(*below), index(*above)),
            Problem::Overlap { a, b, .. } => (1, *a, *b),
        }
    }
}

/// Checks that the intervals partition `domain` (or, with domain None, the span from
/// the lowest to the highest bound: only gaps between ranges and overlaps are
/// reported). Intervals may be given in any order. Uses [`precision`] to decide
/// contiguity. Parts of ranges outside `domain` are not looked at. Results are sorted
/// by position on the number line.
///
/// A gap or overlap counts when it holds a value written at the scale's precision,
/// or one of the scale's own bounds: (−∞; 50) and (50; 60] leave out 50 itself.
pub fn partition_problems(intervals: &[Interval], domain: Option<&Interval>) -> Vec<Problem> {
    let precision = precision(intervals);
    let ranges: Vec<(usize, Interval)> = intervals
        .iter()
        .enumerate()
        .map(|(index, range)| match domain {
            Some(d) => (index, range.intersect(d)),
            None => (index, range.clone()),
        })
        .filter(|(_, range)| !range.is_empty())
        .collect();

    let mut problems = gaps(&ranges, domain, precision);
    problems.extend(overlaps(&ranges, precision));
    problems.sort_by(|p, q| {
        let (i, j) = (p.interval(), q.interval());
        cmp_lo(i.lo, j.lo)
            .then_with(|| cmp_hi(i.hi, j.hi))
            .then_with(|| p.rank().cmp(&q.rank()))
    });
    problems
}

/// Where the uncovered part of the line begins, as the sweep moves up.
#[derive(Debug, Clone, Copy)]
enum Reach {
    /// Everything below this lower end is covered (None: nothing is).
    From(Option<Bound>),
    /// Everything is covered up to +∞.
    End,
}

impl Reach {
    /// Where the uncovered part begins once a range ending at `hi` is covered.
    fn after(hi: Option<Bound>) -> Reach {
        match hi {
            None => Reach::End,
            Some(b) => Reach::From(Some(Bound {
                value: b.value,
                inclusive: !b.inclusive,
            })),
        }
    }

    fn beyond(self, other: Reach) -> bool {
        match (self, other) {
            (Reach::End, Reach::End) | (Reach::From(_), Reach::End) => false,
            (Reach::End, Reach::From(_)) => true,
            (Reach::From(a), Reach::From(b)) => cmp_lo(a, b) == Ordering::Greater,
        }
    }
}

/// Sweeps the ranges from the bottom up, reporting what lies between the covered part
/// and the next range's start.
fn gaps(ranges: &[(usize, Interval)], domain: Option<&Interval>, precision: u32) -> Vec<Problem> {
    let mut sorted: Vec<&(usize, Interval)> = ranges.iter().collect();
    sorted.sort_by(|(i, a), (j, b)| {
        cmp_lo(a.lo, b.lo)
            .then_with(|| cmp_hi(a.hi, b.hi))
            .then_with(|| i.cmp(j))
    });

    let mut found = Vec::new();
    // The reach so far and the range that set it (None: the domain's start).
    let mut reach: Option<(Reach, Option<usize>)> = domain.map(|d| (Reach::From(d.lo), None));
    for &(index, ref range) in sorted {
        if let (Some((Reach::From(start), below)), Some(lo)) = (reach, range.lo) {
            let gap = Interval {
                lo: start,
                hi: Some(Bound {
                    value: lo.value,
                    inclusive: !lo.inclusive,
                }),
            };
            if matters(&gap, precision) {
                found.push(Problem::Gap {
                    below,
                    above: Some(index),
                    gap,
                });
            }
        }
        let after = Reach::after(range.hi);
        reach = match reach {
            Some((current, who)) if !after.beyond(current) => Some((current, who)),
            _ => Some((after, Some(index))),
        };
    }
    if let (Some(d), Some((Reach::From(start), below))) = (domain, reach) {
        let gap = Interval {
            lo: start,
            hi: d.hi,
        };
        if matters(&gap, precision) {
            found.push(Problem::Gap {
                below,
                above: None,
                gap,
            });
        }
    }
    found
}

fn overlaps(ranges: &[(usize, Interval)], precision: u32) -> Vec<Problem> {
    let mut found = Vec::new();
    for (k, (a, first)) in ranges.iter().enumerate() {
        for (b, second) in ranges.iter().skip(k + 1) {
            let both = first.intersect(second);
            if matters(&both, precision) {
                found.push(Problem::Overlap { a: *a, b: *b, both });
            }
        }
    }
    found
}

/// Whether an uncovered or doubly covered interval holds a value someone could write:
/// one of its ends, where that end is included (it is then a bound the scale names),
/// or any value at the scale's precision.
fn matters(interval: &Interval, precision: u32) -> bool {
    if interval.is_empty() {
        return false;
    }
    match (interval.lo, interval.hi) {
        (Some(lo), Some(hi)) => {
            lo.inclusive || hi.inclusive || step_between(lo.value, hi.value, precision)
        }
        // Unbounded: holds values at every precision.
        _ => true,
    }
}

/// Whether a multiple of 10^-precision lies strictly between `lo` and `hi`.
fn step_between(lo: Decimal, hi: Decimal, precision: u32) -> bool {
    let Ok(step) = Decimal::try_new(1, precision) else {
        // Finer than a Decimal can write: any gap holds such values.
        return true;
    };
    let floor = lo.round_dp_with_strategy(precision, RoundingStrategy::ToNegativeInfinity);
    match floor.checked_add(step) {
        Some(next) => next < hi,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn parse(text: &str) -> Interval {
        match parse_range(text) {
            Ok(interval) => interval,
            Err(why) => panic!("{text:?} should read, got: {why}"),
        }
    }

    /// A bound from its exact decimal text (scale included) and inclusivity.
    fn b(value: &str, inclusive: bool) -> Option<Bound> {
        Some(Bound {
            value: d(value),
            inclusive,
        })
    }

    fn iv(lo: Option<Bound>, hi: Option<Bound>) -> Interval {
        Interval { lo, hi }
    }

    /// Bounds equal and written with the same decimals ("100" is not "100.00" here).
    fn assert_exact(actual: &Interval, expected: &Interval, context: &str) {
        assert_eq!(actual, expected, "{context}");
        let scales = |i: &Interval| (i.lo.map(|b| b.value.scale()), i.hi.map(|b| b.value.scale()));
        assert_eq!(scales(actual), scales(expected), "{context}: scales");
    }

    fn check(text: &str, expected: Interval) {
        assert_exact(&parse(text), &expected, text);
    }

    fn parse_all(texts: &[&str]) -> Vec<Interval> {
        texts.iter().map(|t| parse(t)).collect()
    }

    // --- reading ---------------------------------------------------------------

    #[test]
    fn lebih_dari_forms() {
        check("Lebih dari 100%", iv(b("100", false), None));
        check(
            "Lebih dari 85% sd. 100%",
            iv(b("85", false), b("100", true)),
        );
        check("Lebih dari 65 % sd. 85%", iv(b("65", false), b("85", true)));
        check("Lebih dari 50% s.d 60 %", iv(b("50", false), b("60", true)));
        check("Lebih dari 50% sd. 65%", iv(b("50", false), b("65", true)));
        check("Di atas 100%", iv(b("100", false), None));
    }

    #[test]
    fn bounded_above_only() {
        check("Kurang dari 50 %", iv(None, b("50", false)));
        check("< 50", iv(None, b("50", false)));
        for text in [
            "Sampai dengan 50%",
            "s.d. 50%",
            "Kurang dari atau sama dengan 50%",
            "Sama dengan atau kurang dari 50%",
            "sama dengan atau lebih kecil dari 50",
            "≤ 50",
            "<= 50",
            "50 ke bawah",
            "Maksimal 50",
        ] {
            check(text, iv(None, b("50", true)));
        }
    }

    #[test]
    fn bounded_below_only() {
        for text in [
            "≥ 91",
            ">= 91",
            "91 ke atas",
            "Lebih dari atau sama dengan 91",
            "Sama dengan atau lebih dari 91%",
            "Minimal 91",
            "≥91%",
        ] {
            check(text, iv(b("91", true), None));
        }
        check("> 100%", iv(b("100", false), None));
    }

    #[test]
    fn two_numbers_include_both_ends() {
        for text in [
            "76 - 90",
            "76–90",
            "76—90",
            "76 s.d 90",
            "76 sd 90",
            "76 sd. 90",
            "76 s.d. 90",
            "76 s/d 90",
            "76 sampai dengan 90",
            "76 hingga 90",
            "76% - 90%",
            "Antara 76 dan 90",
            "Dari 76 sampai 90",
            // Permendagri 86/2017 prints its bands "76% ≤ 90%".
            "76% ≤ 90%",
            "76 % <= 90 %",
        ] {
            check(text, iv(b("76", true), b("90", true)));
        }
        check("Antara 65 dan 85", iv(b("65", true), b("85", true)));
    }

    #[test]
    fn decimals_keep_their_scale() {
        check("1,00 – 2,599", iv(b("1.00", true), b("2.599", true)));
        check("25,00 – 64,99", iv(b("25.00", true), b("64.99", true)));
        check("3,0644 – 3,532", iv(b("3.0644", true), b("3.532", true)));
        check("88,31 – 100,00", iv(b("88.31", true), b("100.00", true)));
        check("3,064 – 3,532", iv(b("3.064", true), b("3.532", true)));
    }

    #[test]
    fn text_proving_english_is_read_english() {
        check("1.00 - 2.599", iv(b("1.00", true), b("2.599", true)));
    }

    #[test]
    fn greater_than_with_a_dash() {
        check("> 85 - 100", iv(b("85", false), b("100", true)));
        check(">85–100", iv(b("85", false), b("100", true)));
        check(">= 85 - < 100", iv(b("85", true), b("100", false)));
        check("50 s.d. kurang dari 60", iv(b("50", true), b("60", false)));
    }

    #[test]
    fn forms_with_x() {
        check("85 < x ≤ 100", iv(b("85", false), b("100", true)));
        check("85 < X <= 100", iv(b("85", false), b("100", true)));
        check("85 ≤ x < 100", iv(b("85", true), b("100", false)));
        check("100 ≥ x > 85", iv(b("85", false), b("100", true)));
        check("x > 100", iv(b("100", false), None));
        check("x ≤ 50", iv(None, b("50", true)));
        check("100 < x", iv(b("100", false), None));
    }

    #[test]
    fn case_and_stray_spaces_do_not_matter() {
        check("LEBIH DARI 100 %", iv(b("100", false), None));
        check(
            "  lebih   dari 85%SD.100% ",
            iv(b("85", false), b("100", true)),
        );
        check(
            "\u{00A0}76\u{00A0}-\u{00A0}90 ",
            iv(b("76", true), b("90", true)),
        );
    }

    #[test]
    fn negative_bounds() {
        check("-10 - 0", iv(b("-10", true), b("0", true)));
        check("< -5", iv(None, b("-5", false)));
        check("−10 – −5", iv(b("-10", true), b("-5", true)));
    }

    #[test]
    fn notation_reads_back_what_show_writes() {
        check("(85; 100]", iv(b("85", false), b("100", true)));
        check("[1,00; 2,599]", iv(b("1.00", true), b("2.599", true)));
        check("(−∞; 50)", iv(None, b("50", false)));
        check("(100; ∞)", iv(b("100", false), None));
        for text in [
            "Lebih dari 100%",
            "Kurang dari 50 %",
            "1,00 – 2,599",
            "88,31 – 100,00",
            "-10 - 0",
            "≥ 91",
        ] {
            let interval = parse(text);
            assert_exact(&parse(&interval.show()), &interval, text);
        }
    }

    #[test]
    fn refusals() {
        let cases = [
            ("Baik", "'Baik' has no number, so it is not a range"),
            ("", "'' has no number, so it is not a range"),
            ("90 - 76", "'90 - 76' runs backwards: 90 is above 76"),
            (
                "1 - 2 - 3",
                "'1 - 2 - 3' has 3 numbers; a range has one or two",
            ),
            (
                "Lebih dari 50 sd 50",
                "'Lebih dari 50 sd 50' holds no value: it starts and ends at 50 but leaves 50 out",
            ),
            (
                "Lebih dari 100% (BS)",
                "'Lebih dari 100% (BS)' holds '(', which has no place in a range",
            ),
            (
                "Baik jika 85",
                "'Baik jika 85' uses the word 'baik', which a range does not use",
            ),
            (
                "85",
                "'85' does not read as a range; write it like '76 – 90', \
                 'Lebih dari 85% sd. 100%', 'Kurang dari 50%' or '91 ke atas'",
            ),
            (
                "(1; 2; 3)",
                "'(1; 2; 3)' has 3 parts between its brackets; a range has two, split by ';'",
            ),
            ("[−∞; 5]", "'[−∞; 5]' includes −∞, which is not a number"),
            ("(5; 1]", "'(5; 1]' runs backwards: 5 is above 1"),
        ];
        for (text, why) in cases {
            assert_eq!(
                parse_range(text).map_err(|m| m.english()),
                Err(why.to_string()),
                "{text:?}"
            );
        }
    }

    // --- intervals -------------------------------------------------------------

    #[test]
    fn contains_at_the_bounds() {
        let baik = parse("Lebih dari 85% sd. 100%");
        assert!(!baik.contains(d("85")));
        assert!(baik.contains(d("85.01")));
        assert!(baik.contains(d("100")));
        assert!(baik.contains(d("100.00")));
        assert!(!baik.contains(d("100.01")));

        let sangat_kurang = parse("Kurang dari 50 %");
        assert!(sangat_kurang.contains(d("-1000")));
        assert!(sangat_kurang.contains(d("49.99")));
        assert!(!sangat_kurang.contains(d("50")));

        let baik_sekali = parse("Lebih dari 100%");
        assert!(!baik_sekali.contains(d("100")));
        assert!(baik_sekali.contains(d("106.35")));

        let band = parse("1,00 – 2,599");
        assert!(band.contains(d("1")));
        assert!(band.contains(d("2.599")));
        assert!(!band.contains(d("2.5995")));
    }

    #[test]
    fn show_writes_indonesian_numbers() {
        assert_eq!(parse("Lebih dari 85% sd. 100%").show(), "(85; 100]");
        assert_eq!(parse("Lebih dari 100%").show(), "(100; ∞)");
        assert_eq!(parse("1,00 – 2,599").show(), "[1,00; 2,599]");
        assert_eq!(parse("Kurang dari 50 %").show(), "(−∞; 50)");
        assert_eq!(parse("88,31 – 100,00").show(), "[88,31; 100,00]");
        assert_eq!(parse("1000 - 2500").show(), "[1.000; 2.500]");
        assert_eq!(iv(None, None).show(), "(−∞; ∞)");
    }

    #[test]
    fn precision_is_the_fewest_decimals() {
        assert_eq!(precision(&parse_all(&["Lebih dari 85% sd. 100%"])), 0);
        let regulation = [
            "1,00 – 2,5996",
            "2,60 – 3,064",
            "3,0644 – 3,532",
            "3,5324 – 4,00",
        ];
        assert_eq!(precision(&parse_all(&regulation)), 2);
        assert_eq!(precision(&parse_all(&["1,5 - 2,25", "≥ 2,255"])), 1);
        assert_eq!(precision(&[]), 0);
        assert_eq!(precision(&[iv(None, None)]), 0);
    }

    // --- partitions ------------------------------------------------------------

    #[test]
    fn report_tabel_3_1_leaves_50_and_60_to_65_uncovered() {
        let scale = parse_all(&[
            "Lebih dari 100%",
            "Lebih dari 85% sd. 100%",
            "Lebih dari 65 % sd. 85%",
            "Lebih dari 50% s.d 60 %",
            "Kurang dari 50 %",
        ]);
        let problems = partition_problems(&scale, None);
        assert_eq!(
            problems,
            vec![
                Problem::Gap {
                    below: Some(4),
                    above: Some(3),
                    gap: iv(b("50", true), b("50", true)),
                },
                Problem::Gap {
                    below: Some(3),
                    above: Some(2),
                    gap: iv(b("60", false), b("65", true)),
                },
            ]
        );
        let shown: Vec<String> = problems.iter().map(|p| p.interval().show()).collect();
        assert_eq!(shown, ["[50; 50]", "(60; 65]"]);
    }

    #[test]
    fn corrected_capaian_scale_is_a_partition() {
        let scale = parse_all(&[
            "Lebih dari 100%",
            "Lebih dari 85% sd. 100%",
            "Lebih dari 65% sd. 85%",
            "Lebih dari 50% sd. 65%",
            "Sampai dengan 50%",
        ]);
        assert_eq!(partition_problems(&scale, None), vec![]);
        // It covers the whole line.
        assert_eq!(partition_problems(&scale, Some(&iv(None, None))), vec![]);
    }

    #[test]
    fn permendagri_86_2017_is_a_partition_at_precision_0() {
        let scale = parse_all(&[">= 91", "76-90", "66-75", "51-65", "<= 50"]);
        assert_eq!(precision(&scale), 0);
        assert_eq!(partition_problems(&scale, None), vec![]);
        assert_eq!(partition_problems(&scale, Some(&iv(None, None))), vec![]);
    }

    #[test]
    fn report_tabel_3_3_puts_3_064_and_3_532_in_two_bands() {
        let scale = parse_all(&[
            "1,00 – 2,599",
            "2,60 – 3,064",
            "3,064 – 3,532",
            "3,532 – 4,00",
        ]);
        assert_eq!(precision(&scale), 2);
        let problems = partition_problems(&scale, None);
        assert_eq!(
            problems,
            vec![
                Problem::Overlap {
                    a: 1,
                    b: 2,
                    both: iv(b("3.064", true), b("3.064", true)),
                },
                Problem::Overlap {
                    a: 2,
                    b: 3,
                    both: iv(b("3.532", true), b("3.532", true)),
                },
            ]
        );
        let shown: Vec<String> = problems.iter().map(|p| p.interval().show()).collect();
        assert_eq!(shown, ["[3,064; 3,064]", "[3,532; 3,532]"]);
        // Within the NRR domain [1; 4] nothing else is wrong.
        let domain = iv(b("1", true), b("4", true));
        assert_eq!(partition_problems(&scale, Some(&domain)), problems);
    }

    #[test]
    fn permenpan_rb_14_2017_nilai_interval_is_a_partition() {
        let scale = parse_all(&[
            "1,00 – 2,5996",
            "2,60 – 3,064",
            "3,0644 – 3,532",
            "3,5324 – 4,00",
        ]);
        assert_eq!(partition_problems(&scale, None), vec![]);
        let domain = iv(b("1", true), b("4", true));
        assert_eq!(partition_problems(&scale, Some(&domain)), vec![]);
    }

    #[test]
    fn permenpan_rb_14_2017_konversi_partitions_25_to_100() {
        let scale = parse_all(&[
            "25,00 – 64,99",
            "65,00 – 76,60",
            "76,61 – 88,30",
            "88,31 – 100,00",
        ]);
        let domain = iv(b("25", true), b("100", true));
        assert_eq!(partition_problems(&scale, None), vec![]);
        assert_eq!(partition_problems(&scale, Some(&domain)), vec![]);
    }

    #[test]
    fn order_of_the_ranges_does_not_matter() {
        let scale = parse_all(&["66-75", "<= 50", ">= 91", "51-65", "76-90"]);
        assert_eq!(partition_problems(&scale, None), vec![]);
        let report = parse_all(&[
            "Kurang dari 50 %",
            "Lebih dari 100%",
            "Lebih dari 50% s.d 60 %",
        ]);
        assert_eq!(
            partition_problems(&report, None),
            vec![
                Problem::Gap {
                    below: Some(0),
                    above: Some(2),
                    gap: iv(b("50", true), b("50", true)),
                },
                Problem::Gap {
                    below: Some(2),
                    above: Some(1),
                    gap: iv(b("60", false), b("100", true)),
                },
            ]
        );
    }

    #[test]
    fn domain_start_left_uncovered() {
        let scale = parse_all(&[
            "30,00 – 64,99",
            "65,00 – 76,60",
            "76,61 – 88,30",
            "88,31 – 100,00",
        ]);
        let domain = iv(b("25", true), b("100", true));
        assert_eq!(
            partition_problems(&scale, Some(&domain)),
            vec![Problem::Gap {
                below: None,
                above: Some(0),
                gap: iv(b("25", true), b("30.00", false)),
            }]
        );
        // Without a domain only the span of the ranges is checked.
        assert_eq!(partition_problems(&scale, None), vec![]);
    }

    #[test]
    fn domain_end_left_uncovered() {
        let scale = parse_all(&["25,00 – 64,99", "65,00 – 99,99"]);
        let domain = iv(b("25", true), b("100", true));
        assert_eq!(
            partition_problems(&scale, Some(&domain)),
            vec![Problem::Gap {
                below: Some(1),
                above: None,
                gap: iv(b("99.99", false), b("100", true)),
            }]
        );
        // An unbounded domain: everything below the first range is uncovered too.
        let scale = parse_all(&["0 - 50", "Lebih dari 50"]);
        assert_eq!(
            partition_problems(&scale, Some(&iv(None, None))),
            vec![Problem::Gap {
                below: None,
                above: Some(0),
                gap: iv(None, b("0", false)),
            }]
        );
    }

    #[test]
    fn ranges_beyond_the_domain_are_not_looked_at() {
        // Capaian above 100 lies outside [0; 100]: not a problem of this domain.
        let scale = parse_all(&[
            "Lebih dari 100%",
            "Lebih dari 50% sd. 100%",
            "Sampai dengan 50%",
        ]);
        let domain = iv(b("0", true), b("100", true));
        assert_eq!(partition_problems(&scale, Some(&domain)), vec![]);
    }

    #[test]
    fn empty_scale() {
        assert_eq!(partition_problems(&[], None), vec![]);
        let domain = iv(b("25", true), b("100", true));
        assert_eq!(
            partition_problems(&[], Some(&domain)),
            vec![Problem::Gap {
                below: None,
                above: None,
                gap: domain.clone(),
            }]
        );
    }

    #[test]
    fn wide_overlap_and_gap_between_exact_bounds() {
        let scale = parse_all(&["0 - 60", "50 - 100", "40 - 45"]);
        assert_eq!(
            partition_problems(&scale, None),
            vec![
                Problem::Overlap {
                    a: 0,
                    b: 2,
                    both: iv(b("40", true), b("45", true)),
                },
                Problem::Overlap {
                    a: 0,
                    b: 1,
                    both: iv(b("50", true), b("60", true)),
                },
            ]
        );
        // A bound named by the scale and left out on both sides is a gap even when it
        // is written finer than the scale's precision.
        let scale = parse_all(&["1,0 - < 2,55", "Lebih dari 2,55 sd 4,0"]);
        assert_eq!(
            partition_problems(&scale, None),
            vec![Problem::Gap {
                below: Some(0),
                above: Some(1),
                gap: iv(b("2.55", true), b("2.55", true)),
            }]
        );
    }
}
