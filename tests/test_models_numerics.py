"""The Kokoro split and its compiled functions: numerics against PyTorch, on this CPU.

Tolerance: the largest absolute error relative to the output's own scale
(max |x|) below 1e-4 in float32; observed values are 1e-6 to 5e-6, the
rounding of long float32 sums (ALBERT's 12 layers, 512-wide LSTM gates).
The decoder alone on random inputs gets 3e-4 (observed 2e-5 to 9e-5): its
source's STFT phases (atan2) and its spectrum (exp) amplify the rounding of
small spectral bins, so a different order of float32 sums (vector width,
fused multiply-adds) moves single samples by that much; the whole chain on
real token sequences stays within 1e-4 (observed 5e-6 to 8e-6). The
decoder's reference runs with the build's STFT analysis (models/testing/reference.py
says why)."""

import numpy as np
import pytest
import torch
import tvm
from tvm import relax

from conftest import target_of
from models import compile as kcompile
from models import decoder, relax_export, split, weights
from models.testing import reference as runner

TOLERANCE = 1e-4
DECODER_TOLERANCE = 3e-4
BUCKET = 32
FRAMES = 64
TEST_BUCKETS = {"tokens": [BUCKET], "frames": [FRAMES]}


def relative_error(got, expected):
    got, expected = np.asarray(got), np.asarray(expected)
    return float(np.abs(got - expected).max() / np.abs(expected).max())


@pytest.fixture(scope="module")
def model():
    return weights.synthetic_model()[0]


def tokens(length, seed):
    generator = torch.Generator().manual_seed(seed)
    ids = torch.randint(1, 178, (1, BUCKET), generator=generator)
    ids[0, 0] = ids[0, length - 1] = 0  # Kokoro's boundary token
    return ids, torch.tensor([length], dtype=torch.int32)


def reference(model, ids, length, style):
    """The kokoro package's own layers on the exact (unpadded) length, as forward_with_tokens runs them."""
    n = int(length[0])
    exact, lengths, no_pad = ids[:, :n], torch.full((1,), n, dtype=torch.long), torch.zeros(1, n, dtype=torch.bool)
    with torch.no_grad():
        d_en = model.bert_encoder(model.bert(exact, attention_mask=(~no_pad).int())).transpose(-1, -2)
        d = model.predictor.text_encoder(d_en, style, lengths, no_pad)
        x, _ = model.predictor.lstm(d)
        duration = torch.sigmoid(model.predictor.duration_proj(x)).sum(-1)
        t_en = model.text_encoder(exact, lengths, no_pad)
    return {"d_en": d_en, "d": d, "duration": duration, "t_en": t_en}


def split_outputs(model, ids, length, style):
    with torch.no_grad():
        d_en = split.Bert(model)(ids, length)
        d, duration = split.Duration(model)(d_en, style, length)
        t_en = split.TextEncoder(model)(ids, length)
    return {"d_en": d_en, "d": d, "duration": duration, "t_en": t_en}


def valid(name, value, n):
    """The valid positions of an output (time is the last axis of d_en and t_en)."""
    return value[..., :n] if name in ("d_en", "t_en") else value[:, :n]


LENGTHS = [BUCKET, 19, 5]  # no padding, some, most


@pytest.mark.parametrize("length", LENGTHS)
def test_split_on_padded_input_equals_the_reference_on_the_exact_length(model, length):
    ids, n = tokens(length, seed=length)
    style = torch.randn(1, 128, generator=torch.Generator().manual_seed(3))
    expected = reference(model, ids, n, style)
    got = split_outputs(model, ids, n, style)
    for name in expected:
        assert relative_error(valid(name, got[name], length), expected[name]) < TOLERANCE, name
        padding = got[name][..., length:] if name in ("d_en", "t_en") else got[name][:, length:]
        if name != "d_en":  # ALBERT's output at padding is masked by every consumer
            assert not padding.any(), name


@pytest.fixture(scope="module")
def host_vm(model):
    module, values, signatures, _ = relax_export.build_module(model, weights.load_config(), kcompile.FUNCTIONS,
                                                           TEST_BUCKETS, gpu=False)
    target = tvm.target.Target(target_of("host"))
    executable = relax.build(module, target, relax_pipeline=kcompile.pipeline(target))
    return relax.VirtualMachine(executable, tvm.cpu()), values, signatures


