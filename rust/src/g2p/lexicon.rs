//! A bundle's English lexicon file of one dialect (models/lexicon.py writes it): misaki's gold
//! and silver lexicons in one sorted word table.
//!
//! In:  the file's bytes (read whole once per synthesizer and dialect; about 6.5 MB).
//! Out: lookups by exact word: in the gold or the silver lexicon, the word's pronunciation,
//!      plain or a homograph table (part of speech -> phonemes or none).
//! Loading checks the header and sizes only (the caller checks the file's sha256); every read
//! after is bounds-checked, so no file, however damaged, makes a lookup panic.

use std::fmt;

const MAGIC: &[u8; 8] = b"KTVMLEX2";
/// Values per word: gold, silver.
const COLUMNS: usize = 2;
const HEADER: usize = 24;

/// A lexicon's pronunciation of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry<'a> {
    Plain(&'a str),
    /// (tag, phonemes or none for "no pronunciation in this role"), in the file's order;
    /// always holds a DEFAULT.
    Homograph(Vec<(&'a str, Option<&'a str>)>),
}

impl<'a> Entry<'a> {
    /// The pronunciation for a tag, as misaki's Lexicon.lookup picks it from a table.
    pub fn get(&self, tag: &str) -> Option<&'a str> {
        match self {
            Entry::Plain(p) => Some(p),
            Entry::Homograph(table) => table.iter().find(|(t, _)| *t == tag).map(|(_, p)| *p)
                .unwrap_or_else(|| table.iter().find(|(t, _)| *t == "DEFAULT").and_then(|(_, p)| *p)),
        }
    }

    pub fn has(&self, tag: &str) -> bool {
        matches!(self, Entry::Homograph(table) if table.iter().any(|(t, _)| *t == tag))
    }
}

pub struct Lexicon {
    data: Vec<u8>,
    /// Per two-byte prefix, the first word at or after it (65,537 entries): lookups search
    /// only the words of their prefix.
    prefixes: Vec<u32>,
    count: usize,
    offsets: usize,
    refs: usize,
    keys: usize,
    values: usize,
}

#[derive(Debug)]
pub struct LexiconError(pub String);

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const PREFIXES: usize = 1 << 16;

