#!/usr/bin/env python3
"""How much of a CUDA context is the per-thread stack the runtime reserves, on this GPU.

    python3 benchmarks/cuda_context.py [LIMIT ...]        # on the GPU machine, e.g. 1024 256 16 0

Makes the CUDA context (cudaFree(0) through the CUDA runtime, libcudart: the pack's, else
PyTorch's), prints the GPU memory it takes (cudaMemGetInfo, and nvidia-smi's figure for this
process) and the limits, then sets the per-thread stack limit (cudaDeviceSetLimit(
cudaLimitStackSize, N)) to each LIMIT in turn and prints them again. The cuda tool sets it to 0
before the models load (rust/src/cuda.rs); this shows what that gives back.
"""

import ctypes
import glob
import os
import subprocess
import sys

LIMITS = {"stack": 0, "printf": 1, "heap": 2}   # cudaLimitStackSize, PrintfFifoSize, MallocHeapSize


def cudart():
    """The CUDA runtime library: from the pack's wheels on PYTHONPATH, else PyTorch's."""
    places = [os.path.join(p, "nvidia", "cu*", "lib", "libcudart.so*") for p in sys.path if p]
    try:
        import torch
        places.append(os.path.join(os.path.dirname(torch.__file__), "..", "nvidia", "cu*", "lib", "libcudart.so*"))
    except ImportError:
        pass
    found = sorted(path for pattern in places for path in glob.glob(pattern))
    if not found:
        sys.exit("cuda_context: no libcudart found (put the pack's wheels on PYTHONPATH, or install PyTorch)")
    return ctypes.CDLL(found[0]), found[0]


def process_mib():
    out = subprocess.run(["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
                         capture_output=True, text=True).stdout
    return next((line.split(",")[1].strip() for line in out.splitlines() if line.split(",")[0].strip() == str(os.getpid())),
                "?")


def report(runtime, what):
    free, total, value = ctypes.c_size_t(), ctypes.c_size_t(), ctypes.c_size_t()
    runtime.cudaMemGetInfo(ctypes.byref(free), ctypes.byref(total))
    limits = []
    for name, limit in LIMITS.items():
        runtime.cudaDeviceGetLimit(ctypes.byref(value), limit)
        limits.append(f"{name} {value.value}")
    print(f"{what:<28} GPU used {(total.value - free.value) >> 20:6d} MiB, this process {process_mib():>6} MiB "
          f"(nvidia-smi); limits: {', '.join(limits)} bytes", flush=True)


def main():
    limits = [int(a) for a in sys.argv[1:]] or [1024, 256, 16, 0]
    runtime, path = cudart()
    print(f"cuda_context: {path}")
    status = runtime.cudaFree(ctypes.c_void_p(0))
    if status:
        sys.exit(f"cuda_context: cudaFree(0) failed with CUDA error {status}: no GPU the driver can use")
    report(runtime, "the context")
    for limit in limits:
        status = runtime.cudaDeviceSetLimit(LIMITS["stack"], ctypes.c_size_t(limit))
        report(runtime, f"stack limit {limit}" + (f" (error {status})" if status else ""))


if __name__ == "__main__":
    main()
