"""The cuda profile's models on an NVIDIA GPU: every function against PyTorch, the whole chain
against KModel.forward_with_tokens, and their speed against PyTorch eager on the same GPU; the
same for the iPhone's kernels (the ios-kernels profile: the ios build's Metal kernels printed
as CUDA C).

    ./scons cuda && python benchmarks/gpu_pipeline.py pack DIR   # here: no GPU needed
    ./scons cuda ios-kernels models && python benchmarks/gpu_pipeline.py pack DIR --ios-kernels
    python3 benchmarks/gpu_pipeline.py run DIR [--json FILE] [--speed-only]   # on the GPU machine
    python3 benchmarks/gpu_pipeline.py run DIR --library ios-kernels [--json FILE]
    python3 benchmarks/gpu_pipeline.py compare CUDA.json IOS.json   # per function, side by side

`pack` gathers what the GPU machine needs and cannot make: the cuda library with its synthetic
weights and voice (build/cuda/synthetic/models, the library step's bundle; kokoro.a linked
whole into kokoro_cuda.so, and as it is for the C program; the manifest, the voices), the
cuda profile's tool (bin/kokoro-tvm), its C library and header, its build spec (spec.json: how
the C program links) and the shared libraries they load (dist/cuda/lib: TVM's runtime and CUDA runtime of the pinned wheel, tvm-ffi, libcudart)
and, under DIR/wheels, the CPython 3.12 wheels of tvm_ffi and of what the reference model
imports, at the lock's versions. Not the 312 MiB of weights: `run` writes kokoro.weights with
PyTorch from the manifest (models/weights_file.py), checked against the manifest's sha256.
With --ios-kernels, also DIR/ios-kernels/: the ios-kernels library with its synthetic weights
(build/ios-kernels/synthetic/models), after checking that its kernels are the ios build's
(build/ios/synthetic/models): the same kernels, launch parameters and extents, shared memory
and TIR (the manifests' `kernels`, models/kernel_printer.py).

`run` loads the library through TVM's runtime (tvm_ffi; no compiler, no TVM Python package,
the PTX compiled by the driver), keeps the weights on the GPU, and
- calls every function of every bucket on inputs with padding and compares it with the
  PyTorch split within models/README.md's tolerances: on the CPU (the build's reference, with
  the harmonic source's exact phases, models/sine_source.py) and, printed beside it, on the
  GPU (TF32 off);
- runs the chain (models/testing/reference.py's glue, each function on the GPU) for three
  utterances against forward_with_tokens with the same weights and noise, likewise.
  The decoder's reference takes the GPU's side of atan2's cut in each bin of the source
  STFT (models/testing/reference.py phase_branches: a bin on the negative real axis up to rounding
  has phase +pi in one implementation and -pi in another, and the generator reads the phase
  as a number), and the GPU's phase of a bin whose phase float32 does not decide (within
  its rounding bound: a magnitude about a millionth of its terms'); the error with the
  reference's own phases and the bins moved are printed beside;
- runs the kokoro-tvm tool (Rust, the whole chain on the GPU, no Python) and a C program
  linked with its C library on three utterances, against forward_with_tokens, and the
  tool's audio against the Python-glue chain on the same GPU kernels;
- times, per utterance, the tool, the compiled chain with Python glue and PyTorch eager
  (real-time factor, first audio), and each function at its bucket.
`run --library ios-kernels` does the same with DIR/ios-kernels' library (the runtime libraries
of DIR/lib), but for the tool and the C program, which link the cuda profile's kernels.
Exit status 1 when any comparison is over its tolerance.
"""

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 1e-4           # models/README.md: functions and the whole chain
DECODER_TOLERANCE = 3e-4   # the decoder alone on random inputs
# Wheels the GPU machine lacks at the versions the reference needs (transformers' AlbertModel
# initialises the seeded weights; its version decides their bytes).
WHEELS = ("apache-tvm-ffi==0.1.14.post1", "transformers==4.57.6", "huggingface-hub==0.36.2",
          "tokenizers==0.22.2", "loguru==0.7.3", "kokoro==0.9.4")
