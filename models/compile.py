"""Compile the Kokoro split for one profile and write its artifacts.

    python -m models.compile --profile host|ios --out DIR
                             [--weights PATH --weights-sha256 HEX] [--voices DIR]
                             [--buckets 32,64,128,256,512] [--frame-buckets 64,128,256,512,1024]

In:  the reference model (synthetic weights unless a checked checkpoint is
     given), the functions of models/split.py, the token and frame buckets.
Out: in DIR, all written deterministically:
     kokoro.a        the system library's objects in one static archive (GNU
                     format for the host, darwin format for iOS), prefix
                     SYSTEM_LIB_PREFIX, every function in one library
     kokoro.weights  every weight once, raw little-endian, 64-byte aligned
     voices/*.f32    the voice packs as float32 [510, 256] (models/voices.py)
     manifest.json   functions with their inputs, outputs and weights (in
                     call order), the weights' index into kokoro.weights,
                     buckets, vocabulary, audio constants, weights identity,
                     voices, compiler version and target (sorted keys), and
                     the sha256 of kokoro.a, kokoro.weights and every voice
                     file, which the build and the runtime check
For a GPU target every kernel is checked before code generation
(models/gpu_checks.py: threads per block, shared memory, no `~` on a
boolean). Exit status 2 with a message naming the file when weights or a
voice pack are refused, the kernel when a GPU kernel is, or the buckets when
they cannot be used.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile

import numpy as np

from .buckets import parse_buckets

SYSTEM_LIB_PREFIX = "kokorotvm_"
FUNCTIONS = ("bert", "duration", "text_encoder", "f0n", "decoder")
DEFAULT_BUCKETS = {"tokens": (32, 64, 128, 256, 512), "frames": (64, 128, 256, 512, 1024)}
ALIGNMENT = 64
# The host target names a CPU level per architecture, not this machine's CPU: the same
# artifacts on every machine of the architecture (x86-64-v3: AVX2 and FMA, 2013 onwards).
HOST_CPUS = {"x86_64": "x86-64-v3", "AMD64": "x86-64-v3", "aarch64": "generic", "arm64": "apple-m1"}
TARGETS = {
    "host": {"kind": "llvm", "mcpu": HOST_CPUS.get(platform.machine(), "generic")},
    "ios": {"kind": "metal", "host": {"kind": "llvm", "mtriple": "arm64-apple-ios", "mcpu": "apple-a14"}},
}


def _falling_through(rule):
    """A dlight rule that gives way to the next one when it raises (GEMV's
    analysis raises on some fused kernels in this TVM release)."""
    from tvm.s_tir import dlight as dl

    class FallThrough(dl.ScheduleRule):
        def apply(self, func, target, tunable):
            try:
                return rule.apply(func, target, tunable)
            except Exception:  # noqa: BLE001 - any failure means: not this rule
                return None
    return FallThrough()


def _arange_kernel(bb, call):
    """relax.arange as a kernel even when its bounds are constant: TVM's own legalization
    makes a constant of it, and the decoder's masks over 10^6 samples would fill the library."""
    from tvm import topi
    start, end, step = call.args
    return bb.call_te(topi.arange, start, end, step, call.attrs.dtype)


