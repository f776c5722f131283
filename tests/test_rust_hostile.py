"""Hostile and broken input to the kokoro-tvm tool and the C ABI (rust/).

Each class of input gets an error that names the input and the fix, never a crash (exit
101 is a Rust panic, a negative code a signal): a byte-flipped, truncated or older bundle,
a corrupt or non-finite voice, audio that is not finite, arguments that are not UTF-8, a
deeply nested or out-of-range manifest, an --out or --samples that cannot be written, a
file named like a bundle voice. A failed run leaves no WAV and no temporary file, and a
previous --out file untouched.

The built bundle (dist/host/models) is hard-linked (or copied) once per module; each
broken bundle is a folder of symlinks to it plus the one file corrupted."""

import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys

import pytest

from conftest import ROOT

DIST = os.path.join(ROOT, "dist", "host")
TOOL = os.path.join(DIST, "bin", "kokoro-tvm")
MODELS = os.path.join(ROOT, "build", "host", "synthetic", "models")   # the synthetic bundle
PREVIOUS = b"a previous file at --out\n"
REBUILD = "./scons models"


def run_tool(*args, cwd=None):
    """The tool with args (str or bytes); stdout and stderr decoded leniently."""
    if not os.path.exists(TOOL):
        pytest.fail(f"{TOOL} is missing: run ./scons (./scons test builds it first)")
    run = subprocess.run([TOOL, *args], capture_output=True, cwd=cwd, env=dict(os.environ, TVM_NUM_THREADS="2"))
    run.stdout, run.stderr = (run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace"))
    return run


def link_or_copy(source, target):
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The built bundle once: manifest.json, kokoro.weights and voices/ (never written to)."""
    if not os.path.exists(os.path.join(MODELS, "manifest.json")):
        pytest.fail(f"{MODELS} is missing: run ./scons")
    root = tmp_path_factory.mktemp("bundle") / "models"
    root.mkdir()
    for name in ("manifest.json", "kokoro.weights"):
        link_or_copy(os.path.join(MODELS, name), root / name)
    shutil.copytree(os.path.join(MODELS, "voices"), root / "voices", copy_function=link_or_copy)
    return root


def manifest(bundle):
    return json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))


def variant(bundle, folder, replace=None, drop=()):
    """A bundle at folder: symlinks to bundle's files, but each path of `replace` is new
    bytes (or a symlink, given a path) and each path of `drop` is absent."""
    replace = replace or {}
    folder.mkdir(parents=True)
    for name in sorted(os.listdir(bundle)):
        if name in drop:
            continue
        if name == "voices" and any(p.startswith("voices/") for p in replace):
            (folder / name).mkdir()
            for voice in sorted(os.listdir(bundle / name)):
                os.symlink(bundle / name / voice, folder / name / voice)
        elif name not in replace:
            os.symlink(bundle / name, folder / name)
    for path, content in replace.items():
        target = folder / path
        if os.path.lexists(target):
            os.unlink(target)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            os.symlink(content, target)
    return folder


def flipped_copy(source, target):
    """A real copy of source with the byte in its middle inverted; returns its sha256."""
    shutil.copyfile(source, target)
    with open(target, "r+b") as f:
        f.seek(os.path.getsize(target) // 2)
        byte = f.read(1)
        f.seek(-1, os.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))
    digest = hashlib.sha256()
    with open(target, "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            digest.update(block)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def flipped_weights(bundle, tmp_path_factory):
    """(path, sha256) of kokoro.weights with one byte flipped: the one full copy of the weights
    (removed afterwards: pytest keeps the temporary folders of recent runs)."""
    path = tmp_path_factory.mktemp("flipped") / "kokoro.weights"
    yield path, flipped_copy(bundle / "kokoro.weights", path)
    path.unlink()


def pack(values, rows=510, dim=256):
    """A float32 voice pack: values repeated over rows x dim."""
    data = (list(values) * (rows * dim))[: rows * dim]
    return struct.pack(f"<{len(data)}f", *data)


@pytest.fixture
def out(tmp_path):
    """A folder holding only out.wav, with previous contents."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "out.wav").write_bytes(PREVIOUS)
    return folder / "out.wav"


def speak(out, *args, models=None, voice="synthetic", phonemes="hə"):
    extra = ["--models", str(models if models is not None else MODELS)]
    return run_tool("--phonemes", phonemes, "--voice", voice, "--out", str(out), "--speed", "3", *extra, *args)


def assert_refused(run, code, out, *needles):
    """Exit `code`, each needle in stderr, --out untouched and nothing else beside it."""
    assert run.returncode == code, (run.returncode, run.stderr)
    for needle in needles:
        assert needle in run.stderr, (needle, run.stderr)
    assert "panicked" not in run.stderr
    assert out.read_bytes() == PREVIOUS
    assert sorted(os.listdir(out.parent)) == [out.name], os.listdir(out.parent)


# 1. kokoro.weights against weights.size and weights.sha256

def test_broken_weights_and_older_manifests_are_refused(bundle, flipped_weights, tmp_path, out):
    expected = manifest(bundle)["weights"]
    flipped, found = flipped_weights
    run = speak(out, models=variant(bundle, tmp_path / "flipped", {"kokoro.weights": flipped}))
    assert_refused(run, 3, out, "kokoro.weights: sha256 " + found, "the manifest says " + expected["sha256"], REBUILD)

    truncated = (bundle / "kokoro.weights").open("rb").read(1 << 20)
    run = speak(out, models=variant(bundle, tmp_path / "truncated", {"kokoro.weights": truncated}))
    assert_refused(run, 3, out, f"kokoro.weights: {1 << 20} bytes, the manifest says {expected['size']}", REBUILD)

    run = speak(out, models=variant(bundle, tmp_path / "device", {"kokoro.weights": "/dev/zero"}))
    assert_refused(run, 3, out, "kokoro.weights: is not a regular file", REBUILD)

    for field in ("sha256", "size"):
        older = manifest(bundle)
        del older["weights"][field]
        models = variant(bundle, tmp_path / f"older-{field}", {"manifest.json": json.dumps(older).encode()})
        assert_refused(speak(out, models=models), 3, out, "manifest.json", f"no field weights.{field}",
                       "from an older build", REBUILD)


# 2. voices: the bundle's against their sha256, every one against NaN and infinity

def test_corrupt_missing_and_non_finite_voices_are_refused(bundle, tmp_path, out):
    voice_file = bundle / "voices" / "synthetic.f32"
    expected = manifest(bundle)["voices"]["synthetic"]["sha256"]
    corrupt = tmp_path / "corrupt.f32"
    found = flipped_copy(voice_file, corrupt)
    run = speak(out, models=variant(bundle, tmp_path / "corrupt", {"voices/synthetic.f32": corrupt}))
    assert_refused(run, 2, out, "voices/synthetic.f32: sha256 " + found, "the manifest says " + expected, REBUILD)

    run = speak(out, models=variant(bundle, tmp_path / "novoices", drop=("voices",)))
    assert_refused(run, 2, out, "voices/synthetic.f32", "voices/ folder is incomplete", REBUILD)

    for name, value, shown in [("nan.f32", float("nan"), "is NaN"), ("inf.f32", float("-inf"), "is -inf")]:
        values = bytearray(voice_file.read_bytes())
        values[4 * 1000: 4 * 1001] = struct.pack("<f", value)
        (tmp_path / name).write_bytes(bytes(values))
        run = speak(out, models=bundle, voice=str(tmp_path / name))
        assert_refused(run, 2, out, f"voice {tmp_path / name}: value 1000 (row 3, column 232) {shown}",
                       "finite float32 values only")


# 3. audio that is not finite: refused, nothing written

def test_non_finite_audio_writes_nothing(bundle, tmp_path, out):
    samples = out.parent / "out.f32"
    for name, value, needle in [("loud.f32", 1e6, "audio that is not finite"),
                                ("huge.f32", 3e38, "the duration model predicted NaN frames")]:
        (tmp_path / name).write_bytes(pack([value]))
        run = speak(out, "--samples", str(samples), models=bundle, voice=str(tmp_path / name))
        assert_refused(run, 1, out, str(tmp_path / name), needle, "check the voice pack's values")


# 4. arguments that are not UTF-8

def test_arguments_that_are_not_utf8(bundle, tmp_path, out):
    run = speak(out, models=bundle, phonemes=b"h\xff\xfe")
    assert_refused(run, 2, out, "--phonemes h\ufffd\ufffd: not valid UTF-8 text")
    assert_refused(speak(out, b"--sp\xffeed", b"1", models=bundle), 2, out, "unknown option --sp\ufffdeed (not valid UTF-8)")
    assert_refused(speak(out, "--seed", b"\xff", models=bundle), 2, out, "--seed \ufffd: not valid UTF-8")
    # paths are taken as they are: a voice file, a models folder and an --out named in Latin-1
    folder = bytes(tmp_path) + b"/caf\xe9"
    os.mkdir(folder)
    os.symlink(bytes(bundle), folder + b"/mod\xe8les")
    shutil.copyfile(bytes(bundle / "voices" / "synthetic.f32"), folder + b"/voix-\xe9.f32")
    wav = folder + b"/sortie-\xe9.wav"
    run = run_tool("--phonemes", "hə", "--voice", folder + b"/voix-\xe9.f32", "--out", wav, "--speed", "3",
                   "--models", folder + b"/mod\xe8les")
    assert run.returncode == 0, run.stderr
    assert open(wav, "rb").read(4) == b"RIFF"
    assert sorted(os.listdir(folder)) == sorted([b"mod\xe8les", b"voix-\xe9.f32", b"sortie-\xe9.wav"])


# 5. the manifest: nesting depth, every indexed value

def test_hostile_manifests_are_refused_naming_the_field(bundle, tmp_path, out):
    good = manifest(bundle)
    weights = good["weights"]["index"]
    first = min(weights)
    last = max(weights, key=lambda name: weights[name]["offset"])

    def changed(change):
        document = json.loads(json.dumps(good))
        change(document)
        return json.dumps(document).encode()

    cases = [
        ("nested", b"[" * 100000, "nesting deeper than 128 levels"),
        ("nested-objects", b'{"a":' * 100000, "nesting deeper than 128 levels"),
        ("voice-shape", changed(lambda d: d["voices"]["synthetic"].update(shape=[510])),
         "voices.synthetic.shape is [510], not [rows, 256]"),
        ("voice-file", changed(lambda d: d["voices"]["synthetic"].update(file="../../etc/passwd")),
         "voices.synthetic.file is '../../etc/passwd', not a relative path inside the bundle"),
        ("negative-offset", changed(lambda d: d["weights"]["index"][first].update(offset=-512)),
         f"weights.index.{first}.offset is not an offset"),
        ("huge-offset", changed(lambda d: d["weights"]["index"][first].update(offset=1e300)),
         f"weights.index.{first}.offset is not an offset"),
        ("past-the-end", changed(lambda d: d["weights"]["index"][last].update(offset=weights[last]["offset"] + 4)),
         f"weights.index.{last}.offset + nbytes"),
        ("usize-overflow", changed(lambda d: d["weights"]["index"][first].update(shape=[2 ** 31] * 4)),
         f"weights.index.{first}.nbytes"),
        ("negative-bucket", changed(lambda d: d["buckets"].update(frames=[-64])), "buckets.frames is [-64]"),
        ("not-utf8", b'{"profile": "\xff"}', "manifest.json: not UTF-8"),
    ]
    for name, document, needle in cases:
        run = speak(out, models=variant(bundle, tmp_path / name, {"manifest.json": document}))
        assert_refused(run, 3, out, "manifest.json", needle)
    run = speak(out, models=variant(bundle, tmp_path / "device-manifest", {"manifest.json": "/dev/zero"}))
    assert_refused(run, 3, out, "manifest.json: is not a regular file")


# 6. --out and --samples: checked before any work, written through a temporary file

def test_outputs_are_checked_first_and_replaced_only_on_success(bundle, tmp_path, out):
    missing = tmp_path / "missing"   # no models: an exit 2 proves the output was checked first
    for args, needle in [
        (["--out", str(tmp_path / "nowhere" / "x.wav")], "--out " + str(tmp_path / "nowhere" / "x.wav") + ": the folder"),
        (["--out", str(tmp_path)], "is a folder"),
        (["--out", str(out) + "/"], "names a folder"),
        (["--out", str(out), "--samples", str(tmp_path / "nowhere" / "x.f32")], "--samples"),
        (["--out", str(out), "--samples", str(tmp_path)], "--samples " + str(tmp_path) + ": is a folder"),
        (["--out", str(out), "--samples", str(out.parent / "." / "out.wav")], "is the --out file"),
    ]:
        run = run_tool("--phonemes", "hə", "--voice", "synthetic", "--models", str(missing), *args)
        assert_refused(run, 2, out, needle)
        assert "no such models folder" not in run.stderr

    samples = out.parent / "out.f32"
    samples.write_bytes(PREVIOUS)
    run = speak(out, "--samples", str(samples), models=bundle, phonemes="h#")   # fails after loading
    assert run.returncode == 2 and "'#' (U+0023)" in run.stderr, run.stderr
    assert out.read_bytes() == PREVIOUS and samples.read_bytes() == PREVIOUS
    assert sorted(os.listdir(out.parent)) == ["out.f32", "out.wav"]

    run = speak(out, "--samples", str(samples), models=bundle)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes()[:4] == b"RIFF" and len(samples.read_bytes()) == 4 * (len(out.read_bytes()) - 44) // 2
    assert sorted(os.listdir(out.parent)) == ["out.f32", "out.wav"]


# 7. voice names: the bundle's name wins over a file of that name; a file must look like a path

def test_bundle_voice_names_win_over_files(bundle, tmp_path, out):
    work = tmp_path / "work"
    work.mkdir()
    (work / "synthetic").write_bytes(b"not a voice")
    (work / "mine").write_bytes(b"not a voice")
    (work / "x.f32").write_bytes(b"not a voice")
    run = run_tool("--phonemes", "hə", "--voice", "synthetic", "--out", str(out), "--speed", "3", "--models", str(bundle),
                   cwd=work)
    assert run.returncode == 0, run.stderr
    out.write_bytes(PREVIOUS)
    for voice, needle in [("./synthetic", "voice ./synthetic: 11 bytes is not a float32 pack"),
                          ("x.f32", "voice x.f32: 11 bytes"),
                          ("nobody", "voice 'nobody': the models folder has no voice of that name (its voices: synthetic)"),
                          ("mine", "to use the file of that name here, write ./mine")]:
        run = run_tool("--phonemes", "hə", "--voice", voice, "--out", str(out), "--models", str(bundle), cwd=work)
        assert_refused(run, 2, out, needle)
    assert "'./synthetic' is a file, 'synthetic' the bundle's voice" in run_tool("--help").stdout


# 8. the C ABI: every hostile bundle and argument gives an error, the program goes on

CAPI_HOSTILE = r"""
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kokoro_tvm.h"

static int failures = 0;

/* A call that must fail: prints its error, counts it when it did not fail. */
static void refused(const char* label, int failed) {
  if (failed) {
    printf("%s: error: %s\n", label, kokoro_tvm_last_error());
  } else {
    printf("%s: UNEXPECTED success\n", label);
    failures++;
  }
}

/* A stream callback that must not be called (the call fails before any chunk). */
static int never(const float* samples, size_t count, void* user) {
  (void)samples; (void)count; (void)user;
  printf("stream: UNEXPECTED chunk\n");
  failures++;
  return 1;
}

static void create_fails(const char* label, const char* dir) {
  KokoroTvm* tts = kokoro_tvm_create(dir);
  refused(label, tts == NULL);
  kokoro_tvm_destroy(tts);
}

/* capi_hostile NESTED TRUNCATED FLIPPED NO_VOICES NAN_VOICE GOOD_VOICE */
int main(int argc, char** argv) {
  if (argc != 7) return 2;
  create_fails("null-bundle", NULL);
  create_fails("non-utf8-bundle", "/nonexistent/\xff\xfe");
  create_fails("nested-manifest", argv[1]);
  create_fails("truncated-weights", argv[2]);
  create_fails("flipped-weights", argv[3]);
  KokoroTvm* tts = kokoro_tvm_create(argv[4]);
  if (tts == NULL) {
    printf("no-voices: create failed: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  float* samples = (float*)1;
  size_t count = 7;
  refused("missing-voices", kokoro_tvm_synthesize(tts, "h\xc9\x99", "synthetic", 3, 0, &samples, &count) != 0 &&
                            samples == NULL && count == 0);
  refused("nan-voice", kokoro_tvm_synthesize(tts, "h\xc9\x99", argv[5], 3, 0, &samples, &count) != 0);
  refused("null-handle", kokoro_tvm_synthesize(NULL, "h\xc9\x99", argv[6], 3, 0, &samples, &count) != 0);
  refused("null-phonemes", kokoro_tvm_synthesize(tts, NULL, argv[6], 3, 0, &samples, &count) != 0);
  refused("null-voice", kokoro_tvm_synthesize(tts, "h\xc9\x99", NULL, 3, 0, &samples, &count) != 0);
  refused("null-samples", kokoro_tvm_synthesize(tts, "h\xc9\x99", argv[6], 3, 0, NULL, &count) != 0);
  refused("null-count", kokoro_tvm_synthesize(tts, "h\xc9\x99", argv[6], 3, 0, &samples, NULL) != 0);
  refused("non-utf8-phonemes", kokoro_tvm_synthesize(tts, "h\xff", argv[6], 3, 0, &samples, &count) != 0);
  refused("non-utf8-voice", kokoro_tvm_synthesize(tts, "h\xc9\x99", "\xff", 3, 0, &samples, &count) != 0);
  refused("nan-speed", kokoro_tvm_synthesize(tts, "h\xc9\x99", argv[6], NAN, 0, &samples, &count) != 0);
  refused("unknown-voice", kokoro_tvm_synthesize(tts, "h\xc9\x99", "nobody", 3, 0, &samples, &count) != 0);
  refused("stream-null-callback", kokoro_tvm_synthesize_stream(tts, "h\xc9\x99", argv[6], 3, 0, NULL, NULL) == 1);
  refused("stream-null-handle", kokoro_tvm_synthesize_stream(NULL, "h\xc9\x99", argv[6], 3, 0, never, NULL) == 1);
  refused("stream-nan-voice", kokoro_tvm_synthesize_stream(tts, "h\xc9\x99", argv[5], 3, 0, never, NULL) == 1);
  refused("stream-non-utf8-phonemes", kokoro_tvm_synthesize_stream(tts, "h\xff", argv[6], 3, 0, never, NULL) == 1);
  /* text: this bundle has no G2P lexicon; NULLs, bad UTF-8 and unknown languages first */
  char* phonemes = (char*)1;
  refused("text-no-lexicon", kokoro_tvm_synthesize_text(tts, "hello", argv[6], 1, 0, &samples, &count) != 0 &&
                             samples == NULL && count == 0);
  refused("text-stream-no-lexicon", kokoro_tvm_synthesize_text_stream(tts, "hello", argv[6], 1, 0, never, NULL) == 1);
  refused("text-stream-null-callback", kokoro_tvm_synthesize_text_stream(tts, "hello", argv[6], 1, 0, NULL, NULL) == 1);
  refused("text-null", kokoro_tvm_synthesize_text(tts, NULL, argv[6], 1, 0, &samples, &count) != 0);
  refused("text-non-utf8", kokoro_tvm_synthesize_text(tts, "h\xff", argv[6], 1, 0, &samples, &count) != 0);
  refused("phonemize-null-handle", kokoro_tvm_phonemize(NULL, "hello", NULL, &phonemes) != 0 && phonemes == NULL);
  refused("phonemize-null-out", kokoro_tvm_phonemize(tts, "hello", NULL, NULL) != 0);
  refused("phonemize-non-utf8", kokoro_tvm_phonemize(tts, "h\xff", NULL, &phonemes) != 0);
  refused("phonemize-language", kokoro_tvm_phonemize(tts, "hello", "fr", &phonemes) != 0);
  refused("phonemize-no-lexicon", kokoro_tvm_phonemize(tts, "hello", "en-gb", &phonemes) != 0);
  kokoro_tvm_free_text(NULL);
  if (kokoro_tvm_sample_rate(NULL) != 0) failures++;
  kokoro_tvm_free_audio(NULL, 0);
  kokoro_tvm_destroy(NULL);
  /* after all that, the same handle still speaks */
  if (kokoro_tvm_synthesize(tts, "h\xc9\x99", argv[6], 3, 0, &samples, &count) != 0 || count == 0) {
    printf("good-voice: failed: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  printf("good-voice: %zu samples\n", count);
  kokoro_tvm_free_audio(samples, count);
  kokoro_tvm_destroy(tts);
  printf("survived, %d unexpected\n", failures);
  return failures == 0 ? 0 : 1;
}
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_abi_survives_hostile_bundles_and_arguments(bundle, flipped_weights, tmp_path):
    source = tmp_path / "capi_hostile.c"
    source.write_text(CAPI_HOSTILE, encoding="utf-8")
    lib, exe = os.path.join(DIST, "lib"), tmp_path / "capi_hostile"
    whole = [os.path.join(lib, "libtvm_runtime.a"), os.path.join(lib, "libtvm_ffi_static.a"),
             os.path.join(MODELS, "kokoro.a")]
    build = subprocess.run(["cc", "-o", str(exe), str(source), "-I", os.path.join(DIST, "include"),
                            os.path.join(lib, "libkokoro_tvm.a"), "-Wl,--whole-archive", *whole,
                            "-Wl,--no-whole-archive", "-lstdc++", "-ldl", "-lpthread", "-lm"],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    voice = bundle / "voices" / "synthetic.f32"
    nan = bytearray(voice.read_bytes())
    nan[:4] = struct.pack("<f", float("nan"))
    (tmp_path / "nan.f32").write_bytes(bytes(nan))
    truncated = (bundle / "kokoro.weights").open("rb").read(1 << 20)
    bundles = [variant(bundle, tmp_path / "nested", {"manifest.json": b"[" * 100000}),
               variant(bundle, tmp_path / "truncated", {"kokoro.weights": truncated}),
               variant(bundle, tmp_path / "flipped", {"kokoro.weights": flipped_weights[0]}),
               variant(bundle, tmp_path / "novoices", drop=("voices",))]
    run = subprocess.run([str(exe), *map(str, bundles), str(tmp_path / "nan.f32"), str(voice)],
                         capture_output=True, env=dict(os.environ, TVM_NUM_THREADS="2"))
    stdout = run.stdout.decode("utf-8", "replace")
    assert run.returncode == 0, stdout + run.stderr.decode("utf-8", "replace")
    assert "survived, 0 unexpected" in stdout and "good-voice: " in stdout
    errors = dict(line.split(": error: ", 1) for line in stdout.splitlines() if ": error: " in line)
    expected = {
        "null-bundle": "bundle_dir is NULL",
        "non-utf8-bundle": "no such models folder",
        "nested-manifest": "nesting deeper than 128 levels",
        "truncated-weights": f"{1 << 20} bytes, the manifest says",
        "flipped-weights": "sha256 " + flipped_weights[1],
        "missing-voices": "voices/synthetic.f32",
        "nan-voice": "value 0 (row 0, column 0) is NaN",
        "null-handle": "must not be NULL",
        "null-phonemes": "phonemes is NULL",
        "null-voice": "voice is NULL",
        "null-samples": "must not be NULL",
        "null-count": "must not be NULL",
        "non-utf8-phonemes": "phonemes is not valid UTF-8",
        "non-utf8-voice": "the models folder has no voice of that name",
        "nan-speed": "speed NaN must be a positive number",
        "unknown-voice": "voice 'nobody'",
        "stream-null-callback": "handle and on_chunk must not be NULL",
        "stream-null-handle": "handle and on_chunk must not be NULL",
        "stream-nan-voice": "value 0 (row 0, column 0) is NaN",
        "stream-non-utf8-phonemes": "phonemes is not valid UTF-8",
        "text-no-lexicon": "this models folder has no G2P lexicon",
        "text-stream-no-lexicon": "this models folder has no G2P lexicon",
        "text-stream-null-callback": "handle and on_chunk must not be NULL",
        "text-null": "text is NULL",
        "text-non-utf8": "text is not valid UTF-8",
        "phonemize-null-handle": "handle and phonemes must not be NULL",
        "phonemize-null-out": "handle and phonemes must not be NULL",
        "phonemize-non-utf8": "text is not valid UTF-8",
        "phonemize-language": "language 'fr': expected en-us or en-gb",
        "phonemize-no-lexicon": "this models folder has no G2P lexicon",
    }
    for label, needle in expected.items():
        assert needle in errors.get(label, ""), (label, errors.get(label), stdout)
