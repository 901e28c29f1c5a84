//! A cell's formula tokens (`rgce`, MS-XLS 2.5.198), walked as calamine's
//! `parse_formula` walks them, to find a token whose operand runs past the end
//! of the formula: calamine slices past it and panics (found by fuzzing:
//! `xls.rs:1531`, `:1561`, `:1843`).
//!
//! Where calamine itself gives up on a formula (a token it does not know, an
//! error code it does not name, a string too short), it shows the formula as
//! unrecognised and reads on: the walk stops there too, and the formula is not
//! damage. Only where calamine would index past the bytes is it damage.

use super::{u16_at, Biff, Damage};

/// How many functions calamine's function table names (`utils::FTAB_LEN`): a
/// PtgFunc beyond it is a formula calamine gives up on.
const FUNCTIONS: u16 = 485;

/// The error codes a PtgErr may hold (MS-XLS 2.5.97.2): others are a formula
/// calamine gives up on.
const ERRORS: [u8; 8] = [0x00, 0x07, 0x0F, 0x17, 0x1D, 0x24, 0x2A, 0x2B];

/// Checks a FORMULA record's formula (its bytes from offset 20: `cce` and the
/// tokens).
pub(super) fn check(formula: &[u8], biff: Biff) -> Result<(), Damage> {
    let cce = usize::from(u16_at(formula, 0).ok_or("a formula without its length")?);
    let mut rest = formula
        .get(2..2 + cce)
        .ok_or("a formula longer than its record")?;
    let early = biff == Biff::Early;
    while let Some((&ptg, tail)) = rest.split_first() {
        rest = tail;
        let operand = match ptg {
            // Operators, parentheses, a missing argument: no operand.
            0x03..=0x16 => 0,
            0x17 => match string(rest, early) {
                Some(len) => len,
                None => return Ok(()),
            },
            // PtgExp: calamine checks its four bytes itself.
            0x01 if rest.len() < 4 => return Ok(()),
            0x01 => 4,
            0x18 => 5,
            0x19 => match attribute(rest)? {
                Some(len) => len,
                None => return Ok(()),
            },
            0x1C if rest.first().is_some_and(|e| !ERRORS.contains(e)) => return Ok(()),
            0x1C | 0x1D => 1,
            0x1E => 2,
            0x1F => 8,
            0x20 | 0x40 | 0x60 => 7,
            0x21 | 0x41 | 0x61 if u16_at(rest, 0).is_some_and(|f| f >= FUNCTIONS) => return Ok(()),
            0x21 | 0x41 | 0x61 => 2,
            0x22 | 0x42 | 0x62 => 3,
            0x23 | 0x43 | 0x63 => 4,
            0x24 | 0x44 | 0x64 | 0x2A | 0x4A | 0x6A if early => 3,
            0x24 | 0x44 | 0x64 | 0x2A | 0x4A | 0x6A => 4,
            0x25 | 0x45 | 0x65 | 0x2B | 0x4B | 0x6B if early => 6,
            0x25 | 0x45 | 0x65 | 0x2B | 0x4B | 0x6B => 8,
            0x39 | 0x59 => 6,
            0x3A | 0x5A | 0x7A | 0x3C | 0x5C | 0x7C => 6,
            0x3B | 0x5B | 0x7B | 0x3D | 0x5D | 0x7D => 10,
            // A token calamine does not read: it stops there.
            _ => return Ok(()),
        };
        rest = rest
            .get(operand..)
            .ok_or("a formula token cut off by the end of its formula")?;
    }
    Ok(())
}

/// The bytes a PtgStr's string takes after the token, or None where calamine
/// finds it too short and gives up on the formula (it checks this itself).
fn string(rest: &[u8], early: bool) -> Option<usize> {
    let cch = usize::from(*rest.first()?);
    let len = if early {
        1 + cch
    } else {
        let high_byte = rest.get(1)? & 1 != 0;
        2 + if high_byte { 2 * cch } else { cch }
    };
    (rest.len() >= len).then_some(len)
}

/// The bytes a PtgAttr takes after the token (its kind, then its data), or
/// None for a kind calamine does not read (it gives up on the formula there).
fn attribute(rest: &[u8]) -> Result<Option<usize>, Damage> {
    let short = "a formula attribute cut off by the end of its formula";
    let kind = *rest.first().ok_or(short)?;
    Ok(Some(
        1 + match kind {
            // PtgAttrChoose: a count, then a jump per choice and one more.
            0x04 => 2 + 2 * (usize::from(u16_at(rest, 1).ok_or(short)?) + 1),
            // Semi, If, Goto, Baxcel (two forms), Sum, Space (two forms).
            0x01 | 0x02 | 0x08 | 0x20 | 0x21 | 0x10 | 0x40 | 0x41 => 2,
            _ => return Ok(None),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formula(tokens: &[u8]) -> Vec<u8> {
        let mut f = (tokens.len() as u16).to_le_bytes().to_vec();
        f.extend(tokens);
        f
    }

    #[test]
    fn whole_formulas_pass_and_cut_tokens_are_damage() {
        // =A1+B2 (BIFF8): PtgRef, PtgRef, PtgAdd.
        let sum = [0x24, 0, 0, 0, 0xC0, 0x24, 1, 0, 1, 0xC0, 0x03];
        assert_eq!(check(&formula(&sum), Biff::Eight), Ok(()));
        // =SUM(A1:A9) with a PtgAttrSum and a PtgStr.
        let area = [0x25, 0, 0, 8, 0, 0, 0xC0, 0, 0xC0, 0x19, 0x10, 0, 0];
        assert_eq!(check(&formula(&area), Biff::Eight), Ok(()));
        let text = [0x17, 3, 0, b'a', b'b', b'c'];
        assert_eq!(check(&formula(&text), Biff::Eight), Ok(()));
        // The same PtgRef is three bytes in BIFF5.
        assert_eq!(check(&formula(&[0x24, 0, 0, 0]), Biff::Early), Ok(()));
        assert!(check(&formula(&[0x24, 0, 0, 0]), Biff::Eight).is_err());
        // A length beyond the record (calamine's `rgce[2..2 + cce]`).
        let mut long = formula(&sum);
        long[0] = 40;
        assert!(check(&long, Biff::Eight).is_err());
        assert!(check(&[5], Biff::Eight).is_err());
        // A 3-D reference cut short; an area cut short; a choose whose jumps
        // run past the end.
        assert!(check(&formula(&[0x3A, 0, 0, 1]), Biff::Eight).is_err());
        assert!(check(&formula(&[0x25, 0, 0, 1]), Biff::Eight).is_err());
        assert!(check(&formula(&[0x19, 0x04, 5, 0, 1, 0]), Biff::Eight).is_err());
        assert!(check(&formula(&[0x19]), Biff::Eight).is_err());
    }

    #[test]
    fn a_formula_calamine_gives_up_on_is_not_damage() {
        // An unknown token, an unknown error code, a function beyond the table,
        // a string shorter than it says: calamine shows the formula as
        // unrecognised and reads on.
        for tokens in [
            &[0x02, 0, 0][..],
            &[0x1C, 0x99],
            &[0x21, 0xFF, 0xFF],
            &[0x17, 9, 0, b'a'],
            &[0x01, 0, 0],
        ] {
            assert_eq!(check(&formula(tokens), Biff::Eight), Ok(()), "{tokens:?}");
        }
    }
}