def pipeline(profile, target=None):
    """The Relax pipeline: TVM's passes for the target with this build's
    dlight rules, each giving way to the next on error. CPU: matrix products
    by models/cpu_schedule.py (dlight's own CPU GEMV and Reduction rules are
    left out: with them LLVM spends minutes on some fused kernels), 1-D
    convolutions likewise. Metal:
    dlight's GPU rules except Matmul (its simdgroup path crashes in this TVM
    release), ending with Fallback, so every kernel is scheduled."""
    import tvm
    from tvm.relax.backend.cpu_generic import pipeline as cpu
    from tvm.relax.backend.gpu_generic import pipeline as gpu
    from tvm.s_tir import dlight as dl

    from .cpu_schedule import CPUConv1d, CPUElementwise, CPUMatmul, CPURowReduction

    target = target or tvm.target.Target(TARGETS[profile])
    if "gpu" not in target.keys:
        backend, rules, last = cpu, (CPUMatmul(), CPUConv1d(), CPUElementwise(), CPURowReduction()), ()
    else:
        backend, rules, last = gpu, (dl.gpu.GEMV(), dl.gpu.Reduction(), dl.gpu.GeneralReduction()), (dl.gpu.Fallback(),)

    @tvm.transform.module_pass(opt_level=0)
    def kokoro_pipeline(mod, _ctx):
        legalize = [tvm.relax.transform.LegalizeOps({"relax.arange": _arange_kernel}),
                    tvm.relax.transform.AnnotateTIROpPattern(),
                    tvm.relax.transform.FoldConstant(), tvm.relax.transform.FuseOps(),
                    tvm.relax.transform.FuseTIR(),
                    dl.ApplyDefaultSchedule(*[_falling_through(r) for r in rules], *last)]
        with target:
            passes = (backend.library_dispatch_passes(target) + legalize + backend.dataflow_lower_passes(target)
                      + backend.finalize_passes(target))
            return tvm.transform.Sequential(passes)(mod)
    return kokoro_pipeline


def tensor_info(var_type):
    return {"shape": [int(d) for d in var_type.shape], "dtype": str(var_type.dtype)}


def signature(func, weight_names):
    """Inputs (before the weights) and outputs of one Relax function."""
    num_inputs = len(func.params) - len(weight_names)
    inputs = [dict(name=p.name, **tensor_info(p.ty)) for p in func.params[:num_inputs]]
    ret = func.ret_ty
    outputs = [tensor_info(t) for t in ret.fields] if hasattr(ret, "fields") else [tensor_info(ret)]
    return {"inputs": inputs, "outputs": outputs, "weights": weight_names}


def write_weights(weights, path):
    """Raw weights, sorted by name, each aligned; returns the index."""
    index, offset = {}, 0
    with open(path, "wb") as f:
        for name in sorted(weights):
            data = np.ascontiguousarray(weights[name]).astype(weights[name].dtype.newbyteorder("<"))
            padding = (-offset) % ALIGNMENT
            f.write(b"\0" * padding)
            offset += padding
            index[name] = {"offset": offset, "nbytes": data.nbytes, "shape": list(data.shape),
                           "dtype": str(data.dtype)}
            f.write(data.tobytes())
            offset += data.nbytes
    return index


def archive_tool(profile):
    """(command, format) writing a static archive with a symbol index, deterministically."""
    if profile == "host" and sys.platform != "darwin":
        return ["ar", "rcsD"], "gnu"
    tool = shutil.which("llvm-ar")
    if tool is None:
        raise SystemExit("models.compile: the darwin-format archive needs llvm-ar on the PATH "
                         "(Debian: apt-get install llvm; macOS: Xcode's or Homebrew's llvm)")
    return [tool, "--format=darwin", "rcsD"], "darwin"


def write_library(executable, profile, out_path, work):
    """The executable's objects as one archive; TVM's own tar export is not deterministic."""
    exported = os.path.join(work, "exported.tar")
    executable.export_library(exported)
    objects = os.path.join(work, "objects")
    with tarfile.open(exported) as tar:
        names = sorted(m.name for m in tar.getmembers() if m.name.endswith(".o"))
        tar.extractall(objects, members=[tar.getmember(n) for n in names])
    command, fmt = archive_tool(profile)
    if os.path.exists(out_path):
        os.unlink(out_path)
    subprocess.run(command + [out_path] + [os.path.join(objects, n) for n in names], check=True,
                   env=dict(os.environ, ZERO_AR_DATE="1"))
    return names, fmt


