//! Placeholder letter-to-sound fallback (replaced by the rule set being written): each letter
//! by its name.

const NAMES: [&str; 26] = ["A", "bi", "si", "di", "i", "ɛf", "ʤi", "Aʧ", "I", "ʤA", "kA", "ɛl", "ɛm", "ɛn", "O", "pi",
                           "kju", "ɑɹ", "ɛs", "ti", "ju", "vi", "dʌbᵊlju", "ɛks", "wI", "zi"];

pub fn spell_out(word: &str, _british: bool) -> String {
    let mut out = String::new();
    for c in word.chars().filter(|c| c.is_ascii_alphabetic()).take(64) {
        out.push_str(NAMES[(c.to_ascii_lowercase() as u8 - b'a') as usize]);
    }
    out
}
