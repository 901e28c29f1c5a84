//! An OLE2 compound file (`.xls`, an encrypted `.xlsx`) checked before calamine
//! reads it. calamine's reader asserts on what a damaged container can hold (a
//! FAT sector cut short by the end of the file, a sector id past its FAT, a
//! chain that loops), and a caught panic is still a panic: here the same walk is
//! made first, over the file's bytes, and any sector a read would reach that
//! the file does not hold whole makes the file damaged, in words.
//!
//! The walk follows calamine's own (`cfb.rs`, 0.38): the header's 109 DIFAT
//! entries and the DIFAT chain, the FAT sectors they name, the directory chain,
//! the mini stream and mini FAT, and the chain of every named directory entry
//! (in the mini stream below 4096 bytes, else in the file), each bounded by
//! the number of sectors there are.

const SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Streams below this size live in the mini stream.
const MINI_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// What is wrong with the container, for the damaged-file message's log.
pub(super) type Damage = &'static str;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn words(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The sectors after the header, each whole.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    fn count(&self) -> usize {
        self.data.len() / self.size
    }

    fn get(&self, id: u32) -> Result<&'a [u8], Damage> {
        let start = (id as usize)
            .checked_mul(self.size)
            .ok_or("a sector id beyond the file")?;
        self.data
            .get(start..start + self.size)
            .ok_or("a sector the file does not hold whole")
    }

    /// The bytes of the chain from `start` up to `len` of them, each sector
    /// whole, each step within the FAT, no sector visited twice.
    fn chain(&self, start: u32, fat: &[u32], len: usize) -> Result<Vec<u8>, Damage> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN {
            out.extend_from_slice(self.get(id)?);
            if out.len() >= len {
                out.truncate(len);
                break;
            }
            id = *fat
                .get(id as usize)
                .ok_or("a chain that leaves its allocation table")?;
            steps += 1;
            if steps > self.count() {
                return Err("a chain of sectors that loops");
            }
        }
        Ok(out)
    }
}

/// Checks a compound file's header and every chain a reader follows; gives
/// the workbook stream (`Workbook`, else `Book`) where there is one.
pub(super) fn check(bytes: &[u8]) -> Result<Option<Vec<u8>>, Damage> {
    if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
        return Err("no compound-file header");
    }
    let size = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err("a sector size no compound file has"),
    };
    if u16_at(bytes, 32) != Some(6) {
        return Err("a mini sector size no compound file has");
    }
    if bytes.len() < size {
        return Err("a header cut short");
    }
    let sectors = Sectors {
        data: &bytes[size..],
        size,
    };
    let field = |at| u32_at(bytes, at).ok_or("a header cut short");
    let (dir_start, mini_fat_start) = (field(48)?, field(60)?);
    let mini_fat_len = field(64)? as usize;
    // The DIFAT: the header's entries, then its chain (each sector's last word
    // names the next).
    let mut difat: Vec<u32> = words(&bytes[76..512]).collect();
    let mut id = field(68)?;
    let mut steps = 0usize;
    while id < RESERVED {
        steps += 1;
        if steps > sectors.count() + 1 {
            return Err("a DIFAT chain that loops");
        }
        difat.extend(words(sectors.get(id)?));
        id = difat.pop().ok_or("an empty DIFAT sector")?;
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fat.extend(words(sectors.get(id)?));
    }
    let dirs = sectors.chain(dir_start, &fat, usize::MAX)?;
    let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let Some(root) = entries.first() else {
        return Err("no directory");
    };
    let entry_len = |e: &[u8]| -> Result<usize, Damage> {
        let len = if size == 512 {
            u64::from(u32_at(e, 120).ok_or("a directory entry cut short")?)
        } else {
            let lo = u64::from(u32_at(e, 120).ok_or("a directory entry cut short")?);
            let hi = u64::from(u32_at(e, 124).ok_or("a directory entry cut short")?);
            hi << 32 | lo
        };
        usize::try_from(len).map_err(|_| "a stream larger than memory")
    };
    let start_of = |e: &[u8]| u32_at(e, 116).ok_or("a directory entry cut short");
    // The mini stream (the root's chain) and the mini FAT.
    let (mini, mini_fat) = if mini_fat_len > 0 {
        let ministream = sectors.chain(start_of(root)?, &fat, entry_len(root)?)?;
        let limit = mini_fat_len
            .checked_mul(size)
            .ok_or("a mini FAT too long")?;
        let mini_fat: Vec<u32> = words(&sectors.chain(mini_fat_start, &fat, limit)?).collect();
        (ministream, mini_fat)
    } else {
        (Vec::new(), Vec::new())
    };
    let minis = Sectors {
        data: &mini,
        size: MINI_SECTOR,
    };
    // Every named entry a reader may open by its name.
    let (mut workbook, mut book) = (None, None);
    for e in entries.iter().skip(1) {
        if e[..2] == [0, 0] {
            continue;
        }
        let (start, len) = (start_of(e)?, entry_len(e)?);
        if start == ENDOFCHAIN {
            continue;
        }
        let data = if len < MINI_CUTOFF {
            // A reader reads at least the first mini sector, even of an empty stream.
            let mut data = minis.chain(start, &mini_fat, len.max(1))?;
            data.truncate(len);
            data
        } else {
            sectors.chain(start, &fat, len)?
        };
        match name(e).as_str() {
            "Workbook" if workbook.is_none() => workbook = Some(data),
            "Book" if book.is_none() => book = Some(data),
            _ => {}
        }
    }
    Ok(workbook.or(book))
}