def compile_profile(profile, out_dir, weights_path=None, weights_sha256=None, buckets=DEFAULT_BUCKETS,
                    voices_folder=None):
    import tvm
    from tvm import _version as tvm_version
    from tvm import relax

    from . import decoder, gpu_checks, relax_export, sine_source, voices, weights as kweights

    model, identity = kweights.load_model(weights_path, weights_sha256)
    voice_entries = voices.write_voices(out_dir, voices_folder)
    config = kweights.load_config()
    module, weights, weight_names = relax_export.build_module(model, config, FUNCTIONS, buckets,
                                                              gpu=profile == "ios")
    functions = {name: signature(module[name], names) for name, names in weight_names.items()}
    module = module.with_attr("system_lib_prefix", SYSTEM_LIB_PREFIX)
    target = tvm.target.Target(TARGETS[profile])
    with target:
        module = pipeline(profile)(module)
    gpu = "gpu" in target.keys
    if gpu:   # every kernel within the target's limits, no boolean `~`
        threads = gpu_checks.check_kernels(module, target)
    executable = relax.build(module, target, relax_pipeline=None, system_lib=True)
    if gpu:
        shared = gpu_checks.check_source(gpu_checks.device_source(executable), target)
        print(f"models.compile: {len(threads)} GPU kernels checked against {target.kind.name}'s limits: at most "
              f"{max(k['threads'] for k in threads.values())} threads per block, {max(shared.values(), default=0)} "
              f"bytes of shared memory, no boolean ~", flush=True)
    with tempfile.TemporaryDirectory() as work:
        objects, fmt = write_library(executable, profile, os.path.join(out_dir, "kokoro.a"), work)
    weights_path = os.path.join(out_dir, "kokoro.weights")
    index = write_weights(weights, weights_path)
    manifest = {
        "format": 1,
        "profile": profile,
        "system_lib_prefix": SYSTEM_LIB_PREFIX,
        "library": {"file": "kokoro.a", "format": fmt, "objects": objects,
                    "sha256": kweights.file_sha256(os.path.join(out_dir, "kokoro.a"))},
        "target": TARGETS[profile],
        "compiler": {"tvm": tvm.__version__, "commit": tvm_version.commit_id},
        "functions": functions,
        "buckets": {kind: list(values) for kind, values in sorted(buckets.items())},
        "weights": {"file": "kokoro.weights", "identity": identity, "index": index,
                    "sha256": kweights.file_sha256(weights_path), "size": os.path.getsize(weights_path)},
        "vocab": config["vocab"],
        "voices": voice_entries,
        "context_length": config["plbert"]["max_position_embeddings"],
        "style_dim": 2 * config["style_dim"],
        "sample_rate": sine_source.SAMPLE_RATE,
        "samples_per_frame": decoder.SAMPLES_PER_FRAME,
    }
    with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, sort_keys=True, indent=1, ensure_ascii=False)
        f.write("\n")
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m models.compile", description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=sorted(TARGETS), required=True)
    parser.add_argument("--out", required=True, help="folder for kokoro.a, kokoro.weights, manifest.json")
    parser.add_argument("--weights", help="kokoro-v1_0.pth (default: synthetic weights)")
    parser.add_argument("--weights-sha256", help="the sha256 the weights file must have")
    parser.add_argument("--voices", help="a folder of Kokoro .pt voice packs (default: one synthetic voice)")
    parser.add_argument("--buckets", default=",".join(map(str, DEFAULT_BUCKETS["tokens"])),
                        help="token buckets, comma-separated (default %(default)s)")
    parser.add_argument("--frame-buckets", default=",".join(map(str, DEFAULT_BUCKETS["frames"])),
                        help="frame buckets, comma-separated (default %(default)s)")
    args = parser.parse_args(argv)
    from .gpu_checks import KernelCheckError
    from .voices import VoiceError
    from .weights import WeightsError
    try:
        buckets = parse_buckets(args.buckets, args.frame_buckets)
    except ValueError as e:
        print(f"models.compile: {e}", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    try:
        compile_profile(args.profile, args.out, args.weights, args.weights_sha256, buckets, args.voices)
    except (WeightsError, VoiceError, KernelCheckError) as e:
        kind = {WeightsError: "weights", VoiceError: "voice pack", KernelCheckError: "GPU kernel"}[type(e)]
        print(f"models.compile: {kind} refused: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
