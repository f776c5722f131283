//! English text to Kokoro phonemes, following misaki 0.9.4's `en.G2P` and `en.Lexicon`
//! (hexgrad, Apache-2.0) step for step: its sub-tokens, its lexicon lookups (gold, then
//! silver, with misaki's grown capitalisations), special words (a, an, am, the, to, in, I,
//! by, used, vs.), stress rules, the -s/-es/-'s, -ed and -ing rules, numbers (cardinals,
//! ordinals, years, decimals, currency, digit groups), acronyms and capitals, and how the
//! parts of a hyphenated or run-together word are joined and stressed.
//!
//! In:  a paragraph of text, its tokens and Penn tags (tokenize.rs and tagger.rs stand in for
//!      spaCy), the dialect and its lexicon file (lexicon.rs).
//! Out: tokens with phonemes (misaki's notation as Kokoro v1.0 reads it: `ɾ` written `T`
//!      and `ʔ` written `t`), each marked with where its phonemes came from. A word misaki
//!      leaves without phonemes gets the letter-to-sound rules of fallback.rs (misaki's own
//!      fallback is espeak-ng, GPL), per sub-token; what has no letters to spell is skipped.
//!
//! Differences from misaki: a run-together word of more than MAX_SPAN sub-tokens is looked up
//! in spans of at most that many (misaki tries every span: cubic time on hostile input);
//! Unicode NFKC is applied only to the compatibility characters text usually holds (full-width
//! forms, ligatures, non-breaking spaces); numbers num2words cannot say are read digit by digit.

use super::fallback;
use super::lexicon::{Entry, Lexicon};
use super::Dialect;
use super::numbers;

const PRIMARY: char = 'ˈ';
const SECONDARY: char = 'ˌ';
const VOWELS: &str = "AIOQWYaiuæɑɒɔəɛɜɪʊʌᵻ";
const CONSONANTS: &str = "bdfhjklmnpstvwzðŋɡɹɾʃʒʤʧθ";
const US_TAUS: &str = "AIOWYiuæɑəɛɪɹʊʌ";
const DIPHTHONGS: &str = "AIOQWYʤʧ";
const PUNCTS: &str = ";:,.!?—…\"“”";
const NON_QUOTE_PUNCTS: &str = ";:,.!?—…";
const SUBTOKEN_JUNKS: &str = "',-._‘’/";
const PUNCT_TAGS: [&str; 11] = [".", ",", "-LRB-", "-RRB-", "``", "\"\"", "''", ":", "$", "#", "NFP"];
/// The most sub-tokens of a run-together word tried as one lookup.
pub const MAX_SPAN: usize = 12;

/// Where a token's phonemes came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// misaki's lexicons and rules (rating 4: gold and its rules; 3: silver, spelled capitals).
    Lexicon(u8),
    /// Phonemes given in the text: `[word](/phonemes/)`.
    Given,
    /// The letter-to-sound rules: a word in no lexicon.
    Fallback,
    /// Nothing to say: no letters or digits that could be spelled (emoji, symbols, other scripts).
    Skipped,
}

#[derive(Debug, Clone)]
pub struct MToken {
    pub text: String,
    pub tag: String,
    pub whitespace: String,
    pub phonemes: Option<String>,
    pub source: Option<Source>,
    /// Byte offset of the token in the paragraph.
    pub start: usize,
    is_head: bool,
    alias: Option<String>,
    stress: Option<f64>,
    currency: Option<char>,
    num_flags: String,
    prespace: bool,
}

impl MToken {
    pub fn new(text: &str, tag: &str, whitespace: &str, start: usize) -> MToken {
        MToken::from_parts(text.into(), tag.into(), whitespace.into(), start)
    }

    pub fn from_parts(text: String, tag: String, whitespace: String, start: usize) -> MToken {
        MToken { text, tag, whitespace, phonemes: None, source: None, start, is_head: true, alias: None, stress: None,
                 currency: None, num_flags: String::new(), prespace: false }
    }

    pub(crate) fn set_stress(&mut self, stress: f64) {
        self.stress = Some(stress);
    }

    pub(crate) fn set_num_flags(&mut self, flags: &str) {
        self.num_flags = flags.into();
    }

