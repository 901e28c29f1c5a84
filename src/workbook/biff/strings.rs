//! The shared strings (SST, MS-XLS 2.4.265) walked as calamine's `parse_sst`
//! reads them, across the CONTINUE records a long table spills into, to find
//! where calamine would read past a part: a rich-text or phonetic count cut off
//! by the end of a part, or a CONTINUE with no byte where a string goes on
//! (calamine reads its flag byte without looking).

use super::{u16_at, Damage};

/// The record's parts: its own data, then each CONTINUE's, as calamine's
/// `Record` hands them out.
struct Parts<'a, 'b> {
    data: &'a [u8],
    rest: std::slice::Iter<'b, &'a [u8]>,
}

impl Parts<'_, '_> {
    /// Moves on to the next part (calamine's `continue_record`).
    fn next_part(&mut self) -> bool {
        match self.rest.next() {
            Some(part) => {
                self.data = part;
                true
            }
            None => false,
        }
    }

    /// Passes over `len` bytes across parts; false where the parts end first
    /// (calamine stops reading the table there, with an error).
    fn skip(&mut self, mut len: usize) -> bool {
        while len > 0 {
            if self.data.is_empty() && !self.next_part() {
                return false;
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        true
    }
}

/// Checks an SST record (`data`, then its CONTINUE parts).
pub(super) fn check(data: &[u8], cont: &[&[u8]]) -> Result<(), Damage> {
    // Shorter than its two counts: calamine refuses the table itself.
    let Some(first) = data.get(8..) else {
        return Ok(());
    };
    let mut parts = Parts {
        data: first,
        rest: cont.iter(),
    };
    let short = "a shared string whose counts are cut off by the end of its record";
    while !parts.data.is_empty() || parts.next_part() {
        if parts.data.is_empty() {
            continue;
        }
        // Shorter than a string's head: calamine stops with an error.
        let (Some(cch), Some(&flags)) = (u16_at(parts.data, 0), parts.data.get(2)) else {
            return Ok(());
        };
        parts.data = &parts.data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(parts.data, 0).ok_or(short)?);
            parts.data = &parts.data[2..];
        }
        let mut phonetic = 0usize;
        if flags & 0x4 != 0 {
            let b = parts.data.get(..4).ok_or(short)?;
            // (read as calamine reads it: a signed count, widened)
            phonetic = i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
            parts.data = &parts.data[4..];
        }
        let (mut left, mut high_byte) = (usize::from(cch), flags & 0x1 != 0);
        while left > 0 {
            let (chars, bytes) = if high_byte {
                let l = (parts.data.len() / 2).min(left);
                (l, 2 * l)
            } else {
                let l = parts.data.len().min(left);
                (l, l)
            };
            parts.data = &parts.data[bytes..];
            left -= chars;
            if left > 0 {
                if !parts.next_part() {
                    return Ok(());
                }
                let (&flag, tail) = parts
                    .data
                    .split_first()
                    .ok_or("a shared string going on into an empty CONTINUE record")?;
                high_byte = flag & 0x1 != 0;
                parts.data = tail;
            }
        }
        if !parts.skip(runs * 4) || !parts.skip(phonetic) {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: [u8; 8] = [2, 0, 0, 0, 2, 0, 0, 0];

    fn sst(strings: &[u8]) -> Vec<u8> {
        let mut d = HEAD.to_vec();
        d.extend(strings);
        d
    }

    #[test]
    fn strings_across_parts_pass_and_cut_counts_are_damage() {
        // "ab" and, spilling into a CONTINUE, "cdef" (its flag byte first).
        let data = sst(&[2, 0, 0, b'a', b'b', 4, 0, 0, b'c']);
        assert_eq!(check(&data, &[&[0, b'd', b'e', b'f']]), Ok(()));
        // A rich string with one run: its count, its characters, the run.
        let rich = sst(&[1, 0, 0x8, 1, 0, b'x', 0, 0, 0, 0]);
        assert_eq!(check(&rich, &[]), Ok(()));
        // The run count cut off at the end of the record.
        assert!(check(&sst(&[1, 0, 0x8, 1]), &[]).is_err());
        // The phonetic size cut off.
        assert!(check(&sst(&[1, 0, 0x4, 1, 0]), &[]).is_err());
        // A string going on into an empty CONTINUE.
        assert!(check(&sst(&[4, 0, 0, b'c']), &[&[]]).is_err());
    }

    #[test]
    fn a_table_calamine_refuses_itself_is_not_damage() {
        // Too short for its counts; a string head cut off; characters that
        // run out with no CONTINUE; runs that run out.
        assert_eq!(check(&[1, 0], &[]), Ok(()));
        assert_eq!(check(&sst(&[2, 0]), &[]), Ok(()));
        assert_eq!(check(&sst(&[9, 0, 0, b'a']), &[]), Ok(()));
        assert_eq!(check(&sst(&[1, 0, 0x8, 3, 0, b'x']), &[]), Ok(()));
    }
}
