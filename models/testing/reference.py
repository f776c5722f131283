"""The reference runner: phonemes to waveform through the compiled split and through PyTorch.

Used by tests and benchmarks, not by the product (the Rust pipeline is).

In:  a phoneme string, a style vector ref_s [1, 256], speed, a noise seed;
     for the compiled chain a Relax VM of the split (host build), its
     weights by name and each function's weight names; for PyTorch the
     reference KModel with the same weights.
Out: run_compiled() and run_pytorch() each return (audio float32 [samples],
     durations int64 [tokens]).

The compiled chain does what the glue code does: token ids with Kokoro's
boundary token 0 at both ends, the smallest token bucket that fits, bert,
duration (then / speed, rounded, at least 1 frame), the alignment as a
gather of token rows per frame, f0n and text_encoder, the smallest frame
bucket that fits, the decoder with noise drawn from the seed.

PyTorch runs KModel.forward_with_tokens itself, with three things fixed so
the comparison is well defined: its Gaussian noise is the same noise (the
calls to torch.randn_like are answered from it), its harmonic source's
phases are computed exactly (sine_source.exact_f02sine, as the build's
kernels compute them: Kokoro's float32 phases are off by up to 1e-2 radians,
which float32 references cannot agree on), and the STFT analysis of
the harmonic source is the build's (models/decoder.py Stft). The latter
computes the same spectrum, but the phase of a bin whose imaginary part is
zero up to rounding (every bin of the first frame, whose window sees a
mirrored signal, and the rare bin near the negative real axis) is +pi or
-pi as the rounding of torch.stft's FFT falls, and the generator's output
depends on that choice; the build's analysis makes it the same way every
time. run_pytorch(..., own_stft=True) keeps torch.stft, for measuring what
that choice changes, and run_pytorch(..., kokoro_phase=True) Kokoro's own
float32 phases, to measure Kokoro as it ships.

A model made float64 by in_float64() runs all of Kokoro's own code in
float64 (the default dtype float64 while it runs; the noise and the STFT
analysis fixed as above): the reference that the accuracy of float32 runs is
measured against (benchmarks/accuracy.py).

Another implementation of the chain (a GPU: other sums, fused multiply-adds,
fast-math functions) computes the harmonic source to a few ulp of the
reference, so a bin that lies on the negative real axis up to a few ulp can
take the other side of atan2's cut there: a phase of +pi against -pi, the
same spectrum, a different generator input. No implementation can agree
with another on such bins, since the model's output is discontinuous there.
phase_branches() makes the reference take, bin by bin, the side of the cut
that the other implementation took (its phase plus a whole number of turns),
so what is left to compare is the implementations' accuracy. It also takes
the other's phase of a bin whose magnitude is so small against its terms
that float32 does not decide its phase (the two within the rounding bound
of phase_rounding()): the generator reads those phases as numbers too.
"""

import contextlib
import math

import numpy as np
import torch

from .. import decoder as kdecoder
from .. import functions, sine_source

BOUNDARY = 0


class PhonemeError(ValueError):
    """The phoneme string cannot be spoken by the model."""


def token_ids(phonemes, vocab):
    """Kokoro's input ids: 0, one id per phoneme symbol, 0."""
    unknown = sorted({p for p in phonemes if p not in vocab})
    if unknown:
        raise PhonemeError(f"symbols not in the vocabulary: {' '.join(unknown)}")
    if not phonemes:
        raise PhonemeError("no phonemes")
    return [BOUNDARY] + [vocab[p] for p in phonemes] + [BOUNDARY]


def bucket_for(size, buckets, kind):
    fitting = [b for b in sorted(buckets) if b >= size]
    if not fitting:
        raise ValueError(f"{size} {kind} do not fit the largest {kind} bucket {max(buckets)}")
    return fitting[0]


def frame_durations(duration, speed):
    """forward_with_tokens: round(duration / speed), at least 1."""
    return np.maximum(np.round(duration / np.float32(speed)), 1).astype(np.int64)


def alignment_indices(durations):
    """For each frame, the token it belongs to."""
    return np.repeat(np.arange(len(durations)), durations)