    pub(crate) fn set_given(&mut self, phonemes: &str, head: bool) {
        self.phonemes = Some(if head { phonemes.into() } else { String::new() });
        self.source = Some(Source::Given);
        self.is_head = head;
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Context {
    future_vowel: Option<bool>,
    future_to: bool,
}

type Found = Option<(String, u8)>;

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

fn is_upper_word(w: &str) -> bool {
    w.to_uppercase() == w
}

fn is_lower_word(w: &str) -> bool {
    w.to_lowercase() == w
}

fn is_alpha(w: &str) -> bool {
    !w.is_empty() && w.chars().all(char::is_alphabetic)
}

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// misaki's LEXICON_ORDS: apostrophe, hyphen and ASCII letters.
fn lexicon_chars(w: &str) -> bool {
    w.bytes().all(|b| b == b'\'' || b == b'-' || b.is_ascii_alphabetic())
}

fn tail(w: &str) -> &str {
    w.char_indices().nth(1).map_or("", |(i, _)| &w[i..])
}

fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

fn second_last_char(s: &str) -> Option<char> {
    let mut it = s.chars().rev();
    it.next();
    it.next()
}

fn drop_last_char(s: &str) -> &str {
    s.char_indices().next_back().map_or("", |(i, _)| &s[..i])
}

/// misaki's restress: the one stress mark moved to just before the first vowel after it.
fn restress(mark: char, ps: &str) -> String {
    let mut out = String::with_capacity(ps.len() + 2);
    let mut placed = false;
    for c in ps.chars() {
        if !placed && is_vowel(c) {
            out.push(mark);
            placed = true;
        }
        out.push(c);
    }
    out
}

/// misaki's apply_stress.
pub fn apply_stress(ps: &str, stress: Option<f64>) -> String {
    let Some(s) = stress else { return ps.to_string() };
    let has_primary = ps.contains(PRIMARY);
    let has_any = has_primary || ps.contains(SECONDARY);
    if s < -1.0 {
        ps.chars().filter(|&c| c != PRIMARY && c != SECONDARY).collect()
    } else if s == -1.0 || ((s == 0.0 || s == -0.5) && has_primary) {
        ps.chars().filter(|&c| c != SECONDARY).map(|c| if c == PRIMARY { SECONDARY } else { c }).collect()
    } else if (s == 0.0 || s == 0.5 || s == 1.0) && !has_any {
        if !ps.chars().any(is_vowel) { ps.to_string() } else { restress(SECONDARY, ps) }
    } else if s >= 1.0 && !has_primary && ps.contains(SECONDARY) {
        ps.replace(SECONDARY, &PRIMARY.to_string())
    } else if s > 1.0 && !has_any {
        if !ps.chars().any(is_vowel) { ps.to_string() } else { restress(PRIMARY, ps) }
    } else {
        ps.to_string()
    }
}

fn stress_weight(ps: &str) -> usize {
    ps.chars().map(|c| if DIPHTHONGS.contains(c) { 2 } else { 1 }).sum()
}

fn parent_tag(tag: &str) -> &str {
    if tag.starts_with("VB") {
        "VERB"
    } else if tag.starts_with("NN") {
        "NOUN"
    } else if tag.starts_with("ADV") || tag.starts_with("RB") {
        "ADV"
    } else if tag.starts_with("ADJ") || tag.starts_with("JJ") {
        "ADJ"
    } else {
        tag
    }
}

fn currency_units(c: char) -> Option<(&'static str, &'static str)> {
    match c {
        '$' => Some(("dollar", "cent")),
        '£' => Some(("pound", "pence")),
        '€' => Some(("euro", "cent")),
        _ => None,
    }
}

fn symbol_word(w: &str) -> Option<&'static str> {
    match w {
        "%" => Some("percent"),
        "&" => Some("and"),
        "+" => Some("plus"),
        "@" => Some("at"),
        _ => None,
    }
}

const ORDINALS: [&str; 4] = ["st", "nd", "rd", "th"];

/// The most answers English keeps (a text's words repeat: the, and, of...).
const CACHE_ENTRIES: usize = 1 << 14;

/// misaki's Lexicon with the bundle's lexicon file.
pub struct English<'a> {
    lexicon: &'a Lexicon,
    dialect: Dialect,
    /// Answers of `call` by everything they depend on (the token's text, tag, stress,
    /// currency, flags and the context).
    cache: std::cell::RefCell<std::collections::HashMap<String, Found>>,
}

impl<'a> English<'a> {
    pub fn new(lexicon: &'a Lexicon, dialect: Dialect) -> English<'a> {
        English { lexicon, dialect, cache: Default::default() }
    }

    fn british(&self) -> bool {
        self.dialect == Dialect::Gb
    }

    fn gold(&self, w: &str) -> Option<Entry<'a>> {
        self.lexicon.get(w, true)
    }

