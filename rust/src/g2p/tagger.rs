//! Part-of-speech tagger approximating spaCy `en_core_web_sm` 3.8 `tag_`
//! (Penn Treebank tags) as misaki 0.9.4 sees it (pipeline tok2vec+tagger).
//!
//! In: tokens from `tokenize::tokenize` (text + whitespace). Out: every
//! token's `tag` set to a Penn tag string ("NN", "VBD", ".", "$", "_SP", ...).
//!
//! Model: a bigram HMM decoded with Viterbi. Tables were derived from
//! en_core_web_sm's own output on generated / public-domain-ish training text
//! (see TABLES at the bottom): P(tag|word) for frequent words (LEX),
//! P(tag|shape+suffix) for unknown words (SUF), tag bigram counts (TRANS).
//! Hand rules then enforce what misaki depends on (numbers -> CD, currency
//! -> $, dashes -> ':', whitespace -> _SP, ...) and fix homograph contexts
//! (NOUN vs VERB, VBD vs VBN, ADJ vs VERB) for the lexicon's 790
//! tag-dependent entries.
//!
//! The tables were counted from spaCy 3.8.18 + en_core_web_sm 3.8.0's own tags (enable=[tok2vec,
//! tagger], as misaki loads it) on Python's documentation topics (PSF licence), the Vim user
//! manual and about 2,500 words of narrative written for this; never on the test corpus.
//! Measured through misaki's lexicon on tests/data/g2p/corpus.txt (tests/test_g2p.py): the
//! tags pick misaki's pronunciation of 96.2% of the homographs (614 of 638); before the G2P's
//! rules, 88.9% of all tokens carry spaCy's exact tag and the token boundaries are spaCy's.
//!
//! Known differences: NN/NNP/JJ confusions on capitalised and unseen words,
//! VB vs VBP, RB vs IN/RP for particles; "that" DT/IN/WDT by rule; quotes
//! `` vs '' by position; tokens outside the tables fall back to suffix
//! statistics. spaCy's neural context (whole-sentence) is not reproduced.
//!
//! Cost: O(n * k^2) with k <= 8 candidate tags per token; tables are parsed
//! once (OnceLock). Never panics.

use super::tokenize::Token;
use std::collections::HashMap;
use std::sync::OnceLock;

struct Model {
    tags: Vec<&'static str>,
    idx: HashMap<&'static str, usize>,
    /// log P(next | prev); row `n` is BOS, column `n` is EOS.
    trans: Vec<Vec<f32>>,
    /// log P(tag) (unigram)
    prior: Vec<f32>,
    lex: HashMap<&'static str, Vec<(usize, f32)>>,
    /// homograph words -> classes their lexicon entry distinguishes
    homo: HashMap<&'static str, &'static str>,
    suf: HashMap<&'static str, Vec<(usize, f32)>>,
}

fn parse_dist(fields: &mut dyn Iterator<Item = &'static str>, idx: &HashMap<&'static str, usize>) -> Vec<(usize, f32)> {
    let mut v = Vec::new();
    for f in fields {
        let (t, p) = match f.rsplit_once(':') {
            Some((t, p)) if !t.is_empty() => (t, p.parse::<f32>().unwrap_or(1.0) / 100.0),
            _ => (f, 1.0),
        };
        if let Some(&i) = idx.get(t) {
            v.push((i, p.max(0.001)));
        }
    }
    v
}

/// Table entries are separated by '¦' (newlines are only for line wrapping).
fn entries(t: &'static str) -> impl Iterator<Item = &'static str> {
    t.split('¦').map(|e| e.trim_matches('\n')).filter(|e| !e.is_empty())
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let tags: Vec<&'static str> = TAGS.split_whitespace().collect();
        let n = tags.len();
        let idx: HashMap<&'static str, usize> = tags.iter().enumerate().map(|(i, &t)| (t, i)).collect();
        let mut counts = vec![vec![0f32; n + 1]; n + 1];
        let mut uni = vec![0f32; n];
        for line in entries(TRANS) {
            let mut it = line.split(' ');
            let (a, b, c) = (it.next(), it.next(), it.next());
            if let (Some(a), Some(b), Some(c)) = (a, b, c) {
                let ai = if a == "BOS" { Some(n) } else { idx.get(a).copied() };
                let bi = if b == "EOS" { Some(n) } else { idx.get(b).copied() };
                if let (Some(ai), Some(bi)) = (ai, bi) {
                    let c: f32 = c.parse().unwrap_or(0.0);
                    counts[ai][bi] += c;
                    if bi < n {
                        uni[bi] += c;
                    }
                }
            }
        }
        let k = 0.1f32;
        let trans = counts
            .iter()
            .map(|row| {
                let tot: f32 = row.iter().sum::<f32>() + k * (n as f32 + 1.0);
                row.iter().map(|&c| ((c + k) / tot).ln()).collect()
            })
            .collect();
        let utot: f32 = uni.iter().sum::<f32>() + n as f32;
        let prior = uni.iter().map(|&c| ((c + 1.0) / utot).ln()).collect();
        let mut lex = HashMap::new();
        for line in entries(LEX) {
            let mut it = line.split(' ');
            if let Some(w) = it.next() {
                lex.insert(w, parse_dist(&mut it, &idx));
            }
        }
        let mut suf = HashMap::new();
        for line in entries(SUF) {
            let mut it = line.split(' ');
            if let Some(w) = it.next() {
                suf.insert(w, parse_dist(&mut it, &idx));
            }
        }
        let mut homo = HashMap::new();
        for e in HOMOGRAPHS.split_whitespace() {
            if let Some((w, c)) = e.split_once(':') {
                homo.insert(w, c);
            }
        }
        Model { tags, idx, trans, prior, lex, homo, suf }
    })
}

fn is_cap(s: &str) -> bool {
    s.chars().next().map_or(false, |c| c.is_uppercase())
}

fn is_initial(prev: Option<&str>) -> bool {
    match prev {
        None => true,
        Some(p) => {
            p.trim().is_empty() || matches!(p, "." | "!" | "?" | "\"" | "“" | "'" | "‘" | "(" | ":" | "..." | "…" | "``")
        }
    }
}

fn shape(text: &str, initial: bool) -> &'static str {
    if text.chars().any(|c| c.is_ascii_digit()) {
        "9"
    } else if is_cap(text) {
        if initial {
            "S"
        } else {
            "C"
        }
    } else if !text.chars().any(|c| c.is_alphabetic()) {
        "P"
    } else {
        "a"
    }
}

fn suffix_dist(m: &Model, text: &str, initial: bool) -> Vec<(usize, f32)> {
    let sh = shape(text, initial);
    let low: Vec<char> = text.to_lowercase().chars().collect();
    for n in (1..=4).rev() {
        if low.len() > n + 1 && low.len() < 200 {
            let k: String = sh.chars().chain(low[low.len() - n..].iter().copied()).collect();
            if let Some(d) = m.suf.get(k.as_str()) {
                return d.clone();
            }
        }
    }
    if let Some(d) = m.suf.get(sh) {
        return d.clone();
    }
    vec![(m.idx.get("NN").copied().unwrap_or(0), 1.0)]
}

/// Candidate tags, widened for homographs so that context can decide.
fn candidates(m: &Model, text: &str, prev: Option<&str>) -> Vec<(usize, f32)> {
    let mut v = base_candidates(m, text, prev);
    let low = text.to_lowercase();
    if let Some(cls) = m.homo.get(low.as_str()) {
        let extra: &[&str] = if low.ends_with("ed") {
            &["VBD", "VBN", "JJ"]
        } else if low.ends_with('s') && !low.ends_with("ss") && !cls.contains('R') {
            &["NNS", "VBZ"]
        } else if cls.contains('R') {
            &["RB", "JJ", "NN", "IN"]
        } else if cls.contains('A') {
            &["JJ", "VB", "VBP", "NN"]
        } else {
            &["NN", "VB", "VBP"]
        };
        for t in extra {
            if let Some(&i) = m.idx.get(t) {
                if !v.iter().any(|x| x.0 == i) {
                    v.push((i, 0.12));
                }
            }
        }
    }
    v
}

/// Candidate tags with P(tag | word) for one token.
fn base_candidates(m: &Model, text: &str, prev: Option<&str>) -> Vec<(usize, f32)> {
    let initial = is_initial(prev);
    let low = text.to_lowercase();
    let cap = is_cap(text) && text != "I";
    // A word in capitals (a headline, shouting) is tagged as the word itself.
    if text.chars().filter(|c| c.is_alphabetic()).count() > 1 && !text.chars().any(char::is_lowercase) {
        if let Some(d) = m.lex.get(low.as_str()) {
            return d.clone();
        }
    }
    if cap && !initial {
        if let Some(d) = m.lex.get(text) {
            return d.clone();
        }
        if let Some(d) = m.lex.get(low.as_str()) {
            // a known word capitalised mid-sentence: may be a name
            let mut v: Vec<(usize, f32)> = d.iter().map(|&(t, p)| (t, p * 0.5)).collect();
            for (t, p) in suffix_dist(m, text, false) {
                v.push((t, p * 0.5));
            }
            return merge(v);
        }
        return suffix_dist(m, text, false);
    }
    if let Some(d) = m.lex.get(low.as_str()) {
        return d.clone();
    }
    if cap {
        if let Some(d) = m.lex.get(text) {
            return d.clone();
        }
    }
    suffix_dist(m, text, initial)
}

fn merge(v: Vec<(usize, f32)>) -> Vec<(usize, f32)> {
    let mut out: Vec<(usize, f32)> = Vec::new();
    for (t, p) in v {
        match out.iter_mut().find(|x| x.0 == t) {
            Some(x) => x.1 += p,
            None => out.push((t, p)),
        }
    }
    out
}

fn is_number(s: &str) -> bool {
    let mut digits = 0;
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if !matches!(c, '.' | ',' | ':' | '/' | '-' | '+') {
            return false;
        }
    }
    digits > 0
}

/// Set every token's `tag` to a Penn Treebank tag like en_core_web_sm would.
pub fn tag(tokens: &mut [Token]) {
    let m = model();
    let n = m.tags.len();
    let len = tokens.len();
    if len == 0 {
        return;
    }
    const EMIT_ALPHA: f32 = 0.6;
    let sp = m.idx.get("_SP").copied().unwrap_or(usize::MAX);
    // Viterbi over candidate lists
    let mut cands: Vec<Vec<(usize, f32)>> = Vec::with_capacity(len);
    for i in 0..len {
        let prev = if i > 0 { Some(tokens[i - 1].text.as_str()) } else { None };
        let t = &tokens[i].text;
        let mut c = if t.trim().is_empty() {
            vec![(m.idx.get("_SP").copied().unwrap_or(0), 1.0)]
        } else {
            candidates(m, t, prev)
        };
        c.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
        c.truncate(8);
        if c.is_empty() {
            c.push((m.idx.get("NN").copied().unwrap_or(0), 1.0));
        }
        cands.push(c);
    }
    let mut score: Vec<f32> = Vec::new();
    let mut back: Vec<Vec<usize>> = Vec::with_capacity(len);
    for (i, c) in cands.iter().enumerate() {
        let mut ns = Vec::with_capacity(c.len());
        let mut bp = Vec::with_capacity(c.len());
        for &(t, p) in c {
            let emit = if t == sp { 0.0 } else { p.ln() - EMIT_ALPHA * m.prior[t] };
            if i == 0 {
                ns.push(m.trans[n][t] + emit);
                bp.push(0);
            } else {
                // whitespace tokens act as sentence boundaries (EOS, then BOS)
                let cur_sp = t == sp;
                let prev_sp = cands[i - 1].first().map_or(false, |x| x.0 == sp);
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for (j, &(pt, _)) in cands[i - 1].iter().enumerate() {
                    let tr = if cur_sp {
                        m.trans[pt][n]
                    } else if prev_sp {
                        m.trans[n][t]
                    } else {
                        m.trans[pt][t]
                    };
                    let s = score[j] + tr;
                    if s > best {
                        best = s;
                        arg = j;
                    }
                }
                ns.push(best + emit);
                bp.push(arg);
            }
        }
        score = ns;
        back.push(bp);
    }
    let last = &cands[len - 1];
    let mut best = f32::NEG_INFINITY;
    let mut arg = 0;
    for (j, &(t, _)) in last.iter().enumerate() {
        let s = score[j] + m.trans[t][n];
        if s > best {
            best = s;
            arg = j;
        }
    }
    let mut path = vec![0usize; len];
    for i in (0..len).rev() {
        path[i] = cands[i].get(arg).map_or(0, |x| x.0);
        if i > 0 {
            arg = back[i].get(arg).copied().unwrap_or(0);
        }
    }
    for i in 0..len {
        tokens[i].tag = m.tags.get(path[i]).copied().unwrap_or("NN").to_string();
    }
    postfix(tokens);
    abbreviation_periods(tokens);
}

/// Words whose period spaCy's tokenizer splits off but its tagger tags as part of the word
/// (the tag of the word before it), so misaki reads the two as one ("No." number, "etc.").
const ABBREVIATIONS: [&str; 34] = [
    "no", "etc", "esq", "dr", "mr", "mrs", "ms", "st", "jr", "sr", "max", "min", "vs", "approx", "fig", "vol",
    "dept", "est", "inc", "ltd", "co", "corp", "mt", "ft", "gen", "gov", "sen", "rep", "prof", "capt", "col", "lt",
    "sgt", "nos",
];

/// A period glued to an abbreviation takes the abbreviation's tag; a clitic tagged as a quote
/// becomes a word.
fn abbreviation_periods(tokens: &mut [Token]) {
    for i in 1..tokens.len() {
        let (before, rest) = tokens.split_at_mut(i);
        let (prev, tk) = (&before[i - 1], &mut rest[0]);
        if tk.text == "." && prev.whitespace.is_empty()
            && ABBREVIATIONS.iter().any(|a| prev.text.eq_ignore_ascii_case(a)) {
            tk.tag = prev.tag.clone();
        }
        // A clitic ('s, ’d, n’t...) is a word, never a quotation mark.
        if (tk.tag == "''" || tk.tag == "``") && tk.text.chars().count() > 1
            && tk.text.chars().any(|c| c.is_alphabetic()) {
            tk.tag = if tk.text.to_lowercase().ends_with('s') { "POS" } else { "MD" }.to_string();
        }
    }
}

/// Deterministic corrections for what misaki relies on.
fn postfix(tokens: &mut [Token]) {
    for i in 0..tokens.len() {
        let t = tokens[i].text.as_str();
        let newtag: Option<&str> = if t.trim().is_empty() {
            Some("_SP")
        } else if is_number(t) && t.chars().next().map_or(false, |c| c.is_ascii_digit()) {
            Some("CD")
        } else if matches!(t, "US$" | "C$" | "A$") || (t.chars().count() == 1 && t.chars().all(|c| matches!(c, '$' | '£' | '€' | '¥' | '₩' | '₹' | '₽' | '₿' | '฿'))) {
            Some("$")
        } else if t == "-" || t == "–" {
            let glued_left = i > 0 && tokens[i - 1].whitespace.is_empty() && !tokens[i - 1].text.trim().is_empty();
            let glued_right = tokens[i].whitespace.is_empty() && tokens.get(i + 1).map_or(false, |x| !x.text.trim().is_empty());
            if glued_left && glued_right {
                let num = |x: &Token| x.text.chars().next().map_or(false, |c| c.is_ascii_digit());
                if num(&tokens[i - 1]) && tokens.get(i + 1).map_or(false, num) {
                    Some("SYM")
                } else {
                    Some("HYPH")
                }
            } else {
                Some(":")
            }
        } else if matches!(t, "--" | "---" | "—" | "——") {
            Some(":")
        } else {
            None
        };
        if let Some(nt) = newtag {
            tokens[i].tag = nt.to_string();
        }
    }
    for i in 0..tokens.len() {
        let t = tokens[i].text.as_str();
        // straight double quote: opening or closing by position
        if t == "\"" || t == "''" {
            let opening = i == 0 || !tokens[i - 1].whitespace.is_empty() || tokens[i - 1].tag == "_SP"
                || matches!(tokens[i - 1].text.as_str(), "(" | "[" | "{");
            let next_space = tokens.get(i + 1).map_or(true, |n| n.tag == "_SP") || !tokens[i].whitespace.is_empty();
            tokens[i].tag = if opening && !next_space { "``" } else { "''" }.to_string();
        } else if t == "“" {
            tokens[i].tag = "``".to_string();
        } else if t == "”" {
            tokens[i].tag = "''".to_string();
        }
        if tokens[i].text.eq_ignore_ascii_case("that") {
            let next = tokens[i + 1..].iter().find(|x| x.tag != "_SP");
            let nt = next.map_or("", |x| x.tag.as_str());
            let prevt = if i > 0 { tokens[i - 1].tag.as_str() } else { "" };
            let newt = if matches!(nt, "PRP" | "DT" | "NNP" | "EX" | "PRP$" | "CD" | "NNS") && !matches!(prevt, "IN") {
                "IN"
            } else if prevt.starts_with("NN") && (nt.starts_with("VB") || nt == "MD" || nt == "RB") {
                "WDT"
            } else if nt.starts_with("NN") || nt.starts_with("JJ") {
                "DT"
            } else if nt.starts_with("VB") || nt == "MD" || matches!(nt, "." | "," | ":" | "''" | "" | "RB" | "IN") {
                "DT"
            } else {
                ""
            };
            if !newt.is_empty() {
                tokens[i].tag = newt.to_string();
            }
        }
        // VBD vs VBN from the auxiliary to the left
        if tokens[i].tag == "VBD" || tokens[i].tag == "VBN" {
            let mut j = i;
            let mut aux: Option<bool> = None; // Some(true) = perfect/passive aux
            while j > 0 {
                j -= 1;
                let p = tokens[j].text.to_lowercase();
                let pt = tokens[j].tag.as_str();
                if pt == "RB" || pt == "_SP" || p == "not" || p == "n't" {
                    if i - j > 3 {
                        break;
                    }
                    continue;
                }
                if matches!(p.as_str(), "have" | "has" | "had" | "'ve" | "’ve" | "having" | "be" | "been" | "being" | "is" | "was" | "were" | "are" | "am" | "'re" | "’re" | "'m" | "get" | "got" | "gets" | "getting") {
                    aux = Some(true);
                } else if matches!(pt, "PRP" | "NN" | "NNS" | "NNP" | "NNPS" | "WP" | "EX") {
                    aux = Some(false);
                }
                break;
            }
            match aux {
                Some(true) => tokens[i].tag = "VBN".to_string(),
                Some(false) => tokens[i].tag = "VBD".to_string(),
                None => {}
            }
        }
    }
}


