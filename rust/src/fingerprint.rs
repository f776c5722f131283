//! FNV-1a 64: a content fingerprint (not a cryptographic hash), shared by build.rs and the
//! library to tell which build a models folder comes from.

pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}