    fn silver(&self, w: &str) -> Option<Entry<'a>> {
        self.lexicon.get(w, false)
    }

    fn gold_plain(&self, w: &str, tag: &str) -> String {
        self.gold(w).and_then(|e| e.get(tag)).unwrap_or("").to_string()
    }

    fn get_nnp(&self, word: &str) -> Found {
        let mut ps = String::new();
        for c in word.chars().filter(|c| c.is_alphabetic()) {
            let upper: String = c.to_uppercase().collect();
            ps.push_str(self.gold(&upper)?.get("DEFAULT")?);
        }
        let ps = apply_stress(&ps, Some(0.0));
        Some(match ps.rfind(SECONDARY) {
            Some(i) => format!("{}{PRIMARY}{}", &ps[..i], &ps[i + SECONDARY.len_utf8()..]),
            None => ps,
        }).map(|p| (p, 3))
    }

    fn get_special_case(&self, word: &str, tag: &str, stress: Option<f64>, ctx: Context) -> Found {
        if tag == "ADD" && (word == "." || word == "/") {
            return self.lookup(if word == "." { "dot" } else { "slash" }, None, Some(-0.5), Some(ctx));
        }
        if let Some(w) = symbol_word(word) {
            return self.lookup(w, None, None, Some(ctx));
        }
        let inner = word.trim_matches('.');
        if inner.contains('.') && is_alpha(&word.replace('.', ""))
            && word.split('.').map(|p| p.chars().count()).max().unwrap_or(0) < 3 {
            return self.get_nnp(word);
        }
        match word {
            "a" | "A" => return Some((if tag == "DT" { "ɐ" } else { "ˈA" }.into(), 4)),
            "am" | "Am" | "AM" => {
                if tag.starts_with("NN") {
                    return self.get_nnp(word);
                }
                if ctx.future_vowel.is_none() || word != "am" || stress.is_some_and(|s| s > 0.0) {
                    return Some((self.gold_plain("am", "DEFAULT"), 4));
                }
                return Some(("ɐm".into(), 4));
            }
            "an" | "An" | "AN" => {
                if word == "AN" && tag.starts_with("NN") {
                    return self.get_nnp(word);
                }
                return Some(("ɐn".into(), 4));
            }
            "I" if tag == "PRP" => return Some((format!("{SECONDARY}I"), 4)),
            "by" | "By" | "BY" if parent_tag(tag) == "ADV" => return Some(("bˈI".into(), 4)),
            _ => {}
        }
        if word == "to" || word == "To" || (word == "TO" && (tag == "TO" || tag == "IN")) {
            return Some((match ctx.future_vowel {
                None => self.gold_plain("to", "DEFAULT"),
                Some(false) => "tə".into(),
                Some(true) => "tʊ".into(),
            }, 4));
        }
        if word == "in" || word == "In" || (word == "IN" && tag != "NNP") {
            let mark = if ctx.future_vowel.is_none() || tag != "IN" { "ˈ" } else { "" };
            return Some((format!("{mark}ɪn"), 4));
        }
        if word == "the" || word == "The" || (word == "THE" && tag == "DT") {
            return Some((if ctx.future_vowel == Some(true) { "ði" } else { "ðə" }.into(), 4));
        }
        if tag == "IN" && (word.eq_ignore_ascii_case("vs") || word.eq_ignore_ascii_case("vs.")) {
            return self.lookup("versus", None, None, Some(ctx));
        }
        if word == "used" || word == "Used" || word == "USED" {
            let key = if (tag == "VBD" || tag == "JJ") && ctx.future_to { "VBD" } else { "DEFAULT" };
            return Some((self.gold_plain("used", key), 4));
        }
        None
    }

    fn is_known(&self, word: &str) -> bool {
        if self.gold(word).is_some() || symbol_word(word).is_some() || self.silver(word).is_some() {
            return true;
        }
        if !is_alpha(word) || !lexicon_chars(word) {
            return false;
        }
        if word.chars().count() == 1 {
            return true;
        }
        if is_upper_word(word) && self.gold(&word.to_lowercase()).is_some() {
            return true;
        }
        is_upper_word(tail(word))
    }

    fn lookup(&self, word: &str, tag: Option<&str>, stress: Option<f64>, ctx: Option<Context>) -> Found {
        let mut word = word.to_string();
        let mut is_nnp = false;
        if is_upper_word(&word) && self.gold(&word).is_none() {
            word = word.to_lowercase();
            is_nnp = tag == Some("NNP");
        }
        let mut rating = 4;
        let mut entry = self.gold(&word);
        if entry.is_none() && !is_nnp {
            entry = self.silver(&word);
            rating = 3;
        }
        let ps = entry.and_then(|e| {
            let key = match &e {
                Entry::Plain(_) => "DEFAULT",
                Entry::Homograph(_) => {
                    if ctx.is_some_and(|c| c.future_vowel.is_none()) && e.has("None") {
                        "None"
                    } else {
                        match tag {
                            Some(t) if e.has(t) => t,
                            Some(t) => parent_tag(t),
                            None => "DEFAULT",
                        }
                    }
                }
            };
            e.get(key)
        });
        if ps.is_none() || (is_nnp && !ps.is_some_and(|p| p.contains(PRIMARY))) {
            if let Some(found) = self.get_nnp(&word) {
                return Some(found);
            }
        }
        ps.map(|p| (apply_stress(p, stress), rating))
    }

    fn suffix_s(&self, stem: &str) -> Option<String> {
        let last = last_char(stem)?;
        Some(if "ptkfθ".contains(last) {
            format!("{stem}s")
        } else if "szʃʒʧʤ".contains(last) {
            format!("{stem}{}z", if self.british() { 'ɪ' } else { 'ᵻ' })
        } else {
            format!("{stem}z")
        })
    }

    fn stem_s(&self, word: &str, tag: Option<&str>, stress: Option<f64>, ctx: Option<Context>) -> Found {
        let n = word.chars().count();
        if n < 3 || !word.ends_with('s') {
            return None;
        }
        let stem = if !word.ends_with("ss") && self.is_known(&word[..word.len() - 1]) {
            word[..word.len() - 1].to_string()
        } else if (word.ends_with("'s") || (n > 4 && word.ends_with("es") && !word.ends_with("ies")))
            && self.is_known(&word[..word.len() - 2]) {
            word[..word.len() - 2].to_string()
        } else if n > 4 && word.ends_with("ies") && self.is_known(&format!("{}y", &word[..word.len() - 3])) {
            format!("{}y", &word[..word.len() - 3])
        } else {
            return None;
        };
        let (ps, rating) = self.lookup(&stem, tag, stress, ctx)?;
        self.suffix_s(&ps).map(|p| (p, rating))
    }

    fn suffix_ed(&self, stem: &str) -> Option<String> {
        let last = last_char(stem)?;
        let weak = if self.british() { 'ɪ' } else { 'ᵻ' };
        Some(if "pkfθʃsʧ".contains(last) {
            format!("{stem}t")
        } else if last == 'd' {
            format!("{stem}{weak}d")
        } else if last != 't' {
            format!("{stem}d")
        } else if self.british() || stem.chars().count() < 2 {
            format!("{stem}ɪd")
        } else if second_last_char(stem).is_some_and(|c| US_TAUS.contains(c)) {
            format!("{}ɾᵻd", drop_last_char(stem))
        } else {
            format!("{stem}ᵻd")
        })
    }

    fn stem_ed(&self, word: &str, tag: Option<&str>, stress: Option<f64>, ctx: Option<Context>) -> Found {
        let n = word.chars().count();
        if n < 4 || !word.ends_with('d') {
            return None;
        }
        let stem = if !word.ends_with("dd") && self.is_known(&word[..word.len() - 1]) {
            &word[..word.len() - 1]
        } else if n > 4 && word.ends_with("ed") && !word.ends_with("eed") && self.is_known(&word[..word.len() - 2]) {
            &word[..word.len() - 2]
        } else {
            return None;
        };
        let (ps, rating) = self.lookup(stem, tag, stress, ctx)?;
        self.suffix_ed(&ps).map(|p| (p, rating))
    }

    fn suffix_ing(&self, stem: &str) -> Option<String> {
        let last = last_char(stem)?;
        if self.british() {
            if "əː".contains(last) {
                return None;
            }
        } else if stem.chars().count() > 1 && last == 't' && second_last_char(stem).is_some_and(|c| US_TAUS.contains(c)) {
            return Some(format!("{}ɾɪŋ", drop_last_char(stem)));
        }
        Some(format!("{stem}ɪŋ"))
    }

    fn stem_ing(&self, word: &str, tag: Option<&str>, stress: Option<f64>, ctx: Option<Context>) -> Found {
        let n = word.chars().count();
        if n < 5 || !word.ends_with("ing") {
            return None;
        }
        let base = &word[..word.len() - 3];
        let doubled = {
            let b = base.as_bytes();
            let k = b.len();
            (k >= 2 && b[k - 1] == b[k - 2] && b"bcdgklmnprstvxz".contains(&b[k - 1])) || base.ends_with("ck")
        };
        let stem = if n > 5 && self.is_known(base) {
            base.to_string()
        } else if self.is_known(&format!("{base}e")) {
            format!("{base}e")
        } else if n > 5 && doubled && self.is_known(&base[..base.len() - 1]) {
            base[..base.len() - 1].to_string()
        } else {
            return None;
        };
        let (ps, rating) = self.lookup(&stem, tag, stress, ctx)?;
        self.suffix_ing(&ps).map(|p| (p, rating))
    }

    fn get_word(&self, word: &str, tag: &str, stress: Option<f64>, ctx: Context) -> Found {
        if let Some(found) = self.get_special_case(word, tag, stress, ctx) {
            return Some(found);
        }
        let wl = word.to_lowercase();
        let mut word = word.to_string();
        if word.chars().count() > 1 && is_alpha(&word.replace('\'', "")) && word != wl
            && (tag != "NNP" || word.chars().count() > 7)
            && self.gold(&word).is_none() && self.silver(&word).is_none()
            && (is_upper_word(&word) || is_lower_word(tail(&word)))
            && (self.gold(&wl).is_some() || self.silver(&wl).is_some()
                || self.stem_s(&wl, Some(tag), stress, Some(ctx)).is_some()
                || self.stem_ed(&wl, Some(tag), stress, Some(ctx)).is_some()
                || self.stem_ing(&wl, Some(tag), stress, Some(ctx)).is_some()) {
            word = wl;
        }
        let tag = Some(tag);
        if self.is_known(&word) {
            return self.lookup(&word, tag, stress, Some(ctx));
        }
        if let Some(stem) = word.strip_suffix("s'") {
            let possessive = format!("{stem}'s");
            if self.is_known(&possessive) {
                return self.lookup(&possessive, tag, stress, Some(ctx));
            }
        }
        if let Some(stem) = word.strip_suffix('\'') {
            if self.is_known(stem) {
                return self.lookup(stem, tag, stress, Some(ctx));
            }
        }
        self.stem_s(&word, tag, stress, Some(ctx))
            .or_else(|| self.stem_ed(&word, tag, stress, Some(ctx)))
            .or_else(|| self.stem_ing(&word, tag, Some(stress.unwrap_or(0.5)), Some(ctx)))
    }

    fn is_currency(word: &str) -> bool {
        match word.split_once('.') {
            None => true,
            Some((_, cents)) => !cents.contains('.') && cents.chars().count() < 3,
        }
    }

    /// misaki's extend_num: the words of a number, each looked up.
    fn extend_num(&self, result: &mut Vec<(String, u8)>, words: &str, first: bool, flags: &str) {
        let splits: Vec<&str> = words.split(|c: char| !c.is_ascii_lowercase()).collect();
        // re.split keeps empty strings at the ends; a run of separators is one split.
        let mut parts: Vec<&str> = Vec::new();
        for (i, w) in splits.iter().enumerate() {
            if w.is_empty() && i != 0 && i + 1 != splits.len() {
                continue;
            }
            parts.push(w);
        }
        let many = parts.len() > 1;
        for (i, w) in parts.iter().enumerate() {
            if *w != "and" || flags.contains('&') {
                if first && i == 0 && many && *w == "one" && flags.contains('a') {
                    result.push(("ə".into(), 4));
                } else if let Some(found) = self.lookup(w, None, if *w == "point" { Some(-2.0) } else { None }, None) {
                    result.push(found);
                } else {
                    result.push((String::new(), 3));
                }
            } else if flags.contains('n') {
                if let Some(last) = result.last_mut() {
                    last.0.push_str("ən");
                }
            }
        }
    }

    fn say_int(&self, result: &mut Vec<(String, u8)>, digits: &str, first: bool, flags: &str) {
        match numbers::cardinal(digits) {
            Some(words) => self.extend_num(result, &words, first, flags),
            None => {
                for d in digits.chars() {
                    let words = numbers::cardinal(&d.to_string()).unwrap_or_default();
                    self.extend_num(result, &words, false, flags);
                }
            }
        }
    }

    fn get_number(&self, word: &str, currency: Option<char>, is_head: bool, flags: &str) -> Found {
        let suffix_len = word.bytes().rev().take_while(|b| b.is_ascii_lowercase() || *b == b'\'').count();
        let (mut word, suffix) = word.split_at(word.len() - suffix_len);
        let mut result: Vec<(String, u8)> = Vec::new();
        if let Some(rest) = word.strip_prefix('-') {
            result.extend(self.lookup("minus", None, None, None));
            word = rest;
        }
        let ordinal = ORDINALS.contains(&suffix);
        let units = currency.and_then(currency_units);
        if is_digits(word) && ordinal {
            let words = numbers::ordinal(word);
            match words {
                Some(w) => self.extend_num(&mut result, &w, true, flags),
                None => self.say_int(&mut result, word, true, flags),
            }
        } else if result.is_empty() && word.len() == 4 && units.is_none() && is_digits(word) {
            match numbers::year(word) {
                Some(w) => self.extend_num(&mut result, &w, true, flags),
                None => self.say_int(&mut result, word, true, flags),
            }
        } else if !is_head && !word.contains('.') {
            let num = word.replace(',', "");
            let digits: Vec<char> = num.chars().collect();
            if digits.first() == Some(&'0') || digits.len() > 3 {
                for d in &digits {
                    self.say_int(&mut result, &d.to_string(), false, flags);
                }
            } else if digits.len() == 3 && !num.ends_with("00") {
                self.say_int(&mut result, &digits[0].to_string(), true, flags);
                if digits[1] == '0' {
                    result.extend(self.lookup("O", None, Some(-2.0), None));
                    self.say_int(&mut result, &digits[2].to_string(), false, flags);
                } else {
                    self.say_int(&mut result, &num[1..], false, flags);
                }
            } else if !num.is_empty() {
                self.say_int(&mut result, &num, true, flags);
            }
        } else if word.matches('.').count() > 1 || !is_head {
            let mut first = true;
            for num in word.replace(',', "").split('.') {
                if num.is_empty() {
                } else if num.starts_with('0') || (num.len() != 2 && num[1..].chars().any(|c| c != '0')) {
                    for d in num.chars() {
                        self.say_int(&mut result, &d.to_string(), false, flags);
                    }
                } else {
                    self.say_int(&mut result, num, first, flags);
                }
                first = false;
            }
        } else if let (Some((unit, small)), true) = (units, English::is_currency(word)) {
            let plain = word.replace(',', "");
            let mut pairs: Vec<(String, &str)> = plain.split('.').zip([unit, small])
                .map(|(n, u)| (if n.is_empty() { "0".to_string() } else { n.to_string() }, u)).collect();
            let zero = |n: &str| n.bytes().all(|b| b == b'0');
            if pairs.len() > 1 {
                if zero(&pairs[1].0) {
                    pairs.truncate(1);
                } else if zero(&pairs[0].0) {
                    pairs.remove(0);
                }
            }
            for (i, (num, unit)) in pairs.iter().enumerate() {
                if i > 0 {
                    result.extend(self.lookup("and", None, None, None));
                }
                let trimmed = num.trim_start_matches('0');
                let value = if trimmed.is_empty() { "0" } else { trimmed };
                if !is_digits(value) {
                    return None;
                }
                self.say_int(&mut result, value, i == 0, flags);
                if value != "1" && *unit != "pence" {
                    result.extend(self.stem_s(&format!("{unit}s"), None, None, None));
                } else {
                    result.extend(self.lookup(unit, None, None, None));
                }
            }
        } else {
            let words = if is_digits(word) {
                numbers::cardinal(word)
            } else if !word.contains('.') {
                let plain = word.replace(',', "");
                if !is_digits(&plain) {
                    return None;
                }
                if ordinal { numbers::ordinal(&plain) } else { numbers::cardinal(&plain) }
            } else {
                let plain = word.replace(',', "");
                if let Some(frac) = plain.strip_prefix('.') {
                    let mut w = String::from("point");
                    for d in frac.chars() {
                        w.push(' ');
                        w.push_str(&numbers::cardinal(&d.to_string()).unwrap_or_default());
                    }
                    Some(w)
                } else {
                    numbers::float_cardinal(&plain)
                }
            };
            match words {
                Some(w) => self.extend_num(&mut result, &w, true, flags),
                None => {
                    for d in word.chars().filter(char::is_ascii_digit) {
                        self.say_int(&mut result, &d.to_string(), false, flags);
                    }
                }
            }
        }
        if result.is_empty() {
            return None;
        }
        let rating = result.iter().map(|(_, r)| *r).min().unwrap_or(4);
        let joined = result.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>().join(" ");
        let ps = match suffix {
            "s" | "'s" => self.suffix_s(&joined),
            "ed" | "'d" => self.suffix_ed(&joined),
            "ing" => self.suffix_ing(&joined),
            _ => Some(joined),
        };
        ps.map(|p| (p, rating))
    }

    fn append_currency(&self, ps: String, currency: Option<char>) -> String {
        match currency.and_then(currency_units) {
            Some((unit, _)) => match self.stem_s(&format!("{unit}s"), None, None, None) {
                Some((c, _)) => format!("{ps} {c}"),
                None => ps,
            },
            None => ps,
        }
    }

    fn is_number(word: &str, is_head: bool) -> bool {
        if !word.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
        let mut w = word;
        for s in ["ing", "'d", "ed", "'s", "st", "nd", "rd", "th", "s"] {
            if let Some(stem) = w.strip_suffix(s) {
                w = stem;
                break;
            }
        }
        w.chars().enumerate().all(|(i, c)| c.is_ascii_digit() || c == ',' || c == '.' || (is_head && i == 0 && c == '-'))
    }

    /// misaki's Lexicon.__call__, remembered.
    fn call(&self, tk: &MToken, ctx: Context) -> Found {
        use std::fmt::Write;
        let mut key = String::with_capacity(tk.text.len() + tk.tag.len() + 24);
        let _ = write!(key, "{:?}{}{}{:?}{:?}\u{1}{}\u{1}{}\u{1}{}\u{1}{}", ctx.future_vowel, ctx.future_to as u8,
                       tk.is_head as u8, tk.currency, tk.stress, tk.tag, tk.num_flags, tk.alias.as_deref().unwrap_or(""),
                       tk.text);
        if let Some(found) = self.cache.borrow().get(&key) {
            return found.clone();
        }
        let found = self.call_uncached(tk, ctx);
        let mut cache = self.cache.borrow_mut();
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, found.clone());
        found
    }

    /// misaki's Lexicon.__call__: a token's phonemes and rating, or none.
    fn call_uncached(&self, tk: &MToken, ctx: Context) -> Found {
        let raw = tk.alias.as_deref().unwrap_or(&tk.text);
        let word: String = normalize(raw).chars().map(|c| if c == '‘' || c == '’' { '\'' } else { c }).collect();
        let stress = if word == word.to_lowercase() { None } else if is_upper_word(&word) { Some(2.0) } else { Some(0.5) };
        if let Some((ps, rating)) = self.get_word(&word, &tk.tag, stress, ctx) {
            return Some((apply_stress(&self.append_currency(ps, tk.currency), tk.stress), rating));
        }
        if English::is_number(&word, tk.is_head) {
            return self.get_number(&word, tk.currency, tk.is_head, &tk.num_flags)
                .map(|(ps, r)| (apply_stress(&ps, tk.stress), r));
        }
        None
    }

    /// The fallback for a token misaki leaves without phonemes: its letters spelled by rules.
    fn fallback(&self, tk: &MToken) -> (String, Source) {
        let letters: String = normalize(&tk.text).chars().filter_map(ascii_letter).collect();
        if letters.is_empty() {
            let digits: String = tk.text.chars().filter_map(|c| decimal_digit(c)).collect();
            if !digits.is_empty() {
                let mut result = Vec::new();
                for d in digits.chars() {
                    self.say_int(&mut result, &d.to_string(), false, "");
                }
                return (result.into_iter().map(|(p, _)| p).collect::<Vec<_>>().join(" "), Source::Fallback);
            }
            return (String::new(), Source::Skipped);
        }
        (fallback::spell_out(&letters, self.british()), Source::Fallback)
    }

    /// Phonemes for the tokens of one paragraph (misaki's G2P.__call__ after spaCy).
    pub fn phonemize_tokens(&self, tokens: Vec<MToken>) -> Vec<MToken> {
        let tokens = fold_left(tokens);
        let mut words = retokenize(tokens);
        let mut ctx = Context::default();
        for w in words.iter_mut().rev() {
            match w {
                Word::One(tk) => {
                    if tk.phonemes.is_none() {
                        if let Some((ps, rating)) = self.call(tk, ctx) {
                            tk.phonemes = Some(ps);
                            tk.source = Some(Source::Lexicon(rating));
                        }
                    }
                    if tk.phonemes.is_none() {
                        let (ps, source) = self.fallback(tk);
                        tk.phonemes = Some(ps);
                        tk.source = Some(source);
                    }
                    ctx = token_context(ctx, tk.phonemes.as_deref(), tk);
                }
                Word::Many(group) => {
                    self.phonemize_group(group, &mut ctx);
                    resolve_tokens(group);
                }
            }
        }
        let mut out: Vec<MToken> = words.into_iter().map(|w| match w {
            Word::One(tk) => tk,
            Word::Many(group) => merge_tokens(&group, true),
        }).collect();
        for tk in &mut out {
            if let Some(ps) = &mut tk.phonemes {
                if ps.contains('ɾ') || ps.contains('ʔ') {
                    *ps = ps.replace('ɾ', "T").replace('ʔ', "t");
                }
            }
        }
        out
    }

    fn phonemize_group(&self, w: &mut [MToken], ctx: &mut Context) {
        let (mut left, mut right) = (0usize, w.len());
        if right > MAX_SPAN {
            left = right - MAX_SPAN;
        }
        while left < right {
            let fixed = w[left..right].iter().any(|t| t.alias.is_some() || t.phonemes.is_some());
            let found = if fixed {
                None
            } else {
                let tk = merge_tokens(&w[left..right], false);
                self.call(&tk, *ctx).map(|f| (f, tk))
            };
            if let Some(((ps, rating), tk)) = found {
                w[left].phonemes = Some(ps.clone());
                w[left].source = Some(Source::Lexicon(rating));
                for x in &mut w[left + 1..right] {
                    x.phonemes = Some(String::new());
                    x.source = Some(Source::Lexicon(rating));
                }
                *ctx = token_context(*ctx, Some(&ps), &tk);
                right = left;
                left = right.saturating_sub(MAX_SPAN);
            } else if left + 1 < right {
                left += 1;
            } else {
                right -= 1;
                let tk = &mut w[right];
                if tk.phonemes.is_none() {
                    if tk.text.chars().all(|c| SUBTOKEN_JUNKS.contains(c)) {
                        tk.phonemes = Some(String::new());
                        tk.source = Some(Source::Lexicon(3));
                    } else {
                        let (ps, source) = self.fallback(tk);
                        *ctx = token_context(*ctx, Some(&ps), tk);
                        tk.phonemes = Some(ps);
                        tk.source = Some(source);
                    }
                }
                left = right.saturating_sub(MAX_SPAN);
            }
        }
    }
}

