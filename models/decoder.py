"""Kokoro's decoder (iSTFTNet) as one function of the split, exact on padded frames.

In:  the reference KModel's decoder (kokoro.istftnet.Decoder) and a frame
     bucket F.
Out: a module whose forward is

    decoder(asr f32[1,512,F], f0 f32[1,2F], n f32[1,2F], style f32[1,128],
            frames i32[1], noise f32[1,600F,9])          -> audio f32[1,600F]

`asr` is t_en gathered by the alignment, f0 and n are f0n's outputs, style
is the timbre half of the voice's style vector (ref_s[:, :128]), noise is
the source generator's Gaussian noise (torch.randn_like in the reference).
The first 600 x frames samples equal Kokoro's decoder on the unpadded
input; the rest are zero.

How padding is kept out, stage by stage: every tensor handed on is zero
beyond its valid length (frames, 2 frames, 20 frames, 120 frames + 1 STFT
frames), so convolutions see what the unpadded input's zero padding gives;
instance norms use masked statistics (split.masked_adain); the harmonic
source clamps its interpolation at the last valid F0 value
(models/sine_source.py); the STFT reflects the signal at its valid end as
torch.stft's centre padding does; the inverse STFT divides by the window
envelope of the valid frames only, as torch.istft does.

The generator's two upsamplings (transposed convolutions of stride 10 and 6)
and the inverse STFT (stride 5) run as convolutions of their input with the
taps of each output phase (transposed_conv1d): the same sums, without the
products by the zeros a transposed convolution's dilated input holds. The
STFT's strided convolution of one channel runs as a convolution of its input's
phases (strided_conv1d), with vector tiles of frames.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.weight_norm import WeightNorm

from . import noise, sine_source
from .buckets import TILE
from .split import masked_adain, masked_resblock, valid_mask

N_FFT, HOP = 20, 5
SAMPLES_PER_FRAME = 2 * sine_source.UPSAMPLE   # two F0 steps per frame: 600 samples, 25 ms at 24 kHz
STFT_FRAMES_PER_FRAME = SAMPLES_PER_FRAME // HOP


def _stft_kernels():
    """Windowed DFT rows [2 x 11, 1, 20] (cos, -sin) and the inverse's [2 x 11, 1, 20] (irfft x window).

    The sine rows of the DC and Nyquist bins are exactly zero, as in
    torch.fft, so their phase is exactly 0 or pi."""
    n, k = np.arange(N_FFT), np.arange(N_FFT // 2 + 1)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / N_FFT)            # periodic Hann, torch.hann_window
    angle = 2 * np.pi * np.outer(k, n) / N_FFT
    sine = np.sin(angle)
    sine[[0, -1]] = 0.0
    forward = np.concatenate([np.cos(angle), -sine]) * window
    weight = np.where((k == 0) | (k == N_FFT // 2), 1.0, 2.0)[:, None] / N_FFT     # irfft's one-sided sum
    inverse = np.concatenate([np.cos(angle) * weight, -sine * weight]) * window
    as_conv = lambda a: torch.from_numpy(a[:, None, :].astype(np.float32))  # noqa: E731
    return as_conv(forward), as_conv(inverse), torch.from_numpy((window ** 2).astype(np.float32))[None, None]


def reflect_indices(length, samples):
    """Indices of torch.stft's centre padding (reflect, N_FFT // 2 each side) of a signal of
    `length` valid samples inside a buffer of `samples`: [samples + N_FFT]."""
    pad = N_FFT // 2
    position = torch.arange(samples + 2 * pad, device=length.device) - pad
    position = position.abs()
    position = torch.where(position >= length, 2 * (length - 1) - position, position)
    return position.clamp(0, samples - 1)


class Stft(nn.Module):
    """torch.stft / torch.istft (centre, Hann) of Kokoro's generator as convolutions, on a valid length."""

    def __init__(self):
        super().__init__()
        forward, inverse, window_square = _stft_kernels()
        # Small constants of the algorithm, not model weights: kept in the library.
        self.register_buffer("forward_kernel", forward)
        self.register_buffer("inverse_kernel", inverse)
        self.register_buffer("window_square", window_square)
        real_bins = torch.zeros(1, N_FFT // 2 + 1, 1, dtype=torch.bool)
        real_bins[:, [0, -1]] = True
        self.register_buffer("real_bins", real_bins)

    def transform(self, signal, length, frames=None):
        """signal [1, S], valid length (int64 scalar) -> magnitude, phase [1, 11, frames]: the
        S / HOP + 1 frames of the signal (the default), then those of its zero padding.

        The strided convolution of one channel runs as a convolution of its HOP phases
        (strided_conv1d): HOP input channels, whole vector tiles of frames."""
        samples = signal.shape[-1]
        frames = samples // HOP + 1 if frames is None else frames
        padded = signal[:, reflect_indices(length, samples)]
        spectrum = strided_conv1d(padded[:, None], self.forward_kernel, HOP, frames)
        real, imag = spectrum.chunk(2, dim=1)
        # Exactly real: the DC and Nyquist bins, and every bin of the first frame (its reflected
        # window is symmetric). Their phase is 0 or pi, never -pi from a rounding's sign.
        first_frame = torch.arange(spectrum.shape[-1], device=spectrum.device) == 0
        imag = torch.where(self.real_bins | first_frame, 0.0, imag)
        phase = torch.atan2(imag, real)
        return torch.sqrt(real * real + imag * imag), phase

    def inverse(self, magnitude, phase, frame_mask, samples):
        """magnitude, phase [1, 11, M], magnitude zero beyond the valid frames (frame_mask
        [1, 1, M]) -> the first `samples` samples [1, samples]; those past the valid frames' span are zero."""
        spectrum = torch.cat([magnitude * torch.cos(phase), magnitude * torch.sin(phase)], dim=1)
        signal = transposed_conv1d(spectrum, self.inverse_kernel, HOP)
        envelope = transposed_conv1d(frame_mask, self.window_square, HOP)
        pad = N_FFT // 2
        signal, envelope = signal[..., pad:pad + samples], envelope[..., pad:pad + samples]
        valid = envelope > 1e-11
        return torch.where(valid, signal / torch.where(valid, envelope, 1.0), 0.0)[:, 0]


def snake(x, alpha):
    """Snake1D, as AdaINResBlock1 computes it (zero stays zero)."""
    return x + (1 / alpha) * (torch.sin(alpha * x) ** 2)


def masked_resblock1(block, x, s, mask):
    """AdaINResBlock1 on x zero beyond mask; the output is too."""
    for c1, c2, n1, n2, a1, a2 in zip(block.convs1, block.convs2, block.adain1, block.adain2,
                                      block.alpha1, block.alpha2):
        xt = snake(masked_adain(n1, x, s, mask), a1)
        xt = c1(xt) * mask
        xt = snake(masked_adain(n2, xt, s, mask), a2)
        xt = c2(xt) * mask
        x = xt + x
    return x


class Decoder(nn.Module):
    """kokoro.istftnet.Decoder over a frame bucket."""

    def __init__(self, model):
        super().__init__()
        self.decoder = model.decoder     # the only registered submodule: every weight has one name
        self.stft = Stft()

    @property
    def generator(self):
        return self.decoder.generator

    @property
    def source_linear(self):
        return self.decoder.generator.m_source.l_linear

    def forward(self, asr, f0_curve, n_curve, style, frames, noise):
        decoder, generator = self.decoder, self.generator
        bucket = asr.shape[-1]
        mask = valid_mask(frames, bucket)                           # [1, 1, F]
        f0 = decoder.F0_conv(f0_curve[:, None]) * mask
        n = decoder.N_conv(n_curve[:, None]) * mask
        asr = asr * mask
        x, m = masked_resblock(decoder.encode, torch.cat([asr, f0, n], dim=1), style, mask)
        asr_res = decoder.asr_res(asr) * mask
        residual = True
        for block in decoder.decode:
            if residual:
                x = torch.cat([x, asr_res, f0, n], dim=1)
            x, m = masked_resblock(block, x, style, m)
            if block.upsample_type != "none":
                residual = False
        return self.generate(x, style, f0_curve, frames, noise[0])

    def generate(self, x, style, f0_curve, frames, noise):
        """Generator.forward on x [1, 512, 2F] (valid 2 frames) -> audio [1, 600F]."""
        generator = self.generator
        bucket = x.shape[-1] // 2
        samples = SAMPLES_PER_FRAME * bucket
        source = torch.ops.kokoro_tvm.sine_source(f0_curve[0], frames, noise, self.source_linear.weight,
                                                  self.source_linear.bias)
        stft_frames = samples // HOP + 1
        # the last stage runs on 120F + 16 positions, not 120F + 1: whole vector tiles for the convolutions
        aligned = stft_frames + (-stft_frames) % TILE
        stft_mask = valid_mask(frames * STFT_FRAMES_PER_FRAME + 1, aligned)          # [1, 1, 120F + 16]
        magnitude, phase = self.stft.transform(source[None], frames.to(torch.int64)[0] * SAMPLES_PER_FRAME, aligned)
        har = torch.cat([magnitude, phase], dim=1) * stft_mask
        hars = (har[..., :stft_frames], har)  # the first stage's strided convolution needs 120F + 1
        for i in range(generator.num_upsamples):
            x = F.leaky_relu(x, negative_slope=0.1)
            last = i == generator.num_upsamples - 1
            up_mask = stft_mask if last else valid_mask(frames * 20, bucket * 20)   # 2F x 10 positions
            x_source = generator.noise_convs[i](hars[last]) * up_mask
            x_source = masked_resblock1(generator.noise_res[i], x_source, style, up_mask)
            x = polyphase_upsample(generator.ups[i], x)
            if last:
                x = F.pad(generator.reflection_pad(x), (0, aligned - stft_frames))
            x = x * up_mask + x_source
            xs = None
            for j in range(generator.num_kernels):
                y = masked_resblock1(generator.resblocks[i * generator.num_kernels + j], x, style, up_mask)
                xs = y if xs is None else xs + y
            x = xs / generator.num_kernels
        x = generator.conv_post(F.leaky_relu(x)) * stft_mask
        bins = generator.post_n_fft // 2 + 1
        spec = torch.exp(x[:, :bins]) * stft_mask
        phase = torch.sin(x[:, bins:])
        return self.stft.inverse(spec, phase, stft_mask, samples) * valid_mask(frames * SAMPLES_PER_FRAME, samples)[:, 0]


def weight_of(module):
    """A module's weight as its forward computes it: under weight_norm (Kokoro's convolutions)
    from weight_g and weight_v, as the hook does before each call; `module.weight` is only
    the value of the last call (and a constant, not a parameter, to torch.export)."""
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, WeightNorm):
            return hook.compute_weight(module)
    return module.weight


