//! A stored double as the decimal it was typed as (the shortest text that reads back
//! to it).

use super::*;

/// 10^0 to 10^15, each an exact double.
pub(super) const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The decimal a double shows as a 64-bit mantissa and a scale, worked out from
/// the shortest digits that read back to the same double (the digits `{f}`
/// writes) without parsing them as text: exactly what [`float_to_decimal`]
/// gives, wherever this answers. None for the rest (not finite, a negative zero,
/// a mantissa beyond 64 bits, more than 28 decimals), which take the long way.
pub(super) fn shortest_parts(f: f64) -> Option<(i64, u8)> {
    if !f.is_finite() || (f == 0.0 && f.is_sign_negative()) {
        return None;
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return Some((f as i64, 0));
    }
    // A figure typed with a few decimals (107.94, 0.9088): the fewest decimals
    // whose digits read back as the double. Both the digits (under 10^15) and
    // the power of ten are exact doubles, so their quotient is the double a
    // parser gives for the text; and two decimals of 15 digits or fewer never
    // read as one double, so the digits found are the shortest `{f}` writes.
    for (k, p) in POW10.iter().enumerate().skip(1) {
        let scaled = f * p;
        if scaled.abs() >= 1e15 {
            break;
        }
        let m = scaled.round();
        if m / p == f {
            return Some((m as i64, k as u8));
        }
    }
    // `-1.2345e-7`: the shortest digits, as `{f}` chooses them.
    let mut buf = [0u8; 40];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    std::io::Write::write_fmt(&mut cursor, format_args!("{f:e}")).ok()?;
    let written = cursor.position() as usize;
    let text = &buf[..written];
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let e_at = text.iter().position(|&b| b == b'e')?;
    let (mut mantissa, mut decimals, mut point) = (0i64, 0i32, false);
    for &b in &text[..e_at] {
        match b {
            b'.' => point = true,
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
                decimals += i32::from(point);
            }
            _ => return None,
        }
    }
    let exponent: i32 = std::str::from_utf8(&text[e_at + 1..]).ok()?.parse().ok()?;
    // The value is mantissa × 10^power.
    let power = exponent.checked_sub(decimals)?;
    let (mantissa, scale) = if power >= 0 {
        (mantissa.checked_mul(10i64.checked_pow(power as u32)?)?, 0)
    } else if power >= -28 {
        (mantissa, (-power) as u8)
    } else {
        return None;
    };
    Some((if negative { -mantissa } else { mantissa }, scale))
}

/// The exact decimal an Excel number cell holds. Excel stores figures as binary
/// doubles; the shortest text that reads back to the same double is what Excel
/// itself writes and shows, so that text is the figure the user typed.
pub(super) fn float_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // A whole number that a double holds exactly prints as its digits: no text needed.
    if f == f.trunc() && f.abs() < 1e15 && !(f == 0.0 && f.is_sign_negative()) {
        return Some(Decimal::from(f as i64));
    }
    // The shortest text, written without a heap allocation when it is short.
    let mut buf = [0u8; 64];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    if std::io::Write::write_fmt(&mut cursor, format_args!("{f}")).is_ok() {
        let n = cursor.position() as usize;
        if let Ok(text) = std::str::from_utf8(&buf[..n]) {
            return Decimal::from_str(text).ok();
        }
    }
    Decimal::from_str(&format!("{f}")).ok()
}