/// The compatibility characters of Unicode NFKC that text commonly holds.
fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => out.push(' '),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '…' => out.push_str("..."),
            '²' => out.push('2'),
            '³' => out.push('3'),
            '¹' => out.push('1'),
            '⁰' => out.push('0'),
            '⁴'..='⁹' => out.push(char::from_u32(c as u32 - 0x2074 + '4' as u32).unwrap_or(c)),
            _ => out.push(decimal_digit(c).unwrap_or(c)),
        }
    }
    out
}

/// A decimal digit of any common script as its ASCII digit (misaki's numeric_if_needed).
fn decimal_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 21] = [0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6,
                              0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0x1810, 0xFF10];
    let n = c as u32;
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&n)).and_then(|z| char::from_digit(n - z, 10))
}

/// An ASCII letter for a Latin letter, its accents dropped; none for other characters.
fn ascii_letter(c: char) -> Option<char> {
    if c.is_ascii_alphabetic() {
        return Some(c);
    }
    let base = match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'č' => 'c',
        'Ç' | 'Ć' | 'Č' => 'C',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È'..='Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'Ì'..='Ï' | 'Ī' | 'Į' | 'İ' => 'I',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ù'..='Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' | 'Ÿ' => 'Y',
        'ś' | 'š' | 'ş' => 's',
        'Ś' | 'Š' | 'Ş' => 'S',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        'ł' => 'l',
        'Ł' => 'L',
        'ß' => 's',
        _ => return None,
    };
    Some(base)
}

