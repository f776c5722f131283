"""The decoder's harmonic source (SourceModuleHnNSF), noise as an input.

In:  F0 at two values per frame f0 [S] (S = 2 x frame bucket), the valid
     frame count n (int32 [1]; 2n values of f0 are valid), Gaussian noise
     [S x 300, 9] (the reference draws it with torch.randn_like), and the
     source's 9 -> 1 linear layer (weight [1, 9], bias [1]).
Out: the harmonic source signal [S x 300] (one value per audio sample),
     equal to Kokoro's on the first 600n samples and zero after them.

Kokoro computes each harmonic's phase in float32: a running sum of the
per-step phase increments (accumulated in float64, as PyTorch's cumsum does
on the CPU), scaled to radians and linearly upsampled 300 times. The phases
reach 1e4 to 1e6 radians, where one float32 rounding step moves the sine by
1e-3 or more, so the CPU kernel reproduces PyTorch's roundings exactly:
every product that PyTorch rounds once (also the fused multiply-adds of its
upsampling kernel) is computed exactly in float64 and rounded once to
float32. The GPU kernel (Metal has no float64) computes the same roundings
without it, against the fast math GPUs compile with (CUDA's --use_fast_math,
Metal's default): the running sum as an exact 64-bit integer of 2^-40 steps,
every rounded product as fma(a, b, 0), PyTorch's fused multiply-adds as fma,
the division by the sample rate corrected to the rounded quotient with an
fma, and the sine of a phase of 1e4 to 1e6 radians after an exact reduction
to [-pi, pi] (fast math's sine is only accurate there). Without that the
float32 phases of a GPU drift by up to radians: PyTorch's own CUDA run of
this source differs from its CPU run by 1e-3, which the decoder amplifies
to 20% of its output.

The reference also adds a random initial phase to each harmonic's first
sample; its linear downsampling reads only the middle samples of each
step, so that phase never reaches the output and is not an input here.
The linear interpolation's clamp at the last valid step is what keeps
padding out of the phases.
"""

import math

import numpy as np
import torch

from . import gpu_intrinsics

# TVM is imported where kernels are made: the PyTorch operator and reference need none.

HARMONICS = 9           # fundamental and 8 overtones
UPSAMPLE = 300          # audio samples per F0 value
SAMPLE_RATE = 24000
SINE_AMP = 0.1
NOISE_STD = 0.003
VOICED_THRESHOLD = 10.0


def reference(f0, n, noise, weight, bias):
    """PyTorch, as kokoro.istftnet.SourceModuleHnNSF computes it on the valid part."""
    import torch.nn.functional as F
    valid, samples = 2 * int(n[0]), noise.shape[0]
    f0_up = F.interpolate(f0[None, None, :valid], scale_factor=UPSAMPLE).transpose(1, 2)     # [1, L, 1]
    fn = torch.multiply(f0_up, torch.arange(1, HARMONICS + 1, dtype=torch.float32, device=f0.device)[None, None])
    rad = (fn / SAMPLE_RATE) % 1
    rad = F.interpolate(rad.transpose(1, 2), scale_factor=1 / UPSAMPLE, mode="linear").transpose(1, 2)
    phase = torch.cumsum(rad, dim=1) * 2 * torch.pi
    phase = F.interpolate(phase.transpose(1, 2) * UPSAMPLE, scale_factor=UPSAMPLE, mode="linear").transpose(1, 2)
    sines = torch.sin(phase) * SINE_AMP
    uv = (f0_up > VOICED_THRESHOLD).type(torch.float32)
    noise_amp = uv * NOISE_STD + (1 - uv) * SINE_AMP / 3
    waves = sines * uv + noise_amp * noise[None, :valid * UPSAMPLE]
    source = torch.tanh(torch.nn.functional.linear(waves, weight, bias))[0, :, 0]
    return torch.cat([source, source.new_zeros(samples - source.shape[0])])


def _f32(x):
    from tvm.script import tirx as T
    return T.Cast("float32", x)


def _f64(x):
    from tvm.script import tirx as T
    return T.Cast("float64", x)


def _float32_constant(value):
    """A float32 constant holding the float32 value (TIR keeps a float32 immediate's double value)."""
    from tvm.script import tirx as T
    return T.float32(float(np.float32(value)))


def _exact_product(a, b):
    """float32 a * b rounded once, kept apart from neighbouring products (computed in float64)."""
    return _f32(_f64(a) * _f64(b))


# The GPU scan's integer unit: 2^-40 of a turn.
FIXED_POINT = 2.0 ** 40


def scan_kernel(steps, gpu):
    """Phases in radians x UPSAMPLE at each valid F0 step, as float32 [steps, HARMONICS]."""
    from tvm.script import tirx as T
    harmonic_loop = (lambda n: T.thread_binding(n, thread="threadIdx.x")) if gpu else T.serial
    # ((sum * 2) * pi) * 300, each float32 product rounded once, as PyTorch does
    if gpu:   # the sum as an integer of 2^-40 steps: exact, as PyTorch's float64 sum is to 2^-42
        accumulator = "int64"

        def increment(r):
            return T.Cast("int64", (r - T.floor(r)) * T.float32(FIXED_POINT))

        def radians(total):
            turns = T.Cast("float32", total) * T.float32(1 / FIXED_POINT)
            radians = gpu_intrinsics.rounded_product(turns * T.float32(2), _float32_constant(math.pi))
            return gpu_intrinsics.rounded_product(radians, T.float32(UPSAMPLE))

        def per_step(f0, h):
            return gpu_intrinsics.rounded_quotient(gpu_intrinsics.rounded_product(f0, _f32(h + 1)), SAMPLE_RATE)
    else:
        accumulator = "float64"

        def increment(r):
            return T.Cast(accumulator, r - T.floor(r))

        def radians(total):
            return _exact_product(_exact_product(_f32(total) * T.float32(2), _float32_constant(math.pi)),
                                  T.float32(UPSAMPLE))

        def per_step(f0, h):
            return f0 * _f32(h + 1) / T.float32(SAMPLE_RATE)

    @T.prim_func(private=True)
    def source_phase(f0: T.Buffer((steps,), "float32"), n: T.Buffer((1,), "int32"),
                     phase: T.Buffer((steps, HARMONICS), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True, "op_pattern": 8})  # opaque: never fused
        for h in harmonic_loop(HARMONICS):
            total = T.alloc_buffer((1,), accumulator, scope="local")
            total[0] = T.Cast(accumulator, 0)
            for i in range(steps):
                if i < 2 * n[0]:  # later steps are never read
                    total[0] = total[0] + increment(per_step(f0[i], h))
                    phase[i, h] = radians(total[0])
    return source_phase


