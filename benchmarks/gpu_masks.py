"""The length masks of the Kokoro split on a real GPU: the GPU (Metal) pipeline's kernels,
built for CUDA, against PyTorch.

    python benchmarks/gpu_masks.py build DIR   # here, from the pinned environment (no GPU)
    python3 benchmarks/gpu_masks.py run DIR    # on an NVIDIA GPU machine (PyTorch, nvcc, tvm_ffi)

Each case is built twice: as the models write a mask today (models/split.py: a comparison,
valid_positions) and as they wrote it before (`~padding_mask`, a bitwise not of a boolean,
which CUDA and MSL print as an int). `build` runs the ios profile's Relax pipeline
(models/compile.py: gpu_generic passes and dlight rules) for target cuda sm_90, the kernel
checks of models/gpu_checks.py (the old form is built with them off, to show what they
stop), and writes one library per case, the inputs, PyTorch's outputs (CPU, float32) and
the generated CUDA source's boolean nots. TVM 0.26 keeps CUDA as source when the build
machine has no driver; `run` compiles it with nvcc through TVM's load callback, runs every
case on the GPU through the Relax VM and prints, per case and form, the largest error
relative to the output's scale.

DIR also needs, for `run`: lib/libtvm_runtime.so and lib/libtvm_runtime_cuda.so (from the
pinned apache-tvm wheel, third_party/apache-tvm-0.26.0/tvm/lib/) and the tvm_ffi package of
the same version as the lock's (a cp312 wheel installed with pip --target).
"""

import json
import os
import sys

TOLERANCE = 1e-5
CASES = ("padding_mask", "valid_mask", "masked_mean", "bert_with_length")


