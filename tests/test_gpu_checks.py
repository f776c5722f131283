"""Static checks of GPU kernels (models/gpu_checks.py), run in every build of a GPU profile:
no GPU needed. A kernel over its target's limits, or one that applies `~` to a boolean (which
CUDA and MSL print as an int, so every mask made that way is wrong on the GPU), stops the
build naming the kernel; the shipped Metal source holds no such expression."""

import os

import pytest
import torch
import tvm
from torch import nn
from tvm.script import tirx as T

from conftest import ROOT, target_of
from kokoro_build import profiles
from models import compile as kcompile, gpu_checks, split

METAL = tvm.target.Target(target_of("ios"))
CUDA = tvm.target.Target(target_of("cuda"))
# The hardware limits per block the profile rows give (the oldest GPU each admits).
LIMITS = {"metal": profiles.PROFILES["ios"].gpu_limits, "cuda": profiles.PROFILES["cuda"].gpu_limits}


def limits(target):
    return LIMITS[target.kind.name]


def scheduled(module, inputs, target=None):
    """The module as a GPU profile's pipeline (ios unless target) leaves it, before code generation."""
    from tvm.relax.frontend.torch import from_exported_program
    mod = from_exported_program(torch.export.export(module.eval(), inputs))
    target = target or METAL
    with target:
        return kcompile.pipeline(target, limits=limits(target))(mod)


class MaskByNot(nn.Module):
    def forward(self, x, length):
        return x * (~split.padding_mask(length, 32)).to(torch.float32)


class MaskByCompare(nn.Module):
    def forward(self, x, length):
        return x * split.valid_mask(length, 32)[:, 0]


INPUTS = (torch.randn(1, 32), torch.tensor([20], dtype=torch.int32))


def test_a_boolean_not_is_refused_naming_the_kernel():
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_kernels(scheduled(MaskByNot(), INPUTS), METAL, limits(METAL))
    message = str(e.value)
    assert message.startswith("kernel fused_") and "bitwise_not" in message and "(called by main)" in message
    assert "applies ~ (bitwise_not) to a boolean" in message


def test_the_models_masks_pass_and_compute_the_same():
    report = gpu_checks.check_kernels(scheduled(MaskByCompare(), INPUTS), METAL, limits(METAL))
    assert report and all(k["threads"] <= 512 for k in report.values())
    with pytest.raises(gpu_checks.KernelCheckError, match="applies ~ to a boolean"):
        from tvm import relax
        with METAL:
            executable = relax.build(scheduled(MaskByNot(), INPUTS), METAL, relax_pipeline=None)
        gpu_checks.check_source(gpu_checks.device_source(executable), METAL, limits(METAL))   # the source check catches it too
    x, length = INPUTS
    assert torch.equal(MaskByCompare()(x, length), MaskByNot()(x, length))


def too_many_threads():
    from tvm.script import ir as I, tirx as T

    @I.ir_module(s_tir=True)
    class Module:
        @T.prim_func(s_tir=True)
        def wide(a: T.Buffer((1024,), "float32"), b: T.Buffer((1024,), "float32")):
            for tx in T.thread_binding(768, thread="threadIdx.x"):
                with T.sblock("copy"):
                    v = T.axis.spatial(768, tx)
                    b[v] = a[v]
    return Module


def test_a_kernel_over_the_thread_limit_is_refused_with_its_name():
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_kernels(too_many_threads(), METAL, limits(METAL))
    assert str(e.value) == ("kernel wide (called by no Relax function) uses 768 threads per block; the profile's metal "
                            "GPUs allow 512")
    assert gpu_checks.check_kernels(too_many_threads(), CUDA, limits(CUDA)) == {"wide": {"threads": 768}}


MSL = """
kernel void kokorotvm_small_kernel(device float* a [[ buffer(0) ]]) {
  threadgroup float red_buf0[64];
  a[0] = 1.0f;
}
kernel void kokorotvm_big_kernel(device float* a [[ buffer(0) ]]) {
  threadgroup float tile[8192];
  threadgroup half more[2];
  a[0] = 1.0f;
}
"""


