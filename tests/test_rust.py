"""The Rust pipeline: cargo's own tests, the kokoro-tvm tool, the C ABI, reproducibility.

The tool's audio is compared with KModel.forward_with_tokens (models/testing/reference.py:
the same synthetic weights, voice row, phonemes, speed and noise seed: the library
step's synthetic bundle, build/host/synthetic/models) with the
whole chain's tolerance: max abs error relative to the output's scale below 1e-4
in float32 (tests/test_models.py says why)."""

import json
import os
import shutil
import struct
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "site_scons"))
from kokoro_build import cargo_rule, spec  # noqa: E402
from models import spec as model_spec  # noqa: E402

DIST = os.path.join(ROOT, "dist", "host")
TOOL = os.path.join(DIST, "bin", "kokoro-tvm")
MODELS = os.path.join(ROOT, "build", "host", "synthetic", "models")
TOLERANCE = 1e-4
UTTERANCES = [("hˈɛloʊ", 3.0, 1), ("ðə kwˈɪk bɹˈaʊn fˈɑːks", 3.0, 2), ("ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst", 4.0, 3)]


def built():
    if not os.path.exists(TOOL):
        pytest.fail(f"{TOOL} is missing: run ./scons (./scons test builds it first)")
    return TOOL


def run_tool(*args, **kwargs):
    """The tool with args, on the synthetic bundle unless args name --models."""
    models = [] if "--models" in args or "--help" in args else ["--models", MODELS]
    return subprocess.run([built(), *args, *models], capture_output=True, text=True, **kwargs)


def test_cargo_test_passes():
    command, env = cargo_rule.cargo_test_command(ROOT, dict(os.environ), model_spec.read(spec.path(ROOT, "host")))
    run = subprocess.run(command, cwd=os.path.join(ROOT, "rust"), env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "test result: ok" in run.stdout


def wav_header(path):
    data = open(path, "rb").read()
    assert data[:4] == b"RIFF" and data[8:16] == b"WAVEfmt "
    fmt, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[20:36])
    assert data[36:40] == b"data"
    return fmt, channels, rate, bits, struct.unpack("<I", data[40:44])[0], len(data)


@pytest.fixture(scope="module")
def model():
    from models import weights
    return weights.synthetic_model()[0]


@pytest.mark.parametrize("phonemes, speed, seed", UTTERANCES)
def test_tool_audio_matches_forward_with_tokens(tmp_path, model, phonemes, speed, seed):
    from models import voices, weights
    from models.testing import reference
    out, samples = tmp_path / "out.wav", tmp_path / "out.f32"
    run = run_tool("--phonemes", phonemes, "--voice", "synthetic", "--out", str(out), "--speed", str(speed),
                   "--seed", str(seed), "--samples", str(samples), "--first-chunk", "0")   # one piece, as PyTorch
    assert run.returncode == 0, run.stderr
    assert "s of audio" in run.stdout and "real-time factor" in run.stdout
    audio = np.fromfile(samples, dtype="<f4")
    ids = reference.token_ids(phonemes, weights.load_config()["vocab"])
    ref_s = voices.synthetic_pack()[len(phonemes) - 1][None]
    expected, durations = reference.run_pytorch(model, ids, ref_s, speed, seed)
    assert audio.shape == expected.shape == (600 * durations.sum(),)
    fmt, channels, rate, bits, data_bytes, size = wav_header(out)
    assert (fmt, channels, rate, bits) == (1, 1, 24000, 16)
    assert data_bytes == 2 * len(audio) and size == 44 + data_bytes    # the length the durations give
    assert f"({durations.sum()} frames, 1 chunk(s))" in run.stdout
    assert float(np.abs(audio - expected).max() / np.abs(expected).max()) < TOLERANCE