@pytest.mark.parametrize("length", LENGTHS)
def test_compiled_functions_match_pytorch(model, host_vm, length):
    vm, values, signatures = host_vm
    ids, n = tokens(length, seed=100 + length)
    style = torch.randn(1, 128, generator=torch.Generator().manual_seed(4))
    expected = split_outputs(model, ids, n, style)
    tensor = lambda a: tvm.runtime.tensor(np.ascontiguousarray(a))
    call = lambda name, *args: vm[f"{name}_{BUCKET}"](*[tensor(a) for a in args],
                                                      *[tensor(values[w]) for w in signatures[f"{name}_{BUCKET}"]])
    d_en = call("bert", ids.numpy(), n.numpy()).numpy()
    d, duration = (t.numpy() for t in call("duration", d_en, style.numpy(), n.numpy()))
    t_en = call("text_encoder", ids.numpy(), n.numpy()).numpy()
    got = {"d_en": d_en, "d": d, "duration": duration, "t_en": t_en}
    for name, value in got.items():
        assert relative_error(valid(name, value, length), valid(name, expected[name].numpy(), length)) < TOLERANCE, name


FRAME_LENGTHS = [FRAMES, 41, 3]


def frame_inputs(frames, seed):
    generator = torch.Generator().manual_seed(seed)
    en = torch.randn(1, 640, FRAMES, generator=generator)
    en[..., frames:] = 7.0  # padding that would change the result if it leaked in
    return en, torch.randn(1, 128, generator=generator), torch.tensor([frames], dtype=torch.int32)


@pytest.mark.parametrize("frames", FRAME_LENGTHS)
def test_f0n_on_padded_frames_equals_the_reference_on_the_exact_frames(model, frames):
    en, style, n = frame_inputs(frames, seed=frames)
    with torch.no_grad():
        f0_ref, n_ref = model.predictor.F0Ntrain(en[..., :frames], style)
        f0, energy = split.F0N(model)(en, style, n)
    assert relative_error(f0[:, :2 * frames], f0_ref) < TOLERANCE
    assert relative_error(energy[:, :2 * frames], n_ref) < TOLERANCE
    assert not f0[:, 2 * frames:].any() and not energy[:, 2 * frames:].any()


@pytest.mark.parametrize("frames", FRAME_LENGTHS)
def test_compiled_f0n_matches_pytorch(model, host_vm, frames):
    vm, values, signatures = host_vm
    en, style, n = frame_inputs(frames, seed=50 + frames)
    with torch.no_grad():
        expected = split.F0N(model)(en, style, n)
    tensor = lambda a: tvm.runtime.tensor(np.ascontiguousarray(a))
    got = vm[f"f0n_{FRAMES}"](tensor(en.numpy()), tensor(style.numpy()), tensor(n.numpy()),
                              *[tensor(values[w]) for w in signatures[f"f0n_{FRAMES}"]])
    for value, reference in zip(got, expected):
        assert relative_error(value.numpy()[:, :2 * frames], reference.numpy()[:, :2 * frames]) < TOLERANCE


def decoder_inputs(frames, seed):
    generator = torch.Generator().manual_seed(seed)
    asr = torch.randn(1, 512, FRAMES, generator=generator)
    f0 = torch.rand(1, 2 * FRAMES, generator=generator) * 300 - 20   # voiced and unvoiced steps
    energy = torch.randn(1, 2 * FRAMES, generator=generator)
    asr[..., frames:], f0[:, 2 * frames:], energy[:, 2 * frames:] = 7.0, 150.0, 7.0  # padding that would leak
    style = torch.randn(1, 128, generator=generator)
    noise = decoder.noise_inputs(frames, seed, FRAMES)
    return asr, f0, energy, style, torch.tensor([frames], dtype=torch.int32), noise


@pytest.mark.parametrize("frames", FRAME_LENGTHS)
def test_decoder_on_padded_frames_equals_the_reference_on_the_exact_frames(model, frames):
    asr, f0, energy, style, n, noise = decoder_inputs(frames, seed=frames)
    with torch.no_grad(), runner.fixed_noise_and_stft(model, seed=frames):
        expected = model.decoder(asr[..., :frames], f0[:, :2 * frames], energy[:, :2 * frames], style)[0, 0]
    with torch.no_grad():
        audio = decoder.Decoder(model)(asr, f0, energy, style, n, noise)[0]
    assert audio.shape == (600 * FRAMES,) and expected.shape == (600 * frames,)
    assert relative_error(audio[:600 * frames], expected) < TOLERANCE
    assert not audio[600 * frames:].any()