def polyphase_upsample(up, x):
    """up(x) for a ConvTranspose1d `up` (groups 1, dilation 1), by transposed_conv1d. The
    weight is rearranged on every call (a few MB, against the hundreds of millions of
    products it spares), so the weights stay the model's."""
    assert up.groups == 1 and up.dilation[0] == 1, up
    y = transposed_conv1d(x, weight_of(up), up.stride[0], up.padding[0], up.output_padding[0])
    return y + up.bias[None, :, None]


def transposed_conv1d(x, weight, stride, padding=0, extra=0):
    """F.conv_transpose1d(x [1, C_in, steps], weight [C_in, C_out, K], stride, padding,
    output_padding=extra), no bias, as one convolution: output position q = m s + r (stride
    s) is sum over taps j of x[m - j] w[:, :, r + j s], so the s phases r are s x C_out output
    channels of a convolution of x with J = ceil(K / s) taps, interleaved afterwards. A
    transposed convolution legalised as a convolution of its dilated input multiplies
    (s - 1) / s zeros (9 of 10 for the decoder's first upsampling, 4 of 5 for the inverse
    STFT); this computes what the output needs, in whole vector tiles of positions."""
    c_in, c_out, taps = weight.shape
    j = -(-taps // stride)
    weight = F.pad(weight, (0, j * stride - taps)).reshape(c_in, c_out, j, stride)
    weight = weight.flip(2).permute(1, 3, 0, 2).reshape(c_out * stride, c_in, j)
    steps = x.shape[-1]
    positions = steps + j - 1
    y = F.conv1d(F.pad(x, (j - 1, j - 1 + (-positions) % TILE)), weight)     # whole vector tiles
    y = y.reshape(1, c_out, stride, -1).transpose(2, 3).reshape(1, c_out, -1)
    length = (steps - 1) * stride - 2 * padding + taps + extra
    return y[..., padding:padding + length]


def strided_conv1d(x, weight, stride, positions):
    """F.conv1d(x [1, 1, L], weight [C, 1, K], stride=stride) at its first `positions` output
    positions (past the output's length: those of x's zero padding), as a convolution of x's
    stride phases: position m is sum over taps k = r + j s of x[m s + r] w[:, 0, k], so x cut
    into rows of s samples (channel r: x[m s + r]) convolved, stride 1, with the J = ceil(K / s)
    taps w[:, 0, r + j s] of each phase. A strided convolution computes every position and
    keeps one in s; a single input channel leaves it no vector tiles."""
    channels, _, taps = weight.shape
    j = -(-taps // stride)
    phases = F.pad(x[:, 0], (0, (positions + j - 1) * stride - x.shape[-1]))
    phases = phases.reshape(1, positions + j - 1, stride).transpose(1, 2)
    weight = F.pad(weight[:, 0], (0, j * stride - taps)).reshape(channels, j, stride).transpose(1, 2)
    return F.conv1d(phases, weight)


def noise_inputs(frames, seed, bucket=None):
    """The standard normal noise of `frames` frames from a seed (models/noise.py, as the Rust
    pipeline draws it), zero up to a frame bucket: [1, 600 x bucket, 9]."""
    rows = SAMPLES_PER_FRAME * frames
    values = noise.standard_normal(seed, rows * sine_source.HARMONICS).reshape(1, rows, sine_source.HARMONICS)
    return F.pad(torch.from_numpy(values), (0, 0, 0, SAMPLES_PER_FRAME * ((bucket or frames) - frames)))

