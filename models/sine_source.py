"""The decoder's harmonic source (SourceModuleHnNSF), noise as an input, with exact phases.

In:  F0 at two values per frame f0 [S] (S = 2 x frame bucket), the valid
     frame count n (int32 [1]; 2n values of f0 are valid), Gaussian noise
     [S x 300, 9] (the reference draws it with torch.randn_like), and the
     source's 9 -> 1 linear layer (weight [1, 9], bias [1]).
Out: the harmonic source signal [S x 300] (one value per audio sample):
     Kokoro's on the first 600n samples, with each harmonic's phase computed
     exactly, and zero after them.

What Kokoro computes: per F0 step i and harmonic h (1..9) the phase increment
rad[i, h] = (f0[i] h / 24000) mod 1 in turns, the running sum of the increments
C[i] (cumsum), and at audio sample j the linear interpolation (scale 300,
align_corners=False) of 2 pi 300 C, whose sine is the harmonic. In float32
(PyTorch's own run, and any float32 implementation of that formula) the phases
reach 1e4 to 1e6 radians, where one rounding step of a float32 moves the sine
by 1e-3 or more: on the real model that rounding alone puts PyTorch float32 at
39 dB SNR from a float64 run of the same model (benchmarks/accuracy.py).

What the kernels compute: the same increments, rounded to float32 as the
model's float32 run rounds them (f0 h, then / 24000), and from there exact
integer arithmetic in turns, which is the same on every processor:
- each increment as an integer of 2^-40 turns (exact: a float32 below 1 has
  no bits under 2^-40 unless it is below 2^-16), their running sum modulo
  2^40 (a whole turn) in int64;
- sample j >= 150 lies in step i0 = (j - 150) // 300 at k = j - 150 - 300 i0,
  where the interpolation is 300 C[i0] + (k + 1/2) rad[i1] turns (i1 = i0 + 1,
  or i0 at the last valid step; samples j < 150 take 300 C[0]): in 2^-41
  turns 600 C[i0] + (2k + 1) D with D = C[i1] - C[i0], below 2^51 in int64,
  modulo 2^41;
- that phase, centred on [-1/2, 1/2) turns, to radians in float32 (2e-7 of a
  radian), and its sine by gpu_intrinsics.polynomial_sin (fused
  multiply-adds only, on CPU and GPU alike).
The phase is then as exact as the increments; what remains is F0's own
float32 rounding, which the phase integrates.

The reference also adds a random initial phase to each harmonic's first
sample; its linear downsampling reads only the middle samples of each step,
so that phase never reaches the output and is not an input here. The
interpolation's clamp at the last valid step keeps padding out of the phases.
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
TURN_BITS = 40          # the running sum's unit: 2^-40 of a turn
HALF = UPSAMPLE // 2    # samples before the first step's centre


def step_increments(f0, harmonics=HARMONICS):
    """rad [steps, harmonics] in turns, rounded as the model computes them in f0's dtype."""
    fn = f0[:, None] * torch.arange(1, harmonics + 1, dtype=f0.dtype, device=f0.device)[None]
    return (fn / SAMPLE_RATE) % 1


def exact_sines(rad, samples):
    """The sines [samples, H] of the upsampled phases of rad [steps, H] (float32 or float64
    increments in turns), computed as the kernels do: integers in turns, one float32 rounding."""
    steps = rad.shape[0]
    increments = torch.floor(rad.double() * 2.0 ** TURN_BITS).to(torch.int64).cpu()
    cycles = torch.cumsum(increments, dim=0) & ((1 << TURN_BITS) - 1)
    j = torch.arange(samples, dtype=torch.int64)
    i0 = torch.clamp(j - HALF, min=0) // UPSAMPLE
    i0 = torch.minimum(i0, torch.tensor(steps - 1))
    k = j - HALF - UPSAMPLE * i0
    odd = torch.where(j < HALF, 0, 2 * k + 1)
    i1 = torch.minimum(i0 + 1, torch.tensor(steps - 1))
    step = (cycles[i1] - cycles[i0]) & ((1 << TURN_BITS) - 1)
    phase = (2 * UPSAMPLE * cycles[i0] + odd[:, None] * step) & ((1 << (TURN_BITS + 1)) - 1)
    phase = torch.where(phase >= 1 << TURN_BITS, phase - (1 << (TURN_BITS + 1)), phase)
    turns = phase.to(torch.float32) * np.float32(2.0 ** -(TURN_BITS + 1))
    return torch.sin(turns * np.float32(2 * math.pi)).to(rad.device)


def exact_f02sine(fn):
    """A drop-in for kokoro.istftnet.SineGen._f02sine (fn [1, L, H]: F0 x harmonic, upsampled
    300 times) with exact phases: sin of the phase this module's kernels compute."""
    steps = fn.shape[1] // UPSAMPLE
    rad = (fn[0, HALF::UPSAMPLE][:steps] / SAMPLE_RATE) % 1
    return exact_sines(rad, fn.shape[1]).to(fn.dtype)[None]