/// A token, or the run of sub-tokens one written word splits into.
enum Word {
    One(MToken),
    Many(Vec<MToken>),
}

/// misaki's merge_tokens (with unk: the phonemes joined, spaces where the parts had them).
fn merge_tokens(tokens: &[MToken], with_phonemes: bool) -> MToken {
    let last = &tokens[tokens.len() - 1];
    let mut text = String::new();
    for tk in &tokens[..tokens.len() - 1] {
        text.push_str(&tk.text);
        text.push_str(&tk.whitespace);
    }
    text.push_str(&last.text);
    let weight = |t: &MToken| -> usize { t.text.chars().map(|c| if c.to_lowercase().eq(std::iter::once(c)) { 1 } else { 2 }).sum() };
    let mut best = &tokens[0];
    for tk in tokens {
        if weight(tk) > weight(best) {
            best = tk;
        }
    }
    let stresses: Vec<f64> = {
        let mut s: Vec<f64> = tokens.iter().filter_map(|t| t.stress).collect();
        s.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        s.dedup();
        s
    };
    let mut flags: Vec<char> = tokens.iter().flat_map(|t| t.num_flags.chars()).collect();
    flags.sort_unstable();
    flags.dedup();
    let mut merged = MToken::new(&text, &best.tag, &last.whitespace, tokens[0].start);
    merged.is_head = tokens[0].is_head;
    merged.stress = if stresses.len() == 1 { Some(stresses[0]) } else { None };
    merged.currency = tokens.iter().filter_map(|t| t.currency).max();
    merged.num_flags = flags.into_iter().collect();
    merged.prespace = tokens[0].prespace;
    if with_phonemes {
        let mut ps = String::new();
        let mut source = None;
        for tk in tokens {
            let p = tk.phonemes.as_deref().unwrap_or("");
            if tk.prespace && !ps.is_empty() && !ps.ends_with(char::is_whitespace) && !p.is_empty() {
                ps.push(' ');
            }
            ps.push_str(p);
            source = match (source, tk.source) {
                (None, s) => s,
                (Some(Source::Fallback), _) | (_, Some(Source::Fallback)) => Some(Source::Fallback),
                (Some(Source::Given), _) | (_, Some(Source::Given)) => Some(Source::Given),
                (Some(Source::Lexicon(a)), Some(Source::Lexicon(b))) => Some(Source::Lexicon(a.min(b))),
                (Some(Source::Lexicon(a)), _) => Some(Source::Lexicon(a)),
                (s, _) => s,
            };
        }
        merged.phonemes = Some(ps);
        merged.source = source;
    }
    merged
}

