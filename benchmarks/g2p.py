"""The crate's G2P against misaki: speed, lexicon load time, size and memory, side by side.

    python benchmarks/g2p.py [--models DIR] [--tool PATH] [--megabytes N] [--repeat N] [--no-misaki]

In:  the host build's tool and models folder (dist/host), tests/data/g2p/corpus.txt.
Out: one table on standard output:
     - phonemize speed on one core (taskset -c 0 where present): the corpus repeated to N MB
       through `kokoro-tvm --text-file --print-phonemes --times` (the G2P's own time, the best of
       --repeat runs), and misaki 0.9.4 with spaCy on the corpus once (its words per second);
     - the US lexicon's load time (read, sha256 and index), as an app meets it (every core: the
       file is hashed on a second thread while read) and on one core: the first run after the
       file was evicted from the page cache where that is possible, and warm runs;
     - what the lexicons add to the bundle (bytes of g2p/en-us.lexicon and g2p/en-gb.lexicon);
     - what text adds to the tool's peak memory: maximum RSS of speaking a sentence given as
       phonemes and as text (the same phonemes), and of --print-phonemes on 1 MB of text.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "data", "g2p", "corpus.txt")
SENTENCE = "Dr. Smith paid $3.50 on May 5th, 2025 - didn't he?"
TIMES = re.compile(r"loaded and checked in ([0-9.]+) ms; (\d+) bytes of text \((\d+) words\) phonemized in "
                   r"([0-9.]+) ms \(([0-9.]+) MB/s\)")


def one_core():
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def max_rss_kib(command):
    run = subprocess.run(["/usr/bin/time", "-f", "maxrss %M", *command], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{run.stderr[-2000:]}")
    return int(run.stderr.rsplit("maxrss ", 1)[1].split()[0]), run


def g2p_times(tool, models, text_file, pinned=True):
    run = subprocess.run([*(one_core() if pinned else []), tool, "--text-file", text_file, "--print-phonemes", "--times",
                          "--models", models], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(run.stderr[-2000:])
    m = TIMES.search(run.stderr)
    return float(m.group(1)), int(m.group(2)), int(m.group(3)), float(m.group(4)), float(m.group(5))


def evict(path):
    """Drops a file from the page cache where the OS lets us (posix_fadvise DONTNEED)."""
    try:
        fd = os.open(path, os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
        return True
    except (AttributeError, OSError):
        return False


def misaki_speed(corpus_text):
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import g2p_reference
    started = time.perf_counter()
    engine = g2p_reference.g2p(False)
    loaded = time.perf_counter() - started
    lines = [line for line in corpus_text.splitlines() if line.strip()]
    started = time.perf_counter()
    for line in lines:
        engine(line)
    spent = time.perf_counter() - started
    return loaded, spent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=os.path.join(ROOT, "dist", "host", "models"))
    parser.add_argument("--tool", default=os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm"))
    parser.add_argument("--megabytes", type=float, default=1.0, help="text phonemized per run (default 1 MB)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the speed and load measures (default 5)")
    parser.add_argument("--no-misaki", action="store_true", help="leave out misaki (no spaCy here)")
    args = parser.parse_args(argv)
    with open(CORPUS, encoding="utf-8") as f:
        corpus = f.read()
    lexicon = os.path.join(args.models, "g2p", "en-us.lexicon")
    lexicons = [os.path.join(args.models, "g2p", name) for name in ("en-us.lexicon", "en-gb.lexicon")]
    with tempfile.TemporaryDirectory() as tmp:
        big = os.path.join(tmp, "big.txt")
        size = int(args.megabytes * 1_000_000)
        with open(big, "w", encoding="utf-8") as f:
            f.write((corpus * (size // len(corpus) + 1))[:size])
        runs = [g2p_times(args.tool, args.models, big) for _ in range(args.repeat)]
        best = max(runs, key=lambda r: r[4])
        # The load as an app meets it: every core (the file is hashed on a second thread while read).
        small = os.path.join(tmp, "one.txt")
        with open(small, "w", encoding="utf-8") as f:
            f.write(SENTENCE)
        cold = g2p_times(args.tool, args.models, small, pinned=False)[0] if evict(lexicon) else None
        warm = sorted(g2p_times(args.tool, args.models, small, pinned=False)[0] for _ in range(max(args.repeat, 9)))
        warm_one_core = sorted(g2p_times(args.tool, args.models, small)[0] for _ in range(args.repeat))
        corpus_runs = [g2p_times(args.tool, args.models, CORPUS) for _ in range(args.repeat)]
        corpus_best = max(corpus_runs, key=lambda r: r[4])

        with tempfile.TemporaryDirectory() as out:
            phonemes = subprocess.run([args.tool, "--text", SENTENCE, "--print-phonemes", "--models", args.models],
                                      capture_output=True, text=True).stdout.strip()
            rss_phonemes, _ = max_rss_kib([args.tool, "--phonemes", phonemes, "--voice", "jf_alpha",
                                           "--out", os.path.join(out, "p.wav"), "--models", args.models])
            rss_text, _ = max_rss_kib([args.tool, "--text", SENTENCE, "--voice", "jf_alpha",
                                       "--out", os.path.join(out, "t.wav"), "--models", args.models])
            same = open(os.path.join(out, "p.wav"), "rb").read() == open(os.path.join(out, "t.wav"), "rb").read()
            rss_big, _ = max_rss_kib([args.tool, "--text-file", big, "--print-phonemes", "--models", args.models])

    words_per_mb = corpus_best[2] / (corpus_best[1] / 1e6)
    print(f"G2P benchmark (speed on {'one core: taskset -c 0' if one_core() else 'all cores'}, best of "
          f"{args.repeat} runs; the load on every core unless said)")
    print(f"{'measure':46s} {'kokoro-tvm (Rust)':>22s} {'misaki 0.9.4 + spaCy':>22s}")
    misaki = None if args.no_misaki else misaki_speed(corpus)
    mb = len(corpus.encode()) / 1e6
    print(f"{'corpus (' + str(len(corpus.split())) + ' words) phonemized, MB/s':46s} {corpus_best[4]:22.2f} "
          f"{(mb / misaki[1]) if misaki else float('nan'):22.4f}")
    print(f"{f'{args.megabytes:g} MB of text phonemized, MB/s':46s} {best[4]:22.2f} {'':>22s}")
    print(f"{'words per second (corpus)':46s} {words_per_mb * corpus_best[4]:22,.0f} "
          f"{(corpus_best[2] / misaki[1]) if misaki else float('nan'):22,.0f}")
    print(f"{'lexicon load, warm (ms; min / median)':46s} {f'{warm[0]:.2f} / {warm[len(warm) // 2]:.2f}':>22s} "
          f"{(f'{misaki[0] * 1e3:.0f} (spaCy + JSON)') if misaki else '':>22s}")
    print(f"{'lexicon load, one core (ms; min / median)':46s} "
          f"{f'{warm_one_core[0]:.2f} / {warm_one_core[len(warm_one_core) // 2]:.2f}':>22s}")
    print(f"{'lexicon load, cold page cache (ms)':46s} {cold if cold is not None else float('nan'):22.2f}")
    print(f"{'lexicon files in the bundle, US + GB (bytes)':46s} "
          f"{' + '.join(f'{os.path.getsize(p):,d}' for p in lexicons):>22s}")
    print(f"{'tool peak RSS, sentence as phonemes (MiB)':46s} {rss_phonemes / 1024:22.1f}")
    print(f"{'tool peak RSS, sentence as text (MiB)':46s} {rss_text / 1024:22.1f}")
    print(f"{'  text adds (MiB)':46s} {(rss_text - rss_phonemes) / 1024:22.1f}   (same audio: {same})")
    print(f"{f'--print-phonemes of {args.megabytes:g} MB, peak RSS (MiB)':46s} {rss_big / 1024:22.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