CUDA_SOURCE = """
extern "C" __global__ void __launch_bounds__(512) fused_multiply44_sum24_kernel(float* __restrict__ a) {
  __shared__ alignas(64) float lv1739_shared_ptr[123136];
  __shared__ alignas(64) float red_buf0_ptr[16];
  a[0] = 1.0f;
}
"""


def test_shared_memory_over_the_limit_is_refused_naming_the_kernel():
    assert gpu_checks.shared_memory_in_source(MSL) == {"kokorotvm_small_kernel": 256, "kokorotvm_big_kernel": 32772}
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_source(MSL, METAL, limits(METAL))
    assert str(e.value) == ("kernel kokorotvm_big_kernel declares 32772 bytes of shared memory; the profile's metal "
                            "GPUs allow 16384")
    with pytest.raises(gpu_checks.KernelCheckError) as e:   # CUDA as TVM 0.26 prints it (alignas)
        gpu_checks.check_source(CUDA_SOURCE, CUDA, limits(CUDA))
    assert str(e.value) == ("kernel fused_multiply44_sum24_kernel declares 492608 bytes of shared memory; the profile's "
                            "cuda GPUs allow 49152")


class MatrixFirstProduct(nn.Module):
    """The decoder's noise convolutions reduce `x[c, t] * w[t]` over t: the matrix comes first."""

    def forward(self, x, w):
        return (x * w).sum(dim=-1)


def test_dlights_cuda_gemv_would_copy_the_matrix_and_the_pipeline_takes_the_next_rule():
    from tvm import relax
    from tvm.relax.frontend.torch import from_exported_program
    from tvm.s_tir import dlight as dl
    inputs = (torch.randn(1, 128, 7696), torch.randn(1, 1, 7696))
    mod = from_exported_program(torch.export.export(MatrixFirstProduct().eval(), inputs))
    with CUDA:
        lowered = tvm.transform.Sequential([relax.transform.LegalizeOps(), relax.transform.AnnotateTIROpPattern(),
                                            relax.transform.FuseOps(), relax.transform.FuseTIR()])(mod)
        gemv = dl.ApplyDefaultSchedule(dl.gpu.GEMV())(lowered)   # the cause: dlight's rule on its own
    kernels = [f for f in gemv.functions.values() if isinstance(f, tvm.tirx.PrimFunc)]
    assert max(gpu_checks.shared_bytes_declared(f) for f in kernels) >= 128 * 7696 * 4
    with CUDA:
        scheduled_mod = kcompile.pipeline(CUDA, limits=limits(CUDA))(mod)
        executable = relax.build(scheduled_mod, CUDA, relax_pipeline=None)
    shared = gpu_checks.check_source(gpu_checks.device_source(executable), CUDA, limits(CUDA))
    assert shared and max(shared.values()) <= 48 * 1024


def test_a_whole_power_by_pow_is_refused_as_fast_math_makes_it_nan_for_negative_bases():
    cuda = "y[i] = powf(sinf((a[i] * x[i])), 0x1p+1f/*2.000000e+00*/) + powf(z[i], 0x1.8p+1f/*2.500000e+00*/);"
    msl = "y[i] = pow(((x[i] - m[0]) * s[0]), 3.000000e+00f);"
    assert gpu_checks.integer_powers_in_source(cuda) == ["powf(sinf((a[i] * x[i])), 0x1p+1f/*2.000000e+00*/)"]
    assert gpu_checks.integer_powers_in_source(msl) == ["pow(((x[i] - m[0]) * s[0]), 3.000000e+00f)"]
    with pytest.raises(gpu_checks.KernelCheckError, match="raises to a whole power with pow"):
        gpu_checks.check_source("kernel void k(device float* y) { " + msl + " }", METAL, limits(METAL))


class Squares(nn.Module):
    """What layer norm, the snake activation and GELU do: whole powers of negative values."""

    def forward(self, x):
        return x.pow(2) + torch.sin(x) ** 2 + x ** 3 + x.abs() ** 0.5


def test_the_pipeline_writes_whole_powers_as_products():
    from tvm import relax
    inputs = (torch.randn(1, 64),)
    with CUDA:
        executable = relax.build(scheduled(Squares(), inputs, CUDA), CUDA, relax_pipeline=None)
    source = gpu_checks.device_source(executable)
    assert "powf(" not in source and "sqrtf(" in source
    gpu_checks.check_source(source, CUDA, limits(CUDA))