/// misaki's fold_left: a token that is not a head joins the one before it.
fn fold_left(tokens: Vec<MToken>) -> Vec<MToken> {
    let mut result: Vec<MToken> = Vec::with_capacity(tokens.len());
    for tk in tokens {
        match result.pop() {
            Some(prev) if !tk.is_head => result.push(merge_tokens(&[prev, tk], true)),
            Some(prev) => {
                result.push(prev);
                result.push(tk);
            }
            None => result.push(tk),
        }
    }
    result
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '‘' || c == '’'
}

/// misaki's sub-token pattern, matched at character `from` of `all` (the characters of `w`
/// with their byte offsets); the length of the match in bytes.
fn subtoken_at(w: &str, all: &[(usize, char)], from: usize) -> Option<usize> {
    let cs = &all[from..];
    let at = cs.first().map_or(w.len(), |&(i, _)| i);
    let n = cs.len();
    let end = |k: usize| if k < n { cs[k].0 } else { w.len() };
    let ch = |k: usize| cs.get(k).map(|&(_, c)| c);
    let letter = |k: usize| ch(k).is_some_and(char::is_alphabetic);
    let upper = |k: usize| ch(k).is_some_and(char::is_uppercase);
    let lower = |k: usize| ch(k).is_some_and(char::is_lowercase);
    let digit = |k: usize| ch(k).is_some_and(|c| c.is_ascii_digit() || decimal_digit(c).is_some());
    let apos = |k: usize| ch(k).is_some_and(is_apostrophe);
    // ^['‘’]+
    if at == 0 && apos(0) {
        let mut k = 0;
        while apos(k) {
            k += 1;
        }
        return Some(end(k) - at);
    }
    // \p{Lu}(?=\p{Lu}\p{Ll})
    if upper(0) && upper(1) && lower(2) {
        return Some(end(1) - at);
    }
    // (?:^-)?(?:\d?[,.]?\d)+
    {
        let mut k = if at == 0 && ch(0) == Some('-') { 1 } else { 0 };
        let start = k;
        loop {
            let sep = |k: usize| matches!(ch(k), Some(',') | Some('.'));
            let step = if digit(k) && sep(k + 1) && digit(k + 2) {
                3
            } else if digit(k) && digit(k + 1) {
                2
            } else if sep(k) && digit(k + 1) {
                2
            } else if digit(k) {
                1
            } else {
                0
            };
            if step == 0 {
                break;
            }
            k += step;
        }
        if k > start {
            return Some(end(k) - at);
        }
    }
    // [-_]+
    if matches!(ch(0), Some('-') | Some('_')) {
        let mut k = 0;
        while matches!(ch(k), Some('-') | Some('_')) {
            k += 1;
        }
        return Some(end(k) - at);
    }
    // ['‘’]{2,}
    if apos(0) && apos(1) {
        let mut k = 0;
        while apos(k) {
            k += 1;
        }
        return Some(end(k) - at);
    }
    // \p{L}*?(?:['‘’]\p{L})*?\p{Ll}(?=\p{Lu}) (which may start with an apostrophe) and
    // \p{L}+(?:['‘’]\p{L})*
    if letter(0) || (apos(0) && letter(1)) {
        let mut k = 0;
        loop {
            if letter(k) {
                if lower(k) && upper(k + 1) {
                    return Some(end(k + 1) - at);
                }
                k += 1;
            } else if apos(k) && letter(k + 1) {
                k += 1;
            } else {
                break;
            }
        }
    }
    if letter(0) {
        // \p{L}+(?:['‘’]\p{L})*
        let mut k = 0;
        while letter(k) {
            k += 1;
        }
        while apos(k) && letter(k + 1) {
            k += 2;
        }
        return Some(end(k) - at);
    }
    // [^-_\p{L}'‘’\d]
    if let Some(c) = ch(0) {
        if c != '-' && c != '_' && !c.is_alphabetic() && !is_apostrophe(c) && !digit(0) {
            return Some(end(1) - at);
        }
    }
    // ['‘’]+$
    if apos(0) {
        let mut k = 0;
        while apos(k) {
            k += 1;
        }
        if k == n {
            return Some(end(k) - at);
        }
    }
    None
}

