#!/usr/bin/env python3
"""The decoder's convolutions: the CPU schedule's tiles per CPU level against PyTorch, in one run.

    third_party/python-env/bin/python benchmarks/conv_tiles.py [--levels x86-64-v3,x86-64-v4]
    third_party/python-env/bin/python benchmarks/conv_tiles.py --products

With `--products`, BERT's dense layers instead (a [tokens, in] x [in, out] product plus its bias,
at 32 and 128 tokens): PyTorch's addmm and the product rule's tile per CPU level (the table's
MATMUL_TILES and others), the best of 3 rounds of 10 runs each.

For three convolutions of the decoder at the 512-frame bucket (its two resblock stages: 128
channels over 61440 positions, 256 over 10240; kernels 3, 7, 11 with their dilations), prints
the milliseconds and GFLOPS of PyTorch's conv1d (oneDNN, its own choice of vector unit) and of
the kernel models/cpu_schedule.py makes for each CPU level (the table's tile, in column blocks)
and for other tiles, compiled by TVM and run on this CPU with every core. Levels this CPU
lacks are skipped.

With `--tune TRIALS`, also the kernel MetaSchedule (TVM's tuner, tvm.s_tir.meta_schedule) finds
in that many trials for each level, measured on this CPU, and how long the tuning took. The
tuner needs psutil and cloudpickle, and its cost model is XGBoost's where xgboost is importable
(else random). The lock has none of them, since the build does not tune; for this benchmark:

    third_party/python-env/bin/python -m pip install --target DIR psutil cloudpickle xgboost-cpu
    PYTHONPATH=DIR third_party/python-env/bin/python benchmarks/conv_tiles.py --tune 64
"""

import argparse
import importlib.util
import os
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
SHAPES = ((128, 61440, 11, 5), (256, 10240, 7, 3), (128, 61440, 3, 1))   # channels, positions, kernel, dilation
# (rows, columns, column tiles per block) tried beside each level's own
VARIANTS = ((8, 16, 1), (4, 16, 1), (4, 16, 4), (8, 32, 4), (16, 16, 4))
LEVEL_FLAGS = {"x86-64-v3": ("avx2", "fma"), "x86-64-v4": ("avx512f", "avx512bw", "avx512dq", "avx512vl")}


def cpu_has(level):
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    return all(flag in flags for flag in LEVEL_FLAGS.get(level, ()))


def conv_module(channels, positions, kernel, dilation):
    """The Relax function main(x, w, b) = conv1d(x, w) + b of the decoder's convolution."""
    from tvm import relax
    bb = relax.BlockBuilder()
    x = relax.Var("x", relax.TensorType((1, channels, positions + dilation * (kernel - 1)), "float32"))
    w = relax.Var("w", relax.TensorType((channels, channels, kernel), "float32"))
    b = relax.Var("b", relax.TensorType((1, channels, 1), "float32"))
    with bb.function("main", [x, w, b]):
        with bb.dataflow():
            y = bb.emit(relax.op.add(bb.emit(relax.op.nn.conv1d(x, w, dilation=dilation)), b))
            out = bb.emit_output(y)
        bb.emit_func_output(out)
    return bb.get()


def time_main(executable, module, number=3, repeat=1):
    """Seconds per run of `executable`'s main on random inputs of `module`'s main's shapes (the
    best of `repeat` rounds of `number` runs)."""
    import tvm
    from tvm import relax
    vm = relax.VirtualMachine(executable, tvm.cpu())
    rng = np.random.default_rng(0)
    args = [tvm.runtime.tensor(rng.standard_normal([int(d) for d in p.ty.shape]).astype("float32"))
            for p in module["main"].params]
    vm["main"](*args)
    return min(vm.time_evaluator("main", tvm.cpu(), number=number, repeat=repeat)(*args).results)