def test_the_source_scan_finds_a_printed_boolean_not():
    printed = "out[i] = x[i] * ((float)(~(((long)length[0]) <= ((long)i))));"
    assert gpu_checks.boolean_nots_in_source(printed) == ["~(((long)length[0]) <= ((long)i))"]
    assert gpu_checks.boolean_nots_in_source("y = ~(a << 2); z = ~(mask[i]);") == []


def test_the_shipped_metal_source_has_no_boolean_not():
    library = os.path.join(ROOT, "dist", "ios", "models", "kokoro.a")
    if not os.path.exists(library):
        pytest.fail(f"{library} is missing: run ./scons models (./scons test builds it first)")
    import re
    with open(library, "rb") as f:   # the MSL travels as text inside the objects; skip their binary parts
        source = b"\n".join(re.findall(rb"[\t\n\r\x20-\x7e]{200,}", f.read())).decode("ascii")
    assert "kernel void" in source
    assert gpu_checks.boolean_nots_in_source(source) == []
    assert gpu_checks.integer_powers_in_source(source) == []   # no pow(x, 2.0f): NaN under fast math for x < 0
    shared = gpu_checks.check_source(source, METAL, limits(METAL))
    assert len(shared) > 100 and max(shared.values()) <= limits(METAL)["shared_bytes"]
    # the row's GPU family has no SIMD-group functions: no reduction across threads uses them
    assert "simd_shuffle" not in source and "simd_sum" not in source
    # nothing an A8 lacks: SIMD-group functions, doubles, 64-bit atomics, fast:: math, over 31 buffers
    assert gpu_checks.metal_problems(source) == {}
    buffers = [int(n) for n in re.findall(r"\[\[ buffer\((\d+)\) \]\]", source)]
    assert len(buffers) > 1000 and max(buffers) < gpu_checks.METAL_MAX_BUFFERS


@pytest.mark.parametrize("line, problem", [
    ("float s = simd_sum(a[0]);", "SIMD-group function simd_sum"),
    ("float s = simd_shuffle_down(a[0], 1);", "SIMD-group function simd_shuffle_down"),
    ("float s = quad_broadcast(a[0], 0);", "SIMD-group function quad_broadcast"),
    ("float s = fast::exp(a[0]);", "calls fast::exp"),
    ("float s = precise::sin(a[0]);", "calls precise::sin"),
    ("double s = a[0];", "uses double"),
    ("threadgroup atomic_ulong c;", "64-bit atomic atomic_ulong"),
])
def test_metal_source_an_a8_cannot_run_is_refused_naming_the_kernel(line, problem):
    msl = "kernel void kokorotvm_k(device float* a [[ buffer(0) ]]) {\n  " + line + "\n}\n"
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_source(msl, METAL, limits(METAL))
    assert "kernel kokorotvm_k " in str(e.value) and problem in str(e.value)
    fine = "kernel void kokorotvm_k(device float* a [[ buffer(0) ]]) {\n  float s = fma(a[0], a[1], 1.0f);\n}\n"
    assert gpu_checks.metal_problems(fine) == {}


def test_a_metal_kernel_with_more_buffers_than_the_table_holds_is_refused():
    args = ", ".join(f"device float* a{i} [[ buffer({i}) ]]" for i in range(32))
    with pytest.raises(gpu_checks.KernelCheckError, match=r"kernel kokorotvm_wide takes 32 buffer arguments; Metal's "
                       r"table holds 31"):
        gpu_checks.check_source(f"kernel void kokorotvm_wide({args}) {{ a0[0] = 1.0f; }}", METAL, limits(METAL))
    args = ", ".join(f"device float* a{i} [[ buffer({i}) ]]" for i in range(31))
    gpu_checks.check_source(f"kernel void kokorotvm_wide({args}) {{ a0[0] = 1.0f; }}", METAL, limits(METAL))


