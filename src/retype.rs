//! Writing a corrected figure the way the user typed the original: a figure
//! typed as text stays text typed the same way (`106,35%` becomes `106,33%`,
//! `Rp. 38.127.840.000,-` becomes `Rp. 38.127.840.001,-`, `34,652,249,175`
//! keeps its English commas), so a corrected workbook still reads as theirs.

use rust_decimal::Decimal;

use crate::number::{self, round_half_up, Convention};

/// `value` at `scale` decimals, in the style of `original` (its prefix and
/// suffix, its separators, its grouping, its way of writing a negative).
pub fn like(original: &str, value: Decimal, scale: u32, hint: Option<Convention>) -> String {
    let chars: Vec<char> = original.chars().collect();
    let first = chars.iter().position(|c| c.is_ascii_digit());
    let last = chars.iter().rposition(|c| c.is_ascii_digit());
    let (Some(first), Some(last)) = (first, last) else {
        return plain(value, scale, Convention::Indonesian, true, false);
    };
    let core: String = chars[first..=last].iter().collect();
    let mut prefix: String = chars[..first].iter().collect();
    let suffix: String = chars[last + 1..].iter().collect();
    // The sign belongs to the number, not to the prefix we keep.
    let accounting = prefix.trim_end().ends_with('(');
    while prefix.ends_with(['-', '−', '(', '+'])
        || (prefix.ends_with(' ') && prefix.trim_end().ends_with(['-', '(']))
    {
        prefix.pop();
    }
    let suffix = if accounting {
        suffix.trim_start_matches(')').to_string()
    } else {
        suffix
    };
    let convention = number::read_text(original, hint)
        .ok()
        .flatten()
        .and_then(|r| r.convention)
        .or(hint)
        .unwrap_or(Convention::Indonesian);
    let group_mark = if convention == Convention::Indonesian {
        '.'
    } else {
        ','
    };
    let decimal_mark = if convention == Convention::Indonesian {
        ','
    } else {
        '.'
    };
    let integer_part = core.split(decimal_mark).next().unwrap_or(&core);
    let grouped = integer_part.contains(group_mark);
    let body = plain(value.abs(), scale, convention, grouped, false);
    let negative = value.is_sign_negative() && !round_half_up(value, scale).is_zero();
    match (negative, accounting) {
        (true, true) => format!("{prefix}({body}){suffix}"),
        (true, false) => format!("{prefix}-{body}{suffix}"),
        (false, _) => format!("{prefix}{body}{suffix}"),
    }
}

fn plain(value: Decimal, scale: u32, convention: Convention, grouped: bool, _sign: bool) -> String {
    let rounded = round_half_up(value, scale);
    let text = rounded.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let (group_mark, decimal_mark) = match convention {
        Convention::Indonesian => ('.', ','),
        Convention::English => (',', '.'),
    };
    let mut out = String::new();
    if rounded.is_sign_negative() && !rounded.is_zero() {
        out.push('-');
    }
    let digits: Vec<char> = whole.chars().collect();
    for (i, d) in digits.iter().enumerate() {
        if grouped && i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group_mark);
        }
        out.push(*d);
    }
    if scale > 0 {
        out.push(decimal_mark);
        out.push_str(fraction);
        for _ in fraction.len()..scale as usize {
            out.push('0');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("a decimal")
    }

    #[test]
    fn keeps_the_way_it_was_typed() {
        assert_eq!(like("106,35%", d("106.3294"), 2, None), "106,33%");
        assert_eq!(like("90.88%", d("90.8612"), 2, None), "90.86%");
        assert_eq!(
            like("Rp. 38.127.840.000,-", d("38127840001"), 0, None),
            "Rp. 38.127.840.001,-"
        );
        assert_eq!(
            like("34,652,249,175", d("34652249176"), 0, None),
            "34,652,249,176"
        );
        assert_eq!(like("91,51", d("91.5075"), 2, None), "91,51");
        assert_eq!(like("12,99%", d("10.289"), 2, None), "10,29%");
        assert_eq!(like(" 85 ", d("86"), 0, None), " 86 ");
        assert_eq!(like("(1.500.000)", d("-2500000"), 0, None), "(2.500.000)");
        assert_eq!(like("-1.500.000", d("-2500000"), 0, None), "-2.500.000");
        assert_eq!(like("1.500.000", d("-2500000"), 0, None), "-2.500.000");
        assert_eq!(like("105,11%", d("105.1162"), 2, None), "105,12%");
        assert_eq!(like("2.95", d("3.1"), 2, None), "3.10");
    }

    #[test]
    fn ambiguous_original_follows_the_column() {
        assert_eq!(
            like("1.234", d("1250"), 0, Some(Convention::Indonesian)),
            "1.250"
        );
        assert_eq!(
            like("1,234", d("1250"), 0, Some(Convention::English)),
            "1,250"
        );
    }
}