/// A directory entry's name (UTF-16, its length in bytes at offset 64, the
/// terminating zero included).
fn name(e: &[u8]) -> String {
    let len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
    let units: Vec<u16> = e[..len]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|u| *u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compound file of `sectors` 512-byte sectors after its header: FAT in
    /// sector 0, directory in sector 1 (root, then one stream "Workbook" of
    /// `stream_len` bytes from sector 2).
    fn file(stream_len: u32, sectors: usize) -> Vec<u8> {
        let mut b = vec![0u8; 512 * (1 + sectors)];
        b[..8].copy_from_slice(SIGNATURE);
        b[26..28].copy_from_slice(&3u16.to_le_bytes());
        b[30..32].copy_from_slice(&9u16.to_le_bytes());
        b[32..34].copy_from_slice(&6u16.to_le_bytes());
        b[44..48].copy_from_slice(&1u32.to_le_bytes());
        b[48..52].copy_from_slice(&1u32.to_le_bytes());
        b[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        b[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for i in 0..109 {
            let v = if i == 0 { 0 } else { 0xFFFF_FFFF };
            b[76 + 4 * i..80 + 4 * i].copy_from_slice(&u32::to_le_bytes(v));
        }
        // FAT: 0 FATSECT, 1 end (directory), 2.. the stream, chained.
        let fat = 512;
        let mut put = |at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
        put(fat, 0xFFFF_FFFD);
        put(fat + 4, ENDOFCHAIN);
        let n = sectors.saturating_sub(2);
        for i in 0..n {
            let next = if i + 1 == n {
                ENDOFCHAIN
            } else {
                (3 + i) as u32
            };
            put(fat + 8 + 4 * i, next);
        }
        for i in (2 + n)..128 {
            put(fat + 4 * i, 0xFFFF_FFFF);
        }
        let dir = 1024;
        b[dir..dir + 8].copy_from_slice(&[b'R', 0, b'o', 0, b'o', 0, b't', 0]);
        b[dir + 66] = 5;
        b[dir + 116..dir + 120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        let s = dir + 128;
        for (i, c) in "Workbook".bytes().enumerate() {
            b[s + 2 * i] = c;
        }
        // The name's length in bytes, its terminating zero included.
        b[s + 64] = 18;
        b[s + 66] = 2;
        b[s + 116..s + 120].copy_from_slice(&2u32.to_le_bytes());
        b[s + 120..s + 124].copy_from_slice(&stream_len.to_le_bytes());
        b
    }

    #[test]
    fn a_whole_container_passes_and_a_damaged_one_is_named() {
        assert_eq!(
            check(&file(4096, 10)).map(|w| w.map(|w| w.len())),
            Ok(Some(4096))
        );
        // Cut inside the stream's last sector: that sector is not whole.
        let mut cut = file(4096, 10);
        cut.truncate(cut.len() - 300);
        assert_eq!(check(&cut), Err("a sector the file does not hold whole"));
        // The directory's chain pointing back at itself (read to its end,
        // it would never end).
        let mut looped = file(4096, 10);
        looped[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert_eq!(check(&looped), Err("a chain of sectors that loops"));
        // A stream's chain looping within its length reads no further than
        // its length: no harm.
        let mut short_loop = file(4096, 10);
        short_loop[512 + 8..512 + 12].copy_from_slice(&2u32.to_le_bytes());
        assert!(check(&short_loop).is_ok());
        // A FAT entry past the table.
        let mut far = file(4096, 10);
        far[512 + 8..512 + 12].copy_from_slice(&100_000u32.to_le_bytes());
        assert!(check(&far).is_err());
        // A small stream with no mini stream to hold it.
        assert!(check(&file(100, 10)).is_err());
        assert_eq!(
            check(b"not a compound file"),
            Err("no compound-file header")
        );
    }
}