@pytest.mark.parametrize("frames", FRAME_LENGTHS)
def test_compiled_decoder_matches_pytorch(model, host_vm, frames):
    vm, values, signatures = host_vm
    inputs = decoder_inputs(frames, seed=70 + frames)
    with torch.no_grad():
        expected = decoder.Decoder(model)(*inputs)[0].numpy()
    function = f"decoder_{FRAMES}"
    tensor = lambda a: tvm.runtime.tensor(np.ascontiguousarray(a))
    got = vm[function](*[tensor(x.numpy()) for x in inputs], *[tensor(values[w]) for w in signatures[function]])
    got = got.numpy()[0]
    assert relative_error(got, expected) < DECODER_TOLERANCE
    assert not got[600 * frames:].any()


def test_the_build_stft_equals_torch_stft_but_for_the_sign_of_pi():
    signal = torch.randn(1, 600 * 20, generator=torch.Generator().manual_seed(5))
    magnitude, phase = decoder.Stft().transform(signal, torch.tensor(signal.shape[-1]))
    spectrum = torch.stft(signal, 20, 5, 20, window=torch.hann_window(20), return_complex=True)
    assert relative_error(magnitude, spectrum.abs()) < 1e-5
    turn = torch.remainder(phase - spectrum.angle() + torch.pi, 2 * torch.pi) - torch.pi   # difference modulo 2 pi
    well_conditioned = spectrum.abs() > 1e-3 * spectrum.abs().max()
    assert turn[well_conditioned].abs().max() < 1e-3
    assert (phase[:, :, 0] >= 0).all()   # the first frame is real: 0 or +pi, never -pi


def test_phase_branches_moves_the_reference_by_whole_turns_and_rounding_only():
    """reference.phase_branches: the reference takes another implementation's side of atan2's
    cut (a phase of about -pi where its own is +pi) and its phase of a bin that float32 does
    not decide (within the bin's rounding bound), and nothing else of it: a phase that differs
    by more than its bound and less than half a turn stays the reference's own."""
    import math
    signal = torch.randn(1, 600 * 4, generator=torch.Generator().manual_seed(7))
    length = torch.tensor(signal.shape[-1])
    magnitude, own = decoder.Stft().transform(signal, length)
    # as the decoder calls it: three frames past the signal's, those of its zero padding
    frames = own.shape[-1] + 3
    magnitude_padded, own_padded = decoder.Stft().transform(signal, length, frames)
    bound = runner.phase_rounding(decoder.Stft(), signal, length, frames, magnitude_padded)[..., :own.shape[-1]]
    loosest = np.unravel_index(int(bound.argmax()), bound.shape)    # the bin float32 decides least
    assert 1e-5 < bound[loosest] < 1 and bound[0, 5, 40] < 1e-3
    other = own_padded.clone()
    other[0, 3, 17] -= 2 * math.pi        # the other side of the cut
    other[0, 5, 40] += 0.5                # a wrong phase, not a branch
    other[loosest] += bound[loosest] / 2  # another rounding of an undecided phase
    with runner.phase_branches(other) as branches:
        moved_magnitude, moved = decoder.Stft().transform(signal, length)
        moved_padded = decoder.Stft().transform(signal, length, frames)[1]
    assert branches.turned == 2 and branches.within == 2 and branches.bins == own.numel() + own_padded.numel()
    assert torch.equal(moved_padded[..., :own.shape[-1]], moved)
    assert torch.equal(moved_padded[..., own.shape[-1]:], own_padded[..., own.shape[-1]:])
    assert torch.equal(moved_magnitude, magnitude)
    assert torch.allclose(moved[0, 3, 17], own[0, 3, 17] - 2 * math.pi)
    assert moved[0, 5, 40] == own[0, 5, 40]
    assert moved[loosest] == other[loosest] != own[loosest]
    unchanged = torch.ones_like(own, dtype=torch.bool)
    unchanged[0, 3, 17] = unchanged[loosest] = False
    assert torch.equal(moved[unchanged], own[unchanged])
    assert decoder.Stft.transform(decoder.Stft(), signal, length)[1].equal(own)   # restored after the block


# Phoneme strings of three lengths; every one pads the test's token and frame buckets (32, 64).
UTTERANCES = [("hˈɛloʊ", 8.0), ("ðə kwˈɪk bɹˈaʊn fˈɑːks", 12.0), ("ɪt wʌz ðə bˈɛst ʌv tˈaɪmz", 15.0)]