CHECK_UTTERANCES = [("hˈɛloʊ", 8.0), ("ðə kwˈɪk bɹˈaʊn fˈɑːks", 12.0), ("ɪt wʌz ðə bˈɛst ʌv tˈaɪmz", 15.0)]
BENCH_UTTERANCES = {
    "short": "hˈɛloʊ wˈɜːld",
    "medium": "ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˈoʊvɚ ðə lˈeɪzi dˈɑːɡ",
    "long": " ".join(["ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst ʌv tˈaɪmz"] * 4),
}


def synthetic_library(profile):
    """The profile's library with the synthetic weights (the library step's bundle) and its manifest."""
    models = os.path.join(ROOT, "build", profile, "synthetic", "models")
    if not os.path.isfile(os.path.join(models, "manifest.json")):
        sys.exit(f"gpu_pipeline: {models} has no manifest.json: run ./scons {profile} first")
    with open(os.path.join(models, "manifest.json"), encoding="utf-8") as f:
        return models, json.load(f)


def pack_library(models, out):
    """The library's archive linked whole into kokoro_cuda.so, beside its manifest and voices."""
    os.makedirs(out, exist_ok=True)
    subprocess.run([os.environ.get("CC", "cc"), "-shared", "-o", os.path.join(out, "kokoro_cuda.so"),
                    "-Wl,--whole-archive", os.path.join(models, "kokoro.a"), "-Wl,--no-whole-archive"], check=True)
    for name in ("manifest.json", "kokoro.a"):
        shutil.copy2(os.path.join(models, name), out)
    shutil.copytree(os.path.join(models, "voices"), os.path.join(out, "voices"), dirs_exist_ok=True)


def pack(out, ios_kernels=False):
    models, _ = synthetic_library("cuda")
    os.makedirs(os.path.join(out, "lib"), exist_ok=True)
    pack_library(models, out)
    shutil.copy2(os.path.join(ROOT, "build", "cuda", "spec.json"), out)   # its link line, for the C program
    if ios_kernels:
        proxy, built = synthetic_library("ios-kernels")
        _, metal = synthetic_library("ios")
        sys.path.insert(0, ROOT)
        from models.testing.kernels import kernel_differences
        differences = kernel_differences(built["kernels"], metal["kernels"])
        if differences or built["buckets"] != metal["buckets"]:
            sys.exit("gpu_pipeline: build/ios-kernels' kernels are not the ios build's (rebuild both: ./scons "
                     f"ios-kernels models): buckets {built['buckets']} and {metal['buckets']}; "
                     + "; ".join(differences[:10]))
        pack_library(proxy, os.path.join(out, "ios-kernels"))
        print(f"gpu_pipeline: the ios-kernels library: the ios build's {len(metal['kernels'])} kernels, printed as "
              "CUDA C (names, launch extents, shared memory and TIR equal)")
    dist = os.path.join(ROOT, "dist", "cuda")
    if not os.path.isfile(os.path.join(dist, "bin", "kokoro-tvm")):
        sys.exit(f"gpu_pipeline: {dist}/bin has no kokoro-tvm: run ./scons cuda first")
    for folder in ("bin", "lib", "include"):
        shutil.copytree(os.path.join(dist, folder), os.path.join(out, folder), dirs_exist_ok=True)
    platforms = [f"--platform={p}" for p in ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64",
                                             "manylinux_2_17_x86_64", "manylinux2014_x86_64", "any")]
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "--python-version=3.12", "--implementation=cp", *platforms, "-d", os.path.join(out, "wheels"),
                    *WHEELS], check=True)
    size = sum(os.path.getsize(os.path.join(base, f)) for base, _, files in os.walk(out) for f in files)
    print(f"gpu_pipeline: packed {out}: {size / 2**20:.1f} MiB")


def runtime_libraries(folder):
    """The shared libraries of the pack's lib/ to load, in order: what the linked ones need first
    (libcudart), then those the cuda profile's spec links (link.shared_libraries), but tvm-ffi's,
    which its Python package has loaded already (a second copy would be a second registry)."""
    with open(os.path.join(folder, "spec.json"), encoding="utf-8") as f:
        linked = [f"lib{name}.so" for name in json.load(f)["link"]["shared_libraries"]]
    needed = sorted(name for name in os.listdir(os.path.join(folder, "lib")) if ".so" in name and name not in linked)
    return needed + [name for name in linked if name != "libtvm_ffi.so"]


