"""One compiled function traced kernel by kernel on the GPU and on the host CPU: where they part.

    python3 benchmarks/gpu_trace.py record DIR FUNCTION TRACE.npz   # on the GPU machine (DIR from gpu_pipeline.py pack)
    python benchmarks/gpu_trace.py compare TRACE.npz                # here, with dist/host/models built
    python3 benchmarks/gpu_trace.py profile DIR FUNCTION            # on the GPU machine: time per kernel

`record` calls FUNCTION (say decoder_64) of the cuda build on benchmarks/gpu_pipeline.py's
inputs for it, and keeps from every kernel call, in order, its symbol and a fixed sample of at
most 8192 values of its output (the call's last argument, destination-passing style), and the
decoder's source phases whole. `compare` runs the host build's same function on the same inputs
with the same instrument, puts the host's source phases on the GPU's side of atan2's cut
(models/testing/reference.py phase_branches says why), and prints every kernel's error relative to its
output's scale, marking the first above --threshold: the kernel where the GPU build goes wrong.
The two builds share the Relax pipeline up to scheduling, so their kernels run in the same order;
a differing symbol is printed.

`profile` times every kernel call of FUNCTION on the GPU (CUDA events around each call, the
fifth call of the function, after four to warm up) and prints the kernels by total time, beside
the function's own time without the instrument: where the GPU time goes, and how much of the
call is not kernel time (launches, the VM, allocations).
"""

import argparse
import ctypes
import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = 8192


def _sample(tensor):
    import torch
    flat = tensor.reshape(-1).float().cpu()
    if flat.numel() <= SAMPLES:
        return flat.numpy().copy()
    return flat[torch.linspace(0, flat.numel() - 1, SAMPLES).long()].numpy().copy()


