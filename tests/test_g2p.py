"""English text to phonemes: the crate's G2P against misaki itself, the lexicon file, the
tool's --text, the text C ABI and hostile text.

The reference is misaki 0.9.4 with spaCy's en_core_web_sm (tests/g2p_reference.py), run on
tests/data/g2p/corpus.txt (6,800 words of public-domain English: narrative, dialogue,
numbers, dates, money, abbreviations). The crate must give misaki's phonemes for at least 96%
of the words misaki knows and 99.5% of the gold lexicon's words that are not homographs."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT, dist_models

sys.path.insert(0, os.path.join(ROOT, "tests"))
import g2p_reference  # noqa: E402

TOOL = os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm")
CORPUS = os.path.join(ROOT, "tests", "data", "g2p", "corpus.txt")
SENTENCE = "Dr. Smith paid $3.50 on May 5th, 2025 - didn't he?"
# What misaki 0.9.4 (with spaCy) makes of it, joined as Kokoro's pipeline joins it.
MISAKI_SENTENCE = "dˈɑktəɹ smˈɪθ pˈAd θɹˈi dˈɑləɹz ænd fˈɪfti sˈɛnts ˌɔn mˈA fˈɪfθ, twˈɛnti twˈɛnti fˈIv — dˈɪdᵊnt hi?"


def tool(*args, **kwargs):
    if not os.path.exists(TOOL):
        pytest.fail(f"{TOOL} is missing: run ./scons (./scons test builds it first)")
    kwargs.setdefault("timeout", 300)
    return subprocess.run([TOOL, *args], capture_output=True, **kwargs)


def crate_words(tmp_path, text_file, *args, models=None):
    run = tool("--text-file", str(text_file), "--print-phonemes", "--words", "--models", models or dist_models("host"),
               *args)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    words = tmp_path / "crate-words.tsv"
    words.write_bytes(run.stdout)
    return g2p_reference.read_crate_words(str(words))


@pytest.mark.parametrize("british", [False, True], ids=["en-us", "en-gb"])
def test_the_g2p_agrees_with_misaki_on_the_corpus(tmp_path, british):
    with open(CORPUS, encoding="utf-8") as f:
        text = f.read()
    assert len(text.split()) >= 5000
    reference = g2p_reference.misaki_words(text, british)
    crate = crate_words(tmp_path, CORPUS, "--lang", "en-gb" if british else "en-us")
    plain, homographs = g2p_reference.gold_plain(british)
    summary, disagreements, unknown = g2p_reference.compare(reference, crate, plain, homographs)
    print(f"\nG2P vs misaki 0.9.4 ({'GB' if british else 'US'}), {len(text.split())} words:")
    g2p_reference.report(summary, disagreements, unknown)
    assert summary["known"]["of"] >= 5000
    assert summary["known"]["share"] >= 0.96, summary
    assert summary["gold non-homograph"]["share"] >= 0.995, summary
    # Words misaki cannot say (❓, or ❓ for a part such as the colon of 6:30) are said: spelled by
    # the fallback, or their known parts read (a few are tokens split otherwise: no word to match).
    said = [u for u in unknown if u[1]]
    assert len(said) >= 0.9 * len(unknown), [u for u in unknown if not u[1]]
    assert sum(1 for u in unknown if u[2] == "fallback") >= len(unknown) // 2


def test_print_phonemes_and_words(tmp_path):
    models = dist_models("host")
    run = tool("--text", SENTENCE, "--print-phonemes", "--models", models)
    assert run.returncode == 0, run.stderr
    phonemes = run.stdout.decode().strip()
    # misaki's phonemes of the sentence (Kokoro's joining: single spaces, punctuation kept).
    assert phonemes == MISAKI_SENTENCE
    sentence = tmp_path / "s.txt"
    sentence.write_text(SENTENCE, encoding="utf-8")
    words = crate_words(tmp_path, sentence)
    texts = [w["text"] for _, w in sorted(words.items())]
    assert texts[:5] == ["Dr.", "Smith", "paid", "$", "3.50"]
    for (start, end), w in words.items():
        assert SENTENCE.encode()[start:end].decode() == w["text"]
    # Standard input, and GB English.
    run = tool("--text-file", "-", "--print-phonemes", "--lang", "en-gb", "--models", models, input=b"Tomato")
    assert run.returncode == 0 and run.stdout.decode().strip() == "təmˈɑːtəʊ".replace("əʊ", "Q"), run.stdout


def test_the_fallback_spells_unknown_words_and_says_so():
    run = tool("--text", "The zorblaxian vroomified.", "--print-phonemes", "--models", dist_models("host"))
    assert run.returncode == 0, run.stderr
    out, err = run.stdout.decode(), run.stderr.decode()
    assert out.strip().startswith("ðə ") and len(out.split()) == 3
    assert "in no lexicon, spelled by letter-to-sound rules: 'zorblaxian', 'vroomified'" in err, err


def test_the_tool_speaks_text(tmp_path):
    out, given = tmp_path / "dr.wav", tmp_path / "given.wav"
    run = tool("--text", SENTENCE, "--voice", "jf_alpha", "--out", str(out), "--print-phonemes", "--first-chunk", "0",
               "--models", dist_models("host"))
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().splitlines()[0] == MISAKI_SENTENCE
    seconds = (len(out.read_bytes()) - 44) / 2 / 24000
    assert 3.0 < seconds < 8.0, seconds       # a sentence of 14 words, in one piece
    # The same audio as misaki's phonemes given as phonemes.
    run = tool("--phonemes", MISAKI_SENTENCE, "--voice", "jf_alpha", "--out", str(given), "--first-chunk", "0",
               "--models", dist_models("host"))
    assert run.returncode == 0 and given.read_bytes() == out.read_bytes()


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_program_speaks_text_through_the_streaming_abi(tmp_path):
    from test_rust import DIST
    models = dist_models("host")
    lib = os.path.join(DIST, "lib")
    exe = tmp_path / "capi_text"
    whole = [os.path.join(lib, "libtvm_runtime.a"), os.path.join(lib, "libtvm_ffi_static.a"),
             os.path.join(models, "kokoro.a")]
    build = subprocess.run(["cc", "-o", str(exe), os.path.join(ROOT, "tests", "native", "capi_text.c"),
                            "-I", os.path.join(DIST, "include"), os.path.join(lib, "libkokoro_tvm.a"),
                            "-Wl,--whole-archive", *whole, "-Wl,--no-whole-archive", "-lstdc++", "-ldl", "-lpthread",
                            "-lm"], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    text = SENTENCE + " " + "It was the best of times, it was the worst of times; it was the age of wisdom."
    streamed = tmp_path / "streamed.f32"
    run = subprocess.run([str(exe), models, text, "jf_alpha", "1", "0", str(streamed)], capture_output=True,
                         text=True, timeout=600, env=dict(os.environ, TVM_NUM_THREADS="2"))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith("phonemes dˈɑktəɹ smˈɪθ"), lines[0]
    chunks = [int(line.split()[2]) for line in lines if line.startswith("chunk ")]
    assert len(chunks) >= 2 and "same 1" in lines and lines[-1] == "result 0", run.stdout
    # The tool speaks the same samples from the same text.
    samples = tmp_path / "tool.f32"
    assert tool("--text", text, "--voice", "jf_alpha", "--out", str(tmp_path / "t.wav"), "--samples", str(samples),
                "--models", models).returncode == 0
    assert samples.read_bytes() == streamed.read_bytes()
    # Text with nothing to say is an error, named.
    run = subprocess.run([str(exe), models, "🙂🙂 ☃", "jf_alpha", "1", "0", str(tmp_path / "none.f32")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "nothing to speak" in run.stdout, run.stdout


HOSTILE = {
    "emoji": "I ❤️ NY 🙂🚀 ok",
    "cjk": "東京 is in 日本, 안녕",
    "control": "tab\there\x01\x02\x1b[31mred\x7f",
    "punctuation only": "?!... ;;; --- “” ()",
    "long word": "a" * 10_000,
    "long hyphenated": "-".join(["ab"] * 5000),
    "long number": "9" * 5000,
    "digits and dots": "1." * 3000,
    "accents": "café naïve Zoë façade Ærøskøbing",
    "links": "[Kokoro](/kˈOkəɹO/) [odd](#) [unclosed(/x/ ](",
    "rtl and combining": "שלום عربي e\u0301\u0301\u0301",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_gives_phonemes_or_a_clear_error(tmp_path, name):
    text = HOSTILE[name]
    start = time.monotonic()
    run = tool("--text", text, "--print-phonemes", "--models", dist_models("host"), timeout=60)
    assert time.monotonic() - start < 30
    assert run.returncode == 0, run.stderr.decode()
    assert "panicked" not in run.stderr.decode()
    phonemes = run.stdout.decode().strip()
    if name in ("emoji", "cjk", "accents"):
        assert phonemes, name
    if name == "cjk":
        assert "skipped" in run.stderr.decode() and "東京" in run.stderr.decode()


def test_a_megabyte_of_text_in_bounded_time_and_memory(tmp_path):
    with open(CORPUS, encoding="utf-8") as f:
        corpus = f.read()
    big = tmp_path / "big.txt"
    big.write_text((corpus * (1_100_000 // len(corpus) + 1))[:1_100_000], encoding="utf-8")
    run = subprocess.run(["/usr/bin/time", "-f", "maxrss %M", TOOL, "--text-file", str(big), "--print-phonemes",
                          "--models", dist_models("host")], capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    rss_kib = int(run.stderr.decode().rsplit("maxrss ", 1)[1].split()[0])
    assert len(run.stdout) > 1_000_000
    assert rss_kib < 400 * 1024, rss_kib          # the text, its phonemes and the lexicon, not more


def test_text_errors_are_clear(tmp_path):
    models = dist_models("host")
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("café".encode("latin-1"))
    run = tool("--text-file", str(bad), "--print-phonemes", "--models", models)
    assert run.returncode == 2 and b"not UTF-8 text (byte 3" in run.stderr, run.stderr
    run = tool("--text", "hi", "--phonemes", "hˈI", "--print-phonemes", "--models", models)
    assert run.returncode == 2 and b"give one of --text, --text-file and --phonemes" in run.stderr
    run = tool("--text", "hi", "--words", "--models", models)
    assert run.returncode == 2 and b"--words goes with --print-phonemes" in run.stderr
    run = tool("--text", "🙂", "--voice", "jf_alpha", "--out", str(tmp_path / "x.wav"), "--models", models)
    assert run.returncode == 2 and b"nothing to speak" in run.stderr and not (tmp_path / "x.wav").exists()
    run = tool("--text", "hi", "--print-phonemes", "--lang", "fr")
    assert run.returncode == 2 and b"--lang fr: expected en-us or en-gb" in run.stderr


def copy_bundle(tmp_path):
    models = dist_models("host")
    copy = tmp_path / "models"
    shutil.copytree(models, copy, ignore=shutil.ignore_patterns("kokoro.weights", "kokoro.a"))
    for name in ("kokoro.weights", "kokoro.a"):
        os.symlink(os.path.join(models, name), copy / name)
    return copy


def test_a_damaged_or_missing_lexicon_is_refused_naming_it(tmp_path):
    copy = copy_bundle(tmp_path)
    lexicon = copy / "g2p" / "en-us.lexicon"
    data = bytearray(lexicon.read_bytes())
    data[len(data) // 2] ^= 0xFF
    lexicon.write_bytes(bytes(data))
    run = tool("--text", "hello", "--print-phonemes", "--models", str(copy))
    assert run.returncode == 3 and b"en-us.lexicon: sha256" in run.stderr and b"corrupt" in run.stderr, run.stderr
    # The other dialect's file is its own: British English still speaks.
    run = tool("--text", "hello", "--print-phonemes", "--lang", "en-gb", "--models", str(copy))
    assert run.returncode == 0 and run.stdout.decode().strip() == "həlˈQ", run.stdout
    lexicon.write_bytes(bytes(data[:1000]))
    run = tool("--text", "hello", "--voice", "jf_alpha", "--out", str(tmp_path / "x.wav"), "--models", str(copy))
    assert run.returncode == 3 and b"1000 bytes, the manifest says" in run.stderr, run.stderr
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    del manifest["lexicon"]["en-us"]
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = tool("--text", "hello", "--print-phonemes", "--models", str(copy))
    assert run.returncode == 3 and b"no G2P lexicon for en-us (manifest.json names en-gb)" in run.stderr, run.stderr
    # Phonemes still speak from a bundle without a lexicon.
    run = tool("--phonemes", "hˈɛlO", "--voice", "jf_alpha", "--out", str(tmp_path / "p.wav"), "--models", str(copy))
    assert run.returncode == 0, run.stderr


def test_the_lexicon_files_are_reproducible_and_match_the_manifest(tmp_path):
    from models import lexicon
    models = dist_models("host")
    manifest = json.load(open(os.path.join(models, "manifest.json"), encoding="utf-8"))
    source = os.path.join(ROOT, "third_party", "misaki-0.9.4", "misaki", "data")
    total = 0
    for language, dialect in (("en-us", "us"), ("en-gb", "gb")):
        entry = manifest["lexicon"][language]
        data = open(os.path.join(models, entry["file"]), "rb").read()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (entry["size"], entry["sha256"])
        assert lexicon.build(source, dialect) == data
        total += len(data)
    assert total <= 15_000_000
    broken = tmp_path / "data"
    shutil.copytree(source, broken)
    (broken / "us_gold.json").write_text('{"word": 5}', encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="us_gold.json: word: expected phonemes"):
        lexicon.build(str(broken), "us")
    (broken / "us_gold.json").write_text("{", encoding="utf-8")
    with pytest.raises(lexicon.LexiconError, match="us_gold.json"):
        lexicon.build(str(broken), "us")
    with pytest.raises(lexicon.LexiconError, match="dialect 'fr'"):
        lexicon.build(source, "fr")
