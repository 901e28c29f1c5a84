//! Hashers for the maps a large sheet fills (shared-string addresses, positions).

/// Hashes the address of a shared string, keeping nearby addresses nearby.
#[derive(Default, Clone, Copy)]
pub(super) struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // The table's bucket comes from the low bits, so they are the address's
        // own (over 16 bytes, less than any string's allocation): strings read
        // one after another lie one after another in memory, and so do their
        // buckets, which stay in the cache as the sheet's rows go by. The tag
        // the table compares first comes from the top 7 bits: the address's
        // lowest that vary, mixed.
        let a = (n as u64) >> 4;
        self.0 = a ^ (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) & (0x7F << 57));
    }
}

pub(super) type BuildAddressHasher = std::hash::BuildHasherDefault<AddressHasher>;

/// Hashes a cell's position (row, column): every figure read while a copy is
/// corrected asks whether its cell was corrected, so the question must be cheap.
#[derive(Default, Clone, Copy)]
pub struct PositionHasher(u64);

impl std::hash::Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        // Fibonacci hashing: the top bits (the table's tag) and the low bits (its
        // bucket) both mix every bit of the position.
        let h = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(n);
    }
}

pub type BuildPositionHasher = std::hash::BuildHasherDefault<PositionHasher>;