class Recorder:
    """A VM instrument that samples every kernel's output; `align` (host only) moves the source
    phases of the atan2 kernel by whole turns to the given phases."""

    def __init__(self, torch, align=None):
        self.torch, self.align = torch, align
        self.names, self.samples, self.phase = [], [], None

    def __call__(self, func, symbol, before_run, ret_value, *args):
        symbol = str(symbol)
        if before_run or not args or not hasattr(args[-1], "__dlpack__") or symbol.startswith("vm."):
            return 0
        out = self.torch.from_dlpack(args[-1])
        if "atan2" in symbol:
            phase = out[:, out.shape[1] // 2:]
            if self.align is not None:
                target = self.torch.as_tensor(self.align)[..., :phase.shape[-1]]
                phase += (2 * math.pi) * self.torch.round((target - phase) / (2 * math.pi))
            self.phase = phase.cpu().numpy().copy()
        self.names.append(symbol)
        self.samples.append(_sample(out))
        return 0


def _inputs(function):
    sys.path.insert(0, ROOT)   # before benchmarks/, whose models.py is not the models package
    sys.path.append(os.path.join(ROOT, "benchmarks"))
    import gpu_pipeline
    from models import weights
    name, bucket = function.rsplit("_", 1)
    inputs, _ = gpu_pipeline.function_inputs(name, int(bucket), weights.load_config(), seed=int(bucket))
    return gpu_pipeline, inputs


def record(folder, function, out):
    import numpy as np
    import torch
    _, split, inputs = _split(folder, function)
    recorder = Recorder(torch)
    split.traced["set_instrument"](split.tvm_ffi.convert(recorder))   # replaces the split's own instrument
    split.tracing = True
    split.call_device(function, *[x.to(split.device) for x in inputs])
    torch.cuda.synchronize()
    phase = {} if recorder.phase is None else {"phase": recorder.phase}
    np.savez_compressed(out, names=np.array(recorder.names), **phase,
                        **{f"k{i:04d}": s for i, s in enumerate(recorder.samples)})
    print(f"gpu_trace: {function}: {len(recorder.names)} kernel calls recorded in {out}")
    return 0


def _split(folder, function):
    with open(os.path.join(folder, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if function not in manifest["functions"]:
        sys.exit(f"gpu_trace: {function} is not a function of {folder} (its functions: {', '.join(sorted(manifest['functions']))})")
    gpu_pipeline, inputs = _inputs(function)
    weights_path = os.path.join(folder, "kokoro.weights")
    from models import weights_file
    if not os.path.isfile(weights_path) and weights_file.main([os.path.join(folder, "manifest.json"), weights_path]):
        sys.exit(1)
    return gpu_pipeline, gpu_pipeline.GpuSplit(folder, manifest, weights_path), inputs


def profile(folder, function, top=25):
    import time
    import torch
    gpu_pipeline, split, inputs = _split(folder, function)
    on_gpu = [x.to(split.device) for x in inputs]
    calls = []

    def timer(func, symbol, before_run, ret_value, *args):
        symbol = str(symbol)
        if symbol.startswith("vm."):
            return 0
        if before_run:
            calls.append([symbol, torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)])
            calls[-1][1].record()
        else:
            calls[-1][2].record()
        return 0
    split.traced["set_instrument"](split.tvm_ffi.convert(timer))
    split.tracing = True
    for _ in range(5):
        calls.clear()
        split.call_device(function, *on_gpu)
    torch.cuda.synchronize()
    split.tracing = False
    plain = gpu_pipeline.timed(lambda: split.call_device(function, *on_gpu), 10)
    totals = {}
    for symbol, start, end in calls:
        total, count = totals.get(symbol, (0.0, 0))
        totals[symbol] = (total + start.elapsed_time(end), count + 1)
    kernel_ms = sum(t for t, _ in totals.values())
    print(f"gpu_trace: {function}: {len(calls)} kernel calls, {kernel_ms:.2f} ms in kernels; the call without "
          f"the instrument {plain * 1e3:.2f} ms (best of 10)")
    print(f"  {'ms':>8} {'share':>6} {'calls':>5}  kernel")
    for symbol, (total, count) in sorted(totals.items(), key=lambda item: -item[1][0])[:top]:
        print(f"  {total:8.3f} {total / kernel_ms:6.1%} {count:5d}  {symbol}")
    return 0


def compare(trace, function, threshold):
    import numpy as np
    import torch
    import tvm   # TVM's runtime library for the host build, and its allocator
    import tvm_ffi
    recorded = np.load(trace)
    names = list(recorded["names"])
    models = os.path.join(ROOT, "dist", "host", "models")
    library = os.path.join(ROOT, "build", "gpu_trace", "kokoro_host.so")
    os.makedirs(os.path.dirname(library), exist_ok=True)
    subprocess.run([os.environ.get("CC", "cc"), "-shared", "-o", library, "-Wl,--whole-archive",
                    os.path.join(models, "kokoro.a"), "-Wl,--no-whole-archive"], check=True)
    ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
    with open(os.path.join(models, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    function = function or os.path.basename(trace).split(".")[0]
    if function not in manifest["functions"]:
        sys.exit(f"gpu_trace: {function} is not a function of {models} (name it with --function)")
    _, inputs = _inputs(function)
    vm = tvm_ffi.system_lib(manifest["cpu"]["levels"][0]["system_lib_prefix"])["vm_load_executable"]()
    vm["vm_initialization"](1, 0, 2)
    recorder = Recorder(torch, align=recorded["phase"] if "phase" in recorded.files else None)
    vm["set_instrument"](tvm_ffi.convert(recorder))
    raw = np.memmap(os.path.join(models, "kokoro.weights"), dtype=np.uint8, mode="r")
    index = manifest["weights"]["index"]
    sys.path.insert(0, ROOT)
    from models import weights_file   # numpy only
    # Every argument is copied into memory of TVM's own allocator: the compiled kernels assume
    # its 64-byte alignment (aligned vector loads), which a numpy array's 16 bytes do not give.
    weights = [tvm.runtime.tensor(weights_file.read(raw, index[w])) for w in manifest["functions"][function]["weights"]]
    vm[function](*[tvm.runtime.tensor(x.contiguous().numpy()) for x in inputs], *weights)
    print(f"gpu_trace: {function}: {len(names)} kernel calls on the GPU, {len(recorder.names)} on the host")
    first = None
    for i, (gpu_name, host_name) in enumerate(zip(names, recorder.names)):
        gpu, host = recorded[f"k{i:04d}"].astype(np.float64), recorder.samples[i].astype(np.float64)
        if gpu.shape != host.shape:
            print(f"  {i:4d} {gpu_name}: output sizes differ ({gpu.shape} on the GPU, {host.shape} on the host)")
            continue
        scale = max(np.abs(host).max(), 1e-30)
        error = float(np.abs(gpu - host).max() / scale)
        mark = ""
        if first is None and not error <= threshold:
            first, mark = i, "   <- first over the threshold"
        label = gpu_name if gpu_name == host_name else f"{gpu_name} (host: {host_name})"
        print(f"  {i:4d} {error:10.3e}  {label}{mark}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    r = sub.add_parser("record")
    r.add_argument("folder")
    r.add_argument("function")
    r.add_argument("trace")
    c = sub.add_parser("compare")
    c.add_argument("trace")
    c.add_argument("--function", help="the function recorded (default: the trace file's name, say decoder_64.npz)")
    c.add_argument("--threshold", type=float, default=1e-4)
    p = sub.add_parser("profile")
    p.add_argument("folder")
    p.add_argument("function")
    args = parser.parse_args()
    if args.step == "profile":
        sys.exit(profile(args.folder, args.function))
    sys.exit(record(args.folder, args.function, args.trace) if args.step == "record"
             else compare(args.trace, args.function, args.threshold))