def tvm_conv(channels, positions, kernel, dilation, level, tile=None):
    """Seconds per run of the compiled convolution (+ bias) for `level`, with `tile` forced."""
    import tvm

    from models import compile as model_compile
    from models import cpu_schedule

    saved = dict(cpu_schedule.CONV_TILES), cpu_schedule.COLUMN_BLOCK
    if tile:
        cpu_schedule.CONV_TILES[level], cpu_schedule.COLUMN_BLOCK = tile[:2], tile[2]
    module = conv_module(channels, positions, kernel, dilation)
    try:
        target = tvm.target.Target({"kind": "llvm", "mcpu": level})
        executable = tvm.compile(module, target, relax_pipeline=model_compile.pipeline(target))
    finally:
        cpu_schedule.CONV_TILES.clear()
        cpu_schedule.CONV_TILES.update(saved[0])
        cpu_schedule.COLUMN_BLOCK = saved[1]
    return time_main(executable, module)


def tuned_conv(channels, positions, kernel, dilation, level, trials, work_dir):
    """(seconds per run, seconds of tuning, cost model) of the convolution (+ bias) as
    MetaSchedule schedules it for `level` after `trials` trials measured on this CPU."""
    import tvm
    from tvm import relax
    from tvm.s_tir import meta_schedule as ms

    target = tvm.target.Target({"kind": "llvm", "mcpu": level, "num-cores": os.cpu_count()})
    module = conv_module(channels, positions, kernel, dilation)
    fused = tvm.transform.Sequential([relax.transform.LegalizeOps(), relax.transform.AnnotateTIROpPattern(),
                                      relax.transform.FuseOps(), relax.transform.FuseTIR()])(module)
    cost_model = "xgb" if importlib.util.find_spec("xgboost") else "random"
    started = time.perf_counter()
    database = ms.relax_integration.tune_relax(fused, {}, target, work_dir, max_trials_global=trials,
                                               num_trials_per_iter=min(trials, 32), cost_model=cost_model, seed=0)
    tuning = time.perf_counter() - started
    with target, database:
        scheduled = relax.transform.MetaScheduleApplyDatabase(enable_warning=True)(fused)
    executable = tvm.compile(scheduled, target)
    return time_main(executable, module), tuning, cost_model


PRODUCTS = ((32, 768, 768), (32, 768, 2048), (128, 768, 2048), (128, 2048, 768))   # tokens, in, out
PRODUCT_TILES = ((4, 16), (8, 16), (8, 32), (16, 16))


def product_module(tokens, inputs, outputs):
    """The Relax function main(x, w, b) = x @ w + b of a dense layer (weights stored transposed)."""
    from tvm import relax
    bb = relax.BlockBuilder()
    x = relax.Var("x", relax.TensorType((1, tokens, inputs), "float32"))
    w = relax.Var("w", relax.TensorType((inputs, outputs), "float32"))
    b = relax.Var("b", relax.TensorType((outputs,), "float32"))
    with bb.function("main", [x, w, b]):
        with bb.dataflow():
            out = bb.emit_output(bb.emit(relax.op.add(bb.emit(relax.op.matmul(x, w)), b)))
        bb.emit_func_output(out)
    return bb.get()


def tvm_product(shape, level, tile):
    """Seconds per run of the compiled dense layer for `level` with the product tile `tile`."""
    import tvm

    from models import compile as model_compile
    from models import cpu_schedule

    saved = dict(cpu_schedule.MATMUL_TILES)
    cpu_schedule.MATMUL_TILES[level] = tile
    module = product_module(*shape)
    try:
        target = tvm.target.Target({"kind": "llvm", "mcpu": level})
        executable = tvm.compile(module, target, relax_pipeline=model_compile.pipeline(target))
    finally:
        cpu_schedule.MATMUL_TILES.clear()
        cpu_schedule.MATMUL_TILES.update(saved)
    return time_main(executable, module, number=10, repeat=3)


def torch_product(tokens, inputs, outputs):
    import torch
    x, w, b = torch.randn(tokens, inputs), torch.randn(inputs, outputs), torch.randn(outputs)
    torch.addmm(b, x, w)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(10):
            torch.addmm(b, x, w)
        best = min(best, (time.perf_counter() - started) / 10)
    return best


