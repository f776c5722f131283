"""Compile the Kokoro split for one profile and write its artifacts.

    python -m models.compile --spec build/<profile>/spec.json --out DIR
                             [--weights PATH --weights-sha256 HEX] [--voices DIR]

The profile's build spec (models/spec.py reads it; the build writes it from the
profile's row, site_scons/kokoro_build/spec.py) gives everything about the
profile: its name, device, TVM target, schedule family and, for a GPU, its limits
({"threads": per block, "shared_bytes": per block}), for a proxy build the
printer (the target whose code generator prints the kernels scheduled for the
target: the ios kernels as CUDA C, models/kernel_printer.py), the CPU levels
with the features their code needs, the token and frame buckets, the archive's
format and archiver, and the device code's compiler with the lock inputs it
reads. This module knows no profile and derives nothing from a target string.

In:  the reference model (synthetic weights unless a checked checkpoint is
     given), the functions of models/split.py, the token and frame buckets.
Out: in DIR, all written deterministically:
     kokoro.a        the system library's objects in one static archive (GNU
                     format for Linux hosts, darwin format for Apple ones: the spec's
                     archive, written by the pinned `zig ar`, no archiver of the
                     machine's PATH): for every CPU level of the spec (highest
                     first) every function compiled for that level, under
                     its own system library prefix (level_prefix()), the lowest
                     level's objects first
     kokoro.weights  every weight once, raw little-endian, 64-byte aligned: float32, or
                     with the spec's weights_dtype float16 each weight of 4,096 values
                     or more as float16 (models/weights_file.halved), which the
                     functions then take as float16 (relax_export.take_float16)
     voices/*.f32    the voice packs as float32 [510, 256] (models/voices.py)
     manifest.json   the spec's MANIFEST_KEYS as they are (models/spec.py: its version,
                     profile, device, schedule, target, GPU limits, printer, buckets,
                     weights_dtype),
                     functions with their inputs, outputs and weights (in
                     call order) and the memory they ask for while they run
                     (memory: storage and workspace bytes, models/memory_plan.py;
                     the most of any CPU level's code), each function's stage and bucket (stages:
                     for every stage the kind of bucket it takes and its
                     function per bucket), the weights' index into kokoro.weights
                     (each weight's offset, size, shape, stored dtype, the dtype the
                     functions take it in, param_dtype, and its source in the model),
                     vocabulary, audio constants, weights identity, the CPU
                     levels of the code on the CPU (cpu.levels, highest first: each
                     with the features it needs and its system library prefix; a
                     runtime takes the first whose features the CPU has),
                     voices, compiler and archiver versions (sorted keys), and
                     the sha256 of kokoro.a, kokoro.weights and every voice
                     file, which the build and the runtime check; for a GPU the
                     kernels as the code generator got them (kernels: launch
                     parameters and extents, shared bytes, the sha256 of the TIR;
                     equal between the ios build and its CUDA proxy)
For a GPU target every kernel is checked before code generation
(models/gpu_checks.py: threads per block and shared memory within the row's
limits, no `~` on a boolean, no `pow` to a whole power). CUDA kernels are compiled ahead of time
by the pinned NVRTC to PTX and, for the spec's device_compiler.binaries, to cubins beside it in
one fatbin (models/cuda_toolchain.py): the library needs no compiler at load, and on those
architectures the driver compiles nothing at first use. Metal kernels stay MSL source, which the
device compiles at first use, unless the spec's device_compiler is Xcode's Metal compiler
(METAL_KERNELS=metallib, macOS: models/metal_toolchain.py), which compiles each into a metallib.
Exit status 2 with a message naming the file when weights or a voice pack are refused, the
kernel when a GPU kernel is (or Xcode's Metal compiler fails on it), or the spec's field when
the spec cannot be used.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

from . import cuda_toolchain, gpu_intrinsics, metal_toolchain
from .buckets import BUCKET_KINDS
from . import spec as kspec
from .spec import MANIFEST_KEYS

SYSTEM_LIB_PREFIX = "kokorotvm_"
FUNCTIONS = tuple(BUCKET_KINDS)   # the stages, in call order (models/buckets.py)


def level_prefix(level, kernels=""):
    """The system library prefix of the code for a CPU level: kokorotvm_x86_64_v4_ for
    x86-64-v4. Every symbol of a level's objects carries it, so several levels share one
    archive (TVM's prefixes must be longer than 7 bytes: a shorter one fails to build).
    kernels: the kind of a proxy library's kernels (metal: kokorotvm_metal_x86_64_v3_), whose
    symbols then differ from those of the library of its device's own kernels, so both load
    into one process."""
    return SYSTEM_LIB_PREFIX + "".join(c if c.isalnum() else "_" for c in (kernels + " " if kernels else "")
                                       + level.lower()) + ("_" if level or kernels else "")


def _falling_through(rule, shared_limit=None):
    """A dlight rule that gives way to the next one when it raises (GEMV's analysis raises
    on some fused kernels in this TVM release) or, on a GPU, when its schedule declares more
    shared memory than the target has: dlight's CUDA GEMV caches `read_buffer_index=0` of
    the reduction in shared memory as if it were the vector, so for a product written
    matrix-first (`x[c, t] * w[t]`, as the decoder's noise convolutions are) it copies the
    matrix, 16 rows of 7696 floats (481 KiB), where CUDA has 48 KiB; Metal's branch of the
    rule never loads the vector into shared memory. The measure is the declared size, an
    upper bound, unless the rule has its own (`shared_bytes`: models/gpu_schedule.py's, whose
    cache buffers lowering compacts to one block's tiles)."""
    from tvm.s_tir import dlight as dl

    from .gpu_checks import shared_bytes_declared

    class FallThrough(dl.ScheduleRule):
        def apply(self, func, target, tunable):
            try:
                schedule = rule.apply(func, target, tunable)
            except Exception:  # noqa: BLE001 - any failure means: not this rule
                return None
            if schedule is None or shared_limit is None:
                return schedule
            measure = getattr(rule, "shared_bytes", shared_bytes_declared)
            for one in schedule if isinstance(schedule, list) else [schedule]:
                if measure(one.mod["main"]) > shared_limit:
                    return None
            return schedule
    return FallThrough()


def _arange_kernel(bb, call):
    """relax.arange as a kernel even when its bounds are constant: TVM's own legalization
    makes a constant of it, and the decoder's masks over 10^6 samples would fill the library."""
    from tvm import topi
    start, end, step = call.args
    return bb.call_te(topi.arange, start, end, step, call.attrs.dtype)


# Constant exponents written as products (and 0.5 as a square root): x ** 2 must not become
# powf(x, 2), which under CUDA's --use_fast_math (how TVM compiles CUDA) is exp2(2 * log2(x)),
# NaN for every negative x, and likewise Metal's pow in fast math (TVM's Metal runtime compiles
# with fastMathEnabled = YES). Kokoro squares negative values everywhere: layer and instance
# norm variances, the decoder's snake activation sin(a x) ** 2, ALBERT's GELU x ** 3.
_POWER_AS_PRODUCT = {1.0: 1, 2.0: 2, 3.0: 3, 4.0: 4}


def _power_kernel(bb, call):
    """relax.power with a constant scalar exponent of 1 to 4 as multiplications, 0.5 as sqrt;
    anything else as TVM's own legalization (topi.power)."""
    from tvm import relax, te, topi
    base, exponent = call.args
    value = None
    if isinstance(exponent, relax.Constant) and exponent.data.numpy().size == 1:
        value = float(exponent.data.numpy().reshape(()))
    if value in _POWER_AS_PRODUCT:
        count = _POWER_AS_PRODUCT[value]

        def product(x):
            def element(*index):
                result = x(*index)
                for _ in range(count - 1):
                    result = result * x(*index)
                return result
            return te.compute(x.shape, element, name="power_as_product")
        return bb.call_te(product, base)
    if value == 0.5:
        return bb.call_te(topi.sqrt, base)
    return bb.call_te(topi.power, base, exponent)


def _reduced_kernel(function):
    """relax.sin or relax.cos, float32, as function(x) (models/gpu_intrinsics.py). On a GPU the
    argument reduced to [-pi, pi] first: fast math's sine (CUDA's __sinf, Metal's fast sin) is
    accurate only there, its error growing with |x|, and Kokoro's snake activation sin(a x) ** 2
    takes the sine of values well beyond it. On the CPU a polynomial sine that vectorises."""
    def kernel(bb, call):
        from tvm import te, topi
        x = call.args[0]
        if str(x.ty.dtype) != "float32":
            return bb.call_te(topi.sin if call.op.name == "relax.sin" else topi.cos, x)
        name = f"{call.op.name.split('.')[-1]}_reduced"
        return bb.call_te(lambda t: te.compute(t.shape, lambda *i: function(t(*i)), name=name), x,
                          primfunc_name_hint=name)
    return kernel


def pipeline(target, schedule=None, limits=None):
    """The Relax pipeline: TVM's passes for the target with this build's
    dlight rules, each giving way to the next on error. schedule: "cpu" or
    "gpu" (default: as the target's keys say); limits: a GPU's {"threads",
    "shared_bytes"} per block (default: the target's max_shared_memory_per_block)
    and optionally "blocks", the least a kernel should launch (GPUConv1d).
    CPU: matrix products by models/cpu_schedule.py (dlight's own CPU GEMV and
    Reduction rules are left out: with them LLVM spends minutes on some fused
    kernels), 1-D convolutions likewise. GPUs (Metal, CUDA): 1-D convolutions by
    models/gpu_schedule.py (its tiles within the shared memory limit), sums along
    long rows by its GPULongRows (a block per row), then dlight's GPU rules
    except Matmul (its simdgroup path crashes in this TVM release), ending with
    Fallback, so every kernel is scheduled."""
    import tvm
    from tvm.relax.backend.cpu_generic import pipeline as cpu
    from tvm.relax.backend.gpu_generic import pipeline as gpu
    from tvm.s_tir import dlight as dl

    from .cpu_schedule import CPUConv1d, CPUElementwise, CPUMatmul, CPURowReduction
    from .gpu_checks import limits_of
    from .gpu_schedule import GPUConv1d, GPULongRows

    legalizations = {"relax.arange": _arange_kernel, "relax.power": _power_kernel}
    if (schedule or ("gpu" if "gpu" in target.keys else "cpu")) == "cpu":
        backend, rules, last, shared = cpu, (CPUMatmul(), CPUConv1d(), CPUElementwise(), CPURowReduction()), (), None
        legalizations["relax.sin"] = _reduced_kernel(gpu_intrinsics.polynomial_sin)   # vectorised
    else:
        limits = limits or limits_of(target)
        shared = limits["shared_bytes"]
        rules = (GPUConv1d(shared, limits.get("blocks")), GPULongRows(), dl.gpu.GEMV(), dl.gpu.Reduction(),
                 dl.gpu.GeneralReduction())
        backend, last = gpu, (dl.gpu.Fallback(),)
        gpu_intrinsics.register()   # fma for CUDA and Metal
        legalizations.update({"relax.sin": _reduced_kernel(gpu_intrinsics.accurate_sin),
                              "relax.cos": _reduced_kernel(gpu_intrinsics.accurate_cos)})

    @tvm.transform.module_pass(opt_level=0)
    def kokoro_pipeline(mod, _ctx):
        legalize = [tvm.relax.transform.LegalizeOps(legalizations),
                    tvm.relax.transform.AnnotateTIROpPattern(),
                    tvm.relax.transform.FoldConstant(), tvm.relax.transform.FuseOps(),
                    tvm.relax.transform.FuseTIR(),
                    dl.ApplyDefaultSchedule(*[_falling_through(r, shared) for r in rules], *last)]
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
    """Raw weights, sorted by name, each aligned (weights.ALIGNMENT); returns the index."""
    from .weights import ALIGNMENT
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


def zig_executable(path):
    """The spec's tools.archiver: the zig of the pinned Python environment (the ziglang wheel of
    third_party/requirements.lock), checked."""
    if not path or not os.access(path, os.X_OK):
        raise SystemExit(f"models.compile: the spec's tools.archiver {path!r} is missing or not executable; remove "
                         "third_party/python-env and run ./scons again, which makes it from the lock")
    return path


def archiver(zig):
    """{"archiver": "zig ar <version> (ziglang <wheel version>)"}: the tool that writes kokoro.a,
    recorded in the manifest (the only tool besides TVM whose output reaches the artifacts)."""
    from importlib.metadata import version
    out = subprocess.run([zig, "version"], capture_output=True, text=True, check=True, env=_zig_env())
    return {"archiver": f"zig ar {out.stdout.strip()} (ziglang {version('ziglang')})"}


def _zig_env():
    """zig's environment: nothing from the machine's but a private cache folder (zig ar writes none)."""
    return {"PATH": "/nonexistent", "ZIG_GLOBAL_CACHE_DIR": os.path.join(tempfile.gettempdir(), "kokoro-zig-cache"),
            "ZERO_AR_DATE": "1"}


def archive_tool(fmt, zig):
    """The command writing a static archive of a format (gnu or darwin) with a symbol index,
    deterministically (D: zero dates, uids and modes): the pinned `zig ar` (llvm-ar), never
    an archiver from the machine's PATH."""
    return [zig, "ar", f"--format={fmt}", "rcsD"]


def export_objects(executable, prefix, objects, work):
    """Writes the executable's objects into the folder objects, each named after the prefix
    (lib0.o -> <prefix>lib0.o); returns their names, sorted. TVM's export writes the objects
    and hands their paths to fcompile, here a copy (its own tar export would run the machine's
    tar, and its archive is not deterministic)."""
    names = []

    def collect(_output, files, **_options):
        for path in files:
            name = os.path.basename(path)
            name = name if name.startswith(prefix) else prefix + name
            shutil.copyfile(path, os.path.join(objects, name))
            names.append(name)

    executable.export_library(os.path.join(work, f"{prefix}exported.tar"), fcompile=collect)
    return sorted(n for n in names if n.endswith(".o"))


def write_archive(objects, names, fmt, out_path, zig):
    """The objects (names in the folder objects, in that order) as one archive."""
    if os.path.exists(out_path):
        os.unlink(out_path)
    subprocess.run(archive_tool(fmt, zig) + [out_path] + [os.path.join(objects, n) for n in names], check=True,
                   env=_zig_env())


def stages(functions, buckets):
    """{stage: {"bucket": kind, "functions": {bucket: function name}}}: what a runtime needs to
    find the function of a stage for an input, without writing a function's name itself."""
    return {stage: {"bucket": BUCKET_KINDS[stage],
                    "functions": {str(size): f"{stage}_{size}" for size in buckets[BUCKET_KINDS[stage]]
                                  if f"{stage}_{size}" in functions}}
            for stage in FUNCTIONS}


def level_target(target, level):
    """The target with its code on the CPU (the target itself, or its host part) compiled for level."""
    import tvm
    if not level:
        return target
    cpu = tvm.target.Target({**(target.host or target).export(), "mcpu": level})
    return tvm.target.Target(target, cpu) if target.host else cpu


def compile_profile(spec, out_dir, weights_path=None, weights_sha256=None, voices_folder=None, tools=None):
    """Compiles the models of a profile's spec (models/spec.py, checked) into out_dir; returns the
    manifest. Each of the spec's CPU levels (highest first, each with the CPU features its code
    needs) is compiled into the one library (recorded; a runtime runs the first whose features
    the CPU has). A printer (spec["printer"]): a GPU target of another kind whose code generator
    prints the kernels (models/kernel_printer.py), the device they then run on."""
    import tvm
    from tvm import _version as tvm_version

    from . import decoder, relax_export, sine_source, voices, weights as kweights, weights_file

    profile, schedule, limits, printer = spec["profile"], spec["schedule"], spec["gpu_limits"], spec["printer"]
    buckets = {kind: tuple(values) for kind, values in spec["buckets"].items()}
    model, identity = kweights.load_model(weights_path, weights_sha256)
    voice_entries = voices.write_voices(out_dir, voices_folder)
    config = kweights.load_config()
    target = tvm.target.Target(spec["target"])
    gpu = schedule == "gpu"
    weights_dtype = spec["weights_dtype"]
    module, weights, weight_names, sources = relax_export.build_module(model, config, FUNCTIONS, buckets, gpu=gpu,
                                                                       workers=_workers(schedule),
                                                                       weights_dtype=weights_dtype)
    functions = {name: signature(module[name], names) for name, names in weight_names.items()}
    levels = [(entry["level"], sorted(entry["features"])) for entry in spec["cpu"]["levels"]]
    objects, kernels, fmt = [], {}, spec["archive"]["format"]
    zig = zig_executable(spec["tools"].get("archiver"))
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "objects")
        os.makedirs(folder)
        prefix = lambda level: level_prefix(level, target.kind.name if printer else "")   # noqa: E731
        jobs = [(profile, level_target(target, level), schedule, limits, prefix(level), folder, work, printer)
                for level, _features in reversed(levels)]   # the lowest level's objects first
        for (level, _features), (names, level_kernels, memory) in zip(reversed(levels), compile_levels(module, jobs)):
            objects += names
            kernels.update(level_kernels)
            for name, planned in memory.items():   # the most any level's code asks for
                if name in functions:
                    functions[name]["memory"] = {k: max(v, functions[name].get("memory", {}).get(k, 0))
                                                 for k, v in planned.items()}
            print(f"models.compile: {profile}: code for the CPU level {level or 'of the target'}: "
                  f"{len(names)} objects", flush=True)
        write_archive(folder, objects, fmt, os.path.join(out_dir, "kokoro.a"), zig)
    weights_path = os.path.join(out_dir, "kokoro.weights")
    index = write_weights(weights, weights_path)
    stored = {"index": index, "sha256": None, "size": None}
    if weights_dtype == "float16":   # the functions take these float16 (relax_export.take_float16)
        weights_file.to_float16({"weights": stored}, weights_path)
    for name, entry in stored["index"].items():   # where PyTorch finds it again (models/weights_file.py)
        entry.update(source=sources[name], param_dtype=entry["dtype"])
    manifest = {
        **{key: spec[key] for key in MANIFEST_KEYS},
        "format": 1,
        "library": {"file": "kokoro.a", "format": fmt, "objects": objects,
                    "sha256": kweights.file_sha256(os.path.join(out_dir, "kokoro.a"))},
        "cpu": {"levels": [{"level": level, "features": features, "system_lib_prefix": prefix(level)}
                           for level, features in levels]},
        **({"kernels": dict(sorted(kernels.items()))} if gpu else {}),
        "compiler": {"tvm": tvm.__version__, "commit": tvm_version.commit_id, **archiver(zig), **(tools or {})},
        "functions": functions,
        "stages": stages(functions, buckets),
        "weights": {"file": "kokoro.weights", "identity": identity, "index": stored["index"],
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


def _workers(schedule):
    """How many processes export the functions and compile the CPU levels at once: one per core
    for the CPU; for a GPU one, this (a GPU's compiler is set up in this process only:
    models/cuda_toolchain.py)."""
    return (os.cpu_count() or 1) if schedule == "cpu" else 1


def compile_levels(module, jobs):
    """compile_level(profile, module, *job) for each job ((profile, target, schedule, limits, prefix,
    objects, work, printer)); returns their (object names, kernels) in the order of jobs. Several levels compile at
    once, each in a process of its own (the module and target handed over as TVM's JSON), as many as the
    machine has cores: each compile is single-threaded, and their objects differ only in the
    folder's names they take, so the archive is the same as one level after the other."""
    workers = min(len(jobs), _workers(jobs[0][2]))
    if workers < 2:
        return [compile_level(job[0], module, *job[1:]) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import tvm
    text = tvm.ir.save_json(module)
    spawn = multiprocessing.get_context("spawn")   # no fork of a process holding PyTorch's and TVM's threads
    with ProcessPoolExecutor(workers, mp_context=spawn) as pool:
        futures = [pool.submit(_compile_level_from_json, text, job[0], tvm.ir.save_json(job[1]), *job[2:])
                   for job in jobs]
        return [future.result() for future in futures]


def _compile_level_from_json(text, profile, target_json, schedule, limits, prefix, objects, work, printer):
    """compile_level in a worker process, from the module's and the target's JSON."""
    import tvm
    return compile_level(profile, tvm.ir.load_json(text), tvm.ir.load_json(target_json), schedule, limits, prefix,
                         objects, work, printer)


def compile_level(profile, module, target, schedule, limits, prefix, objects, work, printer=None):
    """Compiles the module for one target under a system library prefix, writing its objects
    into the folder objects; returns (their names, {kernel: facts} of a GPU target's kernels,
    models/kernel_printer.py, {function: memory it asks for}, models/memory_plan.py). printer: the target (JSON-able) whose code generator prints the
    kernels instead of the target's own."""
    import tvm
    from tvm import relax

    from . import gpu_checks, kernel_printer, memory_plan
    gpu = schedule == "gpu"
    module = module.with_attr("system_lib_prefix", prefix)
    with target:
        module = pipeline(target, schedule, limits)(module)
    memory = memory_plan.planned(module)
    if gpu:   # every kernel within the row's limits, no boolean `~` (the source is checked after)
        threads = gpu_checks.check_kernels(module, target, limits)
    kernels = {}
    kind = target.kind.name
    generation = (kernel_printer.printed_as(kind, tvm.target.Target(printer), kernels) if printer else
                  kernel_printer.recording(kind, kernels) if gpu else contextlib.nullcontext())
    with target, generation:   # the CUDA compile callback reads the target's arch
        try:
            executable = relax.build(module, target, relax_pipeline=None, system_lib=True)
        except Exception:
            # a kernel check in the CUDA compile callback, or Xcode's Metal compiler on a kernel: said as such,
            # not as the FFI error they became
            for raised in (cuda_toolchain.REFUSED, metal_toolchain.FAILED):
                if raised:
                    raise raised[-1] from None
            raise
    if gpu:
        shared = gpu_checks.check_source(gpu_checks.device_source(executable), target, limits)
        print(f"models.compile: {len(threads)} GPU kernels checked against the {profile} profile's limits: at most "
              f"{max(k['threads'] for k in threads.values())} threads per block, {max(shared.values(), default=0)} "
              f"bytes of shared memory, no boolean ~, no pow to a whole power"
              + (f"; {len(kernels)} {kind} kernels printed by the {printer['kind']} code generator" if printer else ""),
              flush=True)
    kernels = {name[len(prefix):] if name.startswith(prefix) else name: facts for name, facts in kernels.items()}
    return export_objects(executable, prefix, objects, work), kernels, memory


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m models.compile", description=__doc__.split("\n")[0])
    parser.add_argument("--spec", required=True, metavar="FILE",
                        help="the profile's build spec, build/<profile>/spec.json (written by ./scons)")
    parser.add_argument("--out", required=True, help="folder for kokoro.a, kokoro.weights, manifest.json")
    parser.add_argument("--weights", help="kokoro-v1_0.pth (default: synthetic weights)")
    parser.add_argument("--weights-sha256", help="the sha256 the weights file must have")
    parser.add_argument("--voices", help="a folder of Kokoro .pt voice packs (default: one synthetic voice)")
    args = parser.parse_args(argv)
    try:
        spec = kspec.read(args.spec)
    except kspec.SpecError as e:
        print(f"models.compile: spec refused: {e}", file=sys.stderr)
        return 2
    tools, compiler = None, spec["device_compiler"]
    if compiler and compiler.get("kind") == "nvrtc":   # before tvm is imported
        folders = {name: os.path.abspath(folder) for name, folder in (compiler.get("inputs") or {}).items()}
        try:
            cuda_toolchain.prepare(folders, os.path.join(args.out, ".cuda-stub"), spec["gpu_limits"],
                                   compiler.get("binaries") or ())
        except cuda_toolchain.CudaToolchainError as e:
            print(f"models.compile: {e}", file=sys.stderr)
            return 2
        tools = {"cuda": cuda_toolchain.versions(folders)}
    elif compiler:   # metal (models/spec.py refuses another kind)
        try:
            tools = {"metal": metal_toolchain.prepare(compiler)}
        except metal_toolchain.MetalToolchainError as e:
            print(f"models.compile: {e}", file=sys.stderr)
            return 2
    from .gpu_checks import KernelCheckError
    from .kernel_printer import PrinterError
    from .voices import VoiceError
    from .weights import WeightsError
    os.makedirs(args.out, exist_ok=True)
    try:
        compile_profile(spec, args.out, args.weights, args.weights_sha256, args.voices, tools)
    except (WeightsError, VoiceError, KernelCheckError, PrinterError, metal_toolchain.MetalToolchainError) as e:
        kind = {WeightsError: "weights", VoiceError: "voice pack", KernelCheckError: "GPU kernel",
                PrinterError: "GPU kernel", metal_toolchain.MetalToolchainError: "Metal compiler"}[type(e)]
        print(f"models.compile: {kind} refused: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
