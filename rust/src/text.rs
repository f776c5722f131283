//! Phonemes to token ids, and chunks that fit the model's context.

use std::collections::BTreeMap;

/// Kokoro's boundary token, at both ends of every input.
pub const BOUNDARY: i64 = 0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    Empty,
    /// The symbols not in the vocabulary, each once, in order of first appearance.
    Unknown(Vec<char>),
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TextError::Empty => write!(f, "no phonemes to speak (the text is empty or only spaces)"),
            TextError::Unknown(symbols) => {
                let listed: Vec<String> = symbols.iter().map(|c| format!("'{c}' (U+{:04X})", *c as u32)).collect();
                write!(f, "phonemes not in the model's vocabulary: {}", listed.join(", "))
            }
        }
    }
}

/// Checks every symbol against the vocabulary; names all unknown ones.
pub fn check(phonemes: &str, vocab: &BTreeMap<char, i64>) -> Result<(), TextError> {
    if phonemes.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let mut unknown = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in phonemes.chars() {
        if !vocab.contains_key(&c) && seen.insert(c) {
            unknown.push(c);
        }
    }
    if unknown.is_empty() { Ok(()) } else { Err(TextError::Unknown(unknown)) }
}

/// Token ids of one chunk: the boundary, one id per symbol, the boundary.
pub fn token_ids(phonemes: &str, vocab: &BTreeMap<char, i64>) -> Result<Vec<i64>, TextError> {
    check(phonemes, vocab)?;
    let mut ids = vec![BOUNDARY];
    ids.extend(phonemes.chars().map(|c| vocab[&c]));
    ids.push(BOUNDARY);
    Ok(ids)
}

/// Symbols that end a clause.
const CLAUSE_ENDS: &str = ".,;:!?—…";

/// Splits phonemes into chunks of at most `max_symbols` symbols, at the last space
/// (or else punctuation) that keeps a chunk within the limit; a run without either is cut.
pub fn chunks(phonemes: &str, max_symbols: usize) -> Vec<String> {
    stream_chunks(phonemes, max_symbols, max_symbols)
}

/// Chunks for streaming: the first of at most `first` symbols, each next one up to twice
/// the one before, up to `max_symbols`, so the first audio comes soon and each chunk is
/// ready before the audio before it has played (at a real-time factor below about 1/2).
/// A chunk ends where its limit allows: after the last clause (punctuation, then a space)
/// in the second half of its window, else at the last space, else (one long word) at the limit.
pub fn stream_chunks(phonemes: &str, first: usize, max_symbols: usize) -> Vec<String> {
    assert!(max_symbols > 0);
    let symbols: Vec<char> = phonemes.trim().chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut limit = first.clamp(1, max_symbols);
    while start < symbols.len() {
        let mut end = (start + limit).min(symbols.len());
        if end < symbols.len() {
            let window = &symbols[start..=end]; // a space just past the limit ends a full chunk
            let clause = (limit / 2..window.len() - 1).rev()
                .find(|&i| window[i + 1] == ' ' && CLAUSE_ENDS.contains(window[i])).map(|i| i + 1);
            let cut = clause.or_else(|| window.iter().rposition(|c| *c == ' '))
                .or_else(|| window[..window.len() - 1].iter().rposition(|c| CLAUSE_ENDS.contains(*c)).map(|i| i + 1))
                .filter(|&i| i > 0);
            if let Some(i) = cut {
                end = start + i;
            }
        }
        limit = limit.saturating_mul(2).min(max_symbols);
        let chunk: String = symbols[start..end].iter().collect();
        if !chunk.trim().is_empty() {
            out.push(chunk.trim().to_string());
        }
        start = end;
        while start < symbols.len() && symbols[start] == ' ' {
            start += 1;
        }
    }
    out
}

/// Splits a chunk in two near its middle, at a space if there is one.
pub fn halves(phonemes: &str) -> Option<(String, String)> {
    let symbols: Vec<char> = phonemes.chars().collect();
    if symbols.len() < 2 {
        return None;
    }
    let middle = symbols.len() / 2;
    let cut = (0..symbols.len()).filter(|&i| symbols[i] == ' ' && i > 0 && i + 1 < symbols.len())
        .min_by_key(|&i| (i as i64 - middle as i64).abs()).unwrap_or(middle);
    let (a, b) = symbols.split_at(cut);
    Some((a.iter().collect::<String>().trim().to_string(), b.iter().collect::<String>().trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> BTreeMap<char, i64> {
        "abcdə ˈ.".chars().enumerate().map(|(i, c)| (c, i as i64 + 1)).collect()
    }

    #[test]
    fn ids_have_boundaries_and_unknown_symbols_are_all_named() {
        assert_eq!(token_ids("ab", &vocab()).unwrap(), vec![0, 1, 2, 0]);
        assert_eq!(token_ids("axbyx", &vocab()), Err(TextError::Unknown(vec!['x', 'y'])));
        assert_eq!(token_ids("   ", &vocab()), Err(TextError::Empty));
        assert!(TextError::Unknown(vec!['x']).to_string().contains("'x' (U+0078)"));
    }

    #[test]
    fn chunks_break_at_spaces_within_the_limit() {
        assert_eq!(chunks("ab cd ab", 5), vec!["ab cd", "ab"]);
        assert_eq!(chunks("abcdabcd", 3), vec!["abc", "dab", "cd"]);
        assert_eq!(chunks("ab. cd", 4), vec!["ab.", "cd"]);
        assert!(chunks("abc", 10) == vec!["abc"]);
        for chunk in chunks("ab cd ab cd abcdabcd a", 4) {
            assert!(chunk.chars().count() <= 4);
        }
    }

    #[test]
    fn stream_chunks_start_short_at_a_clause_and_double() {
        let text = "ab cd, ab cd ab cd ab. cd ab cd ab cd ab cd ab cd ab cd ab";
        let got = stream_chunks(text, 8, 20);
        assert_eq!(got[0], "ab cd,");                       // the clause, not the last space within 8
        assert!(got.iter().zip([8, 16, 20, 20, 20]).all(|(c, limit)| c.chars().count() <= limit), "{got:?}");
        assert_eq!(got.join(" "), text);                      // nothing lost or repeated
        assert_eq!(stream_chunks("ab cd ab cd", 5, 5), chunks("ab cd ab cd", 5));
        assert_eq!(stream_chunks("abcdabcd", 3, 100), vec!["abc", "dabcd"]);   // one long word: cut at the limit
        assert_eq!(stream_chunks("ab", 1, 10), vec!["a", "b"]);
    }

    #[test]
    fn halves_split_at_the_space_nearest_the_middle() {
        assert_eq!(halves("ab cd ab"), Some(("ab cd".into(), "ab".into())));
        assert_eq!(halves("abcd"), Some(("ab".into(), "cd".into())));
        assert_eq!(halves("a"), None);
    }
}