/// misaki's subtokenize: the pieces of one token (characters no alternative takes are dropped).
pub fn subtokenize(w: &str) -> Vec<(usize, &str)> {
    let chars: Vec<(usize, char)> = w.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let at = chars[k].0;
        match subtoken_at(w, &chars, k) {
            Some(len) if len > 0 => {
                out.push((at, &w[at..at + len]));
                while k < chars.len() && chars[k].0 < at + len {
                    k += 1;
                }
            }
            _ => k += 1,
        }
    }
    out
}

/// misaki's retokenize: tokens split into sub-tokens, punctuation and currency marked, the
/// sub-tokens of one written word grouped.
fn retokenize(tokens: Vec<MToken>) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    let mut currency: Option<char> = None;
    let next_is_cd: Vec<bool> = (0..tokens.len()).map(|i| tokens.get(i + 1).is_some_and(|t| t.tag == "CD")).collect();
    for (i, token) in tokens.into_iter().enumerate() {
        let mut tks: Vec<MToken> = if token.alias.is_none() && token.phonemes.is_none() {
            subtokenize(&token.text).into_iter().map(|(off, t)| {
                let mut tk = MToken::new(t, &token.tag, "", token.start + off);
                tk.num_flags = token.num_flags.clone();
                tk.stress = token.stress;
                tk
            }).collect()
        } else {
            vec![token.clone()]
        };
        // (Every character a token starts with is a sub-token of its own or starts one.)
        if let Some(last) = tks.last_mut() {
            last.whitespace = token.whitespace.clone();
        }
        let count = tks.len();
        for j in 0..count {
            let next_first = tks.get(j + 1).and_then(|t| t.text.chars().next());
            let (before, rest) = tks.split_at_mut(j);
            let tk = &mut rest[0];
            if tk.alias.is_some() || tk.phonemes.is_some() {
            } else if tk.tag == "$" && tk.text.chars().count() == 1 && currency_units(tk.text.chars().next().unwrap_or(' ')).is_some() {
                currency = tk.text.chars().next();
                tk.phonemes = Some(String::new());
                tk.source = Some(Source::Lexicon(4));
            } else if tk.tag == ":" && (tk.text == "-" || tk.text == "–") {
                tk.phonemes = Some("—".into());
                tk.source = Some(Source::Lexicon(3));
            } else if PUNCT_TAGS.contains(&tk.tag.as_str()) && !tk.text.chars().all(|c| c.is_ascii_alphabetic()) {
                let ps = match tk.tag.as_str() {
                    "-LRB-" => "(".to_string(),
                    "-RRB-" => ")".to_string(),
                    "``" => "“".to_string(),
                    "\"\"" | "''" => "”".to_string(),
                    _ => tk.text.chars().filter(|c| PUNCTS.contains(*c)).collect(),
                };
                tk.phonemes = Some(ps);
                tk.source = Some(Source::Lexicon(4));
            } else if currency.is_some() {
                if tk.tag != "CD" {
                    currency = None;
                } else if j + 1 == count && !next_is_cd[i] {
                    tk.currency = currency;
                }
            } else if j > 0 && j + 1 < count && tk.text == "2"
                && before[j - 1].text.chars().next_back().is_some_and(char::is_alphabetic)
                && next_first.is_some_and(char::is_alphabetic) {
                tk.alias = Some("to".into());
            }
        }
        for tk in tks {
            if tk.alias.is_some() || tk.phonemes.is_some() {
                words.push(Word::One(tk));
            } else if let Some(Word::Many(group)) = words.last_mut().filter(|w| match w {
                Word::Many(g) => g.last().is_some_and(|t| t.whitespace.is_empty()),
                Word::One(_) => false,
            }) {
                let mut tk = tk;
                tk.is_head = false;
                group.push(tk);
            } else if !tk.whitespace.is_empty() {
                words.push(Word::One(tk));
            } else {
                words.push(Word::Many(vec![tk]));
            }
        }
    }
    words.into_iter().map(|w| match w {
        Word::Many(mut g) if g.len() == 1 => Word::One(g.pop().unwrap_or_else(|| MToken::new("", "", "", 0))),
        w => w,
    }).collect()
}