def reference(f0, n, noise, weight, bias):
    """PyTorch: kokoro.istftnet.SourceModuleHnNSF on the valid part, with exact phases."""
    valid, samples = 2 * int(n[0]), noise.shape[0]
    f0_up = f0[:valid].repeat_interleave(UPSAMPLE)[:, None]                                  # [L, 1]
    sines = exact_sines(step_increments(f0[:valid]), valid * UPSAMPLE).to(f0.dtype) * SINE_AMP
    uv = (f0_up > VOICED_THRESHOLD).type(f0.dtype)
    noise_amp = uv * NOISE_STD + (1 - uv) * SINE_AMP / 3
    waves = sines * uv + noise_amp * noise[:valid * UPSAMPLE]
    source = torch.tanh(torch.nn.functional.linear(waves, weight, bias))[:, 0]
    return torch.cat([source, source.new_zeros(samples - source.shape[0])])


def _f32(x):
    from tvm.script import tirx as T
    return T.Cast("float32", x)


def _float32_constant(value):
    """A float32 constant holding the float32 value (TIR keeps a float32 immediate's double value)."""
    from tvm.script import tirx as T
    return T.float32(float(np.float32(value)))


def scan_kernel(steps, gpu):
    """The running sums C [steps, HARMONICS] (int64, 2^-40 turns, modulo a turn) at each valid step."""
    from tvm.script import tirx as T
    harmonic_loop = (lambda n: T.thread_binding(n, thread="threadIdx.x")) if gpu else T.serial
    turn = T.int64(1 << TURN_BITS)

    def per_step(f0, h):   # f0 h / 24000 with the float32 roundings of the model's float32 run
        if gpu:   # fast math would fuse and divide approximately
            return gpu_intrinsics.rounded_quotient(gpu_intrinsics.rounded_product(f0, _f32(h + 1)), SAMPLE_RATE)
        return f0 * _f32(h + 1) / T.float32(SAMPLE_RATE)

    @T.prim_func(private=True)
    def source_phase(f0: T.Buffer((steps,), "float32"), n: T.Buffer((1,), "int32"),
                     cycles: T.Buffer((steps, HARMONICS), "int64")):
        T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True, "op_pattern": 8})  # opaque: never fused
        for h in harmonic_loop(HARMONICS):
            total = T.alloc_buffer((1,), "int64", scope="local")
            total[0] = T.int64(0)
            for i in range(steps):
                if i < 2 * n[0]:  # later steps are never read
                    r = per_step(f0[i], h)
                    # (r mod 1) x 2^40 is exact in float32; the cast keeps all of it
                    increment = T.Cast("int64", (r - T.floor(r)) * T.float32(2.0 ** TURN_BITS))
                    total[0] = T.floormod(total[0] + increment, turn)
                    cycles[i, h] = total[0]
    return source_phase


THREADS = 256


def sample_kernel(steps, gpu):
    """Per audio sample: the exact phases (see the module doc), sines, noise, the 9 -> 1 layer, tanh."""
    from tvm.script import tirx as T
    samples = steps * UPSAMPLE
    blocks = -(-samples // THREADS)
    if gpu:
        block_loop = lambda n: T.thread_binding(n, thread="blockIdx.x")  # noqa: E731
        thread_loop = lambda n: T.thread_binding(n, thread="threadIdx.x")  # noqa: E731
    else:
        block_loop, thread_loop = T.parallel, T.serial
    turn = T.int64(1 << TURN_BITS)                          # a turn in 2^-40 (the sums' unit)
    half, fine_turn = T.int64(1 << TURN_BITS), T.int64(1 << (TURN_BITS + 1))   # in 2^-41 (the phases')
    unit = T.float32(2.0 ** -(TURN_BITS + 1))
    two_pi = _float32_constant(2 * math.pi)

    @T.prim_func(private=True)
    def source_samples(f0: T.Buffer((steps,), "float32"), n: T.Buffer((1,), "int32"),
                       cycles: T.Buffer((steps, HARMONICS), "int64"),
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
                        i0 = T.min(T.max(j - HALF, 0) // UPSAMPLE, last)
                        i1 = T.min(i0 + 1, last)
                        odd = T.Cast("int64", T.Select(j < HALF, 0, 2 * (j - HALF - UPSAMPLE * i0) + 1))
                        voiced = f0[j // UPSAMPLE] > T.float32(VOICED_THRESHOLD)
                        total = T.alloc_buffer((1,), "float32", scope="local")
                        total[0] = bias[0]
                        for h in range(HARMONICS):
                            step = T.floormod(cycles[i1, h] - cycles[i0, h], turn)
                            phase = T.floormod(T.int64(2 * UPSAMPLE) * cycles[i0, h] + odd * step, fine_turn)
                            centred = T.Select(phase >= half, phase - fine_turn, phase)
                            angle = (T.Cast("float32", centred) * unit) * two_pi
                            sine = gpu_intrinsics.polynomial_sin(angle) * T.float32(SINE_AMP)
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
    cycles = bb.emit(relax.call_tir(phase_kernel, [f0, n], relax.TensorType((steps, HARMONICS), "int64")))
    return bb.emit(relax.call_tir(sample_kernel_gv, [f0, n, cycles, noise, weight, bias],
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