/// A word's first two bytes as a number (a one-byte word's second byte reads as 0), which
/// orders words as their bytes do.
fn prefix(word: &[u8]) -> usize {
    (*word.first().unwrap_or(&0) as usize) << 8 | *word.get(1).unwrap_or(&0) as usize
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    match data.get(at..at + 4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

impl Lexicon {
    /// Checks a lexicon file's header and sizes. The rest is read defensively (an offset out of
    /// bounds reads as an empty word or no value), so a damaged file gives wrong phonemes,
    /// never a panic; the manifest's sha256, checked by the caller, tells it is whole.
    pub fn parse(data: Vec<u8>) -> Result<Lexicon, LexiconError> {
        let bad = |what: &str| Err(LexiconError(format!("not a lexicon file of this build ({what})")));
        if data.len() < HEADER || &data[..8] != MAGIC {
            return bad("no KTVMLEX2 header");
        }
        let count = u32_at(&data, 8) as usize;
        let key_bytes = u32_at(&data, 12) as usize;
        let val_bytes = u32_at(&data, 16) as usize;
        let offsets = HEADER;
        let refs = offsets + 4 * (count + 1);
        let keys = refs + 4 * COLUMNS * count;
        let values = keys + key_bytes;
        if count > data.len() || values.checked_add(val_bytes) != Some(data.len()) {
            return bad("its sizes do not add up to its length");
        }
        if u32_at(&data, offsets) != 0 || u32_at(&data, offsets + 4 * count) as usize != key_bytes {
            return bad("word offsets out of place");
        }
        let mut lexicon = Lexicon { data, prefixes: Vec::new(), count, offsets, refs, keys, values };
        let mut prefixes = vec![0u32; PREFIXES + 1];
        let mut next = 0usize;
        for i in 0..count {
            let p = prefix(lexicon.key(i));
            while next <= p {
                prefixes[next] = i as u32;
                next += 1;
            }
        }
        for slot in &mut prefixes[next..] {
            *slot = count as u32;
        }
        lexicon.prefixes = prefixes;
        Ok(lexicon)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn key(&self, i: usize) -> &[u8] {
        let a = u32_at(&self.data, self.offsets + 4 * i) as usize;
        let b = u32_at(&self.data, self.offsets + 4 * i + 4) as usize;
        self.data[self.keys..self.values].get(a..b).unwrap_or(&[])
    }

    fn find(&self, word: &str) -> Option<usize> {
        let w = word.as_bytes();
        let p = prefix(w);
        let (mut lo, mut hi) = (self.prefixes[p] as usize, (self.prefixes[p + 1] as usize).min(self.count));
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.key(mid).cmp(w) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    fn value(&self, r: usize) -> Entry<'_> {
        let blob = &self.data[self.values..];
        let rest = blob.get(r - 1..).unwrap_or(&[]);
        let value = &rest[..rest.iter().position(|&b| b == 0).unwrap_or(rest.len())];
        let text = std::str::from_utf8(value).unwrap_or("");
        match text.strip_prefix('\u{1}') {
            None => Entry::Plain(text),
            Some(table) => Entry::Homograph(table.split('\u{3}').map(|part| {
                let (tag, ps) = part.split_once('\u{2}').unwrap_or((part, "\u{4}"));
                (tag, if ps == "\u{4}" { None } else { Some(ps) })
            }).collect()),
        }
    }

    /// The word's entry in the gold or the silver lexicon, exactly as stored.
    pub fn exact(&self, word: &str, gold: bool) -> Option<Entry<'_>> {
        let i = self.find(word)?;
        let column = if gold { 0 } else { 1 };
        let r = u32_at(&self.data, self.refs + 4 * (COLUMNS * i + column)) as usize;
        if r == 0 { None } else { Some(self.value(r)) }
    }

    /// The word's entry as misaki's grown dictionary has it: the word itself, else (for words
    /// of two letters or more) its lower-case form when the word is capitalised, or its
    /// capitalised form when the word is lower case.
    pub fn get(&self, word: &str, gold: bool) -> Option<Entry<'_>> {
        if let Some(e) = self.exact(word, gold) {
            return Some(e);
        }
        if word.chars().count() < 2 {
            return None;
        }
        let lower = word.to_lowercase();
        let capitalized = capitalize(word);
        if word == lower && capitalized != lower {
            return self.exact(&capitalized, gold);
        }
        if word == capitalized && lower != word {
            return self.exact(&lower, gold);
        }
        None
    }
}

/// Python's str.capitalize: the first character upper case, the rest lower case.
pub fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => first.to_uppercase().chain(chars.flat_map(|c| c.to_lowercase())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(words: &[(&str, [Option<&[u8]>; COLUMNS])]) -> Vec<u8> {
        let mut values = Vec::new();
        let mut refs = Vec::new();
        let mut keys = Vec::new();
        let mut offsets = vec![0u32];
        for (w, cols) in words {
            keys.extend_from_slice(w.as_bytes());
            offsets.push(keys.len() as u32);
            for c in cols {
                match c {
                    None => refs.push(0u32),
                    Some(v) => {
                        refs.push(values.len() as u32 + 1);
                        values.extend_from_slice(v);
                        values.push(0);
                    }
                }
            }
        }
        let mut data = MAGIC.to_vec();
        for n in [words.len() as u32, keys.len() as u32, values.len() as u32, 0] {
            data.extend_from_slice(&n.to_le_bytes());
        }
        for n in offsets.iter().chain(refs.iter()) {
            data.extend_from_slice(&n.to_le_bytes());
        }
        data.extend_from_slice(&keys);
        data.extend_from_slice(&values);
        data
    }

    #[test]
    fn lookups_grow_like_misaki() {
        let data = file(&[
            ("Paris", [Some("pˈæɹɪs".as_bytes()), None]),
            ("read", [Some(b"\x01DEFAULT\x02\xc9\xb9\xcb\x88id\x03VBD\x02\xc9\xb9\xcb\x88\xc9\x9bd"), None]),
            ("zoo", [None, Some("zˈu".as_bytes())]),
        ]);
        let lex = Lexicon::parse(data).unwrap();
        assert_eq!(lex.get("Paris", true), Some(Entry::Plain("pˈæɹɪs")));
        assert_eq!(lex.get("paris", true), Some(Entry::Plain("pˈæɹɪs")), "a capitalised entry grows its lower case");
        assert_eq!(lex.get("PARIS", true), None);
        assert_eq!(lex.get("Zoo", false), Some(Entry::Plain("zˈu")));
        assert_eq!((lex.get("ZOO", false), lex.get("zoo", true)), (None, None));
        let read = lex.get("Read", true).unwrap();
        assert_eq!((read.get("VBD"), read.get("NN")), (Some("ɹˈɛd"), Some("ɹˈid")));
    }

    #[test]
    fn damaged_files_are_refused_or_read_without_panic() {
        let good = file(&[("a", [Some(b"x"), None]), ("b", [None, None])]);
        assert!(Lexicon::parse(good.clone()).is_ok());
        for cut in [0, 7, 20, good.len() - 1] {
            assert!(Lexicon::parse(good[..cut].to_vec()).is_err(), "cut at {cut}");
        }
        // Every byte after the header flipped in turn: refused, or every lookup answers.
        for at in HEADER..good.len() {
            for value in [0u8, 0x7f, 0xff] {
                let mut bad = good.clone();
                bad[at] = value;
                if let Ok(lex) = Lexicon::parse(bad) {
                    for w in ["a", "b", "c", "", "A"] {
                        for gold in [true, false] {
                            let _ = lex.get(w, gold).map(|e| e.get("NN"));
                        }
                    }
                }
            }
        }
    }
}