/// Tag set.
#[rustfmt::skip]
const TAGS: &str = r#"$ '' , -LRB- -RRB- . : ADD CC CD DT EX FW HYPH IN JJ JJR JJS LS MD NFP NN NNP NNPS NNS PDT POS PRP PRP$ RB RBR RBS RP SYM TO UH VB VBD VBG VBN VBP VBZ WDT WP WP$ WRB XX _SP ``"#;
/// Tag bigram counts: "prev next count" entries (BOS/EOS = sentence boundary).
#[rustfmt::skip]
const TRANS: &str = r#"$ '' 12¦$ CD 27¦$ NN 3¦$ NNP 2¦$ NNS 4¦$ VBN 1¦$ VBP 1¦'' '' 44¦'' , 131¦'' -LRB- 27¦'' -RRB- 44¦
'' . 227¦'' : 38¦'' CC 178¦'' CD 1¦'' DT 11¦'' EOS 145¦'' IN 114¦'' JJ 8¦'' LS 1¦'' MD 50¦'' NFP 2¦
'' NN 596¦'' NNP 22¦'' NNS 90¦'' PRP 84¦'' PRP$ 4¦'' RB 30¦'' TO 44¦'' VB 4¦'' VBD 14¦'' VBG 3¦
'' VBN 6¦'' VBP 28¦'' VBZ 215¦'' WDT 3¦'' WRB 5¦'' _SP 4¦'' `` 8¦, '' 64¦, CC 440¦, CD 24¦, DT 417¦
, EOS 2¦, EX 14¦, FW 18¦, IN 319¦, JJ 52¦, JJR 3¦, LS 1¦, MD 6¦, NFP 4¦, NN 89¦, NNP 53¦, NNS 56¦
, PRP 350¦, PRP$ 17¦, RB 160¦, RBR 2¦, TO 23¦, UH 6¦, VB 107¦, VBD 41¦, VBG 88¦, VBN 23¦, VBP 24¦
, VBZ 24¦, WDT 74¦, WP 5¦, WP$ 1¦, WRB 34¦, _SP 1¦, `` 96¦-LRB- '' 4¦-LRB- -LRB- 2¦-LRB- -RRB- 143¦
-LRB- . 1¦-LRB- : 2¦-LRB- CC 28¦-LRB- CD 4¦-LRB- DT 36¦-LRB- FW 2¦-LRB- HYPH 1¦-LRB- IN 57¦
-LRB- JJ 37¦-LRB- JJS 1¦-LRB- LS 1¦-LRB- NFP 1¦-LRB- NN 50¦-LRB- NNP 10¦-LRB- NNPS 1¦-LRB- NNS 10¦
-LRB- PRP 6¦-LRB- RB 39¦-LRB- RBS 1¦-LRB- SYM 1¦-LRB- TO 3¦-LRB- UH 1¦-LRB- VB 39¦-LRB- VBD 1¦
-LRB- VBG 23¦-LRB- VBN 10¦-LRB- VBZ 2¦-LRB- WDT 8¦-LRB- WRB 3¦-LRB- `` 27¦-RRB- '' 133¦-RRB- , 43¦
-RRB- -LRB- 3¦-RRB- -RRB- 2¦-RRB- . 141¦-RRB- : 4¦-RRB- CC 26¦-RRB- DT 9¦-RRB- EOS 28¦-RRB- IN 28¦
-RRB- JJ 2¦-RRB- MD 11¦-RRB- NFP 1¦-RRB- NN 39¦-RRB- NNP 1¦-RRB- NNS 11¦-RRB- PRP 3¦-RRB- RB 6¦
-RRB- TO 4¦-RRB- VBD 2¦-RRB- VBN 4¦-RRB- VBP 17¦-RRB- VBZ 28¦-RRB- WDT 1¦-RRB- WP$ 1¦-RRB- _SP 14¦
-RRB- `` 9¦. '' 214¦. , 1¦. -LRB- 22¦. -RRB- 41¦. . 4¦. : 3¦. ADD 1¦. CC 6¦. CD 13¦. DT 224¦
. EOS 1108¦. EX 5¦. IN 103¦. JJ 11¦. LS 1¦. MD 4¦. NFP 9¦. NN 41¦. NNP 46¦. NNS 22¦. PDT 1¦. PRP 178¦
. PRP$ 19¦. RB 82¦. TO 6¦. UH 3¦. VB 39¦. VBD 1¦. VBG 8¦. VBN 3¦. VBP 3¦. WRB 30¦. XX 5¦. _SP 1881¦
. `` 133¦: '' 19¦: -LRB- 1¦: . 1¦: : 3¦: ADD 285¦: CC 2¦: CD 4¦: DT 52¦: EOS 215¦: EX 3¦: FW 4¦
: IN 25¦: JJ 24¦: LS 5¦: MD 3¦: NFP 25¦: NN 94¦: NNP 24¦: NNS 12¦: PRP 35¦: RB 24¦: TO 1¦: VB 39¦
: VBD 2¦: VBG 2¦: VBN 5¦: VBZ 4¦: WDT 1¦: WRB 4¦: XX 72¦: _SP 2¦: `` 49¦ADD '' 18¦ADD -LRB- 1¦
ADD . 7¦ADD : 1¦ADD ADD 2¦ADD CC 1¦ADD EOS 286¦ADD IN 1¦ADD NFP 1¦ADD NN 4¦ADD VBP 1¦ADD VBZ 1¦
ADD XX 2¦BOS -LRB- 2¦BOS CC 11¦BOS CD 9¦BOS DT 616¦BOS EOS 9¦BOS EX 31¦BOS IN 258¦BOS JJ 35¦
BOS JJR 1¦BOS JJS 1¦BOS LS 1¦BOS MD 6¦BOS NN 52¦BOS NNP 27¦BOS NNS 39¦BOS PDT 2¦BOS PRP 195¦
BOS PRP$ 13¦BOS RB 99¦BOS RBR 1¦BOS RBS 2¦BOS TO 49¦BOS UH 6¦BOS VB 109¦BOS VBD 8¦BOS VBG 28¦
BOS VBN 28¦BOS VBP 2¦BOS VBZ 1¦BOS WDT 4¦BOS WP 2¦BOS WRB 93¦BOS XX 1¦BOS _SP 35¦BOS `` 142¦CC '' 11¦
CC , 6¦CC -LRB- 1¦CC -RRB- 4¦CC . 1¦CC CD 24¦CC DT 252¦CC EX 4¦CC HYPH 1¦CC IN 81¦CC JJ 100¦
CC JJR 18¦CC MD 23¦CC NFP 10¦CC NN 149¦CC NNP 43¦CC NNS 85¦CC PRP 106¦CC PRP$ 17¦CC RB 137¦CC RBR 2¦
CC SYM 2¦CC TO 1¦CC VB 153¦CC VBD 65¦CC VBG 27¦CC VBN 38¦CC VBP 30¦CC VBZ 72¦CC WDT 2¦CC WP 3¦
CC WP$ 1¦CC WRB 25¦CC `` 186¦CD '' 38¦CD , 62¦CD -LRB- 1¦CD -RRB- 11¦CD . 67¦CD : 38¦CD ADD 2¦
CD CC 23¦CD CD 13¦CD DT 3¦CD HYPH 6¦CD IN 84¦CD JJ 33¦CD JJR 2¦CD LS 2¦CD MD 2¦CD NFP 4¦CD NN 130¦
CD NNP 3¦CD NNS 189¦CD RB 7¦CD SYM 8¦CD TO 3¦CD VBD 1¦CD VBG 3¦CD VBN 3¦CD VBZ 10¦CD WDT 2¦CD WRB 2¦
CD XX 2¦CD _SP 1¦CD `` 4¦DT $ 1¦DT '' 12¦DT , 18¦DT -LRB- 20¦DT -RRB- 8¦DT . 34¦DT : 42¦DT ADD 1¦
DT CC 4¦DT CD 52¦DT DT 5¦DT FW 1¦DT HYPH 8¦DT IN 81¦DT JJ 1791¦DT JJR 27¦DT JJS 29¦DT MD 73¦DT NFP 6¦
DT NN 4869¦DT NNP 181¦DT NNPS 3¦DT NNS 611¦DT PRP 9¦DT PRP$ 2¦DT RB 68¦DT RBR 10¦DT RBS 19¦DT RP 1¦
DT TO 11¦DT VB 9¦DT VBD 5¦DT VBG 123¦DT VBN 137¦DT VBP 26¦DT VBZ 299¦DT WRB 1¦DT XX 4¦DT `` 725¦
EX DT 3¦EX MD 6¦EX RB 1¦EX VBD 5¦EX VBP 50¦EX VBZ 78¦FW '' 14¦FW , 2¦FW -LRB- 4¦FW -RRB- 5¦FW . 3¦
FW CC 1¦FW DT 2¦FW EOS 1¦FW FW 8¦FW NFP 1¦FW NN 2¦FW RB 1¦FW _SP 2¦FW `` 5¦HYPH '' 10¦HYPH -RRB- 1¦
HYPH CC 1¦HYPH DT 3¦HYPH IN 4¦HYPH JJ 29¦HYPH NN 158¦HYPH NNP 78¦HYPH NNS 9¦HYPH PRP 1¦HYPH RB 7¦
HYPH RBR 2¦HYPH RP 52¦HYPH UH 1¦HYPH VB 1¦HYPH VBG 4¦HYPH VBN 25¦IN $ 13¦IN '' 109¦IN , 21¦
IN -LRB- 5¦IN -RRB- 3¦IN . 21¦IN : 23¦IN ADD 1¦IN CC 10¦IN CD 170¦IN DT 3685¦IN EOS 2¦IN EX 34¦
IN HYPH 15¦IN IN 151¦IN JJ 378¦IN JJR 24¦IN JJS 16¦IN MD 1¦IN NFP 27¦IN NN 760¦IN NNP 268¦IN NNPS 9¦
IN NNS 345¦IN PDT 10¦IN PRP 515¦IN PRP$ 162¦IN RB 93¦IN RBR 3¦IN RBS 4¦IN SYM 6¦IN TO 3¦IN VBG 289¦
IN VBN 52¦IN VBP 1¦IN VBZ 19¦IN WDT 28¦IN WP 22¦IN WRB 34¦IN XX 1¦IN `` 340¦JJ $ 1¦JJ '' 165¦
JJ , 147¦JJ -LRB- 22¦JJ -RRB- 27¦JJ . 172¦JJ : 32¦JJ CC 81¦JJ CD 22¦JJ DT 4¦JJ HYPH 41¦JJ IN 261¦
JJ JJ 161¦JJ JJR 7¦JJ MD 4¦JJ NFP 6¦JJ NN 1840¦JJ NNP 31¦JJ NNPS 1¦JJ NNS 707¦JJ POS 1¦JJ PRP 6¦
JJ RB 11¦JJ RBR 2¦JJ SYM 2¦JJ TO 72¦JJ VBD 3¦JJ VBG 6¦JJ VBN 19¦JJ VBP 1¦JJ VBZ 11¦JJ WDT 3¦JJ WP 1¦
JJ WRB 13¦JJ `` 46¦JJR '' 9¦JJR , 3¦JJR . 16¦JJR : 1¦JJR CC 2¦JJR CD 1¦JJR IN 46¦JJR JJ 6¦JJR MD 1¦
JJR NN 39¦JJR NNS 19¦JJR RP 1¦JJR TO 19¦JJR VBG 1¦JJR `` 1¦JJS -LRB- 1¦JJS . 3¦JJS CD 1¦JJS DT 1¦
JJS IN 5¦JJS JJ 8¦JJS NN 17¦JJS NNP 2¦JJS NNS 16¦JJS RB 3¦JJS VBD 1¦JJS VBG 4¦LS '' 4¦LS -LRB- 1¦
LS -RRB- 4¦LS . 1¦LS : 4¦LS HYPH 1¦LS LS 4¦LS NN 1¦LS NNS 1¦LS VB 5¦LS XX 3¦LS _SP 1¦MD , 4¦
MD -RRB- 1¦MD CC 5¦MD DT 2¦MD PRP 10¦MD RB 256¦MD VB 1164¦NFP '' 93¦NFP -LRB- 31¦NFP -RRB- 4¦
NFP . 12¦NFP : 3¦NFP ADD 2¦NFP CC 3¦NFP CD 3¦NFP DT 10¦NFP EOS 34¦NFP IN 28¦NFP JJ 12¦NFP JJR 6¦
NFP MD 1¦NFP NFP 235¦NFP NN 59¦NFP NNP 8¦NFP NNPS 1¦NFP NNS 14¦NFP RB 6¦NFP VB 3¦NFP VBN 7¦NFP VBP 3¦
NFP VBZ 17¦NFP WDT 2¦NFP `` 5¦NN $ 1¦NN '' 630¦NN , 1085¦NN -LRB- 224¦NN -RRB- 143¦NN . 1697¦
NN : 400¦NN CC 383¦NN CD 66¦NN DT 107¦NN EOS 8¦NN EX 2¦NN HYPH 116¦NN IN 2157¦NN JJ 58¦NN JJR 4¦
NN MD 306¦NN NFP 82¦NN NN 1503¦NN NNP 52¦NN NNS 552¦NN PDT 1¦NN POS 65¦NN PRP 156¦NN PRP$ 5¦
NN RB 200¦NN RBR 9¦NN RP 4¦NN SYM 18¦NN TO 211¦NN UH 2¦NN VB 23¦NN VBD 178¦NN VBG 78¦NN VBN 130¦
NN VBP 74¦NN VBZ 1315¦NN WDT 176¦NN WP 7¦NN WP$ 8¦NN WRB 44¦NN XX 1¦NN _SP 7¦NN `` 136¦NNP '' 277¦
NNP , 90¦NNP -LRB- 40¦NNP -RRB- 31¦NNP . 145¦NNP : 41¦NNP ADD 1¦NNP CC 43¦NNP CD 23¦NNP DT 9¦
NNP EOS 4¦NNP HYPH 99¦NNP IN 44¦NNP JJ 8¦NNP LS 1¦NNP MD 40¦NNP NFP 11¦NNP NN 198¦NNP NNP 132¦
NNP NNPS 7¦NNP NNS 58¦NNP POS 9¦NNP PRP 10¦NNP RB 21¦NNP SYM 26¦NNP TO 21¦NNP UH 1¦NNP VB 3¦
NNP VBD 63¦NNP VBG 2¦NNP VBN 4¦NNP VBP 4¦NNP VBZ 96¦NNP WDT 5¦NNP WRB 6¦NNP _SP 15¦NNP `` 6¦
NNPS '' 3¦NNPS , 3¦NNPS -LRB- 1¦NNPS -RRB- 1¦NNPS . 3¦NNPS : 1¦NNPS CC 2¦NNPS IN 5¦NNPS MD 2¦
NNPS NFP 1¦NNPS NN 2¦NNPS RB 3¦NNPS SYM 1¦NNPS VBD 3¦NNS '' 63¦NNS , 381¦NNS -LRB- 63¦NNS -RRB- 42¦
NNS . 582¦NNS : 109¦NNS CC 176¦NNS CD 15¦NNS DT 23¦NNS EOS 1¦NNS HYPH 4¦NNS IN 641¦NNS JJ 30¦
NNS MD 147¦NNS NFP 15¦NNS NN 38¦NNS NNP 6¦NNS NNS 20¦NNS POS 5¦NNS PRP 56¦NNS PRP$ 1¦NNS RB 110¦
NNS RBR 2¦NNS RP 6¦NNS SYM 6¦NNS TO 79¦NNS VB 11¦NNS VBD 52¦NNS VBG 34¦NNS VBN 94¦NNS VBP 412¦
NNS VBZ 55¦NNS WDT 133¦NNS WP 3¦NNS WP$ 2¦NNS WRB 18¦NNS `` 22¦PDT DT 43¦PDT PRP$ 2¦PDT WDT 1¦
POS -RRB- 1¦POS JJ 3¦POS NN 56¦POS NNP 5¦POS NNS 10¦POS `` 5¦PRP '' 16¦PRP , 52¦PRP -LRB- 6¦
PRP -RRB- 2¦PRP . 141¦PRP : 16¦PRP CC 4¦PRP CD 1¦PRP DT 39¦PRP IN 116¦PRP JJ 12¦PRP JJR 11¦
PRP MD 668¦PRP NFP 7¦PRP NN 13¦PRP NNP 1¦PRP NNS 1¦PRP PRP 7¦PRP RB 120¦PRP RBR 1¦PRP RP 16¦
PRP TO 39¦PRP VB 44¦PRP VBD 486¦PRP VBG 2¦PRP VBN 6¦PRP VBP 670¦PRP VBZ 395¦PRP WRB 6¦PRP `` 1¦
PRP$ JJ 61¦PRP$ JJS 3¦PRP$ NN 253¦PRP$ NNP 3¦PRP$ NNS 43¦PRP$ VBG 2¦PRP$ VBN 1¦PRP$ VBZ 1¦PRP$ `` 5¦
RB $ 9¦RB '' 63¦RB , 297¦RB -LRB- 5¦RB -RRB- 6¦RB . 309¦RB : 37¦RB ADD 1¦RB CC 41¦RB CD 43¦RB DT 156¦
RB EX 2¦RB HYPH 7¦RB IN 331¦RB JJ 170¦RB JJR 10¦RB JJS 1¦RB MD 7¦RB NFP 2¦RB NN 13¦RB NNP 10¦
RB NNS 16¦RB PDT 1¦RB PRP 125¦RB PRP$ 3¦RB RB 181¦RB RBR 6¦RB RBS 5¦RB TO 24¦RB UH 1¦RB VB 561¦
RB VBD 53¦RB VBG 55¦RB VBN 312¦RB VBP 97¦RB VBZ 121¦RB WP 3¦RB WRB 43¦RB `` 31¦RBR , 3¦RBR . 6¦
RBR CC 1¦RBR IN 7¦RBR JJ 31¦RBR PRP 1¦RBR RB 9¦RBR VB 2¦RBR VBN 1¦RBR VBP 1¦RBR `` 2¦RBS CD 7¦
RBS JJ 11¦RBS RB 6¦RBS VBG 3¦RBS VBN 4¦RP '' 1¦RP , 10¦RP -RRB- 2¦RP . 27¦RP : 2¦RP CC 8¦RP CD 3¦
RP DT 31¦RP IN 52¦RP JJ 2¦RP JJR 1¦RP JJS 1¦RP NN 23¦RP NNS 24¦RP PRP$ 2¦RP RB 9¦RP TO 6¦RP VBG 3¦
RP WDT 1¦RP WP 6¦RP WRB 3¦RP `` 5¦SYM '' 5¦SYM -RRB- 1¦SYM ADD 5¦SYM CC 3¦SYM CD 10¦SYM DT 1¦
SYM IN 2¦SYM JJ 1¦SYM NN 22¦SYM NNP 21¦SYM NNPS 1¦SYM NNS 7¦SYM RB 1¦SYM SYM 1¦SYM TO 1¦SYM VBN 1¦
SYM VBZ 1¦SYM `` 1¦TO -LRB- 1¦TO . 5¦TO CD 2¦TO NN 10¦TO NNS 3¦TO RB 22¦TO RBR 1¦TO VB 1130¦TO VBZ 1¦
TO WDT 3¦TO _SP 1¦TO `` 8¦UH '' 42¦UH , 7¦UH -RRB- 1¦UH . 2¦UH : 1¦UH CD 1¦UH DT 1¦UH IN 1¦UH JJS 1¦
UH NN 2¦UH NNP 1¦UH PRP 2¦UH RB 2¦UH VB 8¦UH VBP 3¦UH WRB 2¦UH `` 1¦VB $ 5¦VB '' 60¦VB , 38¦
VB -LRB- 3¦VB -RRB- 4¦VB . 93¦VB : 19¦VB ADD 2¦VB CC 26¦VB CD 44¦VB DT 1195¦VB EOS 2¦VB HYPH 6¦
VB IN 378¦VB JJ 175¦VB JJR 6¦VB JJS 1¦VB MD 24¦VB NFP 12¦VB NN 166¦VB NNP 67¦VB NNPS 2¦VB NNS 107¦
VB PDT 14¦VB PRP 248¦VB PRP$ 54¦VB RB 142¦VB RBR 1¦VB RP 69¦VB TO 89¦VB VB 16¦VB VBG 47¦VB VBN 403¦
VB VBP 3¦VB VBZ 17¦VB WDT 10¦VB WP 26¦VB WRB 27¦VB `` 80¦VBD $ 3¦VBD , 47¦VBD -LRB- 2¦VBD . 99¦
VBD : 1¦VBD CC 6¦VBD CD 21¦VBD DT 161¦VBD EOS 1¦VBD IN 145¦VBD JJ 56¦VBD JJR 10¦VBD JJS 1¦VBD MD 1¦
VBD NN 13¦VBD NNP 17¦VBD NNS 21¦VBD PDT 4¦VBD PRP 80¦VBD PRP$ 28¦VBD RB 123¦VBD RP 21¦VBD TO 34¦
VBD VB 3¦VBD VBG 29¦VBD VBN 106¦VBD VBZ 18¦VBD WP 4¦VBD WRB 2¦VBD XX 2¦VBD _SP 2¦VBD `` 3¦VBG '' 5¦
VBG , 15¦VBG -LRB- 4¦VBG -RRB- 4¦VBG . 34¦VBG : 5¦VBG CC 15¦VBG CD 8¦VBG DT 336¦VBG HYPH 17¦
VBG IN 133¦VBG JJ 41¦VBG JJR 4¦VBG MD 1¦VBG NFP 3¦VBG NN 150¦VBG NNP 29¦VBG NNPS 2¦VBG NNS 84¦
VBG PDT 1¦VBG PRP 39¦VBG PRP$ 10¦VBG RB 33¦VBG RP 17¦VBG SYM 1¦VBG TO 17¦VBG UH 1¦VBG VB 1¦VBG VBG 6¦
VBG VBN 20¦VBG VBP 1¦VBG VBZ 7¦VBG WP 1¦VBG WRB 1¦VBG `` 61¦VBN $ 1¦VBN '' 11¦VBN , 111¦VBN -LRB- 18¦
VBN -RRB- 17¦VBN . 283¦VBN : 36¦VBN ADD 1¦VBN CC 59¦VBN CD 7¦VBN DT 64¦VBN EX 2¦VBN HYPH 61¦
VBN IN 1009¦VBN JJ 44¦VBN JJR 1¦VBN MD 2¦VBN NFP 8¦VBN NN 135¦VBN NNP 14¦VBN NNS 71¦VBN PRP 7¦
VBN PRP$ 2¦VBN RB 148¦VBN RBR 3¦VBN RP 18¦VBN SYM 1¦VBN TO 117¦VBN VBD 1¦VBN VBG 29¦VBN VBN 46¦
VBN VBP 4¦VBN VBZ 10¦VBN WDT 5¦VBN WRB 37¦VBN `` 21¦VBP $ 3¦VBP '' 6¦VBP , 28¦VBP -LRB- 2¦
VBP -RRB- 3¦VBP . 31¦VBP : 15¦VBP CC 3¦VBP CD 30¦VBP DT 273¦VBP EX 1¦VBP IN 123¦VBP JJ 109¦VBP JJR 4¦
VBP MD 1¦VBP NFP 3¦VBP NN 47¦VBP NNP 22¦VBP NNS 45¦VBP PDT 1¦VBP PRP 34¦VBP PRP$ 3¦VBP RB 258¦
VBP RBR 3¦VBP RP 8¦VBP TO 157¦VBP VB 7¦VBP VBG 69¦VBP VBN 257¦VBP VBP 1¦VBP VBZ 3¦VBP WDT 6¦VBP WP 5¦
VBP WRB 5¦VBP XX 1¦VBP `` 26¦VBZ '' 3¦VBZ , 18¦VBZ -LRB- 4¦VBZ -RRB- 1¦VBZ . 47¦VBZ : 22¦VBZ CC 2¦
VBZ CD 56¦VBZ DT 783¦VBZ EX 4¦VBZ IN 389¦VBZ JJ 205¦VBZ JJR 20¦VBZ JJS 1¦VBZ MD 1¦VBZ NFP 6¦
VBZ NN 60¦VBZ NNP 17¦VBZ NNS 38¦VBZ PDT 8¦VBZ PRP 88¦VBZ PRP$ 9¦VBZ RB 404¦VBZ RBR 11¦VBZ RP 9¦
VBZ TO 43¦VBZ UH 2¦VBZ VB 6¦VBZ VBD 5¦VBZ VBG 41¦VBZ VBN 635¦VBZ VBP 3¦VBZ VBZ 2¦VBZ WDT 4¦VBZ WP 5¦
VBZ WP$ 2¦VBZ WRB 30¦VBZ `` 46¦WDT , 2¦WDT -LRB- 1¦WDT DT 15¦WDT JJ 3¦WDT JJS 1¦WDT MD 47¦WDT NN 23¦
WDT NNP 5¦WDT NNS 11¦WDT PRP 23¦WDT PRP$ 3¦WDT RB 15¦WDT TO 1¦WDT VB 1¦WDT VBD 29¦WDT VBP 106¦
WDT VBZ 183¦WDT WRB 1¦WDT `` 4¦WP . 3¦WP DT 15¦WP IN 4¦WP MD 1¦WP NN 6¦WP NNS 1¦WP PRP 26¦WP RB 6¦
WP TO 8¦WP VBD 23¦WP VBG 1¦WP VBZ 14¦WP$ JJ 3¦WP$ NN 8¦WP$ NNS 1¦WP$ `` 3¦WRB . 1¦WRB ADD 1¦WRB CC 1¦
WRB CD 1¦WRB DT 178¦WRB EX 4¦WRB IN 7¦WRB JJ 12¦WRB NFP 2¦WRB NN 12¦WRB NNP 14¦WRB NNS 5¦WRB PRP 171¦
WRB PRP$ 5¦WRB RB 4¦WRB TO 23¦WRB VBD 4¦WRB VBG 61¦WRB VBN 8¦WRB VBP 4¦WRB `` 10¦XX '' 9¦XX , 1¦
XX -RRB- 3¦XX . 1¦XX ADD 1¦XX CD 5¦XX DT 5¦XX EOS 72¦XX IN 6¦XX LS 6¦XX NN 5¦XX NNP 1¦XX PRP 3¦
XX SYM 2¦XX VBN 1¦XX VBP 2¦XX XX 10¦XX `` 2¦_SP '' 1¦_SP -LRB- 21¦_SP . 1¦_SP CC 67¦_SP CD 4¦
_SP DT 517¦_SP EX 34¦_SP IN 337¦_SP JJ 43¦_SP JJR 5¦_SP JJS 5¦_SP LS 1¦_SP NFP 3¦_SP NN 54¦
_SP NNP 46¦_SP NNPS 2¦_SP NNS 30¦_SP PDT 3¦_SP PRP 216¦_SP PRP$ 5¦_SP RB 227¦_SP RBR 2¦_SP TO 76¦
_SP UH 2¦_SP VB 140¦_SP VBD 13¦_SP VBG 19¦_SP VBN 3¦_SP VBP 11¦_SP VBZ 1¦_SP WDT 1¦_SP WP 3¦
_SP WRB 47¦_SP XX 5¦_SP `` 22¦`` $ 13¦`` '' 13¦`` , 12¦`` -LRB- 16¦`` -RRB- 11¦`` . 50¦`` : 142¦
`` ADD 20¦`` CC 18¦`` CD 44¦`` DT 39¦`` EX 3¦`` FW 18¦`` HYPH 3¦`` IN 140¦`` JJ 164¦`` JJR 1¦`` LS 6¦
`` MD 3¦`` NFP 115¦`` NN 620¦`` NNP 332¦`` NNPS 2¦`` NNS 69¦`` PRP 109¦`` PRP$ 6¦`` RB 84¦`` RBR 3¦
`` SYM 10¦`` TO 2¦`` UH 52¦`` VB 53¦`` VBD 5¦`` VBG 17¦`` VBN 11¦`` VBP 10¦`` VBZ 9¦`` WDT 1¦
`` WP 12¦`` WRB 12¦`` XX 26¦`` _SP 1¦`` `` 57¦"#;
/// P(tag|word) in percent; key lowercase, or exact case for capitalised words seen mid-sentence.
#[rustfmt::skip]
const LEX: &str = r#"! .:98 ,:2¦" ``:52 '':48¦"except" NN¦"finally RB¦# $:50 NNS:25 NN:25¦% NN:60 UH:40¦& CC¦
' ``:49 '':47 POS:2¦'' ''¦'d MD¦'ll MD¦'m VBP¦'s VBZ:75 POS:12 PRP:12¦'ve VBP¦( -LRB-¦) -RRB-¦
): ::69 .:25 VBN:6¦* NFP:38 NN:18 JJ:12 NNP:7 '':4 HYPH:3 ::3 NNS:3 CD:2 SYM:2 IN:2¦
+ NN:56 CC:22 NNP:11 CD:11¦, ,¦-1 UH:50 VB:50¦-1**2 NN¦-= UH¦-c NN¦-f UH¦-i JJ:33 NNP:33 UH:33¦
-m NN:75 -RRB-:25¦. .¦.. NFP¦... ::67 NFP:33¦.pdbrc NN¦.vim .¦/ SYM:89 ,:5 ::5¦// ,:50 ``:50¦
/usr NNP:50 SYM:50¦0 CD¦0.0 CD¦0.25 CD¦007 CD¦0134 CD¦0x NN¦1 CD:83 LS:17¦1.0 CD¦10 CD¦100 CD¦
10:30 CD¦11 CD¦12 CD¦128 CD¦14 CD¦15 CD¦15,000 CD¦150 CD¦16 CD¦17 CD¦18,500 CD¦1962 CD¦1987 CD¦
1990 CD¦2 CD:92 LS:8¦2.1 CD¦2.3 CD¦2.4 CD¦20 CD¦200 CD¦2005 CD¦2019 CD¦2023 CD¦2025 CD¦24 CD¦25 CD¦
250 CD¦255 CD¦2f NNS¦3 CD:75 LS:25¦3.0 CD¦3.10 CD¦3.11 CD¦3.12 CD¦3.13 CD¦3.2 CD¦3.3 CD¦3.4 CD¦
3.5 CD¦3.6 CD¦3.7 CD¦3.8 CD¦3.9 CD¦30 CD¦300 CD¦300,000 CD¦31 CD¦3131 CD¦32 CD¦33 CD¦3dw JJ¦3j NN¦
4 CD:82 LS:18¦40 CD¦42 CD¦42.50 CD¦45,231 CD¦4:15 CD¦4j NNS:50 CD:50¦5 CD¦5,000 CD¦5.0 CD¦52,000 CD¦
555 CD¦572 CD¦6 CD¦649 CD¦667 CD¦7 CD¦78 CD¦8 CD¦8.2 CD¦80 CD¦82 CD¦9 CD¦98 CD¦: :¦:) :¦; :¦
< XX:71 ADD:29¦= NN:36 PRP:21 NNS:18 SYM:14 ADD:7 NNP:4¦> ADD:71 XX:19 NFP:9¦? .¦@ VBN¦@. NN¦@@@ NNP¦
@classmethod NNP¦@staticmethod NNP¦A NNP:50 DT:33 NN:17¦API NN¦AS NNP:67 NN:33¦ASCII JJ:67 NNP:33¦
Adams NNP¦Add NNP:75 NN:25¦Americans NNPS¦Annotations NNS¦Boolean JJ¦C NNP:55 NN:45¦C++ NNP¦C3 NNP¦
CPython NNP¦CR NNP¦CTRL NNP¦CTRL- VBP¦CTRL-^ NNP:67 NN:33¦Calls NNS¦Camden NNP¦Christmas NNP¦
Cole NNP¦Command NN:67 NNP:33¦Comparisons NNP:50 NNS:50¦Context NNP¦D NN:50 NNP:50¦Dad NNP¦
Daniel NNP¦Descriptors NNPS¦Dickens NNP¦Dictionary NNP¦Dr. NNP¦E NNP:67 NN:33¦Edit NNP¦Emma NNP¦
Empire NNP¦English NNP¦Enter VB¦Esc NN:67 NNP:33¦Ex NNP¦Exceptions NNS¦F. NNP¦F5 NNP:50 NN:50¦
FAQ NNP¦Format NNP¦Formatting NNP¦Friday NNP¦Function NN:67 NNP:33¦G NNP¦GUI NNP¦Generic JJ¦
GenericAlias NNP¦GetMessage NNP¦Global NNP¦Grant NNP¦H NNP¦HOME NN:50 NNP:50¦HTML NNP¦Hebrew NNP¦
Hollis NNP¦I. NNP¦ID NN¦Implementing VBG¦Insert NNP¦James NNP¦January NNP¦Java NNP¦June NNP¦
Lambdas NNP¦Lee NNP¦Leeds NNPS¦List NN:64 NNP:36¦Louis NNP¦M NNP¦MS NNP¦Managers NNP¦Margaret NNP¦
Metaclasses NNPS¦Microsoft NNP¦Missouri NNP¦Monday NNP¦Mr. NNP¦Ms. NNP¦N NNP:57 NN:14 DT:14 CD:14¦
N. NNP¦NFKC NN:50 NNP:50¦Naming NNP¦New NNP:50 JJ:50¦Normal NNP:50 JJ:50¦O NN:60 UH:20 NNP:20¦O. NNP¦
OK JJ¦OR NN:80 NNP:20¦Objects NNS:50 NNPS:50¦October NNP¦Omni NNP¦Oxford NNP¦P NN:56 NNP:44¦
PEP NN:67 NNP:33¦Paddington NNP¦Patel NNP¦Prof. NNP¦Python NNP¦R NN:83 NNP:17¦Richard NNP¦Rivera NNP¦
Roman NNP¦Romans NNPS¦Sarah NNP¦Saturday NNP¦Select NNP¦Sentence NNP:50 NN:50¦Sequence NNP¦
Settings NNPS¦St. NNP¦Standard NNP¦Statement NN¦String NNP¦Syntax NNP¦TODO NNP¦Tab NNP¦The DT¦
Tuesday NNP¦U NNP:50 NN:50¦U.N. NNP¦UNIX NNP¦URLs NNS¦UnboundLocalError NNP¦Unicode NNP¦Unix NNP¦
V NNP¦VIMRUNTIME NNS:67 NNP:17 NN:17¦VMS NNP¦Vi NNP¦Vim NNP:76 VBD:6 VB:6 VBN:5 JJ:4 NN:3¦
Visual JJ:91 NNP:9¦W NNP:83 NN:17¦Whitfield NNP¦Windows NNP:94 JJ:6¦With IN¦Word NN:67 NNP:33¦
X NNP:43 NN:29 NNS:14 JJ:14¦Y NNP¦Z NN¦[ XX¦\ NNP:67 NN:17 FW:17¦\") CD¦\+ NN¦\. NNP¦\_s FW¦\a NNP¦
\c NN¦\u ADD:50 FW:50¦] -RRB-:52 XX:48¦^ NNS¦_ NFP¦a.x NNP¦abandon VB:67 VBP:33¦
abbreviate NNP:50 VB:50¦abbreviated VBN¦abbreviation NN¦abbreviations NNS¦abc NNP¦able JJ¦aboard RB¦
about IN:93 RB:5¦above RB:54 IN:40 JJ:6¦absolute JJ¦abstract JJ¦accept VB:67 VBP:33¦acceptable JJ¦
accepted VBN¦accepts VBZ¦access NN:95 VB:5¦accessed VBN¦accessible JJ¦accessing VBG¦accidentally RB¦
according VBG¦accordingly RB¦account NN¦accounts NNS¦accuse VB¦acquire VB¦across IN¦actions NNS¦
active JJ¦acts VBZ¦actual JJ¦actually RB¦ad NN¦add VB:87 VBP:11 NNP:2¦added VBN:61 VBD:39¦adding VBG¦
addition NN¦additional JJ¦address NN:80 VB:20¦adds VBZ¦adjust VBP:50 VB:50¦advanced JJ¦advantage NN¦
affect VB:71 VBP:29¦after IN:97 RB:3¦afternoon NN¦afternoons NNS¦again RB¦against IN¦agree VB¦ah UH¦
aid VB:50 NN:50¦air NN¦airport NN¦alias NN:75 NNS:25¦aliases NNS¦alignment NN¦alist NN¦alive JJ¦
all DT:76 PDT:16 RB:8¦allow VB:70 VBP:30¦allowed VBN¦allowing VBG¦allows VBZ¦almost RB¦along IN¦
alphabetic JJ¦already RB¦also RB¦alternate JJ¦alternative NN¦alternatives NNS¦although IN¦always RB¦
am VBP¦ambiguity NN¦ambiguous JJ¦amount NN¦and CC¦and/or CC:80 ADD:20¦annotated VBN:67 JJ:33¦
annotation NN¦annotations NNS¦anonymous JJ¦another DT¦answer VB:75 NN:25¦answered VBD¦answers NNS¦
any DT¦any(x NN¦anyone NN¦anything NN¦anyway RB¦anywhere RB¦ap UH:50 NNP:50¦apart RB¦
appear VB:69 VBP:31¦appeared VBD¦appears VBZ¦append VB:57 NN:43¦appended VBN¦appending VBG¦
apples NNS¦applicable JJ¦application NN¦applied VBN:89 VBD:11¦applies VBZ¦apply VBP:71 VB:29¦
appropriate JJ¦approved VBN¦arbitrary JJ¦archive NN:80 JJ:20¦archives NNS¦are VBP¦area NN¦
arguing VBG¦argument NN¦arguments NNS¦arithmetic JJ¦around IN:49 RB:46 RP:6¦arrived VBD¦
as IN:91 RB:9¦ask VB¦asked VBD:82 VBN:18¦asking VBG¦assembled VBN¦assert NN:50 JJ:50¦assign VB¦
assigned VBN¦assigning VBG¦assignment NN:89 JJ:5 NNP:5¦assignments NNS¦assigns VBZ¦
associated VBN:75 JJ:25¦assume VB:67 VBP:33¦assumed VBN¦assumes VBZ¦assuming VBG¦async NN:89 JJ:11¦
asynchronous JJ¦at IN:95 RB:5¦ate VBD¦atom NN¦attached VBN¦attempt NN:67 VB:33¦attempting VBG¦
attribute NN:95 VBP:3 NNP:3¦attributeerror NNP¦attributes NNS:85 VBZ:15¦auditors NNS¦augmented JJ¦
augroup NN¦authors NNS¦autocommand NN:83 NNP:17¦autocommands NNS¦autoload NN:62 JJ:25 NNP:12¦
automagically RB¦automatic JJ¦automatically RB¦available JJ¦avoid VB:96 VBP:4¦avoided VBN¦avoids VBZ¦
aw UH¦await NNP:67 UH:33¦awaitable JJ:50 NN:50¦aware JJ¦away RB:92 NN:8¦b NN:45 LS:23 NNP:23 XX:9¦
back RB:95 RP:5¦background NN¦backslash NN¦backslashes NNS¦backup JJ¦backward RB:57 JJ:43¦
backwards RB:88 JJ:12¦bad JJ¦badge NN¦bag NN¦bank NN¦bar NN¦bars NNS¦base NN¦based VBN¦bases NNS¦
basic JJ¦be VB¦because IN¦become VBP:57 VB:43¦becomes VBZ¦bed NN¦been VBN¦before IN:86 RB:14¦
began VBD¦begin VBP:83 VB:17¦beginning NN:80 VBG:20¦begins VBZ¦behave VBP¦behaves NNS:50 VBZ:50¦
behavior NN¦behaviors NNS¦behaviour NN¦being VBG¦believe VB¦belong VBP:75 VB:25¦below IN:51 RB:49¦
ben NNP¦bench NN¦benches NNS¦bent NN¦beside IN¦besides IN¦best JJS:80 RB:20¦
better JJR:50 RBR:43 RB:7¦between IN¦big JJ¦binaries NNS¦binary JJ¦bind VB¦
binding VBG:57 JJ:22 NN:22¦bindings NNS¦binds VBZ¦birds NNS¦bit NN:87 VB:13¦bitmap NN¦bits NNS¦
bitwise NN¦blank JJ¦block NN¦blocks NNS:92 VBZ:8¦blockwise NN:67 VB:33¦blue JJ¦board NN¦body NN¦
book NN¦books NNS¦bookshop NN¦bool NN¦boolean JJ:83 NNP:17¦boring JJ¦born VBN¦boss NN¦
both DT:92 CC:8¦bottom NN:86 JJ:14¦bound VBN:89 JJ:11¦bounds NNS¦bow NN¦box NN¦boxes NNS¦boy NN¦
boys NNS¦brace NN:67 JJ:33¦braces NNS¦brackets NNS¦brain NN¦branch NN:80 VB:20¦bread NN¦
break NN:52 VB:28 JJ:21¦breakfast NN¦breaking VBG¦breakpoints NNS¦breaks NNS¦bright JJ¦bring VB¦
broken JJ:50 VBN:50¦brother NN¦brought VBD¦browse VB¦browser NN¦buffer NN¦buffers NNS¦building NN¦
built VBN:94 VBD:6¦built- NNP¦builtin JJ:75 RB:25¦builtins NNS:70 VBZ:30¦buses NNS¦but CC¦buy VB¦
bypassing VBG¦byte JJ¦bytearray NN¦bytes NNS¦c NN:83 NNP:17¦ca MD¦call NN:53 VB:47¦callable JJ¦
called VBN:90 VBD:10¦caller NN¦calling VBG¦calls VBZ:60 NNS:40¦can MD¦canceled VBN¦candidate NN¦
cane NN¦capture VB:50 NNP:50¦care NN:67 VB:33¦careful JJ:90 NNP:10¦carefully RB¦carpet NN¦
carriage NN¦carry VB¦carrying VBG¦cars NNS¦case NN¦cases NNS¦catch NN:50 VBP:50¦caught VBN¦
cause VB:83 NN:17¦causes VBZ¦caveat NN¦cd NNP¦center NN¦centuries NNS¦certain JJ¦
ch_array RB:33 JJ:33 NN:33¦chain NN¦chaining JJ:50 VBG:50¦chair NN¦chairs NNS¦chance NN¦
change VB:64 NN:32 VBP:4¦changed VBN:98 VBD:2¦changes NNS:90 VBZ:10¦changing VBG¦chapter NN¦
character NN¦characters NNS¦check VB:97 NN:3¦checked VBN:57 VBD:43¦checkers NNS¦
checking VBG:67 NN:33¦checks VBZ:50 NNS:50¦chestnuts NNS¦choice NN¦choose VB¦cindent NN¦
circumstances NNS¦cis NN¦city NN¦clashes NNS¦class NN¦class_getitem NFP¦classes NNS¦
classmethod NN:67 JJ:33¦clause NN¦clause(s NNP¦clauses NNS¦cleaning VBG¦cleanup NN:57 NNP:43¦
clear VB:50 JJ:50¦cleared VBN¦clearly RB¦clerical JJ¦clicking VBG:80 NN:20¦climb VB¦climbed VBD¦
clipboard NN¦clock NN¦close VB:50 JJ:29 VBP:14 NN:7¦closed VBN:53 JJ:27 VBD:20¦closes VBZ¦closing NN¦
clouds NNS¦clue NN¦cm NNS¦coat NN¦code NN:97 NNP:3¦coffee NN¦cold JJ¦collect VB¦collected VBN¦
collection NN¦collections NNS¦collections.abc ADD¦collections.deque NNS¦colon NN¦color NN¦colors NNS¦
column NN¦combination NN¦combinations NNS¦combined VBN¦come VB:70 VBP:30¦comes VBZ¦coming VBG¦
comma NN¦command NN¦commands NNS:98 VBZ:2¦commas NNP¦comment NN¦comments NNS¦common JJ¦commonly RB¦
company NN¦compare VB:50 VBP:50¦compared VBN¦compares VBZ¦comparing VBG¦comparison NN:95 NNP:5¦
comparisons NNS¦compatibility NN¦compatible JJ¦compatible| NN¦compile NN:71 VB:29¦compiled VBN¦
compiler NN¦compilers NNS¦complained VBD¦complete VB:80 JJ:20¦completely RB¦completes VBZ¦
completion NN:90 NNP:10¦complex JJ:94 VB:6¦complicated JJ¦compound NN:86 JJ:14¦comprehension NN¦
comprehensions NNS¦compute VB¦computed VBN¦computer NN¦computers NNS¦concatenation NN¦condition NN¦
conditional JJ¦conditions NNS¦conference NN¦configure VB:50 NN:50¦confirm VB:75 NN:25¦
conflict NN:60 VB:40¦confusing JJ:67 VBG:33¦confusion NN¦consequence NN¦consider VB¦considered VBN¦
consistency NN¦consisting VBG¦consists VBZ¦constant JJ:67 NN:33¦constraints NNS¦
construct VBP:33 NN:33 VB:33¦constructed VBN¦constructor NN¦constructs NNS:80 VBZ:20¦contact VB¦
contain VB:77 VBP:23¦contained VBN:89 NNP:5 VBD:5¦container NN¦containers NNS¦containing VBG¦
contains VBZ:96 NNS:4¦contents NNS¦context NN¦contexts NNP:67 NNS:33¦continuation NN¦
continue VB:70 JJ:22 VBP:7¦continues VBZ¦contract NN¦contrast NN¦control NN:87 VB:13¦controlled VBN¦
convenient JJ¦convention NN¦conventional JJ¦conversion NN¦conversions NNS¦convert VB¦converted VBN¦
converting VBG¦copied VBN¦copies NNS:50 VBZ:50¦copy NN:57 VB:29 NNP:14¦copyright NN¦corner NN¦
corners NNS¦coroutine NN¦coroutines NNS¦correct VB¦corrected VBD:75 VBN:25¦corrections NNS¦
correctly RB¦correspond VBP:50 VB:50¦corresponding VBG:75 JJ:25¦cost NN:62 VBD:38¦could MD¦
count NN:81 VB:19¦counter NNP¦countryside NN¦course NN¦covering VBG¦create VB:88 VBP:12¦
created VBN:98 VBD:2¦creates VBZ¦creating VBG¦creation NN¦creator NN¦crew NN¦crowd NN¦crowded JJ¦
ctrl NNP¦ctrl- VB:50 NN:50¦cup NN¦cups NNS¦curly JJ¦current JJ¦current_compiler NNP¦
current_syntax NN¦currently RB¦cursor NN¦custom NN¦customer NN¦customization NN¦
customize VB:90 VBP:10¦cut NN:50 NNP:50¦cw NN:67 NNP:33¦cycle NN¦d NN:40 UH:30 NNP:30¦d$ NNP¦d3w NNP¦
daniel NNP¦dark JJ¦data NNS:62 NN:23 JJ:15¦date NN¦daughter NN¦daw UH:50 NN:50¦day NN¦days NNS¦dd NN¦
debt NN¦debts NNS¦debug NNP:50 NN:50¦debugged VBN¦debugger NN¦debugging VBG:60 NN:40¦decades NNS¦
decide VB¦decided VBD¦decimal JJ¦decimal- JJ¦declaration NN¦declarations NNS¦declared VBN:83 VBD:17¦
decorated VBN¦decorator NN¦decorators NNS¦deeper JJR¦def NN:75 JJ:17 VBP:8¦default NN¦defaulting VBG¦
defaults NNS¦define VB:86 VBP:14¦defined VBN:97 VBD:3¦defines VBZ:89 NNS:11¦defining VBG:87 JJ:13¦
definition NN¦definitions NNS¦degree NN¦del JJ:80 NNP:20¦delayed VBN¦delete VB:56 JJ:29 VBP:10 NN:4¦
deleted VBN:76 VBD:24¦deletes VBZ:93 NNS:7¦deleting VBG¦deletion NN¦denotes NNS:50 VBZ:50¦depend VBP¦
depending VBG¦depends VBZ¦deprecationwarning NNP¦depth NN¦derived VBN¦described VBN¦describes VBZ¦
description NN¦descriptions NNS¦descriptor NN¦descriptors NNS¦deserve VBP¦desired VBN¦desk NN¦
despite IN¦detail NN:80 NNP:20¦details NNS¦detect VB¦detected VBN¦detection NN¦detective NN¦
detects VBZ¦determine VB:67 VBP:33¦determined VBN¦dg VBD:50 NN:50¦dgg NN:50 JJ:50¦dialog NN¦
dict JJ:53 IN:47¦dictionaries NNS¦dictionary NN:44 NNP:33 JJ:21 VB:2¦did VBD¦did_load FW¦died VBD¦
diff NN:75 NNP:25¦differ VBP:50 VB:50¦difference NN¦differences NNS¦different JJ¦differently RB¦
difficult JJ¦digit NN¦digits NNS¦dir NNP:57 NN:43¦direct JJ¦direction NN¦directive NN¦directly RB¦
directories NNS¦directory NN¦disable VB¦disabled VBN¦disadvantage NN¦disallowed VBN¦
disappear VBP:50 NN:50¦discarded VBN¦discover VB:67 VBP:33¦discussed VBN:67 VBD:33¦disk NN¦
display VB:57 NN:38 VBP:5¦displayed VBN¦displaying VBG¦displays VBZ:62 NNS:38¦distinction NN¦
distributed VBN¦distribution NN¦division NN¦do VBP:58 VB:42¦doautocmd NN¦doctor NN¦doctors NNS¦
document NN¦documentation NN¦does VBZ¦doing VBG¦done VBN¦door NN¦dos NN:33 JJ:33 NNS:33¦dot NN¦
dots NNS¦dotted JJ¦double JJ:93 RB:7¦down RP:85 IN:11 RB:4¦download NN¦downstairs RB¦downtown NN¦
drag VB:50 NN:50¦drop VB:67 VBP:33¦dropped VBD:75 VBN:25¦dropping VBG¦drove VBD¦due IN¦duplicate JJ¦
during IN¦dw NN:50 UH:25 VB:25¦dynamically RB¦e NN:81 NNP:12 LS:6¦e.g. RB¦each DT¦
earlier JJR:60 RBR:40¦early RB¦easier JJR¦easily RB¦easy JJ¦edge NN¦edit VB:67 VBP:15 NN:12 NNP:6¦
edited VBN:85 VBD:15¦editing VBG:84 NN:16¦edition NN¦editions NNS¦editor NN¦effect NN¦effects NNS¦
efficient JJ¦efficiently RB¦effort NN¦eggs NNS¦either CC:86 DT:9 RB:5¦elderly JJ¦element NN¦
elements NNS¦eleven CD¦ellipsis NNP:75 NN:25¦else RB:81 JJ:16 NNP:3¦elsewhere RB¦email NN¦
embedded JJ:50 VBN:50¦emma NNP¦empty JJ¦emulate VB¦enable VBP:33 NN:33 VB:33¦enabled VBN:75 VBD:25¦
enables VBZ¦encapsulated VBN¦enclosed VBN¦enclosing VBG:61 JJ:39¦encoding NN:67 VBG:33¦
end NN:86 VB:10 VBP:4¦endif NNP:67 VBD:33¦ends VBZ¦enough JJ:80 RB:20¦enter VB:92 VBP:8¦
entered VBN:80 VBD:20¦entering VBG¦entire JJ¦entries NNS¦entry NN¦enum NNP:50 JJ:50¦environment NN¦
equal JJ¦equality NN¦equivalent JJ¦error NN¦errorformat NN:67 NNP:33¦errors NNS¦escape NN:83 VB:17¦
escaped VBN:83 VBD:17¦escapes NNS¦especially RB¦essential JJ¦established VBN¦estimated VBN¦etc FW¦
eval NNP:55 NN:45¦evaluate VB¦evaluated VBN:97 JJ:3¦evaluates VBZ¦evaluating VBG¦evaluation NN¦
evaluations NNS¦even RB¦evening NN¦evenings NNS¦event NN¦events NNS¦ever RB¦every DT¦everything NN¦
everywhere RB¦exact JJ¦exactly RB¦exam NN¦example NN¦examples NNS¦except IN¦exception NN¦
exceptional JJ¦exceptiongroup"s UH¦exceptions NNS¦excess JJ¦exchange VB:50 VBP:50¦excludenl NN¦
exec NN:67 NNP:33¦executable JJ¦execute VB:81 VBP:19¦executed VBN¦executes VBZ:95 NNS:5¦
executing VBG¦execution NN¦exist VB:55 VBP:45¦existing VBG¦exists VBZ¦exit NN:71 VB:29¦
exiting VBG:80 NN:20¦exits VBZ¦expanded VBN¦expandtab NN¦expected VBN:88 VBD:12¦explain VB:88 VBP:12¦
explained VBN:89 VBD:11¦explains VBZ¦explanation NN¦explanatory JJ¦explicit JJ¦explicitly RB¦
explorer NN¦exports VBZ¦expression NN¦expressions NNS¦extend VB¦extends VBZ¦extensible JJ¦
extension NN¦external JJ¦extra JJ¦extracted VBN¦eyes NNS¦f NN:56 NNP:33 LS:11¦face NN¦fact NN¦
fail VB¦failing VBG¦fails VBZ¦fairly RB¦fall VB¦fallen VBN¦falling VBG¦falls VBZ¦false JJ¦far RB¦
fashion NN¦fast JJ:80 RB:20¦faster RBR:62 JJR:38¦fastest JJS¦father NN¦favorite JJ¦
feature NN:90 VBP:10¦features NNS:93 VBZ:7¦feel VB¦feeling VBG¦fell VBD¦felt VBD¦fence NN¦few JJ¦
fi NN¦field NN¦fields NNS¦figure NN:67 VB:33¦file NN¦filenames NNS¦files NNS¦filetype NN:95 VB:5¦
filetype.vim ADD:50 CD:50¦fill VB:60 NN:40¦filled VBN:67 VBD:33¦final JJ¦finally RB¦find VB:97 VBP:3¦
finding VBG¦finds VBZ¦fine JJ:75 RB:25¦fingers NNS¦finish VB:60 VBP:40¦finished VBD:60 VBN:40¦
finishes VBZ¦finite JJ¦first JJ:73 RB:27¦fishing NN¦fit VB:80 VBN:20¦five CD¦fix VB:80 VBP:20¦
fixed VBN¦flag NN¦flags NNS¦flavors NNS¦flexibility NN¦flexible JJ¦flight NN¦float NN¦floating VBG¦
floor NN¦flour NN¦flow NN¦fold NN:64 JJ:25 VB:11¦folded VBN¦folding VBG:75 NN:25¦foldopen JJ¦
folds NNS:93 NNP:3 VBZ:3¦follow VB:64 VBP:36¦followed VBN¦following VBG:60 JJ:26 NN:14¦follows VBZ¦
font NN¦fonts NNS¦foo NNP:62 NN:38¦foo.txt JJ:50 NNS:50¦foofoo.vim ADD¦football NN¦for IN¦
force VB:50 NN:50¦foreground NN¦forehead NN¦forget VB:67 VBP:33¦form NN:86 VBP:8 VB:6¦formal JJ¦
format NN:77 VB:18 NNP:3 JJ:3¦format_spec NNP:60 NN:40¦formats NNS:67 VBZ:33¦formatted VBN¦
formatter NNP¦formatting NN:58 VBG:42¦former JJ¦forms NNS¦fortunately RB¦forty CD¦forward RB:93 JJ:7¦
fought VBD¦found VBN:87 VBD:13¦four CD¦fourth JJ¦frame NN:92 NNP:8¦frames NNS¦frankly RB¦
free JJ:94 VB:6¦friday NNP¦friend NN¦from IN¦front NN¦frozenset NN:67 JJ:33¦ftdetect NN¦
ftplugin JJ:60 NN:40¦full JJ¦fun NN¦function NN¦functionality NN¦functions NNS¦further RB:73 JJ:27¦
furthermore RB¦future JJ:87 NN:13¦g NNP:63 NN:21 NNS:16¦game NN¦gap NN¦garbage NN¦gave VBD¦
general JJ¦generally RB¦generate VB¦generated VBN¦generator NN¦generic JJ:91 NNP:9¦gentleman NN¦
get VB:78 VBP:22¦getattr NN¦getattribute NN¦getitem NN¦getmessage.vim ADD:33 NNS:33 NNPS:33¦gets VBZ¦
getting VBG¦gg NNP:50 NN:50¦github NNP¦give VB:78 VBP:22¦given VBN¦gives VBZ¦giving VBG¦glass NN¦
global JJ:97 NN:3¦globals NNS¦go VB:98 VBP:2¦goes VBZ¦going VBG¦gold NN¦gone VBN¦good JJ¦goodbye NN¦
got VBD¦goto NNP¦gq NN:43 NNP:29 FW:14 VB:14¦grained VBN¦grammar NN¦grandfather NN¦greater JJR¦
green JJ¦grew VBD¦grinned VBD¦group NN¦grouphere JJ:50 NN:50¦grouping JJ:33 NN:33 VBG:33¦groups NNS¦
groupthere NN¦grown VBN¦guaranteed VBN¦guard NN¦guess VB:67 NN:33¦guesses NNS:50 VBZ:50¦gui NNP¦
guidelines NNS¦guioptions NNS¦gvim NNP:50 NN:40 JJ:10¦gvimrc NN¦h NN:50 NNP:33 XX:17¦had VBD¦hair NN¦
half NN:50 PDT:50¦halfway RB:67 NN:33¦hall NN¦hallway NN¦hand NN¦handed VBD¦handle VB:92 VBP:8¦
handled VBN¦handler NN¦handlers NNS¦handles VBZ¦handling NN:50 VBG:50¦handwriting NN¦handy JJ¦
happen VB¦happened VBD¦happens VBZ¦hard RB:50 JJ:50¦hardly RB¦has VBZ¦hash NN:75 VB:25¦
hashable JJ:83 VBP:17¦have VBP:54 VB:46¦having VBG¦he PRP¦header NN¦headers NNS¦heard VBN:75 VBD:25¦
height NN¦help NN:70 VB:26 VBP:4¦helped VBD¦hence RB¦here RB¦herself PRP¦hesitate VB¦
heterogeneous JJ¦hex NN:67 NNP:33¦hexadecimal NN:50 JJ:50¦hidden VBN¦hiding VBG¦hierarchy NN¦high JJ¦
higher JJR:60 RBR:40¦highest JJS¦highlight VB:77 NN:23¦highlighted VBN:91 JJ:9¦
highlighting NN:85 VBG:15¦hill NN¦hills NNS¦himself PRP¦hint NN:90 NNP:10¦hints NNS¦his PRP$¦
histories NNS¦history NN¦holds VBZ¦home RB:55 NN:45¦homogeneous JJ¦hooks NNS¦hopefully RB¦horizon NN¦
horizontally RB¦hospital NN¦hour NN¦hours NNS¦house NN¦how WRB¦however RB¦http://vim.sf.net NNP¦
hundred CD¦hundreds NNS¦hung VBD¦hurried VBD¦i PRP¦i.e. FW:90 NNP:10¦icon NN¦icons NNS¦idea NN¦
identified VBN¦identifier JJR:52 NN:39 JJ:9¦identifiers NNS¦identify VB¦identities NNS¦identity NN¦
if IN¦ignore VB¦ignorecase NN¦ignored VBN¦ignoring VBG¦illegal JJ¦illustration NN¦imaginary JJ¦
immediate JJ¦immediately RB¦immutability NN¦immutable JJ¦implement VBP:53 VB:47¦implementation NN¦
implemented VBN¦implementing VBG¦implements VBZ¦implicit JJ:86 NN:14¦implicitly RB¦implies VBZ¦
import NN:78 VB:9 VBP:6 NNP:6¦important JJ¦imported VBN¦importlib.import_module NN¦imposed VBN¦
impossible JJ¦improved VBN:67 JJ:33¦improving VBG¦include VB:59 VBP:30 NN:5 NNP:3 JJ:3¦
included VBN:90 VBD:10¦includes VBZ¦including VBG¦inclusive JJ¦incompatible JJ¦inconsistency NN¦
increase NN:60 VB:40¦incsearch NN¦indent NN:90 VB:10¦indented VBN:86 JJ:14¦indenting JJ:67 VBG:33¦
indents VBZ:67 NNS:33¦index NN¦indexed VBN¦indicate VB:60 VBP:40¦indicated VBN¦indicates VBZ¦
indicating VBG¦indices NNS¦indirectly RB¦individual JJ¦information NN¦inherit NN:50 VBP:33 VB:17¦
inheritance NN¦init_subclass NFP¦initialization NN¦initialized VBN¦inner JJ:75 NNP:25¦input NN¦
insert VB:69 JJ:8 NNP:8 NN:8 VBP:8¦inserted VBN:92 VBD:8¦inserting VBG¦insertion NN¦
inserts VBZ:71 NNS:29¦inside IN:98 RB:2¦insisted VBD¦inspect VB¦inspected VBN¦inspects VBZ¦
install VB¦installation NN¦installed VBN¦installing VBG¦instance NN¦instances NNS:96 VBZ:4¦
instantiating VBG¦instead RB¦instructions NNS¦int NN¦integer NN:91 JJ:9¦integers NNS¦integral JJ¦
intended VBN¦interactive JJ¦interchangeably RB¦interest NN¦interesting JJ¦interface NN¦internally RB¦
internet NN¦interpretation NN¦interpreted VBN¦interpreter NN¦interrupting VBG¦into IN¦introduce VBP¦
introduced VBD:75 VBN:25¦introduces VBZ¦invalid JJ¦inventory NN¦invocation NN¦invocations NNS¦
invoices NNS¦invoke VB¦invoked VBN:82 VBD:18¦invoking VBG¦involves VBZ¦irrefutable JJ¦is VBZ¦
iskeyword NN¦it PRP¦item NN:97 JJ:3¦items NNS¦iterable JJ:78 NN:22¦iterables NNS¦iterate VB¦
iterated VBN¦iterating VBG¦iteration NN¦iterator NN¦its PRP$¦itself PRP¦j NNP:83 NN:17¦
jane.doe@example.com NNP¦job NN¦jump VB:82 NN:9 VBP:9¦jumping VBG¦jumps VBZ¦just RB¦k NN:50 NNP:50¦
keep VB¦keeping VBG¦keeps VBZ¦kept VBD:78 VBN:22¦key NN:60 JJ:40¦keyboard NN¦keymap NN¦keymaps NNS¦
keys NNS:95 NNP:5¦keyword NN:88 JJ:12¦keywords NNS:94 VBZ:6¦kg NNS¦kind NN:79 JJ:21¦kinds NNS¦
kitchen NN¦knew VBD¦know VBP:61 VB:39¦known VBN¦knows VBZ¦l NN¦lacks VBZ¦lambda NN:80 JJ:20¦land NN¦
lands VBZ¦language NN¦languages NNS¦large JJ¦larger JJR¦last JJ:91 RB:9¦late JJ:50 RB:50¦
later RB:93 RBR:7¦latter JJ¦laugh NN:50 VB:50¦laughed VBD¦layout NN¦lazily RB¦lazy JJ¦lead VB¦
leading VBG¦learn VB:67 VBP:33¦least RBS:60 JJS:40¦leave VB¦leaves VBZ:90 NNS:10¦leaving VBG¦
ledger NN¦left VBN:40 JJ:35 NN:15 VBD:11¦legacy NN¦len NNP¦length NN¦less RBR:75 JJR:25¦
let VB:95 VBD:5¦letter NN¦letters NNS¦level NN:95 JJ:5¦levels NNS¦lexical JJ¦lib NNP:75 JJ:25¦
libraries NNS¦library NN¦life NN¦lifted VBD¦lighter JJR¦lights NNS¦like IN:82 VB:5 UH:4 VBP:4 JJ:4¦
liked VBD¦limit NN¦limited VBN:60 JJ:40¦line NN¦lines NNS¦link NN:67 VB:33¦links NNS¦list NN:93 VB:7¦
listed VBN¦listened VBD:67 VBN:33¦listing NN:67 VBG:33¦lists NNS:76 VBZ:24¦list| NN¦
literal JJ:65 NN:35¦literally RB¦literals NNS¦little JJ¦lived VBN:67 VBD:33¦lives VBZ¦living NN¦
load VB:67 VBP:25 NN:8¦loaded VBN¦loading VBG¦local JJ:97 NNP:3¦locally RB¦locals NNS¦located VBN¦
location NN¦locked VBD:50 JJ:50¦locking VBG¦logic NN¦logical JJ¦login NN¦london NNP¦long JJ:85 RB:15¦
longer JJR:62 RB:25 RBR:12¦longest JJS¦look VB:73 VBP:16 NN:11¦looked VBD:60 VBN:40¦looking VBG¦
looks VBZ¦lookup NN:91 VB:9¦lookups NNS¦loop NN:94 VB:6¦lost VBN¦lot NN¦lots NNS¦loved VBD¦
low RB:75 JJ:25¦lower JJR:71 RBR:29¦lowercase NN¦m NNP:57 NN:29 VBP:14¦machine NN¦macro JJ:50 NN:50¦
macros NNS¦made VBN:52 VBD:48¦magazine NN¦mail NN¦main JJ¦main.c JJ:50 NNP:50¦make VB:92 VBP:8¦
makeprg JJ¦makes VBZ¦making VBG¦man NN¦manager NN¦managers NNS¦mangled VBN¦manual NN¦manually RB¦
manuals NNS¦many JJ¦map NN:88 VB:12¦mapping NN¦mappings NNS¦margaret NNP¦margin NN¦mark NN:78 VB:22¦
marked VBN¦marker NN¦markers NNS¦market NN¦marks NNS¦match NN:61 VB:36 VBP:3¦matched VBN:83 JJ:17¦
matches VBZ:74 NNS:26¦matchgroup NN¦matching NN:62 VBG:38¦mathematical JJ¦mathematics NNS¦
matter VB:50 RB:42 NN:8¦matters VBZ¦may MD¦maybe RB¦me PRP¦meal NN¦mean VBP¦meaning NN:93 VBG:7¦
meanings NNS¦means VBZ:90 NNS:5 NN:5¦measures NNS¦mechanism NN¦meet VBP¦meeting NN¦meets VBZ¦
member NN¦membership NN¦memory NN¦mention VB¦mentioned VBN:93 VBD:7¦menu NN:89 JJ:11¦
menus NNS:90 NN:10¦merely RB¦message NN¦messages NNS¦messed VBN:67 VBD:33¦metaclass NN:85 NNP:15¦
metaclasses NNS¦method NN¦methods NNS¦microphones NNS¦middle NN:62 JJ:38¦might MD¦million CD¦mind NN¦
mini NN¦minimal JJ¦minus JJ¦minute NN¦minutes NNS¦mirror NN¦missing VBG¦mistake NN¦mistakes NNS¦
mnemonic NNP:50 JJ:50¦mod NNP¦mode NN¦model NN¦modeline NN¦modes NNS¦modified VBN¦
modifier JJR:50 NN:50¦module NN¦modules NNS:90 VBZ:10¦moduletype NNP¦modulo JJ:50 NN:50¦mom NNP¦
moment NN¦money NN¦month NN¦monthlib.vim ADD¦months NNS¦moon NN¦more JJR:65 RBR:35¦morning NN¦
mortem JJ:67 NN:33¦most JJS:51 RBS:49¦mostly RB¦mother NN¦motion NN¦mouse NN¦move VB:93 VBP:5¦
moved VBN:62 VBD:38¦movement NN¦moves VBZ:83 NNS:17¦moving VBG¦much JJ:62 RB:38¦multi JJ¦multiple JJ¦
multiplication NN¦museum NN¦must MD¦mutable JJ¦mutablesequence NNP¦mutually RB¦my PRP$¦myclass NNP¦
mylib.vim ADD¦n CC:46 NNP:38 NN:15¦n't RB¦name NN¦named VBN¦nameerror NNP¦names NNS¦namespace NN¦
namespaces NNS¦near IN¦nearest JJS:75 RBS:25¦nearly RB¦necessary JJ¦neck NN¦need VBP:74 VB:23 NN:3¦
needed VBN¦needs VBZ¦negation NN¦negative JJ¦neighbors NNS¦nested VBN:63 JJ:37¦nesting JJ:50 NN:50¦
netrw JJ:50 NN:50¦never RB¦new JJ¦newline NN:67 NNP:17 JJ:17¦newly RB¦newspaper NN¦next JJ:91 RB:9¦
nextgroup NN¦nice JJ¦nicely RB¦night NN¦nine CD¦nobody NN¦nocompatible JJ¦nodded VBD¦nodding VBG¦
noise NN¦non JJ¦none NN¦nonlocal JJ¦nor CC¦normal JJ¦normally RB¦not RB¦notation NN¦note VB:98 NN:2¦
notebook NN¦nothing NN¦notice VB:94 NNP:6¦noticed VBD:50 VBN:50¦notimplemented NNP¦notion NN¦
novel NN¦now RB:97 UH:3¦null JJ¦number NN¦numbered JJ:60 VBD:20 VBN:20¦numbers NNS¦numeric JJ¦
nurses NNS¦n’t RB:82 NN:18¦o NN:67 UH:25 NNS:8¦o'clock NN¦obey VBP¦object NN¦
object.__getattribute NN¦objects NNS:93 VBZ:7¦obtain VB:67 NN:33¦obvious JJ¦obviously RB¦
occur VB:73 VBP:27¦occurred VBD:86 VBN:14¦occurrence NN¦occurrences NNS¦occurring VBG:67 NN:33¦
occurs VBZ¦octal NN¦of IN¦off RP:59 IN:18 RB:14 NN:9¦offending VBG¦offer VB:80 VBP:20¦offers VBZ¦
office NN¦offset NN:92 JJ:8¦offsets NNS¦often RB¦old JJ¦oldest JJS¦omit VB:67 VBP:33¦omitted VBN¦
on IN:95 RP:3¦once RB:68 IN:32¦one CD:88 NN:9 PRP:3¦one.c IN:50 RB:50¦one.txt CD:67 RB:33¦ones NNS¦
online JJ¦only RB:89 JJ:11¦onto IN¦open JJ:48 VB:44 VBP:7¦opened VBD:53 VBN:47¦opening NN:67 VBG:33¦
opens VBZ¦operand NN¦operands NNS¦operation NN¦operations NNS¦operator NN¦operators NNS¦
optimization NN¦option NN¦optional JJ:83 NNP:17¦optionally RB¦options NNS¦or CC¦order NN¦ordered VBN¦
ordinary JJ¦organize VB¦original JJ¦other JJ¦others NNS¦otherwise RB¦our PRP$¦out RP:75 IN:16 RB:9¦
outer JJ¦output NN¦outside RB:50 IN:50¦over IN:77 RP:18 RB:5¦overlaps RB¦override VB:75 JJ:17 NN:8¦
overrides VBZ¦overriding VBG¦overrule VB¦overview NN:83 VB:17¦overwrites VBZ¦overwriting VBG¦
owed VBD¦own JJ¦owner NN¦p NN:69 NNP:15 UH:8 XX:8¦pack VB¦package NN¦packages NNS¦packed VBD¦page NN¦
pages NNS¦paid VBD¦painted VBN¦pair NN:67 VB:33¦pairs NNS¦pale JJ¦paper NN¦papers NNS¦paragraph NN¦
paragraphs NNS¦parameter NN¦parameters NNS¦parentheses NNS¦parenthesis NN¦parenthesized VBN¦
parents NNS¦park NN¦parking NN¦parser NN¦parsing VBG¦part NN¦partial JJ¦particular JJ¦parts NNS¦
party NN¦pass NN:50 VB:50¦passed VBN:85 VBD:15¦passes VBZ¦passing VBG¦past NN:67 IN:33¦
paste VB:50 NN:50¦patch NN¦path NN¦patted VBD¦pattern NN¦patterns NNS¦pause NN:75 VB:25¦pay VB¦
payments NNS¦pdb NNP:60 NN:40¦pending VBG¦per IN¦percentage NN¦perform VB¦performed VBN¦performs VBZ¦
perhaps RB¦persistence| NNP¦person NN¦phone NN¦photographs NNS¦phrase NN¦piano NN¦picture NN¦
piece NN¦pieces NNS¦pixels NNS¦place NN:94 VB:6¦placed VBN:78 VBD:22¦places NNS:80 VBZ:20¦
placing VBG¦plain JJ¦plans NNS¦platform NN¦played VBD¦pleasant JJ¦plugin NN:79 JJ:14 VBN:5 NNP:2¦
plugins NNS:96 NNPS:4¦plugin| NN¦plus CC:60 NN:40¦point NN¦pointer NN¦pointing VBG¦
points NNS:83 VBZ:17¦policy NN¦population NN¦popup NN¦position NN:81 VB:15 VBP:4¦positional JJ¦
positioned VBN¦positions NNS¦positive JJ¦possibilities NNS¦possible JJ¦possibly RB¦post JJ¦pot NN¦
pounds NNS¦poured VBD¦power NN¦powerful JJ¦practice NN:67 VB:33¦precede VB¦preceded VBN¦
precedence NN¦preceding VBG¦precise JJ¦precision NN¦prefer VBP:60 VB:40¦preference NN¦
preferences NNS¦prefix NN:89 VB:11¦prefixed VBN¦prepare VBP¦prepend VB:67 NN:33¦prepended VBN¦
prepending VBG¦preprocessor NN¦presence NN¦present JJ¦presentation NN¦presented VBN¦
preserve VBP:50 VB:50¦preserved VBN¦press NN:43 VB:35 VBP:17 NNP:4¦pressing VBG¦preview NN:80 NNP:20¦
previous JJ¦previously RB¦price NN¦primarily RB¦primary NN:80 JJ:20¦print VB:83 NN:17¦
printed VBD:75 VBN:25¦printer NN¦printf NN:75 NNS:25¦prints VBZ:67 NNS:33¦prior RB¦priority NN¦
private JJ¦probably RB¦problem NN¦problems NNS¦proceed VBP:50 VB:50¦process NN¦processed VBN¦
processor NN¦produce VB:50 VBP:50¦produced VBN:80 VBD:20¦produces VBZ¦professor NN:88 NNP:12¦
profits NNS¦program NN¦programmer NN¦programming NN:75 VBG:25¦programs NNS¦project NN¦
prompt NN:75 JJ:12 VB:12¦proof NN¦proper JJ¦properly RB¦properties NNS¦property NN¦protocol NN¦
provide VBP:70 VB:30¦provided VBN¦provides VBZ¦providing VBG¦public JJ¦purpose NN¦purposes NNS¦
put VB:59 VBD:23 VBN:10 VBP:5 NN:3¦puts VBZ¦putting VBG¦python NNP:69 NN:31¦q NNP:83 NN:17¦
q2 NN:50 NNP:50¦quarter NN¦questions NNS¦quickload NN¦quickly RB¦quiet JJ¦quietly RB¦
quit VB:86 NN:14¦quite RB:75 PDT:25¦quotation NN¦quote NN:88 FW:6 UH:6¦quoted VBN¦quotes NNS¦r NN¦
r"\ NN¦rain NN¦raise VB:55 JJ:23 NN:23¦raised VBN:93 VBD:7¦raises VBZ¦raising VBG¦rang NN¦range NN¦
range(3 NNP¦ranges NNS¦rare JJ¦rates NNS¦rather RB¦rationale NN¦raw JJ¦
re VBN:50 VB:17 VBG:17 NNS:8 NN:8¦reached VBN:57 VBD:43¦read VB:45 VBD:22 NN:16 VBN:14 VBP:2¦
readable JJ¦reading VBG¦reads VBZ¦ready JJ¦real JJ¦really RB¦reason NN¦rebound VB¦received VBN¦
receives VBZ¦receiving VBG¦recent JJ¦recipe NN¦recognize VB¦recognized VBN:92 VBD:8¦recommend VB¦
recommended VBN¦record NN:50 VB:50¦recorded VBD:75 VBN:25¦recording NN¦records NNS:75 VBZ:25¦
recover VB¦recovered VBD:67 VBN:33¦recovery NN¦rectangular JJ¦recursive JJ¦recursively RB¦
redefine VB¦redirect VB¦redo NNP:60 VB:40¦refer VB:64 VBP:36¦referee NN¦reference NN:85 VB:15¦
referenced VBN¦references NNS¦referred VBN:80 VBD:20¦refers VBZ¦reflected VBD:75 JJ:25¦
refused VBN:50 VBD:50¦region NN¦regions NNS¦register NN:84 VBP:11 NNP:5¦regular JJ¦
related JJ:50 VBN:50¦relation NN¦relative JJ¦release NN:75 VB:25¦released VBN¦relevant JJ¦
reliable JJ¦remain VB:60 VBP:40¦remaining VBG¦remains VBZ¦remark NN¦remember VB¦
remembered VBD:50 VBN:50¦remembers NNS:57 VBZ:43¦remove VB¦removed VBN:75 VBD:25¦removes VBZ¦
removing VBG¦repair VB¦repeat VB:92 VBP:8¦repeated VBN¦repeatedly RB¦repeats VBZ¦repetition NN¦
replace VB:78 NN:11 VBP:11¦replaced VBN:78 VBD:22¦replacement NN¦replaces VBZ¦replacing VBG:75 NN:25¦
replied VBD¦report NN¦reported VBD:60 VBN:40¦represent VBP:83 VB:17¦represents VBZ¦requested VBN¦
require VB:86 VBP:14¦required VBN¦requires VBZ¦reraise NN¦reserved VBN¦reset JJ:60 VB:40¦
resolution NN¦resolved VBN¦resolving VBG¦resource NN¦resources NNS¦respective NN:50 JJ:50¦
respectively RB¦response NN¦responsible JJ¦rest NN¦restaurant NN¦restore VB¦restoring VBG¦
restrict VB¦restriction NN¦restrictions NNS¦result NN:88 VB:10 VBP:2¦resulting VBG¦
results NNS:92 VBZ:8¦resumed VBD¦retired JJ¦retrieval NN¦retrieved VBN¦retry VB¦
return NN:55 VB:39 VBP:5¦returned VBN:88 VBD:12¦returns VBZ:86 NNS:14¦reuse NN¦reverse VB:50 JJ:50¦
rich JJ¦richard NNP¦right JJ:58 NN:32 RB:11¦rising VBG¦river NN¦road NN¦roasting VBG¦room NN¦root NN¦
rose VBD¦roughly RB¦round JJ¦row NN¦rubbed VBD¦rule NN¦ruler NN¦rules NNS¦
run VB:56 NN:17 VBP:11 VBN:11 JJ:6¦running VBG¦runs VBZ¦runtime NN¦runtimepath NN:91 NNP:9¦
rushed VBN¦s NNP:43 NN:43 LS:10 SYM:5¦said VBD:94 VBN:6¦sales NNS¦salt NN¦same JJ¦sarah NNP¦sat VBD¦
satisfied JJ¦save VB:93 NN:7¦saved VBN¦saving VBG¦say VB:86 UH:14¦scanning VBG¦scarf NN¦
scheduled VBN¦scheme NN¦scope NN¦scopes NNS¦scoping VBG:50 NN:50¦scored VBD¦screen NN¦script NN¦
scripts NNS¦scroll VB:80 NN:20¦scrolling JJ:50 VBG:50¦sea NN¦search NN:68 VB:32¦searched VBN¦
searches VBZ:60 NNS:40¦searching VBG¦seat NN¦second JJ:86 RB:9 NN:6¦seconds NNS¦secret JJ¦section NN¦
sections NNS¦see VB:93 VBP:6¦seen VBN¦sees VBZ¦select VB:73 JJ:15 VBP:12¦selected VBN¦selecting VBG¦
selection NN¦selects VBZ¦self NN¦selling VBG¦semantically RB¦semantics NNS¦semicolon NN¦senior JJ¦
sense NN¦sent VBN¦sentence NN¦sentences NNS¦separate JJ:77 VB:23¦separated VBN:94 VBD:6¦
separately RB¦separates VBZ¦separator NN¦sequence NN¦sequences NNS¦series NN¦served VBD¦session NN¦
set VB:34 VBN:32 NN:23 VBD:7 JJ:2¦setattr NN¦setlocal JJ¦sets NNS:56 VBZ:44¦setting VBG:94 NN:6¦
settings NNS¦setup NN:83 VB:17¦several JJ¦share VBP:40 VB:40 NN:20¦shared VBN¦she PRP¦shell NN¦
shelves NNS¦shift NN:50 VBP:50¦shiftwidth JJ:80 NN:20¦shop NN¦short JJ¦shortcut JJ:50 NN:50¦
shorter JJR¦shorthand NN¦should MD¦show VB¦showed VBD¦shown VBN¦shows VBZ¦side NN¦sign NN:77 VB:23¦
significant JJ¦significantly RB¦similar JJ¦similarly RB¦simple JJ¦simpler JJR¦simplest JJS¦
simplified VBN¦simply RB¦since IN¦single JJ¦singleton NN¦sip NN¦sister NN¦sit VB¦site NN¦sitting VBG¦
situation NN¦situations NNS¦six CD¦size NN¦skip VB:67 JJ:33¦skipnl NNS¦skipped VBN¦skipping VBG¦
skips VBZ:80 NNS:20¦slash NN¦sleep VB¦slept VBD¦slice NN¦slicing NN:91 VBG:9¦slicings NNS:50 NNP:50¦
slightly RB¦slot NN¦slots NNS¦slow JJ¦slower JJR¦slowly RB¦small JJ¦smaller JJR¦smartcase NN¦
smell NN¦smelled VBD:50 VBN:50¦smiled VBD¦snow NN¦so RB:57 IN:35 CC:8¦soft JJ¦softer JJR¦
softtabstop NN¦sold VBD¦solution NN¦some DT¦somebody NN¦someone NN¦something NN¦sometimes RB¦
somewhere RB¦soon RB¦sorry JJ:75 UH:25¦sort VB:83 NN:17¦sorted VBD:43 VBN:43 JJ:14¦sound VB¦
sounded VBD¦source NN:95 VB:5¦sourced VBN¦sourcing VBG¦space NN:98 VB:2¦spaces NNS¦spans VBZ¦
speak VB¦special JJ¦specially RB¦species NNS¦specific JJ¦specifically RB¦specification NN¦
specifications NNS¦specified VBN:85 JJ:9 VBD:6¦specifiers NNS¦specifies VBZ:53 NNS:47¦
specify VB:84 VBP:16¦specifying VBG¦speed NN:75 VB:25¦spend VB¦spent VBD:57 VBN:43¦
split NN:33 VB:29 JJ:19 VBN:14 VBP:5¦splits VBZ¦spoke VBD¦spot VB:50 VBP:50¦spreadsheet NN¦square JJ¦
squeezed VBD¦stack NN¦stacked VBN¦stairs NNS¦stand VBP:75 VB:25¦standard JJ¦stands VBZ¦star NN¦
starred JJ:67 VBN:33¦start VB:46 NN:36 VBP:18¦started VBD:50 VBN:50¦starting VBG:89 NN:11¦
starts VBZ:94 NNS:6¦startup NN¦state NN¦statement NN¦statements NNS¦states NNS:50 VBZ:50¦static JJ¦
staticmethod JJ:50 NN:50¦station NN¦status NN¦stealing VBG¦step NN:92 VB:8¦stepped VBD¦steps NNS¦
still RB¦stood VBD¦stop VB:90 NN:10¦stopasynciteration NN¦stopiteration NNP¦stopped VBN:50 VBD:50¦
stops VBZ¦store VB:73 NN:20 VBP:7¦stored VBN¦stores NNS:50 VBZ:50¦storm NN¦story NN¦str NN:75 NNP:25¦
str.format NN¦street NN¦streets NNS¦strictly RB¦string NN¦strings NNS¦strongly RB¦strstr NN¦
struct JJ:50 NN:50¦structured JJ:67 VBN:33¦stub NN¦students NNS¦stuff NN¦stupid JJ¦style NN¦sub NN¦
subclass NN¦subclasses NNS¦subclassing VBG¦subdirectories NNS¦subject JJ:54 NN:46¦subjects NNS¦
submenu NN¦subpattern NN¦subpatterns NNS¦subscript NN:67 NNP:33¦subscription NN¦subsequent JJ¦
substitute NN:81 JJ:12 VB:6¦substituting VBG¦subtle JJ¦subtraction NN¦subtype NN¦
succeed VB:60 VBP:40¦succeeds VBZ:75 NNS:25¦successively RB¦such JJ:83 PDT:17¦suddenly RB¦
sufficient JJ¦suite NN¦suites NNS¦sun NN¦super FW:67 RB:33¦supplied VBN:75 VBD:25¦supplier NN¦
supply VB¦support NN:42 VBP:38 VB:21¦supported VBN¦supports VBZ¦suppose VB¦sure JJ¦surface NN¦
surround VB¦surrounded VBN¦surrounding VBG¦suspend VB¦suspended VBN¦swap NN:82 JJ:12 VBP:6¦
switch VB:92 NNP:8¦switches VBZ¦switching VBG¦synchronization NN¦syntactically RB¦
syntax NN:92 NNP:5 JJ:3¦syntaxerror NNP¦sys NN¦sys.exception NN¦system NN¦systemexit NNP¦systems NNS¦
t NN:57 NNP:43¦tab NN¦table NN¦tables NNS¦tabs NNS¦tag NN¦tagcase NN¦tags NNS¦take VB:91 VBP:9¦
taken VBN¦takes VBZ¦talked VBD¦talking VBG¦target NN¦targets NNS¦task NN¦taught VBD¦teaches VBZ¦
team NN¦teh NN¦tell VB:97 VBP:3¦telling VBG¦tells VBZ¦temporarily RB¦ten CD¦tend VBP¦tense JJ¦
term NN¦termencoding NN:50 VBG:50¦terminal NN¦terminates VBZ¦termination NN¦terms NNS¦terrible JJ¦
test NN¦tested VBN¦testing VBG:67 NN:33¦tests NNS:78 VBZ:22¦text NN¦textually RB¦
textwidth NN:71 NNP:14 VB:14¦than IN¦thank VBP¦thanked VBD:50 VBN:50¦that WDT:43 IN:34 DT:22¦
thatfile NN¦their PRP$¦themselves PRP¦then RB¦theplugin.vim ADD¦there EX:80 RB:20¦therefore RB¦
thereof RB¦these DT¦they PRP¦thick JJ¦thin JJ¦thing NN¦things NNS¦think VB:56 VBP:44¦thinks VBZ¦
thinner JJR¦third JJ:80 RB:20¦this DT¦thisfile NN¦those DT¦though IN:55 RB:45¦thought VBD¦three CD¦
threw VBD¦through IN:98 RP:2¦throw VB¦thus RB¦ticket NN¦tickets NNS¦tightly RB¦tilde JJ¦time NN¦
times NNS¦tired JJ:73 VBD:27¦title NN¦today NN¦together RB¦told VBD:92 VBN:8¦too RB¦took VBD¦
toolbar NN:75 NNP:12 JJ:12¦tooltips NNS¦top NN:55 JJ:45¦tore VBD¦total JJ:80 NN:20¦toward IN¦town NN¦
trace NN¦traceback NN:70 JJ:25 NNP:5¦tracebacks NNS¦traced VBN¦traffic NN¦trailing VBG:88 NN:12¦
train NN¦trained VBD¦trains NNS¦transactions NNS¦transformation NN¦transformed VBN¦translated VBN¦
treated VBN¦tree NN¦trees NNS¦trick NN¦trigger VB:80 NN:20¦triggered VBN¦triple RB:67 NNP:33¦
trouble NN:70 NNP:30¦truck NN¦true JJ¦truth NN¦try VB:53 NN:44 VBP:3¦try" NNP¦tsp NN¦tuned VBN¦
tuple NN:97 JJ:3¦tuples NNS:89 NNP:11¦turn NN:60 VBP:20 VB:20¦turned VBD:55 VBN:45¦turning VBG¦
twenty CD¦twice RB¦two CD¦two.c CD¦two.txt RBR:50 PRP:50¦tx NNP¦type NN:71 VB:18 VBP:10¦
type.__new FW:50 NN:50¦type_params NFP¦typed VBD:50 VBN:36 JJ:14¦typeerror NNP¦types NNS¦typevar NNP¦
typical JJ¦typically RB¦typing VBG:93 NN:7¦u NN:50 NNP:50¦ultimately RB¦un JJ¦unary JJ¦unattended JJ¦
unbind VB¦unbound JJ:50 VBP:50¦unboundlocalerror JJ:50 NN:50¦unchangeable JJ¦unchanged JJ¦
undefined JJ:80 VBN:20¦under IN¦underlying VBG:71 JJ:29¦underscore NN:82 JJ:18¦underscores NNS¦
understand VB¦understood VBN¦undo JJ:33 VB:19 NN:19 VBP:19 NNP:10¦undo_ftplugin PRP:33 CD:33 NN:33¦
undoes VBZ:67 NNS:33¦undoing VBG¦undone VBN¦unescaped JJ¦unexpected JJ¦unfilled JJ¦unfortunately RB¦
unique JJ¦unit NN¦unless IN¦unlike IN¦unlikely JJ¦unlocking VBG¦unmodified JJ¦unpacking NN:80 VBG:20¦
unrecognized JJ¦unsaved VBN¦unstructured JJ¦until IN¦unusual JJ¦up RP:87 IN:7 RB:4¦
update VBP:67 VB:33¦updated VBN¦upon IN¦upper JJ:67 RB:33¦uppercase NN¦usage NN¦
use VB:72 VBP:15 NN:11¦used VBN:93 VBD:7¦useful JJ¦user NN¦users NNS¦uses VBZ:73 NNS:27¦using VBG¦
usual JJ¦usually RB¦utf-8 NNS:67 RB:33¦utility NN¦v NN:75 CD:12 UH:12¦vacuuming VBG¦valid JJ¦
value NN¦valueerror NNP¦values NNS¦variable NN:81 JJ:19¦variables NNS¦variations NNS¦various JJ¦
var| NN¦verbose JJ:50 NN:50¦verify VB¦version NN¦versions NNS¦vertical JJ¦vertically RB¦
very RB:98 JJ:2¦via IN¦view NN:72 VB:28¦views NNS¦village NN¦vim VB:39 NNP:27 VBD:26 JJ:4¦
vim.vim NNP¦vim9 NNP:50 CD:50¦vimdiff NN:50 NNP:50¦viminfo NN¦vimrc NN¦vimtutor NN¦virtual JJ¦
visibility NN¦visible JJ¦visit VB:33 VBP:33 NN:33¦visited VBD¦visually RB¦voice NN¦w NN:75 NNP:25¦
wait VB¦waits VBZ¦walk VB¦walked VBD¦wall NN¦want VBP:71 VB:29¦wanted VBD:89 VBN:11¦wants VBZ¦
warm JJ¦warning NN:60 VBG:40¦was VBD¦wasteful JJ¦watch VB¦watched VBN:50 VBD:50¦watching VBG¦
water NN¦way NN¦ways NNS¦we PRP¦weather NN¦web NN¦weekend NN¦weeks NNS¦weighs VBZ¦well RB:97 UH:3¦
went VBD¦were VBD¦wet JJ¦what WP:94 WDT:6¦wheat NN¦when WRB¦where WRB¦whether IN¦which WDT¦
while IN:82 NN:18¦whispered VBD¦white JJ¦whitespace NN:80 NNP:20¦who WP¦whole JJ:92 NN:8¦whose WP$¦
why WRB¦wide JJ¦width NN¦will MD¦wind NN¦window NN¦windows NNS¦wiping VBG¦wished VBD¦with IN¦
within IN¦without IN¦wo MD¦woke VBD¦woman NN¦won VBD¦wonder VB¦wooden JJ¦wool NN¦word NN¦words NNS¦
wore VBD¦work VB:53 NN:36 VBP:11¦worked VBD:70 VBN:30¦working VBG¦works VBZ:93 NNS:7¦world NN¦
worried JJ¦worry VB¦worrying VBG¦worse JJR¦worth JJ:80 NN:20¦would MD¦wound VBD¦wrap VB:60 NN:40¦
wrapped VBN¦wrapper NN¦wraps NNS:50 VBZ:50¦write VB:82 VBP:8 NN:8 JJ:2¦writes VBZ¦writing VBG¦
written VBN¦wrong JJ¦wrote VBD¦www.example.org CD¦
x XX:18 SYM:15 NN:12 LS:12 NNS:12 HYPH:6 ADD:6 VBD:6 -LRB-:6 NFP:6 ``:3¦x.name NNP¦xblock NNP¦
xcomment NNP¦xlinecontinue NNP¦xparen NNP¦xpreproc NNP:50 CD:50¦xterm NN¦xtodo NNP¦xyz NNP¦
y NNP:94 UH:6¦yank VB:60 NN:30 VBP:10¦yanks VBZ¦year NN¦years NNS¦yellow JJ¦yet RB¦
yield NN:67 VB:22 VBP:11¦yields VBZ:81 NNS:19¦you PRP¦young JJ¦youngest JJS¦your PRP$¦yours NNS¦
yourself PRP¦yw RB:50 FW:50¦yy UH¦z NN¦zero CD:94 JJ:6¦zerodivisionerror NN¦zeros NNS¦zip NN¦zz NNP¦
{ -LRB-¦| NN:86 RB:14¦|02.5| NNS¦|04.7| NN¦|07.4| NN¦|08.7| NN¦|10.3| NNP¦|22.4| RB¦|32.2| NNP¦
|40.1| NNP¦|51.1| NNP¦|:command| .:50 NN:50¦|:mkview| NNP¦|:syn NNP:50 NN:50¦|add NN:67 NNS:33¦
|not NNP:67 RB:33¦|undo NNP¦|usr_41.txt| NNS¦|vim9| NN¦|vimrc| JJ:75 DT:25¦|| NNP¦} -RRB-¦~ NFP¦
~/.vim NNP¦© NNP:50 NN:50¦° JJ¦‘ ``¦’ ''¦’s POS:83 '':7 VBZ:4¦“ ``¦” ''¦… SYM:50 NN:25 NFP:25¦
men NNS¦women NNS¦children NNS¦people NNS¦feet NNS¦teeth NNS¦mice NNS¦geese NNS¦us PRP¦him PRP¦
them PRP¦her PRP$:60 PRP:40¦someday RB¦overboard RB¦tonight RB:60 NN:40¦yesterday NN¦tomorrow NN¦
ago RB¦okay UH:50 JJ:50¦hello UH¦yes UH¦no DT:50 UH:50¦oh UH¦please UH¦thanks NNS:50 UH:50¦vs IN¦
vs. IN¦mr. NNP¦mrs. NNP¦ms. NNP¦dr. NNP¦st. NNP¦a.m. NN¦p.m. NN¦$ $¦£ $¦€ $¦¥ $¦- HYPH:60 ::40¦– :¦
— :¦-- :¦by IN:95 RB:5¦a DT¦an DT¦the DT¦to TO:60 IN:40¦in IN:95 RB:5¦"#;
/// us_gold.json words whose pronunciation depends on the tag: N=NOUN V=VERB A=ADJ R=ADV D=VBD/VBN.
#[rustfmt::skip]
const HOMOGRAPHS: &str = r#"absent:V abstract:V abstracts:V abuse:N abuses:N addict:V addicts:V adulterate:A advocate:V
advocates:V affect:V affects:V affiliate:V affiliates:V affix:V affixes:V agglomerate:V
agglomerates:V aggregate:V aggregates:V alternate:V alternates:V analyses:V animate:A appropriate:V
approximate:V approximates:V arithmetic:A arsenic:A articulate:V aspirate:AN aspirates:N associate:V
associates:V attenuate:A attribute:V attributes:V augment:V augmented:V augments:V axes:V bass:A
bifurcate:A bombard:N bombards:N bow:V bows:V buffet:V buffets:V carbonate:V carbonates:V
certificate:V certificates:V cleanly:A close:NV closer:N collocate:N collocates:N combine:N
combines:N commune:V communes:V compact:AV compacts:V complement:V complements:V compliment:V
compliments:V compound:V compounds:V compress:N compresses:N concert:V concerts:V conduct:V
conducts:V confederate:V confederates:V confine:N confines:N conflict:V conflicts:V conglomerate:V
conglomerates:V conjugate:V conjugates:V conjunct:N conscript:V conscripts:V conserve:N conserves:N
consist:N consists:N console:V consoles:V consort:V consorts:V construct:N constructs:N consummate:A
content:N contents:N contest:V contests:V contract:V contracts:V contrast:V contrasts:V converse:AN
converses:N convert:N converts:N convict:N convicts:N coordinate:V coordinates:V correlate:N
correlates:N counterbalance:V counterbalances:V crooked:V cumulate:N cumulates:N curate:N curates:N
decrease:V decreases:V defect:V defects:V degenerate:V degenerates:V delegate:V delegates:V
deliberate:A depute:N deputes:N desert:V deserts:V desolate:V deviate:AN deviates:N diagnoses:N
diffuse:A digest:N digests:N discard:N discards:N discharge:N discharges:N discount:V discounts:V
discourse:V discourses:V document:V documents:V dogged:V domesticate:N domesticates:N dove:V
duplicate:V duplicates:V ejaculate:N ejaculates:N elaborate:A enervate:A entail:N entails:N
entrance:V entrances:V escort:V escorts:V essay:V essays:V estimate:N estimates:N excise:V excises:V
excommunicate:AN excommunicates:N excuse:N excuses:N expatriate:V expatriates:V explant:N explants:N
exploit:N exploits:N extract:N extracts:N federate:A ferment:N ferments:N foliate:A foretoken:N
foretokens:N fragment:V fragments:V geminate:A graduate:V graduates:V guesstimate:V guesstimates:V
house:V houses:V illegitimate:V illegitimates:V imbricate:A implant:N implants:N implement:V
implements:V implicate:N implicates:N import:N imports:N impress:N impresses:N imprint:N imprints:N
incarnate:A incense:V incenses:V incline:N inclines:N incorporate:A increase:N increases:N
incurvate:A indent:N indents:N inebriate:AN inebriates:N infix:N infixes:N initiate:V initiates:V
inlay:N inlays:N insert:N inserts:N inside:A insult:V insults:V intercept:V intercepts:V
interchange:N interchanges:N interdict:V interdicts:V intergrade:N intergrades:N interlay:N
interlays:N interlock:N interlocks:N interspace:V interspaces:V intimate:V intimates:V intrigue:N
intrigues:N invalid:N invalids:N invert:N inverts:N invite:N invites:N isolate:N isolates:N jagged:V
laminate:N laminates:N learned:A legitimate:V legitimates:V live:V lives:V lunged:A marginate:A
mediate:A merchandise:V merchandises:V minute:A misconduct:V misconducts:V miscount:N miscounts:N
misfire:N misfires:N mishit:N mishits:N mismatch:V mismatches:V misplay:N misplays:N misprint:V
misprints:V misuse:N misuses:N moderate:V moderates:V moped:V mouth:V mouths:V nearby:A nominate:A
nucleate:A object:V objects:V obligate:A obverse:A offset:V offsets:V opiate:V opiates:V orient:V
orients:V ornament:V ornaments:V outcaste:V outcastes:V outgo:V outgoes:V outreach:V outreaches:V
overall:R overbid:N overbids:N overburden:N overburdens:N overcall:N overcalls:N overcharge:N
overcharges:N overdose:V overdoses:V overdress:N overdresses:N overdub:N overdubs:N overestimate:N
overestimates:N overflow:N overflows:N overhang:N overhangs:N overhaul:N overhauls:N overhead:N
overlap:N overlaps:N overlay:N overlays:N overload:N overloads:N overlook:N overlooks:N overman:N
overpass:V overpasses:V overprint:N overprints:N override:N overrides:N overrun:N overruns:N
overshoot:N overshoots:N overspend:N overspends:N oversteer:N oversteers:N overstock:N overstocks:N
overstudies:N overstudy:N overthrow:N overthrows:N overturn:N overturns:N overuse:N overuses:N
overwater:A overweight:N overweights:N overwork:N overworks:N pasty:A perfect:V perfects:V
perforate:A permit:V permits:V pervert:N perverts:N pigment:V pigments:V pontificate:N
pontificates:N postfix:N postfixes:N postulate:N postulates:N precipitate:V precipitates:V
predestinate:A predicate:V predicates:V prefetch:N prefetches:N preload:N preloads:N premix:N
premixes:N present:V presents:V proceeds:V produce:N progress:V progresses:V project:V projects:V
purport:N purports:N pustulate:A quadrate:V quadrates:V quadruplicate:A quintuplicate:A radiate:A
ragged:V read:ADDV rebel:V rebels:V rebid:N rebids:N reboot:N reboots:N rebore:N rebores:N recall:N
recalls:N recharge:N recharges:N recoil:N recoils:N record:V records:V redial:N redials:N redirect:N
redirects:N redo:N redraft:N redrafts:N refill:N refills:N refit:N refits:N refresh:N refreshes:N
refund:N refunds:N refuse:N regenerate:A regift:N regifts:N regiment:V regiments:V regress:N
regresses:N rehang:N rehangs:N rehash:N rehashes:N reheat:N reheats:N reincarnate:A reject:N
rejects:N relapse:N relapses:N relaunch:N relaunches:N relay:V relays:V relet:N relets:N remake:N
remakes:N remit:N remits:N remold:N remolds:N remould:N remoulds:N remount:N remounts:N renunciate:N
renunciates:N replay:N replays:N replicate:V replicates:V repost:N reposts:N reprint:N reprints:N
reread:DDNV rereads:N rerelease:N rereleases:N rerun:N reruns:N reshuffle:N reshuffles:N resit:N
resits:N respawn:N respawns:N respray:N resprays:N restart:N restarts:N restyle:N restyles:N
retake:N retakes:N retard:N retards:N retest:N retests:N rethink:N rethinks:N reticulate:A retread:N
retreads:N reuse:N reuses:N revamp:N revamps:N revert:N reverts:N rewatch:N rewatches:N rewind:N
rewinds:N rewrite:N rewrites:N saturate:V saturates:V segment:V segments:V segregate:N segregates:N
separate:V separates:V seriate:A situate:A sophisticate:V sophisticates:V sow:N sows:N subject:V
subjects:V sublease:V subleases:V subordinate:V subordinates:V supplement:V supplements:V survey:V
surveys:V suspect:V suspects:V syndicate:N syndicates:N tear:V tears:V torment:V torments:V
transform:N transforms:N transplant:N transplants:N transport:V transports:V trifurcate:A
triplicate:V triplicates:V underbid:N underbids:N undercharge:N undercharges:N undercount:N
undercounts:N undercut:N undercuts:N underestimate:N underestimates:N underground:R underlay:N
underlays:N underset:N undersets:N undershoot:N undershoots:N underspend:N underspends:N
undertaking:V underuse:N underuses:N undulate:A unlearned:A unpeople:N unpeoples:N unstick:N
unsticks:N uphill:R uplift:N uplifts:N upset:N upsets:N upsetting:V uptown:N upturn:V upturns:V
use:N used:D uses:N warehouse:V warehouses:V wind:V winds:V wound:DDV"#;
/// Unknown words: P(tag | shape + last 1-4 letters); shape 9=digit C=Cap S=sentence-initial Cap P=punct a=lower.
#[rustfmt::skip]
const SUF: &str = r#"9 CD:41 NNP:29 NN:13¦90 CD:73 NNP:13¦91 NNP:86 CD:14¦910 CD:50 NNP:25 NNS:25¦92 CD:57 NNP:29 NN:14¦
93 CD:60 NNP:40¦98 NN:25 JJ:25 CD:25 NNP:25¦99 CD:67 NNP:17 JJ:17¦9w JJ:43 NNP:29 NN:29¦
9| NNP:33 NNS:33 NN:25¦C NNP:68 NN:10¦Cal NNP:75 JJ:25¦Cas NNP¦Cc NN:40 NNP:40 JJ:20¦
Cce NNP:83 NN:17¦Cct NNP¦Cd NNP:88 NN:12¦Cds NNP:75 NNPS:25¦Ce NNP:85 NN:12¦Cence NNP:80 NN:20¦
Cent NNP:50 NN:50¦Cer NNP:75 VB:25¦Cers NNP:50 NNPS:25 NNS:25¦Ces NNPS:50 NNP:33 NNS:17¦
Cg NNP:50 VBG:50¦Cgs NNPS:50 NNP:25 NNS:25¦Cing NNP:50 VBG:50¦Cl NNP:80 NN:10 JJ:10¦Cle NNP:75 CD:25¦
Cm NNP:75 NN:25¦Cment NNP:50 NN:50¦Cn NNP:86 JJ:14¦Cnce NNP:80 NN:20¦Cng NNP:50 VBG:50¦
Cns NNS:60 NNPS:20 NNP:20¦Cnt NNP:60 NN:40¦Con NNP¦Cons NNS:60 NNPS:20 NNP:20¦Cor NNP¦
Cr NNP:86 VB:14¦Crs NNPS:50 NNP:33 NNS:17¦Cs NNP:43 NNPS:30 NNS:23¦Ct NNP:68 NN:23¦
Cts NNPS:60 NNS:40¦Cw NNP:80 JJ:20¦Cx NNP:75 CD:25¦Cxt NNP:60 JJ:20 NN:20¦Cy NNP:75 RB:25¦
P NNP:18 NFP:14 ::14 NN:14¦S NNP:54 NN:14¦S"s NNP:60 UH:40¦Se NNP:64 NN:21¦
Ser NN:25 WDT:25 NNP:25 WRB:25¦Sg VBG:50 NNP:38 NN:12¦Sing VBG:57 NNP:43¦Sly RB¦Sn NN:60 NNP:40¦
Sng VBG:57 NNP:43¦Sning NNP:75 VBG:25¦Sor NNP:71 NN:29¦Spe NNP¦Sr NNP:55 NN:27¦Sror NNP:71 NN:29¦
Srror NNP:71 NN:29¦Ss NNP:53 NNS:29 UH:18¦St NNP:60 NN:20¦Sy RB¦a NN:29 JJ:13 NNS:11¦
a- NNS:25 NN:25 JJ:25 RB:12 NNP:12¦a.c NNP:44 JJ:33 IN:11 RB:11¦
a.txt ADD:30 JJ:10 NNS:10 CD:10 FW:10 NNPS:10 RBR:10 PRP:10¦a.vim ADD:75 NNP:15¦
aa NNP:43 NN:29 RB:14 JJ:14¦aable JJ¦aack NN:86 VB:14¦aad NN:56 FW:22 RB:11 JJ:11¦aads VBZ¦
aain NN:71 VBP:14 VB:14¦aains VBZ¦aal JJ:73 NN:22¦aall VB:50 NN:50¦aally RB¦aals NNS:67 VBZ:33¦
aame NNP:62 JJ:12 NN:12 VB:12¦aames NNS¦aand NN¦aange JJ:25 VB:25 NN:25 VBP:25¦
aap NN:43 NNS:14 VBP:14 JJ:14 VB:14¦aaps NNS:60 RB:40¦aar JJ:43 NN:29 VBP:14 VB:14¦aarch NN¦
aards RB:50 NNS:50¦aare JJ:50 VBP:50¦aary JJ:71 NN:29¦aase NN:83 VB:17¦aat NN:50 JJ:25 ADD:12 VB:12¦
aate VB:57 NN:26 JJ:17¦aated VBN:88 JJ:12¦aates VBZ:60 NNS:40¦aator NN¦aay NN:60 JJ:20 VB:20¦
ab NNP:50 NN:40 VBN:10¦aback NN¦abind VB¦able JJ¦abled VBN¦abute NN¦ac JJ:37 NN:30 NNP:19¦
acal JJ:86 NN:14¦ace NN:79 VB:11¦aced JJ:60 VBN:40¦aces NNS:85 VBZ:15¦ach NN:62 VB:23 VBP:15¦
aches VBZ:80 NNS:20¦acing VBG¦ack NN:60 VB:30 JJ:10¦acks VBZ:60 NNS:40¦acmd NN:75 NNP:25¦
act JJ:45 VB:27 NN:27¦acted VBN:75 JJ:25¦acts NNS:50 VBZ:50¦acy NN:83 JJ:17¦ac| NNP:75 NNS:25¦
ad VBN:55 JJ:14 NN:11¦ade JJ:33 NN:25 VB:25 NNP:17¦aded VBN¦adent NN:57 JJ:43¦ader JJR:50 NN:50¦
ading VBG:72 NN:28¦ado NNP:50 NN:50¦ads VBZ:57 NNS:30¦ady JJ:50 NN:25 NNP:25¦ae NN:39 JJ:30 VB:19¦
ae.c IN:25 RB:25 NNP:25 JJ:25¦aeat NN:50 JJ:25 VB:25¦aect JJ:50 VB:33 NN:17¦aects NNS:50 VBZ:50¦
aed VBN:76 JJ:15¦aeed VBN:60 VBP:20 VB:20¦ael NN:75 NNP:25¦aely RB¦aen JJ:39 VBN:28 NNP:17¦aence NN¦
aency NN¦aend VBP:50 NNP:17 NN:17 VB:17¦aent NN:52 JJ:39¦aents VBZ:80 NNS:20¦aeous JJ¦
aer JJR:39 NN:30 NNP:11¦aere NN:60 JJ:20 VB:20¦aered VBN:80 JJ:20¦aers NNS:75 VBZ:25¦
aerse VB:50 JJ:25 NN:25¦aes NNS:56 VBZ:43¦aess JJ:33 NN:33 RB:22 VBP:11¦aest JJS¦aes| NN:75 NNP:25¦
aet NN:56 NNP:22 VBP:22¦aew UH:29 NN:29 JJ:14 NNS:14 FW:14¦aext NN:50 IN:25 DT:25¦ae| NN:46 NNP:38¦
af NN:27 NNP:27 JJ:18 RB:18¦aff NN:50 NNP:25 JJ:25¦afied JJ:67 VBN:33¦afile NN:86 JJ:14¦
afo NN:75 NNP:25¦aful JJ¦afy VB¦ag VBG:77 NN:17¦age NN:56 VBP:22 JJ:11 VB:11¦aght NN:75 CD:12 UH:12¦
agin NN:83 VB:17¦ags NNS¦ah NN:62 VB:17 VBP:10¦ahed VBN:75 VBD:25¦ahere NN:75 JJ:25¦
ahes VBZ:80 NNS:20¦ahod NNP:57 NN:29 JJ:14¦aht NN:75 CD:12 UH:12¦aial JJ:67 NN:33¦
aiate JJ:67 NN:17 VB:17¦aible JJ¦aic JJ:58 NN:33¦aical JJ¦aied JJ:44 VBN:44 VBD:11¦
aies NNS:70 VBZ:30¦aify VB¦aight NN:86 UH:14¦aile NN:75 VB:12 JJ:12¦aim ADD:65 NNP:17¦
aimal JJ:75 NN:25¦ain NN:65 VB:12¦aind VB:80 IN:20¦aine NN:64 JJ:21¦ained VBN¦aines NNS:71 VBZ:29¦
aing VBG:82 NN:15¦aings NNS:90 VBZ:10¦ains VBZ¦aion NN¦aions NNS¦ais NN:75 NNP:25¦aise NN:83 VB:17¦
ait NN:78 JJ:11 VB:11¦aite JJ:43 NN:29 DT:14 VB:14¦aits VBZ:90 NNS:10¦aity NN¦aive JJ:78 NN:17¦
aived VBN¦aix NN:50 NNP:33 JJ:17¦aize VB¦aized VBN:80 JJ:20¦ak NN:80 VB:12¦aked VBN:80 VBD:20¦
aking VBG:90 NN:10¦aks NNS:75 VBZ:25¦al JJ:56 NN:26¦ale JJ:67 NN:30¦aled VBN¦ales NNS:71 VBZ:29¦
aline NN:70 JJ:30¦aling VBG¦ality NN¦all VB:56 NN:22 JJ:22¦alled VBN¦alls VBZ¦ally RB¦
aload NN:67 FW:33¦alow NN:50 JJ:50¦als VBZ:53 NNS:41¦aly RB¦al| NNP:50 NN:25 DT:25¦
am ADD:39 NN:26 NNP:13 JJ:11¦amal JJ:75 NN:25¦amap NN:25 NNS:25 JJ:25 VB:25¦amd NN:75 NNP:25¦
ame NNP:45 NN:27¦amed VBN:57 VBD:29 JJ:14¦ament NN:70 NNP:20 ADD:10¦amer NN:50 JJ:50¦ames NNS¦
ams NNS:86 NNP:14¦an NN¦anal JJ:88 NNP:12¦aname NNP:71 JJ:14 NN:14¦ance NN¦ances NNS¦
ancy NN:80 JJ:20¦and VB:39 NN:37 VBP:16¦anded VBN¦ands VBZ:55 NNS:36¦ane NN:53 JJ:16 VB:11¦aned VBN¦
aners NNS¦anes NNS:62 VBZ:38¦anet NN:50 NNP:50¦ang VBG:81 NN:15¦ange JJ:25 VB:25 NN:25 VBP:25¦
angs NNS:90 VBZ:10¦aning VBG¦anks NNS¦ans NNS:85 VBZ:15¦anse NN:83 JJ:17¦ans| NN:50 NNP:25 NNS:25¦
ant NN:48 JJ:42¦antly RB¦ants NNS:56 VBZ:44¦anu NN:75 NNP:25¦an| NN:60 CD:40¦ao NN:57 NNP:14¦
aoad NN:67 FW:33¦aocmd NN:75 NNP:25¦aod NNP:50 NN:30 FW:10 JJ:10¦aon NN¦aonal JJ¦aons NNS¦
aop NN:80 UH:20¦aor NN¦aored VBN:60 JJ:20 VBD:20¦aors NNS¦aort NN:75 VB:25¦aorts NNS:50 VBZ:50¦
aory JJ:75 NN:25¦aose VB:50 JJ:25 NN:25¦aosed VBN¦aound NN:50 VB:40 JJ:10¦aous JJ¦
aow VB:38 NN:38 JJ:25¦ap NN:57 NNP:13 VB:13¦ape NN:67 JJ:17 NNP:17¦aped VBN:56 VBD:22 JJ:22¦
aping VBG:82 NN:18¦aply RB:50 VB:50¦aps NNS:75 RB:17¦apted VBN¦ar NN:41 JJR:21 NNP:11¦
arate VB:83 NN:17¦arch NN:83 VB:17¦ard NN:57 VB:14 RB:14 JJ:14¦ards RB:50 NNS:50¦
are NN:48 VB:26 JJ:17¦arect JJ:67 VB:33¦ared VBN:47 JJ:41 VBD:12¦arely RB¦arer NN:75 JJR:25¦
ares VBZ:50 NNS:50¦aring VBG:79 NN:21¦arry VB¦ars NNS:83 VBZ:17¦arse VB:60 JJ:20 NN:20¦
art NN:43 VB:29 JJ:14 RB:14¦arts NNS:67 VBZ:33¦ary JJ:38 VB:33 NN:29¦ar| NN:50 JJ:50¦
as NNS:57 VBZ:30¦ase NN:61 VB:29¦ased VBN:88 VBD:12¦ases VBZ:62 NNS:38¦ash NN:50 VB:33 VBP:17¦
ashes VBZ:80 NNS:20¦asing VBG:62 NN:31¦asion NN:83 CD:17¦asis NN:75 NNP:25¦asive JJ¦ask NN¦
ass NN:31 JJ:19 VB:19 RB:12 NFP:12¦assed VBN¦asses VBZ:80 NNS:20¦ast JJS:29 NN:29 JJ:18 VBP:12 VB:12¦
astop NN:75 UH:25¦as| NN:55 NNP:36¦at NN:42 JJ:23¦atch NN:50 VBP:50¦ate VB:36 JJ:29 NN:29¦
atect NN:50 VB:25 JJ:25¦ated VBN:81 JJ:16¦ately RB¦ater NNP:38 JJR:38 NN:25¦aters NNS:50 VBZ:50¦
ates VBZ:67 NNS:33¦ath NN:86 RB:14¦athod NNP:57 NN:29 JJ:14¦atial JJ:80 NN:20¦atic JJ¦aties NNS¦
ating VBG:82 NN:16¦ation NN¦ative JJ:73 NN:27¦atly RB¦atop NN:80 UH:20¦ator NN¦ators NNS¦atr NN¦
ats NNS:53 VBZ:47¦atxt ADD:30 JJ:10 NNS:10 CD:10 FW:10 NNPS:10 RBR:10 PRP:10¦aty NN¦
atype NN:60 JJ:20 NNP:20¦at| NN:75 NNS:25¦au NN:75 NNP:25¦aul JJ¦aum JJ:75 NNP:25¦
aumed VBN:50 VBD:50¦aund VB:50 NN:42¦aup NN¦aure NN:67 VB:33¦aus JJ¦aut NN:60 UH:20 JJ:20¦
aute NN:50 VB:25 JJ:25¦auted VBN:75 JJ:25¦ave JJ:64 NN:14¦aved VBN¦avely RB¦aves VBZ:75 NNS:25¦
avim ADD:71 NNP:19¦aving VBG¦aw NN:36 VB:18 JJ:18¦awer JJR:83 JJ:17¦awing VBG¦ax NN:57 NNP:33¦
axt ADD:21 NN:14¦ay RB:44 NN:29 VB:12 JJ:12¦aying VBG:60 NN:20 JJ:20¦aype NN:60 JJ:20 NNP:20¦aze VB¦
azed VBN:80 JJ:20¦azing VBG:75 NN:25¦a| NNP:40 NN:37¦"#;

#[cfg(test)]
mod tests {
    use super::*;
    use super::super::tokenize::tokenize;

    fn tags(s: &str) -> Vec<(String, String)> {
        let mut t = tokenize(s);
        tag(&mut t);
        t.into_iter().map(|x| (x.text, x.tag)).collect()
    }

    fn tag_of(s: &str, w: &str) -> String {
        tags(s).into_iter().find(|x| x.0 == w).map(|x| x.1).unwrap_or_default()
    }

    #[test]
    fn basics() {
        assert_eq!(tag_of("I paid $5 for it.", "$"), "$");
        assert_eq!(tag_of("I paid $5 for it.", "5"), "CD");
        assert_eq!(tag_of("I paid $5 for it.", "I"), "PRP");
        assert_eq!(tag_of("I paid $5 for it.", "."), ".");
        assert_eq!(tag_of("Give me a pen.", "a"), "DT");
        assert_eq!(tag_of("She went to the shop.", "to"), "IN");
        assert_eq!(tag_of("She wants to go.", "to"), "TO");
    }

    #[test]
    fn robustness() {
        for s in ["", "   ", "!!!", "😀😀", "日本語", "\u{0}\u{7}", "a\n\nb", "--", "$$$"] {
            let mut t = tokenize(s);
            tag(&mut t);
            assert!(t.iter().all(|x| !x.tag.is_empty()));
        }
        let big: String = std::iter::repeat("The dog can't record the record. ").take(30000).collect();
        let mut t = tokenize(&big);
        tag(&mut t);
        assert!(t.iter().all(|x| !x.tag.is_empty()));
        let long: String = std::iter::repeat('x').take(10000).collect();
        let mut t = tokenize(&long);
        tag(&mut t);
        assert_eq!(t.len(), 1);
    }
}

