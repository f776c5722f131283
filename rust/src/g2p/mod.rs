//! English text to Kokoro phonemes, as misaki 0.9.4 (the G2P Kokoro v1.0 was trained with)
//! makes them, without Python or spaCy: standard library only, no GPL code or data.
//!
//! In:  UTF-8 text (any: 1 MB of it, emoji, other scripts, control characters), and the
//!      dialect's lexicon file of the models bundle (US or GB: models/lexicon.py writes them
//!      from the pinned misaki wheel's gold and silver lexicons).
//! Out: the phonemes Kokoro reads (words joined by single spaces, punctuation kept as misaki
//!      keeps it) and every word with its phonemes, its place in the text and where they came
//!      from (the lexicons and misaki's rules, phonemes given in the text, the letter-to-sound
//!      fallback, or nothing to say).
//!
//! Layers: `tokenize` and `tagger` (spaCy's English tokenizer and a part-of-speech tagger
//! standing in for en_core_web_sm), `lexicon` (the lexicon file), `numbers` (num2words'
//! English), `fallback` (letter-to-sound rules for words in no lexicon) and `en` (misaki's
//! en.G2P and en.Lexicon). Text is taken a paragraph at a time (misaki's users split at line
//! breaks), a paragraph in pieces of at most PIECE bytes cut at sentence ends, so time is
//! linear and memory bounded by the piece, whatever the text.
//!
//! Like misaki, `[word](/phonemes/)` in the text gives a word's phonemes, `[word](-1)`,
//! `(0.5)`, `(2)`... its stress and `[word](#flags#)` number flags.

pub mod en;
pub mod fallback;
pub mod lexicon;
pub mod numbers;
pub mod tagger;
pub mod tokenize;

use std::fmt;
use std::path::Path;

pub use en::Source;
use lexicon::Lexicon;

/// The English a G2P speaks: misaki's US (default) or GB lexicons and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Us,
    Gb,
}

impl Dialect {
    /// Its name in the manifest's lexicon table and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Us => "en-us",
            Dialect::Gb => "en-gb",
        }
    }

    /// en-us or en-gb (also en_US, en-US, a / en_GB, en-GB, b: Kokoro's language codes).
    pub fn parse(name: &str) -> Option<Dialect> {
        match name {
            "en-us" | "en_US" | "en-US" | "a" => Some(Dialect::Us),
            "en-gb" | "en_GB" | "en-GB" | "b" => Some(Dialect::Gb),
            _ => None,
        }
    }
}

/// The most bytes of a paragraph taken at once (cut at a sentence end, else at a space).
pub const PIECE: usize = 4096;
/// The largest lexicon file read.
const MAX_LEXICON_BYTES: u64 = 64 << 20;

#[derive(Debug)]
pub struct G2pError(pub String);

impl fmt::Display for G2pError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A word (or punctuation mark) of the text and its phonemes.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// Byte range in the text given to `phonemize` (for `[word](...)` marks: the word's).
    pub start: usize,
    pub end: usize,
    pub tag: String,
    pub phonemes: String,
    pub source: Source,
}

#[derive(Debug, Clone, Default)]
pub struct Phonemes {
    /// What Kokoro reads: the words' phonemes, single spaces between words.
    pub phonemes: String,
    pub words: Vec<Word>,
}

impl Phonemes {
    /// The words the letter-to-sound rules spelled (in no lexicon).
    pub fn fallback_words(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(|w| w.source == Source::Fallback)
    }

    /// What was left unsaid: no letters or digits to speak (emoji, symbols, other scripts).
    pub fn skipped(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(|w| w.source == Source::Skipped && !w.text.trim().is_empty())
    }
}

/// The G2P of one dialect: its lexicon file, loaded once.
pub struct G2p {
    lexicon: Lexicon,
    dialect: Dialect,
}

impl G2p {
    /// Reads and checks a dialect's lexicon file (about 6.5 MB; the sha256, when given, must
    /// match: it is computed while the file is read).
    pub fn load(path: &Path, sha256: Option<&str>, dialect: Dialect) -> Result<G2p, G2pError> {
        let shown = path.display();
        let (data, found) = crate::files::read_bounded_hashed(path, MAX_LEXICON_BYTES)
            .map_err(|e| G2pError(format!("{shown}: {e}")))?;
        if let Some(expected) = sha256 {
            if found != expected {
                return Err(G2pError(format!("{shown}: sha256 {found}, the manifest says {expected} (the file is \
                                             corrupt or from another build)")));
            }
        }
        G2p::from_bytes(data, dialect).map_err(|e| G2pError(format!("{shown}: {e}")))
    }