@pytest.mark.parametrize("phonemes, speed", UTTERANCES)
def test_whole_chain_matches_forward_with_tokens(model, host_vm, phonemes, speed):
    vm, values, signatures = host_vm
    ids = runner.token_ids(phonemes, weights.load_config()["vocab"])
    ref_s = torch.randn(1, 256, generator=torch.Generator().manual_seed(len(ids))).numpy()
    split_vm = runner.CompiledSplit(vm, values, signatures, TEST_BUCKETS)
    audio, durations = runner.run_compiled(split_vm, ids, ref_s, speed, seed=11)
    expected, expected_durations = runner.run_pytorch(model, ids, ref_s, speed, seed=11)
    assert len(ids) < BUCKET and durations.sum() < FRAMES   # padded in every bucket
    assert np.array_equal(durations, expected_durations)
    assert audio.shape == expected.shape == (600 * durations.sum(),)
    assert relative_error(audio, expected) < TOLERANCE


def test_unknown_phonemes_are_named():
    with pytest.raises(runner.PhonemeError, match="symbols not in the vocabulary: # 1"):
        runner.token_ids("h#ə1", weights.load_config()["vocab"])


def test_lstms_are_not_unrolled(model):
    module, _, _, _ = relax_export.build_module(model, weights.load_config(), ["duration"], TEST_BUCKETS, gpu=False)
    kernels = [g.name_hint for g in module.get_global_vars() if "lstm" in g.name_hint]
    assert kernels == ["duration_32_lstm1"]  # one kernel for both directions, reused by 4 layers


TOKEN_FUNCTIONS = ("bert", "duration", "text_encoder")


def test_float16_weights_are_taken_as_float16_and_compute_as_float32_does(model, host_vm):
    """WEIGHTS_DTYPE=float16: each weight a float16 file halves is a float16 parameter, cast to
    float32 where it is first read. The functions then give bit for bit what the float32
    functions give on the same float16-rounded weights, and the memory plan holds a float32
    copy only while its weight is read: far less than every halved weight's copy at once."""
    from models import memory_plan, weights_file
    vm32, values, signatures = host_vm
    module, _, halved_signatures, _ = relax_export.build_module(model, weights.load_config(), TOKEN_FUNCTIONS,
                                                                TEST_BUCKETS, gpu=False, weights_dtype="float16")
    target = tvm.target.Target(target_of("host"))
    with target:
        lowered = kcompile.pipeline(target)(module)
    vm16 = relax.VirtualMachine(relax.build(lowered, target, relax_pipeline=None), tvm.cpu())
    plan16 = memory_plan.planned(lowered)
    with target:
        plan32 = memory_plan.planned(kcompile.pipeline(target)(relax_export.build_module(
            model, weights.load_config(), TOKEN_FUNCTIONS, TEST_BUCKETS, gpu=False)[0]))
    halved = lambda w: weights_file.halved(values[w].shape)   # noqa: E731
    rounded = {w: values[w].astype(np.float16).astype(np.float32) if halved(w) else values[w] for w in values}
    ids, n = tokens(19, seed=7)
    style = torch.randn(1, 128, generator=torch.Generator().manual_seed(8)).numpy()
    tensor = lambda a: tvm.runtime.tensor(np.ascontiguousarray(a))   # noqa: E731
    for name in TOKEN_FUNCTIONS:
        function = f"{name}_{BUCKET}"
        assert halved_signatures[function] == signatures[function]
        params = module[function].params[-len(signatures[function]):]
        taken = {w: str(p.ty.dtype) for w, p in zip(signatures[function], params)}
        assert taken == {w: "float16" if halved(w) else "float32" for w in signatures[function]}, function
        assert "float16" in taken.values(), function
        inputs = {"bert": (ids.numpy(), n.numpy()), "text_encoder": (ids.numpy(), n.numpy()),
                  "duration": (np.random.default_rng(9).standard_normal((1, 512, BUCKET), dtype=np.float32),
                               style, n.numpy())}[name]
        got = vm16[function](*[tensor(a) for a in inputs],
                             *[tensor(values[w].astype(np.float16) if halved(w) else values[w])
                               for w in signatures[function]])
        expected = vm32[function](*[tensor(a) for a in inputs], *[tensor(rounded[w]) for w in signatures[function]])
        outputs = lambda r: [r.numpy()] if hasattr(r, "numpy") else [t.numpy() for t in r]   # noqa: E731
        for a, b in zip(outputs(got), outputs(expected), strict=True):
            assert np.array_equal(a, b), function
        copies = sum(values[w].nbytes for w in signatures[function] if halved(w))
        extra = plan16[function]["storage"] - plan32[function]["storage"]
        print(f"{function}: float32 copies of its halved weights {copies / 2**20:.1f} MiB; the plan holds "
              f"{extra / 2**20:.1f} MiB more than the float32 function's")
        assert extra <= copies
        if name != "bert":   # BERT's layers share their weights: read from the first layer to the last
            assert extra < copies / 2, function