fn token_context(ctx: Context, ps: Option<&str>, token: &MToken) -> Context {
    let mut vowel = ctx.future_vowel;
    if let Some(ps) = ps.filter(|p| !p.is_empty()) {
        if let Some(c) = ps.chars().find(|&c| VOWELS.contains(c) || CONSONANTS.contains(c) || NON_QUOTE_PUNCTS.contains(c)) {
            vowel = if NON_QUOTE_PUNCTS.contains(c) { None } else { Some(VOWELS.contains(c)) };
        }
    }
    let future_to = token.text == "to" || token.text == "To" || (token.text == "TO" && (token.tag == "TO" || token.tag == "IN"));
    Context { future_vowel: vowel, future_to }
}

/// misaki's resolve_tokens: spacing and stress of a written word's parts.
fn resolve_tokens(tokens: &mut [MToken]) {
    let mut text = String::new();
    for (i, tk) in tokens.iter().enumerate() {
        text.push_str(&tk.text);
        if i + 1 < tokens.len() {
            text.push_str(&tk.whitespace);
        }
    }
    let classes: std::collections::BTreeSet<u8> = text.chars().filter(|c| !SUBTOKEN_JUNKS.contains(*c))
        .map(|c| if c.is_alphabetic() { 0 } else if c.is_ascii_digit() { 1 } else { 2 }).collect();
    let prespace = text.contains(' ') || text.contains('/') || classes.len() > 1;
    let n = tokens.len();
    for (i, tk) in tokens.iter_mut().enumerate() {
        if tk.phonemes.is_none() {
            if i == n - 1 && tk.text.chars().count() == 1 && NON_QUOTE_PUNCTS.contains(tk.text.as_str()) {
                tk.phonemes = Some(tk.text.clone());
                tk.source = Some(Source::Lexicon(3));
            } else if tk.text.chars().all(|c| SUBTOKEN_JUNKS.contains(c)) {
                tk.phonemes = Some(String::new());
                tk.source = Some(Source::Lexicon(3));
            }
        } else if i > 0 {
            tk.prespace = prespace;
        }
    }
    if prespace {
        return;
    }
    let mut indices: Vec<(bool, usize, usize)> = tokens.iter().enumerate()
        .filter_map(|(i, tk)| tk.phonemes.as_deref().filter(|p| !p.is_empty())
            .map(|p| (p.contains(PRIMARY), stress_weight(p), i)))
        .collect();
    if indices.len() == 2 && tokens[indices[0].2].text.chars().count() == 1 {
        let i = indices[1].2;
        let ps = apply_stress(tokens[i].phonemes.as_deref().unwrap_or(""), Some(-0.5));
        tokens[i].phonemes = Some(ps);
        return;
    }
    if indices.len() < 2 || indices.iter().filter(|x| x.0).count() <= (indices.len() + 1) / 2 {
        return;
    }
    indices.sort();
    let half = indices.len() / 2;
    for &(_, _, i) in &indices[..half] {
        let ps = apply_stress(tokens[i].phonemes.as_deref().unwrap_or(""), Some(-0.5));
        tokens[i].phonemes = Some(ps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stress_rules_match_misaki() {
        assert_eq!(apply_stress("hˈɛlO", Some(-2.0)), "hɛlO");
        assert_eq!(apply_stress("hˈɛlˌO", Some(-1.0)), "hˌɛlO");
        assert_eq!(apply_stress("hɛlO", Some(0.5)), "hˌɛlO");
        assert_eq!(apply_stress("hɛlO", Some(2.0)), "hˈɛlO");
        assert_eq!(apply_stress("hˌɛlO", Some(2.0)), "hˈɛlO");
        assert_eq!(apply_stress("bzz", Some(2.0)), "bzz");
        assert_eq!(apply_stress("hˈɛlO", None), "hˈɛlO");
    }

    #[test]
    fn subtokens_match_misaki() {
        let pieces = |w: &str| subtokenize(w).into_iter().map(|(_, t)| t.to_string()).collect::<Vec<_>>();
        assert_eq!(pieces("well-known"), ["well", "-", "known"]);
        assert_eq!(pieces("camelCase"), ["camel", "Case"]);
        assert_eq!(pieces("HTMLParser"), ["HTMLParser"]);
        assert_eq!(pieces("iPhoneX"), ["i", "Phone", "X"]);
        assert_eq!(pieces("-3.50"), ["-3.50"]);
        assert_eq!(pieces("1,000,000"), ["1,000,000"]);
        assert_eq!(pieces("rock'n'roll"), ["rock'n'r", "oll"]);
        assert_eq!(pieces("'tis"), ["'", "tis"]);
        assert_eq!(pieces("5th"), ["5", "th"]);
        assert_eq!(pieces("U.S."), ["U", ".", "S", "."]);
        assert_eq!(pieces("a'5"), ["a", "5"]);
    }
}