def test_the_shipped_cuda_library_carries_ptx_for_sm_80_not_source():
    models = os.path.join(ROOT, "dist", "cuda", "models")
    if not os.path.exists(os.path.join(models, "kokoro.a")):
        pytest.fail(f"{models}/kokoro.a is missing: run ./scons models (./scons test builds it first)")
    import json
    import re
    with open(os.path.join(models, "kokoro.a"), "rb") as f:
        data = f.read()
    assert b".target sm_80" in data and len(re.findall(rb"\.entry ", data)) > 100
    assert b"__global__" not in data   # no CUDA source: nothing is compiled at load
    with open(os.path.join(models, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    assert manifest["device"] == "cuda" and manifest["target"]["arch"] == "sm_80"
    assert set(manifest["compiler"]["cuda"]) == {"nvidia-cuda-nvrtc", "nvidia-cuda-runtime", "nvidia-cuda-cccl",
                                                 "nvidia-nvfatbin", "cuda-bindings", "cuda-pathfinder"}


def test_the_shipped_cuda_library_carries_machine_code_for_each_architecture_of_its_row():
    """Beside the PTX, a cubin per architecture of the row (profiles.CUDA_BINARIES), in one fatbin:
    the driver loads its GPU's as it is, and compiles nothing at first use (16 s on an H100 for
    the PTX alone). A cubin is an ELF of machine EM_CUDA (190) whose flags name its sm_XX."""
    import struct
    models = os.path.join(ROOT, "dist", "cuda", "models")
    if not os.path.exists(os.path.join(models, "kokoro.a")):
        pytest.fail(f"{models}/kokoro.a is missing: run ./scons models (./scons test builds it first)")
    with open(os.path.join(models, "kokoro.a"), "rb") as f:
        data = f.read()
    assert b"\x50\xed\x55\xba" in data   # nvFatbin's fatbin
    archs, start = [], data.find(b"\x7fELF\x02")
    while start >= 0:
        if struct.unpack_from("<H", data, start + 18)[0] == 190:
            archs.append(f"sm_{(struct.unpack_from('<I', data, start + 48)[0] >> 8) & 0xFF}")
        start = data.find(b"\x7fELF\x02", start + 1)
    assert sorted(archs) == sorted(profiles.PROFILES["cuda"].device_binaries) == sorted(profiles.CUDA_BINARIES)


def test_no_kernel_of_the_shipped_cuda_library_reserves_local_memory_past_the_limit():
    """A kernel's local memory (its PTX's __local_depot: what its registers do not hold) is reserved
    by the driver for every thread the GPU can hold, whatever the launch: BERT's attention kernels
    once held 368 bytes per token, 47 GiB of an H100 at 512 tokens."""
    import re
    models = os.path.join(ROOT, "dist", "cuda", "models")
    if not os.path.exists(os.path.join(models, "kokoro.a")):
        pytest.fail(f"{models}/kokoro.a is missing: run ./scons models (./scons test builds it first)")
    with open(os.path.join(models, "kokoro.a"), "rb") as f:
        data = f.read()
    depots = re.findall(rb"\.entry\s+(\w+)\((?:(?!\.entry)[\s\S])*?__local_depot\d+\[(\d+)\]", data)
    over = [(name.decode(), int(size)) for name, size in depots if int(size) > gpu_checks.LOCAL_BYTES]
    assert not over, over


def test_the_gpu_sine_reduces_its_argument_exactly():
    """models/gpu_intrinsics.py: sin(x - k 2pi) equals sin(x) for phases of up to 1e6 radians,
    so fast math's sine, accurate only on [-pi, pi], can take it. The arithmetic is emulated
    exactly here (a float32 fma is exact in float64: the product of two float32 fits), and the
    CUDA source is checked to call fmaf for it."""
    import numpy as np
    from models import gpu_intrinsics
    f32 = np.float32
    x = np.concatenate([np.linspace(-50, 50, 1001), np.geomspace(10, 1e6, 1000)]).astype(f32)
    fma = lambda a, b, c: (a.astype(np.float64) * np.float64(b) + c.astype(np.float64)).astype(f32)  # noqa: E731
    k = np.floor(fma(x, f32(1 / (2 * np.pi)), np.zeros_like(x)) + f32(0.5)).astype(f32)
    reduced = x
    for part in gpu_intrinsics.TWO_PI_PARTS:
        assert float(f32(part)) == part   # each part is a float32
        reduced = fma(-k, part, reduced)
    assert np.abs(reduced).max() <= np.pi + 1e-3
    assert np.abs(np.sin(reduced.astype(np.float64)) - np.sin(x.astype(np.float64))).max() < 5e-7

    from tvm import relax
    with CUDA:
        executable = relax.build(scheduled(Snake(), (torch.randn(1, 64),), CUDA), CUDA, relax_pipeline=None)
    source = gpu_checks.device_source(executable)
    assert "sinf(fmaf(" in source and "floorf(" in source


class Snake(nn.Module):
    """Kokoro's snake activation: the sine of values far beyond pi."""

    def forward(self, x):
        return x + torch.sin(3.0 * x) ** 2


class TanhAndSigmoid(nn.Module):
    """What the LSTMs, ALBERT's GELU and the harmonic source compute."""

    def forward(self, x):
        return torch.tanh(x) * torch.sigmoid(x)


def test_the_gpu_tanh_is_accurate_where_fast_maths_is_not():
    """models/gpu_intrinsics.py accurate_tanh, emulated in float32 as CUDA runs it (Horner as
    fused multiply-adds), is within 2 ulp of tanh on [-12, 12]; CUDA's tanhf under fast math is
    tanh.approx.f32 (up to 2^-11 off), so the pipeline's source calls no tanh, and a source
    that does is refused."""
    import numpy as np
    from models import gpu_intrinsics
    f32 = np.float32
    x = np.concatenate([np.linspace(-12, 12, 400001), np.geomspace(1e-6, 0.6, 20001)]).astype(f32)
    magnitude = np.minimum(np.abs(x), f32(9))
    square = x * x
    polynomial = np.full_like(x, f32(gpu_intrinsics.TANH_COEFFICIENTS[-1]))
    for c in reversed(gpu_intrinsics.TANH_COEFFICIENTS[:-1]):
        assert float(f32(c)) == c   # each coefficient is a float32
        polynomial = (polynomial.astype(np.float64) * square + c).astype(f32)   # fmaf
    large = f32(1) - f32(2) / (np.exp(magnitude + magnitude) + f32(1))
    got = np.where(magnitude < f32(gpu_intrinsics.TANH_SMALL), x * polynomial, np.where(x < 0, -large, large))
    exact = np.tanh(x.astype(np.float64))
    ulps = np.abs(got - exact) / np.spacing(np.abs(exact).astype(f32)).astype(np.float64)
    assert ulps.max() <= 2.0

    from tvm import relax
    for target in (CUDA, METAL):
        with target:
            executable = relax.build(scheduled(TanhAndSigmoid(), (torch.randn(1, 64),), target), target,
                                     relax_pipeline=None)
        source = gpu_checks.device_source(executable)
        assert "fused_tir_tanh" in source and gpu_checks.tanh_calls_in_source(source) == []
        gpu_checks.check_source(source, target, limits(target))
    with pytest.raises(gpu_checks.KernelCheckError, match=r"calls tanh \(1 places, first: tanhf\(x\[i\]\)"):
        gpu_checks.check_source("__global__ void k(float* y, float* x) { y[i] = tanhf(x[i]); }", CUDA, limits(CUDA))


class ConvolutionStack(nn.Module):
    """A transposed convolution (its input dilated and padded) into a padded convolution with
    an epilogue, as the decoder's generator has them."""

    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose1d(16, 16, 4, stride=2, padding=1)
        self.conv = nn.Conv1d(16, 32, 7, padding=6, dilation=2)

    def forward(self, x):
        y = self.up(x)
        return torch.nn.functional.leaky_relu(self.conv(y), 0.1) + 1.0


@pytest.mark.parametrize("target", [METAL, CUDA], ids=["metal", "cuda"])
def test_gpu_convolutions_stage_their_tiles_in_shared_memory_within_the_limit(target):
    from tvm import relax
    from models import gpu_schedule
    inputs = (torch.randn(1, 16, 64),)
    mod = scheduled(ConvolutionStack(), inputs, target)
    kernels = {gv.name_hint: f for gv, f in mod.functions.items() if isinstance(f, tvm.tirx.PrimFunc)}
    convolutions = [name for name, f in kernels.items() if "conv1d" in name]
    assert len(convolutions) == 2, sorted(kernels)
    for name in convolutions:   # the build's rule took both: shared tiles, 2-D thread blocks
        script = kernels[name].script()
        assert 'scope="shared"' in script and 'thread="threadIdx.y"' in script, name
        assert 0 < gpu_schedule.GPUConv1d.shared_bytes(kernels[name]) <= limits(target)["shared_bytes"]
    with target:
        executable = relax.build(mod, target, relax_pipeline=None)
    shared = gpu_checks.check_source(gpu_checks.device_source(executable), target, limits(target))
    assert max(shared.values()) <= limits(target)["shared_bytes"]
    assert len([k for k, size in shared.items() if size > 0]) == 2


@T.prim_func(private=True, s_tir=True)
def _padded_then_activated(x: T.Buffer((1, 16, 64), "float32"), w: T.Buffer((32, 16, 7), "float32"),
                           y: T.Buffer((1, 32, 64), "float32")):
    padded = T.sblock_alloc_buffer((1, 16, 70))
    relu = T.sblock_alloc_buffer((1, 16, 70))
    for n, c, i in T.grid(1, 16, 70):
        with T.sblock("pad"):
            vn, vc, vi = T.axis.remap("SSS", [n, c, i])
            padded[vn, vc, vi] = T.if_then_else(3 <= vi and vi < 67, x[vn, vc, vi - 3], T.float32(0))
    for n, c, i in T.grid(1, 16, 70):
        with T.sblock("relu"):
            vn, vc, vi = T.axis.remap("SSS", [n, c, i])
            relu[vn, vc, vi] = T.max(padded[vn, vc, vi], T.float32(0))
    for n, o, i, c, k in T.grid(1, 32, 64, 16, 7):
        with T.sblock("conv"):
            vn, vo, vi, vc, vk = T.axis.remap("SSSRR", [n, o, i, c, k])
            with T.init():
                y[vn, vo, vi] = T.float32(0)
            y[vn, vo, vi] = y[vn, vo, vi] + relu[vn, vc, vi + vk] * w[vo, vc, vk]


def test_the_convolution_rule_never_stages_a_tile_through_a_condition():
    """A padding followed by an elementwise op of the same shape would be inlined into the
    convolution's reads, guarded by the padding's condition; a tile copied to shared memory
    reads its whole region, guarded or not, so the rule gives way (when the padding is the
    last producer it gets a kernel of its own: the stack test above)."""
    from models import gpu_schedule
    assert gpu_schedule.GPUConv1d(limits(CUDA)["shared_bytes"]).apply(_padded_then_activated, CUDA, False) is None


class ConvNormSine(nn.Module):
    """A convolution, an instance norm (reductions across threads, shared memory) and a sine."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv1d(8, 16, 3, padding=1)
        self.norm = nn.InstanceNorm1d(16, affine=True)

    def forward(self, x):
        return torch.sin(self.norm(self.conv(x))) * torch.exp(-x.mean(dim=1, keepdim=True))


def test_the_ios_kernels_proxy_prints_the_metal_build_s_kernels_unchanged_as_cuda():
    """models/kernel_printer.py: what the Metal code generator gets, the CUDA one prints instead:
    the same kernels, launch extents, shared memory and TIR; the host code checks CUDA's device."""
    from tvm import relax
    from models import kernel_printer
    printer = tvm.target.Target(profiles.PROFILES["ios-kernels"].printer)
    mod = scheduled(ConvNormSine(), (torch.randn(1, 8, 40),))
    metal_kernels, proxy_kernels = {}, {}
    with METAL, kernel_printer.recording("metal", metal_kernels):
        metal = relax.build(mod, METAL, relax_pipeline=None)
    with METAL, kernel_printer.printed_as("metal", printer, proxy_kernels):
        proxy = relax.build(mod, METAL, relax_pipeline=None)
    assert len(metal_kernels) >= 3 and proxy_kernels == metal_kernels
    assert any(k["shared_bytes"] for k in metal_kernels.values())   # a reduction across threads
    msl, cuda = gpu_checks.device_source(metal), gpu_checks.device_source(proxy)
    assert "kernel void" in msl and "__global__" in cuda and "kernel void" not in cuda
    expected = {name: facts["shared_bytes"] for name, facts in metal_kernels.items()}
    assert gpu_checks.shared_memory_in_source(msl) == expected == gpu_checks.shared_memory_in_source(cuda)
    for name, facts in metal_kernels.items():   # CUDA's launch bounds are the Metal threadgroup's size
        threads = 1
        for tag, extent in facts["launch"].items():
            threads *= extent if tag.startswith("threadIdx") else 1
        assert f"__launch_bounds__({threads}) {name}(" in cuda
    # the host code (arm64, as for the iPhone) checks its tensors are on the printer's device
    host = lambda executable: next(m for m in executable.mod.imports if m.kind == "llvm").inspect_source("ll")  # noqa: E731
    assert 'c"cuda' in host(proxy) and 'c"metal' not in host(proxy) and 'c"metal' in host(metal)


def test_a_printer_the_kernels_cannot_be_printed_by_is_named():
    from tvm import relax
    from models import kernel_printer
    mod = scheduled(ConvNormSine(), (torch.randn(1, 8, 40),))
    with pytest.raises(kernel_printer.PrinterError, match=r"the metal kernels cannot be printed by the llvm code "
                       r"generator as they are: kernel \w+_kernel: "):
        with METAL, kernel_printer.printed_as("metal", tvm.target.Target("llvm"), {}):
            relax.build(mod, METAL, relax_pipeline=None)


def test_the_shipped_metal_kernels_are_the_manifest_s():
    """dist/ios/models/manifest.json's kernels (what the Metal code generator got: the table the
    ios-kernels proxy is checked against) are the shipped MSL's: the same names, the same
    shared memory each."""
    import json
    import re
    models = os.path.join(ROOT, "dist", "ios", "models")
    if not os.path.exists(os.path.join(models, "kokoro.a")):
        pytest.fail(f"{models}/kokoro.a is missing: run ./scons models (./scons test builds it first)")
    with open(os.path.join(models, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    with open(os.path.join(models, "kokoro.a"), "rb") as f:
        source = b"\n".join(re.findall(rb"[\t\n\r\x20-\x7e]{200,}", f.read())).decode("ascii")
    prefix = manifest["cpu"]["levels"][0]["system_lib_prefix"]
    shipped = {name[len(prefix):]: size for name, size in gpu_checks.shared_memory_in_source(source).items()}
    assert len(shipped) > 1000
    assert shipped == {name: facts["shared_bytes"] for name, facts in manifest["kernels"].items()}
    assert all(facts["launch"] and len(facts["tir_sha256"]) == 64 for facts in manifest["kernels"].values())


def test_a_proxy_whose_kernels_differ_from_the_metal_build_s_is_named_kernel_by_kernel():
    from models.testing.kernels import kernel_differences
    facts = {"launch": {"blockIdx.x": 4, "threadIdx.x": 64}, "shared_bytes": 256, "tir_sha256": "a" * 64}
    metal = {"k1": facts, "k2": facts}
    assert kernel_differences(dict(metal), metal) == []
    assert kernel_differences({"k1": facts}, metal) == ["k2: not in the proxy"]
    assert kernel_differences({**metal, "k3": facts}, metal) == ["k3: not in the Metal build"]
    rescheduled = {**metal, "k2": {**facts, "launch": {"blockIdx.x": 4, "threadIdx.x": 128}}}
    assert kernel_differences(rescheduled, metal) == [
        "k2: launch {'blockIdx.x': 4, 'threadIdx.x': 128} against the Metal build's {'blockIdx.x': 4, 'threadIdx.x': 64}"]


class BatchedProduct(nn.Module):
    """BERT's attention scores: a product per head, both operands carrying the heads."""

    def forward(self, q, k):
        return q @ k


@pytest.mark.parametrize("target", [METAL, CUDA], ids=["metal", "cuda"])
def test_a_batched_product_keeps_one_thread_s_tile_in_registers(target):
    """The convolution rule takes a batched product with its batch on blockIdx.z, so lowering bounds
    each thread's accumulator by its tile (it kept 368 bytes per token per thread when the heads
    were fused into the rows: 47 GiB of local memory reserved on an H100 at 512 tokens)."""
    from tvm import relax
    mod = scheduled(BatchedProduct(), (torch.randn(12, 256, 64), torch.randn(12, 64, 256)), target)
    [kernel] = [f for gv, f in mod.functions.items() if isinstance(f, tvm.tirx.PrimFunc) and "matmul" in gv.name_hint]
    assert 'thread="blockIdx.z"' in kernel.script() and 'scope="shared"' in kernel.script()
    with target:
        executable = relax.build(mod, target, relax_pipeline=None)
    local = gpu_checks.local_memory_in_source(gpu_checks.device_source(executable))
    assert 0 < max(local.values()) <= 256, local


def test_per_thread_arrays_over_the_limit_are_refused_naming_the_kernel():
    source = ('extern "C" __global__ void __launch_bounds__(256) matmul2_kernel(float* __restrict__ a) {\n'
              '  alignas(64) float matmul_local_ptr[47104];\n  __shared__ alignas(64) float tile[128];\n'
              '  int rows[4];\n}\n'
              'extern "C" __global__ void __launch_bounds__(256) small_kernel(float* __restrict__ a) {\n'
              '  float acc[16];\n}\n')
    assert gpu_checks.local_memory_in_source(source) == {"matmul2_kernel": 188432, "small_kernel": 64}
    with pytest.raises(gpu_checks.KernelCheckError) as e:
        gpu_checks.check_source(source, CUDA, limits(CUDA))
    assert str(e.value).startswith("kernel matmul2_kernel declares 188432 bytes of per-thread arrays, over 1024")


class TokenProduct(nn.Module):
    """One of BERT's dense layers over a chunk of 64 tokens."""

    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(768, 768)

    def forward(self, x):
        return self.dense(x)


def _blocks(kernel):
    import re
    script = kernel.script()
    extents = re.findall(r"T\.thread_binding\(T\.int64\((\d+)\), thread=\"blockIdx\.[xyz]\"", script) + \
        re.findall(r"T\.thread_binding\((\d+), thread=\"blockIdx\.[xyz]\"", script)
    count = 1
    for extent in extents:
        count *= int(extent)
    return count


@pytest.mark.parametrize("target", [METAL, CUDA], ids=["metal", "cuda"])
def test_a_small_product_launches_the_blocks_the_profile_asks_for(target):
    """The cuda row asks for at least 128 blocks a kernel (gpu_limits "blocks": an H100 has 132
    multiprocessors): a dense layer over 64 tokens gets tiles small enough to launch them (the
    largest tiles launched 12). The ios row asks for none: the largest tiles that divide."""
    mod = scheduled(TokenProduct(), (torch.randn(1, 64, 768),), target)
    [kernel] = [f for gv, f in mod.functions.items() if isinstance(f, tvm.tirx.PrimFunc) and "matmul" in gv.name_hint]
    assert 'scope="shared"' in kernel.script()   # the convolution rule's
    wanted = limits(target).get("blocks")
    if wanted:
        assert _blocks(kernel) >= wanted
    else:
        assert _blocks(kernel) == 64 * 768 // (32 * 128)


class LongRowMean(nn.Module):
    """AdaIN's statistic in the decoder: each channel's mean over many positions, masked."""

    def forward(self, x, mask):
        return (x * mask).sum(dim=-1, keepdim=True)


@pytest.mark.parametrize("target", [METAL, CUDA], ids=["metal", "cuda"])
def test_a_sum_along_long_rows_takes_a_block_per_row(target):
    """dlight's GEMV would give a block to 16 of these rows (8 blocks for 128 channels);
    GPULongRows gives each row a block whose threads split it."""
    mod = scheduled(LongRowMean(), (torch.randn(1, 128, 8192), torch.ones(1, 1, 8192)), target)
    [kernel] = [f for gv, f in mod.functions.items() if isinstance(f, tvm.tirx.PrimFunc) and "sum" in gv.name_hint]
    assert _blocks(kernel) == 128