def products(levels):
    from models import cpu_schedule
    for shape in PRODUCTS:
        flops = 2 * shape[0] * shape[1] * shape[2]
        results = [("PyTorch addmm", torch_product(*shape))]
        for level in levels:
            if not cpu_has(level):
                results.append((f"{level}: this CPU lacks it", None))
                continue
            own = cpu_schedule.MATMUL_TILES.get(level, cpu_schedule.DEFAULT_MATMUL_TILE)
            for tile in (own,) + tuple(t for t in PRODUCT_TILES if t != own):
                results.append((f"{level} {tile[0]}x{tile[1]}" + (" (table)" if tile == own else ""),
                                tvm_product(shape, level, tile)))
        print(f"  {shape[0]} tokens, {shape[1]} x {shape[2]}:")
        for name, seconds in results:
            print(f"    {name:<34}" + ("" if seconds is None else
                                        f" {seconds * 1e6:7.0f} us {flops / seconds / 1e9:5.0f} GFLOPS"), flush=True)


def torch_conv(channels, positions, kernel, dilation):
    import torch
    torch.set_num_threads(os.cpu_count())
    conv = torch.nn.Conv1d(channels, channels, kernel, dilation=dilation)
    x = torch.randn(1, channels, positions + dilation * (kernel - 1))
    with torch.no_grad():
        conv(x)
        started = time.perf_counter()
        for _ in range(3):
            conv(x)
    return (time.perf_counter() - started) / 3


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="x86-64-v3,x86-64-v4", help="CPU levels, comma-separated (default: %(default)s)")
    parser.add_argument("--tune", type=int, default=0, metavar="TRIALS",
                        help="also MetaSchedule's kernel after TRIALS trials per convolution and level "
                             "(the other tiles are then left out)")
    parser.add_argument("--shapes", default="all", help="'all' or indices into the three shapes, e.g. 0,2")
    parser.add_argument("--products", action="store_true", help="BERT's dense layers instead of the convolutions")
    args = parser.parse_args()
    os.environ.setdefault("TVM_NUM_THREADS", str(os.cpu_count()))
    missing = [name for name in ("psutil", "cloudpickle") if args.tune and not importlib.util.find_spec(name)]
    if missing:
        sys.exit(f"conv_tiles: --tune needs {' and '.join(missing)} (MetaSchedule's builder and runner "
                 "use them): install them with pip --target DIR and set PYTHONPATH=DIR (see this script's help)")

    from models import cpu_schedule
    import torch
    torch.set_num_threads(os.cpu_count())
    print(f"conv_tiles: {os.cpu_count()} cores, PyTorch {torch.__version__} ({torch.backends.cpu.get_cpu_capability()})")
    if args.products:
        return products(args.levels.split(","))
    shapes = SHAPES if args.shapes == "all" else [SHAPES[int(i)] for i in args.shapes.split(",")]
    for shape in shapes:
        channels, positions, kernel, dilation = shape
        flops = 2 * channels * channels * kernel * positions
        line = lambda name, seconds, extra="": print(  # noqa: E731
            f"    {name:<34} {seconds * 1e3:7.1f} ms {flops / seconds / 1e9:5.0f} GFLOPS{extra}", flush=True)
        print(f"  {channels} channels, {positions} positions, kernel {kernel}, dilation {dilation}:")
        line("PyTorch conv1d", torch_conv(*shape))
        for level in args.levels.split(","):
            if not cpu_has(level):
                print(f"    {level}: this CPU lacks it, skipped")
                continue
            own = cpu_schedule.CONV_TILES.get(level, cpu_schedule.DEFAULT_CONV_TILE) + (cpu_schedule.COLUMN_BLOCK,)
            table = tvm_conv(*shape, level)
            line(f"{level} {own[0]}x{own[1]} blocks of {own[2]} (table)", table)
            for variant in VARIANTS:
                if variant != own and not args.tune:
                    line(f"{level} {variant[0]}x{variant[1]} blocks of {variant[2]}", tvm_conv(*shape, level, variant))
            if args.tune:
                with tempfile.TemporaryDirectory(prefix="conv_tiles-ms-") as work:
                    seconds, tuning, cost_model = tuned_conv(*shape, level, args.tune, work)
                line(f"{level} MetaSchedule, {args.tune} trials", seconds,
                     f" (table/tuned {table / seconds:.2f}x; tuning took {tuning:.0f} s, cost model {cost_model})")


if __name__ == "__main__":
    main()