    pub fn from_bytes(data: Vec<u8>, dialect: Dialect) -> Result<G2p, G2pError> {
        Ok(G2p { lexicon: Lexicon::parse(data).map_err(|e| G2pError(e.0))?, dialect })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The words of the lexicon file (its gold and silver lexicons together).
    pub fn words(&self) -> usize {
        self.lexicon.len()
    }

    /// Phonemes for any text; never fails (text with nothing to say gives empty phonemes).
    pub fn phonemize(&self, text: &str) -> Phonemes {
        let english = en::English::new(&self.lexicon, self.dialect);
        let mut out = Phonemes::default();
        for (start, paragraph) in paragraphs(text) {
            for (offset, piece) in pieces(paragraph) {
                self.phonemize_piece(&english, piece, start + offset, &mut out);
            }
        }
        let trimmed = out.phonemes.trim_end().len();
        out.phonemes.truncate(trimmed);
        out
    }

    fn phonemize_piece(&self, english: &en::English, piece: &str, base: usize, out: &mut Phonemes) {
        let (text, marks) = preprocess(piece);
        let mut tokens = tokenize::tokenize(&text);
        tagger::tag(&mut tokens);
        let mut mtokens = Vec::with_capacity(tokens.len());
        let mut at = 0usize;
        for tk in tokens {
            let next = at + tk.text.len() + tk.whitespace.len();
            mtokens.push(en::MToken::from_parts(tk.text, tk.tag, tk.whitespace, at));
            at = next;
        }
        for mark in &marks {
            let mut first = true;
            for tk in mtokens.iter_mut().filter(|t| t.start >= mark.range.0 && t.start < mark.range.1) {
                match &mark.feature {
                    Feature::Stress(s) => tk.set_stress(*s),
                    Feature::Phonemes(ps) => tk.set_given(ps, first),
                    Feature::NumFlags(f) => tk.set_num_flags(f),
                }
                first = false;
            }
        }
        for tk in english.phonemize_tokens(mtokens) {
            // As Kokoro's pipeline joins misaki's tokens: the phonemes, then one space for any
            // whitespace after the token.
            let ps = tk.phonemes.unwrap_or_default();
            out.phonemes.push_str(&ps);
            if !tk.whitespace.is_empty() && !out.phonemes.is_empty() {
                out.phonemes.push(' ');
            }
            if tk.text.trim().is_empty() {
                continue;
            }
            let (start, end) = original_range(&marks, tk.start, tk.start + tk.text.len());
            out.words.push(Word { text: tk.text, start: base + start, end: base + end, tag: tk.tag, phonemes: ps,
                                  source: tk.source.unwrap_or(Source::Skipped) });
        }
        if !out.phonemes.is_empty() && !out.phonemes.ends_with(' ') {
            out.phonemes.push(' ');
        }
    }
}

/// Paragraphs: the text split at line breaks (runs of them), each with its byte offset.
fn paragraphs(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            let lead = body.len() - body.trim_start().len();
            out.push((at + lead, body.trim_start()));
        }
        at += line.len();
    }
    out
}