def modules(form):
    """{case: (torch module, inputs)}; form 'now' or 'before'."""
    import torch
    from torch import nn

    from models import split, weights

    def valid(length, steps):
        if form == "now":
            return split.valid_positions(length, steps)
        return ~split.padding_mask(length, steps)

    class PaddingMask(nn.Module):
        def forward(self, x, length):
            return x * valid(length, 32).to(torch.float32)

    class ValidMask(nn.Module):
        def forward(self, x, length):
            return x * valid(length, 64)[:, None, :].to(torch.float32)

    class MaskedMean(nn.Module):
        def forward(self, x, length):
            mask = valid(length, 64)[:, None, :].to(torch.float32)
            return (x * mask).sum(dim=-1, keepdim=True) / mask.sum(dim=-1, keepdim=True)

    class BertWithLength(nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = weights.synthetic_model()[0].bert

        def forward(self, ids, length):
            return self.bert(ids, attention_mask=valid(length, 32).to(torch.int64))

    generator = torch.Generator().manual_seed(7)
    length32, length64 = torch.tensor([24], dtype=torch.int32), torch.tensor([48], dtype=torch.int32)
    return {"padding_mask": (PaddingMask(), (torch.randn(1, 32, generator=generator), length32)),
            "valid_mask": (ValidMask(), (torch.randn(1, 512, 64, generator=generator), length64)),
            "masked_mean": (MaskedMean(), (torch.randn(1, 512, 64, generator=generator), length64)),
            "bert_with_length": (BertWithLength(), (torch.randint(1, 170, (1, 32), generator=generator), length32))}


def build(out):
    import numpy as np
    import torch
    import tvm
    from tvm import relax
    from tvm.relax.frontend.torch import from_exported_program

    from models import compile as kcompile, gpu_checks

    target = tvm.target.Target({"kind": "cuda", "arch": "sm_90", "max_shared_memory_per_block": 49152,
                                "max_num_threads": 1024, "thread_warp_size": 32,
                                "host": {"kind": "llvm", "mcpu": "x86-64-v3"}})
    os.makedirs(out, exist_ok=True)
    arrays, meta = {}, {}
    for form in ("now", "before"):
        for case, (module, inputs) in modules(form).items():
            module = module.eval()
            with torch.no_grad():
                expected = module(*inputs)
            mod = from_exported_program(torch.export.export(module, inputs), keep_params_as_input=True,
                                        unwrap_unit_return_tuple=True)
            mod, params = relax.frontend.detach_params(mod)
            with target:
                mod = kcompile.pipeline(target)(mod)
            executable = relax.build(mod, target, relax_pipeline=None)
            source = gpu_checks.device_source(executable)
            try:
                gpu_checks.check_kernels(mod, target, gpu_checks.limits_of(target))
                gpu_checks.check_source(source, target, gpu_checks.limits_of(target))
                checks = "pass"
            except gpu_checks.KernelCheckError as e:
                checks = f"refused: {e}"
            name = f"{case}.{form}"
            executable.export_library(os.path.join(out, f"{name}.so"))
            weights = [p.numpy() for p in params.get("main", [])]
            for k, value in enumerate(inputs):
                arrays[f"{name}/in{k}"] = value.numpy()
            for k, value in enumerate(weights):     # the same seeded weights in both forms: stored once
                arrays[f"{case}/w{k}"] = value
            arrays[f"{name}/out"] = expected.numpy()
            meta[name] = {"inputs": len(inputs), "weights": len(weights), "kernel_checks": checks,
                          "boolean_nots_in_cuda": len(gpu_checks.boolean_nots_in_source(source))}
            print(f"built {name}: kernel checks {checks[:60]}, boolean nots in the CUDA source: "
                  f"{meta[name]['boolean_nots_in_cuda']}", flush=True)
    np.savez(os.path.join(out, "cases.npz"), **arrays)
    with open(os.path.join(out, "cases.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)


def run(folder):
    import ctypes
    import shutil
    import subprocess
    import tempfile

    import numpy as np
    import torch
    if not torch.cuda.is_available():
        print("gpu_masks: skipped: no CUDA GPU here (run it on the GPU machine)")
        return 0
    import tvm_ffi
    ctypes.CDLL(os.path.join(os.path.dirname(tvm_ffi.__file__), "lib", "libtvm_ffi.so"), mode=ctypes.RTLD_GLOBAL)
    for lib in ("libtvm_runtime.so", "libtvm_runtime_cuda.so"):
        ctypes.CDLL(os.path.join(folder, "lib", lib), mode=ctypes.RTLD_GLOBAL)
    nvcc = shutil.which("nvcc") or "/usr/local/cuda/bin/nvcc"
    arch = "sm_{}{}".format(*torch.cuda.get_device_capability(0))

    @tvm_ffi.register_global_func("tvm_callback_cuda_compile", override=True)
    def _compile(code, *_):
        with tempfile.TemporaryDirectory() as work:
            with open(os.path.join(work, "k.cu"), "w") as f:
                f.write(code)
            subprocess.run([nvcc, "--fatbin", "-O3", f"-arch={arch}", "-o", os.path.join(work, "k.fatbin"),
                            os.path.join(work, "k.cu")], check=True, capture_output=True)
            with open(os.path.join(work, "k.fatbin"), "rb") as f:
                return f.read()

    meta = json.load(open(os.path.join(folder, "cases.json")))
    data = np.load(os.path.join(folder, "cases.npz"))
    device = torch.device("cuda:0")
    print(f"gpu: {torch.cuda.get_device_name(0)} ({arch}), torch {torch.__version__}")
    print(f"{'case':<18} {'form':<7} {'max rel. error':>15}  {'verdict':<8} kernel checks at build")
    failures = 0
    for name in sorted(meta, key=lambda n: (CASES.index(n.split('.')[0]), n.split('.')[1] != "now")):
        case, form = name.split(".")
        module = tvm_ffi.load_module(os.path.join(folder, f"{name}.so"))
        vm = module["vm_load_executable"]()
        vm["vm_initialization"](2, 0, 2, 1, 0, 2)    # CUDA device 0, pooled; host CPU
        args = [tvm_ffi.from_dlpack(torch.from_numpy(np.ascontiguousarray(data[f"{name}/in{k}"])).to(device))
                for k in range(meta[name]["inputs"])]
        args += [tvm_ffi.from_dlpack(torch.from_numpy(data[f"{case}/w{k}"]).to(device))
                 for k in range(meta[name]["weights"])]
        got = torch.from_dlpack(vm["main"](*args)).cpu().numpy()
        expected = data[f"{name}/out"]
        error = float(np.max(np.abs(got - expected)) / max(float(np.max(np.abs(expected))), 1e-12))
        right = error <= TOLERANCE
        failures += form == "now" and not right
        checks = meta[name]["kernel_checks"]
        print(f"{case:<18} {form:<7} {error:>15.3e}  {'right' if right else 'WRONG':<8} "
              f"{'pass' if checks == 'pass' else 'refused: ' + checks.split(') ')[-1][:50]}")
    print(f"tolerance {TOLERANCE:g} of the output's scale; 'now' is what models/split.py builds")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("build", "run"):
        sys.exit(__doc__)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    sys.exit(build(sys.argv[2]) if sys.argv[1] == "build" else run(sys.argv[2]))