THREADS = 256


def sample_kernel(steps, gpu):
    """Per audio sample: upsampled phases, sines, noise, the 9 -> 1 layer, tanh."""
    from tvm.script import tirx as T
    samples = steps * UPSAMPLE
    blocks = -(-samples // THREADS)
    scale = _float32_constant(1.0 / UPSAMPLE)
    if gpu:
        block_loop = lambda n: T.thread_binding(n, thread="blockIdx.x")  # noqa: E731
        thread_loop = lambda n: T.thread_binding(n, thread="threadIdx.x")  # noqa: E731

        def source_index(j):  # PyTorch: fma(scale, j + 0.5, -0.5)
            return T.fma(scale, _f32(j) + T.float32(0.5), T.float32(-0.5))

        def lerp(a, w0, b, w1):  # PyTorch: fma(a, w0, b * w1)
            return T.fma(a, w0, gpu_intrinsics.rounded_product(b, w1))

        sine_of = gpu_intrinsics.accurate_sin
    else:
        block_loop, thread_loop = T.parallel, T.serial

        def source_index(j):  # PyTorch: fma(scale, j + 0.5, -0.5), one rounding
            return _f32(_f64(scale) * _f64(_f32(j) + T.float32(0.5)) - T.float64(0.5))

        def lerp(a, w0, b, w1):  # PyTorch: fma(a, w0, b * w1)
            return _f32(_f64(a) * _f64(w0) + _f64(b * w1))

        sine_of = T.sin

    @T.prim_func(private=True)
    def source_samples(f0: T.Buffer((steps,), "float32"), n: T.Buffer((1,), "int32"),
                       phase: T.Buffer((steps, HARMONICS), "float32"),
                       noise: T.Buffer((samples, HARMONICS), "float32"),
                       weight: T.Buffer((1, HARMONICS), "float32"), bias: T.Buffer((1,), "float32"),
                       out: T.Buffer((samples,), "float32")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True, "op_pattern": 8})  # opaque: never fused
        for block in block_loop(blocks):
            for thread in thread_loop(THREADS):
                j = block * THREADS + thread
                last = 2 * n[0] - 1
                if j < samples:
                    if j < (last + 1) * UPSAMPLE:
                        src = T.max(source_index(j), T.float32(0))
                        i0 = T.min(T.Cast("int32", T.floor(src)), last)
                        w1 = T.min(T.max(src - _f32(i0), T.float32(0)), T.float32(1))
                        w0 = T.float32(1) - w1
                        i1 = T.min(i0 + 1, last)
                        voiced = f0[j // UPSAMPLE] > T.float32(VOICED_THRESHOLD)
                        total = T.alloc_buffer((1,), "float32", scope="local")
                        total[0] = bias[0]
                        for h in range(HARMONICS):
                            sine = sine_of(lerp(phase[i0, h], w0, phase[i1, h], w1)) * T.float32(SINE_AMP)
                            wave = T.Select(voiced, sine + T.float32(NOISE_STD) * noise[j, h],
                                            T.float32(SINE_AMP) / T.float32(3) * noise[j, h])
                            total[0] = total[0] + weight[0, h] * wave
                        out[j] = T.tanh(total[0])
                    else:
                        out[j] = T.float32(0)
    return source_samples


def emit_sine_source(bb, f0, n, noise, weight, bias, gpu, name):
    """Relax: the source signal [S x 300] from f0 [S] and the other inputs (see the module doc)."""
    from tvm import relax
    steps = int(f0.ty.shape[0])
    phase_kernel = bb.add_func(scan_kernel(steps, gpu), f"{name}_phase")
    sample_kernel_gv = bb.add_func(sample_kernel(steps, gpu), f"{name}_samples")
    phase = bb.emit(relax.call_tir(phase_kernel, [f0, n], relax.TensorType((steps, HARMONICS), "float32")))
    return bb.emit(relax.call_tir(sample_kernel_gv, [f0, n, phase, noise, weight, bias],
                                  relax.TensorType((steps * UPSAMPLE,), "float32")))


SOURCE_OP = "kokoro_tvm::sine_source"


@torch.library.custom_op(SOURCE_OP, mutates_args=())
def sine_source(f0: torch.Tensor, n: torch.Tensor, noise: torch.Tensor, weight: torch.Tensor,
                bias: torch.Tensor) -> torch.Tensor:
    """The harmonic source for one utterance; see the module doc."""
    return reference(f0, n, noise, weight, bias)


@sine_source.register_fake
def _(f0, n, noise, weight, bias):
    return f0.new_empty(noise.shape[0])