/// A paragraph in pieces of at most PIECE bytes: cut after a sentence end (". ", "! ", "? "),
/// else at a space, else at a character boundary.
fn pieces(paragraph: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while paragraph.len() - at > PIECE {
        let window = &paragraph[at..];
        let mut limit = PIECE;
        while !window.is_char_boundary(limit) {
            limit -= 1;
        }
        let head = &window[..limit];
        let cut = head.rfind(['.', '!', '?']).filter(|&i| head[i + 1..].starts_with(' ')).map(|i| i + 2)
            .or_else(|| head.rfind(' ').map(|i| i + 1))
            .filter(|&i| i > 0)
            .unwrap_or(limit.max(window.chars().next().map_or(1, char::len_utf8)));
        out.push((at, &window[..cut]));
        at += cut;
    }
    if at < paragraph.len() {
        out.push((at, &paragraph[at..]));
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Feature {
    Stress(f64),
    Phonemes(String),
    NumFlags(String),
}

#[derive(Debug)]
struct Mark {
    /// Byte range of the word in the preprocessed text.
    range: (usize, usize),
    /// Byte range of the word in the original (inside the brackets).
    original: (usize, usize),
    /// Byte offset just after the mark's closing parenthesis in the original.
    after: usize,
    feature: Feature,
}

fn feature(f: &str) -> Option<Feature> {
    let digits = f.strip_prefix(['-', '+']).unwrap_or(f);
    if !digits.is_empty() && digits.len() < 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let v: f64 = digits.parse().ok()?;
        return Some(Feature::Stress(if f.starts_with('-') { -v } else { v }));
    }
    match f {
        "0.5" | "+0.5" => return Some(Feature::Stress(0.5)),
        "-0.5" => return Some(Feature::Stress(-0.5)),
        _ => {}
    }
    if f.len() > 1 && f.starts_with('/') && f.ends_with('/') {
        return Some(Feature::Phonemes(f[1..].trim_end_matches('/').to_string()));
    }
    if f.len() > 1 && f.starts_with('#') && f.ends_with('#') {
        return Some(Feature::NumFlags(f[1..].trim_end_matches('#').to_string()));
    }
    None
}

/// misaki's preprocess: `[word](feature)` replaced by the word, the features kept.
fn preprocess(text: &str) -> (String, Vec<Mark>) {
    let mut out = String::with_capacity(text.len());
    let mut marks = Vec::new();
    let mut rest = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            // [^\]]+ then ]( then [^)]* then )
            if let Some(close) = text[i + 1..].find(']').map(|k| i + 1 + k) {
                if close > i + 1 && text[close + 1..].starts_with('(') {
                    if let Some(end) = text[close + 2..].find(')').map(|k| close + 2 + k) {
                        out.push_str(&text[rest..i]);
                        let word = &text[i + 1..close];
                        let start = out.len();
                        out.push_str(word);
                        // A feature misaki does not know leaves the word as it is.
                        let f = feature(&text[close + 2..end]).unwrap_or(Feature::NumFlags(String::new()));
                        marks.push(Mark { range: (start, out.len()), original: (i + 1, close), after: end + 1,
                                          feature: f });
                        rest = end + 1;
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out.push_str(&text[rest..]);
    (out, marks)
}

/// A byte range of the preprocessed text in the original text.
fn original_range(marks: &[Mark], start: usize, end: usize) -> (usize, usize) {
    (original_at(marks, start, false), original_at(marks, end, true))
}

/// A byte offset of the preprocessed text in the original: in a mark's word, the same place
/// between its brackets; after it, the same distance after its closing parenthesis. The end
/// of a mark's word is its closing bracket's place.
fn original_at(marks: &[Mark], at: usize, is_end: bool) -> usize {
    let (mut pre, mut orig) = (0usize, 0usize);
    for m in marks {
        if at >= m.range.0 {
            (pre, orig) = (m.range.0, m.original.0);
        }
        if at > m.range.1 || (at == m.range.1 && !is_end) {
            (pre, orig) = (m.range.1, m.after);
        }
    }
    orig + (at - pre)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_line_breaks_with_offsets() {
        assert_eq!(paragraphs("One.\n\n  Two\r\nthree"), vec![(0, "One."), (8, "Two"), (13, "three")]);
        assert!(paragraphs("\n \n").is_empty());
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends_then_spaces() {
        let sentence = "A short sentence here. ";
        let text = sentence.repeat(400);
        let parts = pieces(&text);
        assert!(parts.len() > 1 && parts.iter().all(|(_, p)| p.len() <= PIECE));
        assert!(parts[..parts.len() - 1].iter().all(|(_, p)| p.ends_with(". ")), "cut at sentence ends");
        assert_eq!(parts.iter().map(|(_, p)| *p).collect::<String>(), text);
        let word = "é".repeat(5000);   // no space: cut at a character boundary
        let parts = pieces(&word);
        assert_eq!(parts.iter().map(|(_, p)| *p).collect::<String>(), word);
        assert!(parts.iter().all(|(_, p)| !p.is_empty() && p.len() <= PIECE));
    }

    #[test]
    fn marks_give_phonemes_stress_and_flags_and_keep_offsets() {
        let (text, marks) = preprocess("Say [Kokoro](/kˈOkəɹO/) [now](-1) and [1](#a#) [odd](?) [x]");
        assert_eq!(text, "Say Kokoro now and 1 odd [x]");
        let features: Vec<&Feature> = marks.iter().map(|m| &m.feature).collect();
        assert_eq!(features, [&Feature::Phonemes("kˈOkəɹO".into()), &Feature::Stress(-1.0),
                              &Feature::NumFlags("a".into()), &Feature::NumFlags(String::new())]);
        // "now" at 11..14 of the text is at 28..31 of the original; "and" after it at 37..40.
        assert_eq!(original_range(&marks, 11, 14), (28, 31));
        assert_eq!(original_range(&marks, 15, 18), (37, 40));
        assert_eq!(original_range(&marks, 0, 3), (0, 3));
    }
}