class GpuSplit:
    """The compiled functions on the GPU, called as models/testing/reference.py's CompiledSplit is."""

    def __init__(self, folder, manifest, weights_path, library=None):
        """folder: the pack (its lib/ the runtime); library: the folder of the models library
        (kokoro_cuda.so), default the pack's own (the cuda profile's)."""
        import numpy as np
        import torch
        import tvm_ffi
        ctypes.CDLL(os.path.join(os.path.dirname(tvm_ffi.__file__), "lib", "libtvm_ffi.so"), mode=ctypes.RTLD_GLOBAL)
        for name in runtime_libraries(folder):
            ctypes.CDLL(os.path.join(folder, "lib", name), mode=ctypes.RTLD_GLOBAL)
        ctypes.CDLL(os.path.join(library or folder, "kokoro_cuda.so"), mode=ctypes.RTLD_GLOBAL)
        self.tvm_ffi, self.torch, self.device = tvm_ffi, torch, torch.device("cuda:0")
        lib = tvm_ffi.system_lib(manifest["cpu"]["levels"][0]["system_lib_prefix"])
        self.vm = lib["vm_load_executable"]()
        self.vm["vm_initialization"](2, 0, 2, 1, 0, 2)   # CUDA device 0 pooled; host CPU pooled
        # A second VM of the same library, for the checks: it hands every kernel call to
        # _instrument, which keeps the decoder's source phases (reference.phase_branches). The
        # first stays uninstrumented for timing.
        self.traced = lib["vm_load_executable"]()
        self.traced["vm_initialization"](2, 0, 2, 1, 0, 2)
        self.traced["set_instrument"](tvm_ffi.convert(self._instrument))
        self.tracing, self.phases = False, []
        raw = np.memmap(weights_path, dtype=np.uint8, mode="r")
        self.weights = {}
        sys.path.insert(0, ROOT)
        from models import weights_file   # numpy only
        for name, entry in manifest["weights"]["index"].items():   # as the functions take it (float32 or float16)
            self.weights[name] = torch.from_numpy(weights_file.read(raw, entry)).to(self.device)
        self.functions = manifest["functions"]
        self.buckets = manifest["buckets"]

    def _instrument(self, func, symbol, before_run, ret_value, *args):
        """After the decoder's source STFT kernel (the only one with atan2; its output is the
        generator's har input [1, 2 x 11, frames], magnitudes then phases): keep the phases."""
        if not before_run and "atan2" in str(symbol):
            har = self.torch.from_dlpack(args[-1])
            self.phases.append(har[:, har.shape[1] // 2:].cpu())
        return 0

    def call_device(self, function, *inputs):
        """Inputs and outputs as torch tensors on the GPU. While `tracing`, a decoder call
        appends its source phases [1, 11, 120F + 16] to `phases`."""
        args = [self.tvm_ffi.from_dlpack(x.contiguous()) for x in inputs]
        args += [self.tvm_ffi.from_dlpack(self.weights[w]) for w in self.functions[function]["weights"]]
        result = (self.traced if self.tracing else self.vm)[function](*args)
        outputs = [result] if hasattr(result, "__dlpack__") else list(result)
        return [self.torch.from_dlpack(r) for r in outputs]

    def call(self, name, bucket, *inputs):
        """NumPy in and out, as reference.run_compiled calls it."""
        outputs = self.call_device(f"{name}_{bucket}", *[self.torch.from_numpy(x).to(self.device) for x in inputs])
        arrays = [o.cpu().numpy() for o in outputs]
        return arrays[0] if len(arrays) == 1 else arrays

    def bucket(self, name, size):
        from models import functions
        from models.testing import reference
        kind = "frames" if name in functions.FRAME_FUNCTIONS else "tokens"
        return reference.bucket_for(size, self.buckets[kind], kind)


def relative_error(got, expected):
    import numpy as np
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    return float(np.abs(got - expected).max() / max(np.abs(expected).max(), 1e-30))


def function_inputs(name, bucket, config, seed):
    """Inputs of one function at one bucket, a quarter of it padding (padding that would leak
    if a kernel read it), and the number of valid steps."""
    import torch
    from models import decoder
    generator = torch.Generator().manual_seed(seed)
    valid = bucket - bucket // 4
    length = torch.tensor([valid], dtype=torch.int32)
    hidden, style = config["hidden_dim"], config["style_dim"]
    if name in ("bert", "text_encoder"):
        ids = torch.randint(1, 178, (1, bucket), generator=generator)
        ids[0, 0] = ids[0, valid - 1] = 0
        ids[0, valid:] = 0
        return (ids, length), valid
    if name == "duration":
        d_en = torch.randn(1, hidden, bucket, generator=generator)
        d_en[..., valid:] = 7.0
        return (d_en, torch.randn(1, style, generator=generator), length), valid
    if name == "f0n":
        en = torch.randn(1, hidden + style, bucket, generator=generator)
        en[..., valid:] = 7.0
        return (en, torch.randn(1, style, generator=generator), length), valid
    asr = torch.randn(1, hidden, bucket, generator=generator)
    f0 = torch.rand(1, 2 * bucket, generator=generator) * 300 - 20
    energy = torch.randn(1, 2 * bucket, generator=generator)
    asr[..., valid:], f0[:, 2 * valid:], energy[:, 2 * valid:] = 7.0, 150.0, 7.0
    return (asr, f0, energy, torch.randn(1, style, generator=generator), length,
            decoder.noise_inputs(valid, seed, bucket)), valid


def valid_part(name, value, valid):
    """The part of an output that the valid steps decide: time is the last axis of bert's and
    text_encoder's outputs, the second of duration's; f0n has two steps per frame, the decoder
    600 samples."""
    if name == "decoder":
        return value[..., :600 * valid]
    if name == "f0n":
        return value[..., :2 * valid]
    return value[:, :valid] if name == "duration" else value[..., :valid]


def _outputs(module, inputs):
    import torch
    with torch.no_grad():
        out = module(*inputs)
    return [o.cpu() for o in (out if isinstance(out, (tuple, list)) else [out])]


def _error(name, valid, got, expected):
    return max(relative_error(valid_part(name, g, valid), valid_part(name, e, valid)) for g, e in zip(got, expected))


def _decoder_phases(split, call):
    """call() with the GPU's decoder traced: (its result, the source phases of its one decoder call)."""
    split.tracing, split.phases = True, []
    try:
        result = call()
    finally:
        split.tracing = False
    assert len(split.phases) == 1, f"{len(split.phases)} source STFT kernels ran in one decoder call"
    return result, split.phases[0]


def check_functions(split, models, config, say):
    """[(function, error, tolerance)] of every function of every bucket against the PyTorch split
    on the CPU (the build's reference, models/README.md), with PyTorch on the GPU beside it:
    the decoder's harmonic phases (1e4 to 1e6 radians in float32) make PyTorch's CUDA run
    differ from its own CPU run by 20%, so only the CPU's roundings are a reference. The
    decoder's reference takes the GPU's side of atan2's cut in every bin of the source STFT,
    and its phase where they are the same within float32's rounding (reference.phase_branches);
    its error with its own phases, and the bins it moved, are printed."""
    import torch
    from models import functions
    from models.testing import reference
    results = []
    say(f"  {'function':<18} {'vs CPU':>10} {'vs GPU':>10} {'GPU vs CPU':>11}  (PyTorch)   "
        f"{'own phases':>10}  bins turned / within rounding / all")
    for function in sorted(split.functions, key=lambda f: (f.rsplit("_", 1)[0], int(f.rsplit("_", 1)[1]))):
        name, bucket = function.rsplit("_", 1)
        inputs, valid = function_inputs(name, int(bucket), config, seed=int(bucket))
        on_gpu = [x.to(split.device) for x in inputs]
        reference_split = functions.FUNCTIONS[name](models["cpu"])
        on_cpu = _outputs(reference_split, inputs)
        on_gpu_torch = _outputs(functions.FUNCTIONS[name](models["gpu"]).to(split.device), on_gpu)
        extra = ""
        if name == "decoder":
            got, phase = _decoder_phases(split, lambda: split.call_device(function, *on_gpu))
            own_cut = _error(name, valid, [g.cpu() for g in got], on_cpu)
            with reference.phase_branches(phase) as branches:
                on_cpu = _outputs(reference_split, inputs)
            extra = f"   {own_cut:10.3e}  {branches.turned} / {branches.within} / {branches.bins}"
        else:
            got = split.call_device(function, *on_gpu)
        got = [g.cpu() for g in got]
        error, error_gpu = _error(name, valid, got, on_cpu), _error(name, valid, got, on_gpu_torch)
        torch_spread = _error(name, valid, on_gpu_torch, on_cpu)
        nans = [int(torch.isnan(g).sum()) for g in got]
        tolerance = DECODER_TOLERANCE if name == "decoder" else TOLERANCE
        results.append((function, error, tolerance))
        say(f"  {function:<18} {error:10.3e} {error_gpu:10.3e} {torch_spread:11.3e}  "
            f"{'right' if error < tolerance else 'WRONG'}" + extra + (f"  NaN in outputs: {nans}" if any(nans) else ""))
    return results


def check_chain(split, models, config, say):
    """[(phonemes, error, durations equal)] of the compiled chain on the GPU against
    forward_with_tokens on the CPU (and, beside it, on the GPU), the reference on the GPU's
    side of atan2's cut in the decoder's source STFT and on its phases within float32's
    rounding (reference.phase_branches; the error with its own phases printed beside)."""
    import numpy as np
    import torch
    from models.testing import reference
    results = []
    say(f"  {'phonemes':<28} {'audio':>7} {'vs CPU':>10} {'vs GPU':>10} {'GPU vs CPU':>11}  (PyTorch)"
        f"{'':>24} {'own phases':>10}  bins turned / within rounding / all")
    for phonemes, speed in CHECK_UTTERANCES:
        ids = reference.token_ids(phonemes, config["vocab"])
        ref_s = torch.randn(1, 256, generator=torch.Generator().manual_seed(len(ids))).numpy()
        (audio, durations), phase = _decoder_phases(split, lambda: reference.run_compiled(split, ids, ref_s, speed, seed=11))
        own_cut, expected_durations = reference.run_pytorch(models["cpu"], ids, ref_s, speed, seed=11)
        with reference.phase_branches(phase) as branches:
            expected, _ = reference.run_pytorch(models["cpu"], ids, ref_s, speed, seed=11)
        on_gpu, _ = reference.run_pytorch(models["gpu"], ids, ref_s, speed, seed=11)
        same = bool(np.array_equal(durations, expected_durations))
        error, error_own, error_gpu, spread = (
            relative_error(a, b) if a.shape == b.shape else float("inf")
            for a, b in ((audio, expected), (audio, own_cut), (audio, on_gpu), (on_gpu, expected)))
        results.append((phonemes, error, same))
        say(f"  {phonemes:<28} {len(audio) / 24000:5.2f} s {error:10.3e} {error_gpu:10.3e} {spread:11.3e}  durations "
            f"{'equal' if same else 'DIFFER'}  {'right' if same and error < TOLERANCE else 'WRONG'}"
            f"   {error_own:10.3e}  {branches.turned} / {branches.within} / {branches.bins}")
    return results


def run_tool(folder, phonemes, speed, seed, scratch, voice="synthetic"):
    """The packed kokoro-tvm tool (the cuda profile's: the whole chain on the GPU, no Python):
    (samples, {audio_s, synthesis_s, load_s, first_audio_s}) from its --json figures."""
    import numpy as np
    samples, figures = os.path.join(scratch, "tool.f32"), os.path.join(scratch, "tool.json")
    run = subprocess.run([os.path.join(folder, "bin", "kokoro-tvm"), "--models", folder, "--phonemes", phonemes,
                          "--voice", voice, "--speed", str(speed), "--seed", str(seed),
                          "--out", os.path.join(scratch, "tool.wav"), "--samples", samples, "--json", figures],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"kokoro-tvm exited {run.returncode}: {run.stderr.strip()}")
    with open(figures, encoding="utf-8") as f:
        found = json.load(f)   # the tool's --json (format 1)
    return np.fromfile(samples, dtype="<f4"), {"audio_s": found["audio_s"], "synthesis_s": found["synthesis_s"],
                                               "load_s": found["load_s"],
                                               "first_audio_s": found["first_audio_s"] - found["load_s"]}


def c_program(folder, scratch):
    """tests/native/capi_demo.c linked with the packed C library, the model archive whole and
    the shared runtime (found at run time through the rpath), as an app would."""
    exe = os.path.join(scratch, "capi_demo")
    lib = os.path.join(folder, "lib")
    sys.path.insert(0, ROOT)
    from models.spec import c_link_arguments   # the link line of the cuda profile's spec (packed)
    with open(os.path.join(folder, "spec.json"), encoding="utf-8") as f:
        link = json.load(f)["link"]
    subprocess.run([os.environ.get("CC", "cc"), "-o", exe, os.path.join(ROOT, "tests", "native", "capi_demo.c"),
                    "-I", os.path.join(folder, "include"), os.path.join(lib, "libkokoro_tvm.a"),
                    *c_link_arguments(link, lib, [os.path.join(folder, "kokoro.a")])], check=True)
    return exe


def check_tool(split, models, config, folder, say):
    """[(what, error, durations equal)] of the kokoro-tvm tool and of a C program on its C
    library, each the whole chain on the GPU, against forward_with_tokens on the CPU with the
    same weights, voice row, speed and noise. The reference takes the GPU's side of atan2's
    cut as the same chain run through the Python glue gives it (its GPU kernels are the
    tool's); the tool's distance to that run is printed beside."""
    import tempfile
    import numpy as np
    from models import voices
    from models.testing import reference
    results = []
    pack = voices.synthetic_pack()
    say(f"  {'phonemes':<28} {'audio':>7} {'tool':>10} {'C ABI':>10} {'tool vs glue':>13}")
    with tempfile.TemporaryDirectory() as scratch:
        exe = c_program(folder, scratch)
        for (phonemes, _), seed in zip(CHECK_UTTERANCES, (1, 2, 3)):
            speed = 3.0
            ids = reference.token_ids(phonemes, config["vocab"])
            ref_s = pack[len(phonemes) - 1][None]
            audio, _ = run_tool(folder, phonemes, speed, seed, scratch)
            raw = os.path.join(scratch, "c.f32")
            subprocess.run([exe, folder, phonemes, "synthetic", str(speed), str(seed), raw], check=True,
                           capture_output=True)
            from_c = np.fromfile(raw, dtype="<f4")
            (glue, durations), phase = _decoder_phases(split, lambda: reference.run_compiled(split, ids, ref_s, speed, seed))
            with reference.phase_branches(phase):
                expected, expected_durations = reference.run_pytorch(models["cpu"], ids, ref_s, speed, seed)
            same = bool(np.array_equal(durations, expected_durations)) and audio.shape == expected.shape
            error = relative_error(audio, expected) if audio.shape == expected.shape else float("inf")
            error_c = relative_error(from_c, expected) if from_c.shape == expected.shape else float("inf")
            to_glue = relative_error(audio, glue) if audio.shape == glue.shape else float("inf")
            results += [(f"tool: {phonemes}", error, same), (f"C ABI: {phonemes}", error_c, same)]
            say(f"  {phonemes:<28} {len(audio) / 24000:5.2f} s {error:10.3e} {error_c:10.3e} {to_glue:13.3e}  "
                f"{'right' if same and max(error, error_c) < TOLERANCE else 'WRONG'}")
    return results


def timed(fn, repeat):
    import torch
    fn()
    torch.cuda.synchronize()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        best = min(best, time.perf_counter() - start)
    return best


def bench(split, models, config, folder, say, repeat=10, tool=True):
    """Per utterance: audio seconds; the tool's (unless not tool: its columns then hold the
    Python-glue chain's), the Python-glue chain's and PyTorch eager's times, real-time factors
    and first audio; per function: times."""
    import tempfile
    import torch
    from models import functions, voices
    from models.testing import reference
    model = models["gpu"]
    rows = []
    say(f"  {'utterance':<9} {'tokens':>6} {'audio s':>8} {'speed':>5} {'tool ms':>8} {'glue ms':>8} {'eager ms':>9} "
        f"{'RTF tool':>9} {'RTF eager':>10} {'first tool':>11} {'first eager':>12} {'eager/tool':>11}")
    pack = voices.synthetic_pack()
    for label, phonemes in BENCH_UTTERANCES.items():
        ids = reference.token_ids(phonemes, config["vocab"])
        ref_s = pack[len(phonemes) - 1][None]
        for speed in (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0):   # the slowest that fits the largest frame bucket
            _, durations = reference.run_pytorch(model, ids, ref_s, speed, seed=3)
            if durations.sum() <= max(split.buckets["frames"]) and len(ids) <= max(split.buckets["tokens"]):
                break
        audio_seconds = durations.sum() * 600 / 24000
        compiled = timed(lambda: reference.run_compiled(split, ids, ref_s, speed, seed=3), repeat)
        eager = timed(lambda: reference.run_pytorch(model, ids, ref_s, speed, seed=3, kokoro_phase=True), repeat)
        # PyTorch eager's whole chain is one call: its first audio is its whole time.
        if tool:
            with tempfile.TemporaryDirectory() as scratch:   # one process per utterance, as a user runs it
                runs = [run_tool(folder, phonemes, speed, 3, scratch)[1] for _ in range(3)]
            best = min(runs, key=lambda r: r["synthesis_s"])
        else:
            best = {"synthesis_s": compiled, "first_audio_s": compiled, "load_s": 0.0}
        rows.append({"utterance": label, "tokens": len(ids), "audio_s": audio_seconds, "speed": speed,
                     "tool_s": best["synthesis_s"], "tool_first_audio_s": best["first_audio_s"],
                     "tool_load_s": best["load_s"], "compiled_s": compiled, "eager_s": eager})
        say(f"  {label:<9} {len(ids):>6} {audio_seconds:>8.2f} {speed:>5} {best['synthesis_s'] * 1e3:>8.1f} "
            f"{compiled * 1e3:>8.1f} {eager * 1e3:>9.1f} {best['synthesis_s'] / audio_seconds:>9.4f} "
            f"{eager / audio_seconds:>10.4f} {best['first_audio_s'] * 1e3:>9.1f}ms {eager * 1e3:>10.1f}ms "
            f"{eager / best['synthesis_s']:>10.2f}x")
    say("  (tool: best of 3 processes, each loading the bundle (printed as load) and synthesising once; "
        "glue: models/testing/reference.py's Python glue on the same GPU kernels; best of 10 otherwise)"
        if tool else "  (no tool for this library: its columns are the glue's; best of 10)")
    say("  " + ", ".join(f"{r['utterance']} load {r['tool_load_s']:.2f} s" for r in rows))
    say(f"  {'function':<18} {'compiled ms':>12} {'eager ms':>9} {'eager/compiled':>15}")
    per_function = []
    for function in ("bert_64", "duration_64", "text_encoder_64", "f0n_256", "decoder_256"):
        name, bucket = function.rsplit("_", 1)
        inputs, _ = function_inputs(name, int(bucket), config, seed=1)
        on_gpu = [x.to(split.device) for x in inputs]
        module = functions.FUNCTIONS[name](model).to(split.device)
        compiled = timed(lambda: split.call_device(function, *on_gpu), repeat)
        with torch.no_grad():
            eager = timed(lambda: module(*on_gpu), repeat)
        per_function.append({"function": function, "compiled_s": compiled, "eager_s": eager})
        say(f"  {function:<18} {compiled * 1e3:>12.2f} {eager * 1e3:>9.2f} {eager / compiled:>14.2f}x")
    return rows, per_function


def run(folder, json_out=None, library=None, speed_only=False):
    import torch
    if not torch.cuda.is_available():
        print("gpu_pipeline: skipped: no CUDA GPU here (run it on the GPU machine)")
        return 0
    torch.backends.cuda.matmul.allow_tf32 = False   # the reference in float32, as on the CPU
    torch.backends.cudnn.allow_tf32 = False
    sys.path.insert(0, ROOT)
    from models import weights as kweights, weights_file
    say = lambda line: print(line, flush=True)  # noqa: E731
    models_folder = os.path.join(folder, library) if library else folder
    manifest_path = os.path.join(models_folder, "manifest.json")
    if not os.path.isfile(manifest_path):
        print(f"gpu_pipeline: {manifest_path} is missing: pack with --{library} for --library {library}")
        return 1
    with open(manifest_path, encoding="utf-8") as f:
        manifest = json.load(f)
    weights_path = os.path.join(models_folder, "kokoro.weights")
    if weights_file.main([manifest_path, weights_path]) != 0:
        return 1
    say(f"gpu: {torch.cuda.get_device_name(0)} (compute capability {'.'.join(map(str, torch.cuda.get_device_capability(0)))}), "
        f"torch {torch.__version__}, code for {(manifest.get('printer') or manifest['target'])['arch']} and up"
        + (f"; the {manifest['profile']} library: {manifest['target']['kind']} kernels printed as CUDA C"
           if manifest.get("printer") else ""))
    start = time.perf_counter()
    split = GpuSplit(folder, manifest, weights_path, models_folder)
    say(f"loaded the library and {len(split.weights)} weights onto the GPU in {time.perf_counter() - start:.1f} s")
    models = {"cpu": kweights.synthetic_model()[0].eval(),
              "gpu": kweights.synthetic_model()[0].to(split.device).eval()}
    config = kweights.load_config()
    functions, chain, tool = [], [], []
    if not speed_only:
        say("every function of every bucket on the GPU against the PyTorch split (largest error / output scale):")
        functions = check_functions(split, models, config, say)
        say("the whole chain on the GPU against KModel.forward_with_tokens (same weights and noise):")
        chain = check_chain(split, models, config, say)
    if not library and not speed_only:   # the tool and the C library link the cuda profile's kernels
        say("the kokoro-tvm tool and a C program on its C library, the whole chain on the GPU, against "
            "forward_with_tokens:")
        tool = check_tool(split, models, config, folder, say)
    say("speed, the tool and the compiled chain against PyTorch eager on the same GPU:")
    rows, per_function = bench(split, models, config, folder, say, tool=not library)
    failed = [f for f, e, t in functions if not e < t] + \
        [p for p, e, same in chain + tool if not (same and e < TOLERANCE)]
    say(f"{len(functions)} functions, {len(chain)} utterances and {len(tool)} tool and C ABI runs compared: "
        + ("all within tolerance" if not failed else f"OVER TOLERANCE: {', '.join(failed)}"))
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump({"gpu": torch.cuda.get_device_name(0), "torch": torch.__version__,
                       "profile": manifest["profile"],
                       "functions": functions, "chain": chain, "tool": tool, "speed": rows,
                       "per_function": per_function},
                      f, indent=1, ensure_ascii=False)
    return 1 if failed else 0


def compare(paths):
    """Per function, each run's time (its --json) side by side, and the first's over each other's."""
    runs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            runs.append(json.load(f))
    print(f"gpu: {runs[0]['gpu']}")
    print(f"  {'function':<18} " + " ".join(f"{r.get('profile', 'cuda') + ' ms':>18}" for r in runs)
          + f" {'eager ms':>9} " + " ".join(f"{'/' + r.get('profile', 'cuda'):>14}" for r in runs[1:]))
    for i, row in enumerate(runs[0]["per_function"]):
        times = [r["per_function"][i]["compiled_s"] for r in runs]
        print(f"  {row['function']:<18} " + " ".join(f"{t * 1e3:>18.2f}" for t in times)
              + f" {row['eager_s'] * 1e3:>9.2f} " + " ".join(f"{times[0] / t:>13.2f}x" for t in times[1:]))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("step", choices=("pack", "run", "compare"))
    parser.add_argument("folder", nargs="+", help="pack, run: the pack's folder; compare: the runs' --json files")
    parser.add_argument("--json", help="run: also write the results as JSON")
    parser.add_argument("--ios-kernels", action="store_true", help="pack: also the ios-kernels library")
    parser.add_argument("--library", choices=("ios-kernels",), help="run: this library of the pack instead of "
                        "the cuda profile's")
    parser.add_argument("--speed-only", action="store_true", help="run: the speed alone, no checks")
    args = parser.parse_args()
    if args.step == "compare":
        sys.exit(compare(args.folder))
    if len(args.folder) != 1:
        parser.error(f"{args.step} takes one folder")
    sys.exit(pack(args.folder[0], args.ios_kernels) if args.step == "pack" else
             run(args.folder[0], args.json, args.library, args.speed_only))