class CompiledSplit:
    """The split's compiled functions in a Relax VM, called by name and bucket."""

    def __init__(self, vm, weights, signatures, buckets):
        import tvm
        self.vm, self.signatures, self.buckets = vm, signatures, buckets
        self.weights = {name: tvm.runtime.tensor(value) for name, value in weights.items()}

    def call(self, name, bucket, *inputs):
        import tvm
        function = f"{name}_{bucket}"
        args = [tvm.runtime.tensor(np.ascontiguousarray(x)) for x in inputs]
        args += [self.weights[w] for w in self.signatures[function]]
        result = self.vm[function](*args)
        return result.numpy() if hasattr(result, "numpy") else [r.numpy() for r in result]

    def bucket(self, name, size):
        kind = "frames" if name in functions.FRAME_FUNCTIONS else "tokens"
        return bucket_for(size, self.buckets[kind], kind)


def run_compiled(split, ids, ref_s, speed, seed):
    """The compiled chain: (audio [600 x frames], durations)."""
    ref_s = np.asarray(ref_s, dtype=np.float32).reshape(1, -1)
    timbre, prosody = ref_s[:, :128], ref_s[:, 128:]
    tokens = len(ids)
    t = split.bucket("bert", tokens)
    padded = np.zeros((1, t), dtype=np.int64)
    padded[0, :tokens] = ids
    length = np.array([tokens], dtype=np.int32)
    d_en = split.call("bert", t, padded, length)
    d, duration = split.call("duration", t, d_en, prosody, length)
    durations = frame_durations(duration[0, :tokens], speed)
    frames = int(durations.sum())
    f = split.bucket("decoder", frames)
    gather = np.zeros(f, dtype=np.int64)
    gather[:frames] = alignment_indices(durations)
    frame_mask = (np.arange(f) < frames)[None, None, :]
    en = np.where(frame_mask, d.transpose(0, 2, 1)[:, :, gather], 0).astype(np.float32)   # [1, 640, F]
    nframes = np.array([frames], dtype=np.int32)
    f0, n = split.call("f0n", f, en, prosody, nframes)
    t_en = split.call("text_encoder", t, padded, length)
    asr = np.where(frame_mask, t_en[:, :, gather], 0).astype(np.float32)                  # [1, 512, F]
    noise = kdecoder.noise_inputs(frames, seed, f).numpy()
    audio = split.call("decoder", f, asr, f0, n, timbre, nframes, noise)
    return audio[0, :kdecoder.SAMPLES_PER_FRAME * frames], durations