def test_bad_input_gives_clear_errors_and_exit_codes(tmp_path):
    out = str(tmp_path / "x.wav")
    cases = [
        (["--phonemes", "  ", "--voice", "synthetic", "--out", out], 2, "no phonemes to speak"),
        (["--phonemes", "##1", "--voice", "synthetic", "--out", out], 2, "'#' (U+0023), '1' (U+0031)"),
        (["--phonemes", "hə", "--voice", str(tmp_path / "nobody.f32"), "--out", out], 2, "nobody.f32"),
        (["--phonemes", "hə", "--voice", "synthetic", "--out", out, "--speed", "0"], 2, "--speed 0"),
        (["--phonemes", "hə", "--voice", "synthetic", "--out", out, "--models", str(tmp_path / "none")], 3,
         "no such models folder"),
        (["--phonemes", "hə", "--voice", "synthetic"], 2, "--out is required"),
        (["--bogus", "1"], 2, "unknown option --bogus"),
    ]
    for args, code, message in cases:
        run = run_tool(*args)
        assert run.returncode == code, (args, run.returncode, run.stderr)
        assert message in run.stderr, (args, run.stderr)
    assert not os.path.exists(out)
    assert run_tool("--help").stdout.startswith("usage: kokoro-tvm")


def test_a_models_folder_from_another_build_is_refused(tmp_path):
    """The tool runs any weights written for the library it links (library.sha256), and
    refuses a folder whose manifest names another library."""
    other = tmp_path / "models"
    other.mkdir()
    os.symlink(os.path.join(MODELS, "kokoro.weights"), other / "kokoro.weights")
    shutil.copytree(os.path.join(MODELS, "voices"), other / "voices")
    manifest = json.load(open(os.path.join(MODELS, "manifest.json"), encoding="utf-8"))
    manifest["weights"]["identity"] = {"kind": "file", "name": "another.pth", "sha256": "0" * 64}
    (other / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = run_tool("--phonemes", "hə", "--voice", "synthetic", "--out", str(tmp_path / "ok.wav"), "--models", str(other))
    assert run.returncode == 0, run.stderr
    manifest["library"]["sha256"] = "f" * 64
    (other / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = run_tool("--phonemes", "hə", "--voice", "synthetic", "--out", str(tmp_path / "x.wav"),
                   "--models", str(other))
    assert run.returncode == 3 and "from another build" in run.stderr and "f" * 64 in run.stderr, run.stderr


def c_program(tmp_path, source="capi_demo.c"):
    """tests/native/<source> linked with the staticlib and the archives, as an app would."""
    lib = os.path.join(DIST, "lib")
    exe = tmp_path / source[:-2]
    whole = [os.path.join(lib, "libtvm_runtime.a"), os.path.join(lib, "libtvm_ffi_static.a"),
             os.path.join(MODELS, "kokoro.a")]
    cmd = ["cc", "-o", str(exe), os.path.join(ROOT, "tests", "native", source), "-I", os.path.join(DIST, "include"),
           os.path.join(lib, "libkokoro_tvm.a"),
           *model_spec.c_link_arguments(model_spec.read(spec.path(ROOT, "host"))["link"], lib, whole)]
    build = subprocess.run(cmd, capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    return exe


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_program_links_the_staticlib_and_speaks(tmp_path):
    exe = c_program(tmp_path)
    out = tmp_path / "c.f32"
    run = subprocess.run([str(exe), MODELS, "hˈɛloʊ", "synthetic", "3", "1", str(out)], capture_output=True, text=True,
                         env=dict(os.environ, TVM_NUM_THREADS="2"))
    assert run.returncode == 0, run.stdout + run.stderr
    count = int(run.stdout.split()[1])
    assert run.stdout.strip().endswith("rate 24000") and count > 0 and count % 600 == 0
    tool = tmp_path / "tool.f32"
    assert run_tool("--phonemes", "hˈɛloʊ", "--voice", "synthetic", "--out", str(tmp_path / "t.wav"), "--speed", "3",
                    "--seed", "1", "--samples", str(tool)).returncode == 0
    assert open(out, "rb").read() == open(tool, "rb").read()   # the C ABI and the tool give the same audio
    bad = subprocess.run([str(exe), str(tmp_path / "missing"), "hə", "synthetic", "1", "0", str(out)],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "error: " in bad.stdout and "no such models folder" in bad.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_program_streams_the_same_audio_chunk_by_chunk_and_can_cancel(tmp_path):
    exe = c_program(tmp_path, "capi_stream.c")
    phonemes = " ".join([UTTERANCES[2][0]] * 4)     # a short first chunk, then longer ones
    env = dict(os.environ, TVM_NUM_THREADS="2")
    streamed = tmp_path / "streamed.f32"
    run = subprocess.run([str(exe), MODELS, phonemes, "synthetic", "4", "3", str(streamed), "0"], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    counts = [int(line.split()[2]) for line in lines if line.startswith("chunk ")]
    assert len(counts) >= 2 and lines[len(counts):] == [f"result 0 chunks {len(counts)} samples {sum(counts)}"]
    whole = tmp_path / "whole.f32"
    assert run_tool("--phonemes", phonemes, "--voice", "synthetic", "--out", str(tmp_path / "t.wav"), "--speed", "4",
                    "--seed", "3", "--samples", str(whole)).returncode == 0
    assert streamed.read_bytes() == whole.read_bytes()       # streaming changes no sample

    cancelled = tmp_path / "cancelled.f32"
    run = subprocess.run([str(exe), MODELS, phonemes, "synthetic", "4", "3", str(cancelled), "1"], capture_output=True,
                         text=True, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [f"chunk 0 {counts[0]}", f"result 2 chunks 1 samples {counts[0]}",
                                       "error: cancelled by the chunk callback after 1 chunk(s)"]
    assert cancelled.read_bytes() == whole.read_bytes()[:4 * counts[0]]


def test_progress_per_chunk_on_standard_error_when_asked(tmp_path):
    phonemes, speed, seed = UTTERANCES[2]        # two chunks
    common = ["--phonemes", phonemes, "--voice", "synthetic", "--speed", str(speed), "--out", str(tmp_path / "a.wav")]
    run = run_tool(*common, "--progress")
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("kokoro-tvm: chunk ")]
    assert len(lines) >= 2 and lines[0].startswith("kokoro-tvm: chunk 1 ready: ") and "s of audio so far, at " in lines[0]
    assert not any(" ready: " in line for line in run.stdout.splitlines())
    quiet = run_tool(*common)                    # standard error is no terminal here: no progress
    assert quiet.returncode == 0 and " ready: " not in quiet.stderr
    assert " ready: " not in run_tool(*common, "--progress", "--no-progress").stderr


def chunks_of(run):
    """The sample counts of the chunks a --times run reports."""
    return [int(line.split()[3]) for line in run.stdout.splitlines() + run.stderr.splitlines()
            if line.startswith("kokoro-tvm: chunk ")]


def test_a_short_first_chunk_then_longer_ones_and_the_same_audio_every_way_out(tmp_path):
    phonemes, speed, seed = UTTERANCES[2]       # 42 symbols: more than the smallest token bucket holds
    common = ["--phonemes", phonemes, "--voice", "synthetic", "--speed", str(speed), "--seed", str(seed), "--times",
              "--models", MODELS]
    whole = run_tool(*common, "--out", str(tmp_path / "whole.wav"), "--samples", str(tmp_path / "whole.f32"))
    assert whole.returncode == 0, whole.stderr
    counts = chunks_of(whole)
    assert len(counts) >= 2, whole.stdout       # the first chunk ends at the clause within 30 symbols
    assert f"{len(counts)} chunk(s)" in whole.stdout
    assert any(line.startswith("kokoro-tvm: time decoder_") for line in whole.stdout.splitlines())
    wav = (tmp_path / "whole.wav").read_bytes()
    assert len(wav) == 44 + 2 * sum(counts)

    one = run_tool(*common, "--out", str(tmp_path / "one.wav"), "--first-chunk", "0")
    assert one.returncode == 0 and len(chunks_of(one)) == 1, one.stdout

    again = run_tool(*common, "--out", str(tmp_path / "again.wav"), "--repeat", "2")   # a warm second run
    assert again.returncode == 0 and (tmp_path / "again.wav").read_bytes() == wav, again.stderr
    decoder_lines = [line for line in again.stdout.splitlines() if line.startswith("kokoro-tvm: time decoder_")]
    assert sum(int(line.split(" in ")[1].split()[0]) for line in decoder_lines) == len(counts)  # one run's calls

    piped = subprocess.run([built(), *common, "--out", "-"], capture_output=True)     # raw PCM on stdout
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == wav[44:] and b"s of audio" in piped.stderr             # the messages on stderr

    growing = tmp_path / "growing.wav"
    growing.write_bytes(b"an older file")
    child = subprocess.Popen([built(), *common, "--out", str(growing), "--stream"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    seen = set()
    while child.poll() is None:     # whatever moment it is read at, the file is a whole WAV file
        data = growing.read_bytes()
        if data != b"an older file" and len(data) >= 44:
            declared = struct.unpack("<I", data[40:44])[0]
            assert data[:4] == b"RIFF" and struct.unpack("<I", data[4:8])[0] == 36 + declared
            assert 44 + declared <= len(data)
            assert data[44:44 + declared] == wav[44:44 + declared]
            seen.add(declared)
        time.sleep(0.02)
    assert child.returncode == 0, child.stderr.read()
    assert growing.read_bytes() == wav
    assert len(seen - {0}) >= 1, seen      # it was seen holding part of the audio, or all of it

    run = run_tool(*common, "--out", "-", "--stream")
    assert run.returncode == 2 and "--stream writes a WAV file in place" in run.stderr


def test_the_tool_s_figures_as_json_say_what_its_lines_and_audio_say(tmp_path):
    """--json FILE: the run's figures for programs (the benchmarks read them), consistent with
    the audio written and the --times lines; refused where it would overwrite an output."""
    phonemes, speed, seed = UTTERANCES[2]
    common = ["--phonemes", phonemes, "--voice", "synthetic", "--speed", str(speed), "--seed", str(seed),
              "--models", MODELS, "--out", str(tmp_path / "out.wav"), "--samples", str(tmp_path / "out.f32")]
    run = run_tool(*common, "--times", "--json", str(tmp_path / "figures.json"))
    assert run.returncode == 0, run.stderr
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    samples = np.fromfile(tmp_path / "out.f32", dtype="<f4")
    assert figures["format"] == 1
    assert [chunk["samples"] for chunk in figures["chunks"]] == chunks_of(run) and sum(chunks_of(run)) == len(samples)
    assert figures["frames"] == sum(map(sum, figures["durations"])) and len(figures["durations"]) == len(figures["chunks"])
    assert f"({figures['frames']} frames, {len(figures['chunks'])} chunk(s))" in run.stdout
    assert abs(figures["audio_s"] - len(samples) / 24000) < 1e-6
    assert 0 < figures["load_s"] <= figures["first_audio_s"] and figures["synthesis_s"] > 0
    assert figures["cpu_level"] in figures["cpu_levels"] and f"CPU code for {figures['cpu_level']} " in run.stdout
    assert {f["function"].rsplit("_", 1)[0] for f in figures["functions"]} == {"bert", "duration", "text_encoder",
                                                                              "f0n", "decoder"}
    decoder_calls = sum(f["calls"] for f in figures["functions"] if f["function"].startswith("decoder_"))
    assert decoder_calls == len(figures["chunks"])
    for clash in ("out.wav", "out.f32"):
        refused = run_tool(*common, "--json", str(tmp_path / clash))
        assert refused.returncode == 2 and "is the --out or --samples file" in refused.stderr, refused.stderr
    missing = run_tool(*common, "--json", str(tmp_path / "no" / "figures.json"))
    assert missing.returncode == 2 and "--json" in missing.stderr


def test_chunks_stay_within_the_memory_bound(tmp_path):
    """--memory MIB: every chunk takes a frame bucket whose functions ask for at most that much
    (the manifest's functions.*.memory), the text split further where it must; the audio of a
    bound chunking is the whole text's; a bound below the smallest chunk is refused by name."""
    manifest = json.load(open(os.path.join(MODELS, "manifest.json"), encoding="utf-8"))
    phonemes = ", ".join([UTTERANCES[2][0]] * 4)

    def chunk_memory(tokens, frames):
        functions = [manifest["functions"][stage["functions"][str(tokens if stage["bucket"] == "tokens" else frames)]]
                     for stage in manifest["stages"].values()]
        return sum(f["memory"]["storage"] for f in functions) + max(f["memory"]["workspace"] for f in functions)

    def frames_of(*args):
        figures = tmp_path / "figures.json"
        run = run_tool("--phonemes", phonemes, "--voice", "synthetic", "--speed", "1", "--out", str(tmp_path / "o.wav"),
                       "--json", str(figures), *args)
        assert run.returncode == 0, run.stderr
        return [sum(d) for d in json.loads(figures.read_text(encoding="utf-8"))["durations"]]

    unbound = frames_of("--memory", "0", "--first-chunk", "0")
    buckets, small = manifest["buckets"]["frames"], min(manifest["buckets"]["tokens"])
    smaller = [f for f in buckets if f < min(b for b in buckets if b >= max(unbound))]
    assert smaller, unbound
    mib = -(-chunk_memory(small, smaller[len(smaller) // 2]) // (1 << 20))
    within = [f for f in buckets if chunk_memory(small, f) <= mib << 20]
    bound = frames_of("--memory", str(mib), "--first-chunk", "0")
    assert max(bound) <= max(within) < max(unbound) and len(bound) > len(unbound) and min(bound) > 0, (bound, unbound)
    least = min(chunk_memory(small, f) for f in buckets)
    refused = run_tool("--phonemes", phonemes, "--voice", "synthetic", "--out", str(tmp_path / "r.wav"),
                       "--memory", str(least // (1 << 20) - 1))
    assert refused.returncode != 0 and "is less than the smallest chunk asks for" in refused.stderr, refused.stderr
    assert not (tmp_path / "r.wav").exists()
    bad = run_tool("--phonemes", phonemes, "--voice", "synthetic", "--out", str(tmp_path / "o.wav"), "--memory", "-3")
    assert bad.returncode == 2 and "--memory -3: expected a whole number of MiB" in bad.stderr


def test_the_highest_cpu_level_this_cpu_has_runs_and_a_cpu_without_any_is_refused(tmp_path):
    import json
    manifest = json.load(open(os.path.join(MODELS, "manifest.json"), encoding="utf-8"))
    levels = manifest["cpu"]["levels"]
    lowest = levels[-1]
    assert lowest["level"] == manifest["target"].get("mcpu") and lowest["features"]   # x86-64-v3: AVX2, FMA, ...
    out = tmp_path / "x.wav"
    common = ("--phonemes", "hˈɛloʊ wˈɜːld", "--voice", "synthetic", "--times")
    older = lowest["features"][: len(lowest["features"]) // 2]   # a CPU with half of them, as KOKORO_TVM_CPU_FEATURES says
    run = run_tool(*common, "--out", str(out), env=dict(os.environ, KOKORO_TVM_CPU_FEATURES=",".join(older)))
    assert run.returncode == 1, run.stderr
    assert f"carry code for the CPU level{'s' if len(levels) > 1 else ''} {', '.join(l['level'] for l in levels)}" in run.stderr
    assert f"{lowest['level']} needs {', '.join(f for f in lowest['features'] if f not in older)}" in run.stderr
    assert "KOKORO_TVM_CPU_FEATURES" in run.stderr and not out.exists() and not os.listdir(tmp_path)
    assert "run them on a CPU that has one, or build them for this architecture's default levels" in run.stderr
    run = run_tool(*common, "--out", str(out))     # this CPU's own: the highest level it has
    assert run.returncode == 0, run.stderr
    names = [level["level"] for level in levels]
    here = next(name for name in names if f"CPU code for {name} " in run.stdout)
    audio = {}
    for level in levels[names.index(here):]:    # a CPU with only a level's features runs that level's code
        run = run_tool(*common, "--out", str(out), env=dict(os.environ, KOKORO_TVM_CPU_FEATURES=",".join(level["features"])))
        assert run.returncode == 0 and f"CPU code for {level['level']} " in run.stdout, run.stderr
        audio[level["level"]] = np.frombuffer(out.read_bytes()[44:], dtype="<i2").astype(np.int32)
    names = list(audio)
    for name in names[:-1]:   # every level's code computes the same audio, to rounding
        assert len(audio[name]) == len(audio[names[-1]])
        assert np.abs(audio[name] - audio[names[-1]]).max() <= 64, name    # of 32767
    if len(levels) > 1:       # a level named by KOKORO_TVM_CPU_LEVEL runs, if this CPU has it
        run = run_tool(*common, "--out", str(out), env=dict(os.environ, KOKORO_TVM_CPU_LEVEL=lowest["level"]))
        assert run.returncode == 0 and f"CPU code for {lowest['level']} " in run.stdout, run.stderr
    run = run_tool(*common, "--out", str(out), env=dict(os.environ, KOKORO_TVM_CPU_LEVEL="x86-64-v9"))
    assert run.returncode == 1 and "KOKORO_TVM_CPU_LEVEL=x86-64-v9: these models carry code for" in run.stderr
    assert "set it to one of them, or unset it" in run.stderr and "./scons" not in run.stderr   # advice for this case


def test_crate_built_in_another_root_is_byte_identical(tmp_path):
    """The crate and its inputs in another folder, another TZ and umask: same binary and staticlib."""
    other = tmp_path / "elsewhere" / "kokoro"
    shutil.copytree(os.path.join(ROOT, "rust"), other / "rust", ignore=shutil.ignore_patterns("target"))
    shutil.copytree(os.path.join(DIST, "lib"), other / "dist" / "host" / "lib")
    (other / "dist" / "host" / "models").mkdir(parents=True)
    for name in ("kokoro.a", "manifest.json"):
        shutil.copy(os.path.join(MODELS, name), other / "dist" / "host" / "models" / name)
    (other / "build" / "host").mkdir(parents=True)
    shutil.copy(spec.path(ROOT, "host"), spec.path(str(other), "host"))   # what build.rs reads: the same spec
    host_spec = model_spec.read(spec.path(ROOT, "host"))
    triple = host_spec["link"]["triple"]
    settings = {"rustup_toolchain": cargo_rule.rustup_toolchain(ROOT, dict(os.environ))}
    env = cargo_rule.cargo_env(str(other), dict(os.environ, TZ="Pacific/Chatham"), host_spec, settings)
    run = subprocess.run(["sh", "-c", "umask 077 && exec \"$@\"", "sh", *cargo_rule.cargo_build_command(triple)],
                         cwd=other / "rust", env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    built_dir = other / "build" / "host" / "cargo" / triple / "release"
    assert (built_dir / "kokoro-tvm").read_bytes() == open(TOOL, "rb").read()
    assert (built_dir / "libkokoro_tvm.a").read_bytes() == open(os.path.join(DIST, "lib", "libkokoro_tvm.a"), "rb").read()


def threads_run(exe, *args):
    """capi_threads on the synthetic bundle; freed memory filled (MALLOC_PERTURB_) so a use
    after free shows."""
    run = subprocess.run([str(exe), MODELS, "synthetic", *args], capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, TVM_NUM_THREADS="1", MALLOC_PERTURB_="165"))
    assert run.returncode == 0, f"exit {run.returncode}\n{run.stdout}{run.stderr[-3000:]}"
    return run.stdout.splitlines()


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_abi_calls_from_several_threads_each_give_the_one_thread_result(tmp_path):
    exe = c_program(tmp_path, "capi_threads.c")
    # three threads on one handle take turns; three handles run side by side
    assert threads_run(exe, "same", "3", "1")[-1] == "calls 3 mismatches 0 errors 0"
    assert threads_run(exe, "separate", "2", "1")[-1] == "calls 2 mismatches 0 errors 0"
    # a callback may call its own synthesizer (between two chunks)
    lines = threads_run(exe, "nested")
    assert lines[0].startswith("nested result 0 samples ") and lines[1].startswith("stream result 0 chunks ")


@pytest.mark.skipif(sys.platform != "linux", reason="the link line is written for GNU ld")
def test_c_abi_destroy_during_a_call_stops_it_and_frees_after(tmp_path):
    exe = c_program(tmp_path, "capi_threads.c")
    destroyed = "error: the synthesizer was destroyed (kokoro_tvm_destroy) during this call"
    # from the callback: no chunk follows, the call returns the error, nothing freed early
    assert threads_run(exe, "destroy-in-callback") == ["destroyed in the callback",
                                                       f"stream result 1 chunks 1 {destroyed}"]
    # from another thread: destroy returns at once; the running call and the one waiting for
    # its turn both stop with the error
    lines = threads_run(exe, "destroy-from-thread")      # three threads print, in any order
    assert sorted(lines) == ["destroyed from the main thread", f"stream result 1 chunks 1 {destroyed}",
                             f"waiting result 1 samples 0 {destroyed}"], lines