class _NoiseForFrames:
    def __init__(self, seed):
        self.seed = seed

    def for_samples(self, samples):
        return kdecoder.noise_inputs(samples // kdecoder.SAMPLES_PER_FRAME, self.seed)


def in_float64(model):
    """The model (KModel) converted to float64 in place, its inverse STFT's window too (a
    plain attribute, which Module.double() leaves in float32); returns it."""
    model.double()
    stft = model.decoder.generator.stft
    stft.window = stft.window.double()
    return model


@contextlib.contextmanager
def fixed_noise_and_stft(model, seed, own_stft=False, kokoro_phase=False):
    """Within: the model's decoder draws the noise run_compiled draws from seed, (unless
    kokoro_phase, and for a float32 model only) computes its harmonic source's phases exactly
    and (unless own_stft) analyses its harmonic source with the build's STFT."""
    noise = _NoiseForFrames(seed)
    real_randn_like = torch.randn_like
    generator = model.decoder.generator
    real_transform = generator.stft.transform
    parameter = next(model.parameters())
    stft = kdecoder.Stft().to(parameter.device, parameter.dtype)
    sine_generator = generator.m_source.l_sin_gen
    if not kokoro_phase and parameter.dtype == torch.float32:
        sine_generator._f02sine = sine_source.exact_f02sine

    def randn_like(t, *args, **kwargs):
        if t.dim() == 3 and t.shape[-1] == kdecoder.sine_source.HARMONICS:   # [1, 600 x frames, 9]
            return noise.for_samples(t.shape[1]).to(device=t.device, dtype=t.dtype)
        return torch.zeros_like(t)   # the source module's second noise, which the generator never uses

    torch.randn_like = randn_like
    if not own_stft:
        generator.stft.transform = lambda x: stft.transform(x, torch.tensor(x.shape[-1], device=x.device))
    try:
        yield
    finally:
        torch.randn_like = real_randn_like
        generator.stft.transform = real_transform
        sine_generator.__dict__.pop("_f02sine", None)


# Another float32 implementation of one bin of the STFT (a sum of N_FFT products of a source
# that is itself within an ulp of this one's) is within ROUNDING x sum |w x| of this one.
ROUNDING = (kdecoder.N_FFT + 1) * float(np.finfo(np.float32).eps)


class Branches:
    """What phase_branches() changed, of `bins`: bins moved by whole turns (`turned`), and bins
    whose phase took the other's within its float32 rounding bound (`within`)."""

    def __init__(self):
        self.turned = self.within = self.bins = 0


def phase_rounding(stft, signal, length, frames, magnitude):
    """The float32 rounding bound, in radians, of each phase of stft.transform(signal, length,
    frames) whose magnitudes are `magnitude`: ROUNDING x sum |w x| / |z|. A bin whose magnitude
    is a millionth of its terms' has a phase that float32 does not decide."""
    padded = signal[:, kdecoder.reflect_indices(length, signal.shape[-1])]
    terms = kdecoder.strided_conv1d(padded.abs()[:, None], stft.forward_kernel.abs(), kdecoder.HOP, frames)
    real, imag = terms.chunk(2, dim=1)
    return ROUNDING * (real + imag) / magnitude


@contextlib.contextmanager
def phase_branches(phase):
    """Within: the build's STFT analysis (decoder.Stft.transform, which the split's decoder and
    run_pytorch use) takes `phase` ([1, 11, >= its frames], another implementation's phases of
    the same analysis; extra frames are ignored) where the two are the same up to whole turns
    and float32 rounding, and keeps its own elsewhere:
    - each phase moves by the whole number of turns nearest to `phase`, so the reference is on
      the same side of atan2's cut as `phase` in every bin;
    - a phase within its rounding bound of `phase` becomes `phase` (phase_rounding: in a bin
      whose magnitude is about a millionth of its terms', a spectrum error of 3e-7 of the
      scale turns the phase by 1e-2 radians, and the generator reads the phase as a number).
    A phase farther from `phase` than its bound stays the reference's own, so a wrong phase
    still shows. Yields a Branches that counts the bins moved."""
    real_transform = kdecoder.Stft.transform
    other = torch.as_tensor(phase, dtype=torch.float32)
    counted = Branches()

    def transform(self, signal, length, frames=None):
        magnitude, own = real_transform(self, signal, length, frames)
        target = other[..., :own.shape[-1]].to(own.device)
        turns = torch.round((target - own) / (2 * math.pi))
        turned = own + (2 * math.pi) * turns
        gap = (target - turned).abs()
        within = (gap > 0) & (gap <= phase_rounding(self, signal, length, own.shape[-1], magnitude))
        counted.turned += int((turns != 0).sum())
        counted.within += int(within.sum())
        counted.bins += own.numel()
        return magnitude, torch.where(within, target, turned)

    kdecoder.Stft.transform = transform
    try:
        yield counted
    finally:
        kdecoder.Stft.transform = real_transform


@contextlib.contextmanager
def _default_dtype(dtype):
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(previous)


def run_pytorch(model, ids, ref_s, speed, seed, own_stft=False, kokoro_phase=False):
    """KModel.forward_with_tokens: (audio, durations), with the noise run_compiled draws from seed,
    in the model's dtype (float32, or float64 after in_float64) on the model's device."""
    parameter = next(model.parameters())   # the model's device (CPU or a GPU) and dtype
    with torch.no_grad(), _default_dtype(parameter.dtype), \
            fixed_noise_and_stft(model, seed, own_stft, kokoro_phase):
        audio, durations = model.forward_with_tokens(
            torch.tensor([ids], device=parameter.device),
            torch.as_tensor(ref_s).reshape(1, -1).to(parameter.device, parameter.dtype), speed)
    return audio.cpu().numpy(), durations.cpu().numpy().reshape(-1)
