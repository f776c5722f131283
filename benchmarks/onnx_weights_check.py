"""Proof of models/onnx_weights.py: kokoro-onnx's ONNX export, converted to KModel's state
dicts, speaks as the ONNX graph does.

    python benchmarks/onnx_weights_check.py kokoro-v1.0.int8.onnx voices_ja.npz [VOICE]

Needs torch, numpy, onnx, onnxruntime and the kokoro package (models/kokoro_modules.py).
It converts the file (models.onnx_weights.convert), loads the result into KModel with
load_state_dict(strict=True) and checks:
- weights directly: a few int8 weights dequantised here, from the initializers named below,
  equal the converted tensors (an ALBERT query and an AdaIN fc (MatMulInteger), a text
  encoder convolution (ConvInteger, weight-normed), the word embedding (Gather +
  DequantizeLinear), the text encoder's LSTM (DynamicQuantizeLSTM, gates reordered)); and
  for every weight-normed module, weight_norm(weight_g, weight_v) equals the folded weight
  (weight_v where weight_g > 0, 0 in an all-zero channel) to 1e-6;
- the whole model: KModel.forward_with_tokens on the phonemes below, the voice's row for
  their count (ref_s = pack[len(phonemes) - 1]), speed 1, twice with different
  torch.manual_seed (the harmonic source draws random phases and noise), against
  onnxruntime on the original graph with the same tokens, style and speed (the graph's
  rounded durations, /encoder/Clip_output_0, are added to its outputs). Printed: the
  durations, audio lengths, peak and RMS, and the mean absolute difference of log10 mel
  spectrograms (80 mels, HTK mel scale 0-12 kHz, n_fft 1024, hop 256, hann, 24 kHz,
  magnitudes floored at 1e-5) of onnxruntime (divided by 1.5: the graph's own iSTFT is
  1.5 times torch.istft's scale) against PyTorch, beside PyTorch's seed-to-seed distance,
  also with PyTorch given onnxruntime's durations (forward_with_durations) so that the
  frames line up, and without the source's noise (NoSourceNoise);
- the graph made float (float_graph: its integer products replaced by float ones on its own
  weights, dequantised here, not by models/onnx_weights.py) against PyTorch without source
  noise, tensor by tensor (bert_encoder's output, the F0 curve, decode.3's output,
  conv_post's output, the audio), and with PyTorch's generator given the graph's own
  harmonic-source spectrum: what is left of the int8 run's difference is then its
  activations' rounding, and of this one the graph's STFT against torch.stft;
- the layouts not at hand: that float graph saved as a file (float32 MatMul/Conv/LSTM
  weights) and a float16 copy of it (float16_copy: weights behind Cast nodes) must convert
  to the int8 file's state (exactly, and to 1e-3 of each tensor's largest value).
Exit status 0 when the weights match to 1e-6, no duration differs by more than a frame, the
float graph matches to 1e-4 (its audio, given the same source, to 1e-3) and the layouts
convert alike.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PHONEMES = "kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl."
SAMPLE_RATE = 24000
ISTFT_SCALE = 1.5       # the export's conv-transpose iSTFT against torch.istft
DURATIONS = "/encoder/Clip_output_0"


def mel_filters(n_mels=80, n_fft=1024, sr=SAMPLE_RATE, fmin=0.0, fmax=12000.0):
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def hz(m):
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)

    edges = hz(np.linspace(mel(fmin), mel(fmax), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / sr)
    fb = np.zeros((n_mels, bins.size))
    for i in range(n_mels):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        fb[i] = np.clip(np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)), 0.0, None)
    return fb


def log_mel(audio, n_fft=1024, hop=256):
    audio = np.pad(np.asarray(audio, np.float64), n_fft // 2, mode="reflect")
    frames = 1 + (audio.size - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n_fft) / n_fft)
    spec = np.abs(np.fft.rfft(audio[idx] * window, axis=1))
    return np.log10(np.maximum(spec @ mel_filters(n_fft=n_fft).T, 1e-5))


def mel_distance(a, b):
    ma, mb = log_mel(a), log_mel(b)
    n = min(len(ma), len(mb))
    return float(np.mean(np.abs(ma[:n] - mb[:n])))


def forward_with_durations(model, input_ids, ref_s, pred_dur):
    """KModel.forward_with_tokens (kokoro 0.9.4) with the durations given instead of predicted:
    the same audio path, for comparing audio frame by frame when the durations differ."""
    import torch

    with torch.no_grad():
        input_lengths = torch.full((1,), input_ids.shape[-1], dtype=torch.long)
        text_mask = torch.gt(torch.arange(input_ids.shape[-1]).unsqueeze(0) + 1, input_lengths.unsqueeze(1))
        bert_dur = model.bert(input_ids, attention_mask=(~text_mask).int())
        d_en = model.bert_encoder(bert_dur).transpose(-1, -2)
        s = ref_s[:, 128:]
        d = model.predictor.text_encoder(d_en, s, input_lengths, text_mask)
        pred_dur = torch.as_tensor(pred_dur, dtype=torch.long)
        indices = torch.repeat_interleave(torch.arange(input_ids.shape[1]), pred_dur)
        pred_aln_trg = torch.zeros((input_ids.shape[1], indices.shape[0]))
        pred_aln_trg[indices, torch.arange(indices.shape[0])] = 1
        pred_aln_trg = pred_aln_trg.unsqueeze(0)
        en = d.transpose(-1, -2) @ pred_aln_trg
        F0_pred, N_pred = model.predictor.F0Ntrain(en, s)
        t_en = model.text_encoder(input_ids, input_lengths, text_mask)
        asr = t_en @ pred_aln_trg
        return model.decoder(asr, F0_pred, N_pred, ref_s[:, :128]).squeeze().numpy().astype(np.float32)


class NoSourceNoise:
    """Within: torch.rand and torch.randn_like give zeros, so KModel's harmonic source has no
    random initial phases and no additive noise, as the ONNX graph's source."""

    def __enter__(self):
        import torch
        self.saved = torch.rand, torch.randn_like
        torch.rand = lambda *size, **kw: torch.zeros(*size, dtype=kw.get("dtype"), device=kw.get("device"))
        torch.randn_like = lambda x, **kw: torch.zeros_like(x)

    def __exit__(self, *exc):
        import torch
        torch.rand, torch.randn_like = self.saved


def float_graph(model):
    """The int8 graph with its integer products made float again, from its own initializers
    (independent of models/onnx_weights.py): DynamicQuantizeLinear -> MatMulInteger/
    ConvInteger -> [Add int32 bias] -> Cast -> Mul(x_scale * w_scale) becomes MatMul/Conv on
    the float input with (Wq - w_zp) * w_scale (and the float bias); DynamicQuantizeLSTM
    becomes LSTM. What is left is the float model the quantiser started from."""
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    init = {t.name: t for t in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    users = {}
    for n in graph.node:
        for x in n.input:
            users.setdefault(x, []).append(n)

    def arr(name):
        return numpy_helper.to_array(init[name])

    def const_factor(name):     # the constant side of Mul(x_scale, w_scale)
        mul = producer[name]
        return arr(next(x for x in mul.input if x in init))

    def float_input(name):      # the float tensor a DynamicQuantizeLinear quantised
        return producer[name].input[0]

    new_inits, replace = [], {}
    for n in graph.node:
        if n.op_type in ("MatMulInteger", "ConvInteger"):
            q = arr(n.input[1]).astype(np.float32)
            zp = arr(n.input[3]).astype(np.float32) if len(n.input) > 3 and n.input[3] else np.float32(0)
            nxt = users[n.output[0]][0]
            bias = None
            if nxt.op_type == "Add":
                other = nxt.input[1] if nxt.input[0] == n.output[0] else nxt.input[0]
                while other not in init:
                    other = producer[other].input[0]
                bias = other
                nxt = users[nxt.output[0]][0]
            cast, rescale = nxt, users[nxt.output[0]][0]
            scale = const_factor(rescale.input[1] if rescale.input[0] == cast.output[0] else rescale.input[0])
            if n.op_type == "MatMulInteger":
                w = (q - zp.reshape(1, -1) if zp.size > 1 else q - zp) * scale.reshape(1, -1 if scale.size > 1 else 1)
                name = n.output[0] + "_float_weight"
                node = helper.make_node("MatMul", [float_input(n.input[0]), name], [rescale.output[0]], n.name + "_float")
            else:
                shape = (-1,) + (1,) * (q.ndim - 1) if scale.size > 1 else ()
                w = (q - (zp.reshape(shape) if zp.size > 1 else zp)) * scale.reshape(shape)
                name = n.output[0] + "_float_weight"
                node = helper.make_node("Conv", [float_input(n.input[0]), name] + ([bias] if bias else []),
                                        [rescale.output[0]], n.name + "_float")
                node.attribute.extend(n.attribute)
            new_inits.append(numpy_helper.from_array(w.astype(np.float32), name))
            replace[n.name] = node
            replace[cast.name] = None
            replace[rescale.name] = None
        elif n.op_type == "DynamicQuantizeLSTM":
            ins = list(n.input)

            def deq(qi, si, zi):
                q = arr(ins[qi]).astype(np.float32)
                s = arr(ins[si]).astype(np.float32).reshape(q.shape[0], 1, -1)
                z = arr(ins[zi]).astype(np.float32).reshape(q.shape[0], 1, -1)
                return np.transpose((q - z) * s, (0, 2, 1))

            w_name, r_name = n.name + "_W", n.name + "_R"
            new_inits += [numpy_helper.from_array(deq(1, 8, 9), w_name), numpy_helper.from_array(deq(2, 10, 11), r_name)]
            node = helper.make_node("LSTM", [ins[0], w_name, r_name] + ins[3:8], list(n.output), n.name + "_float")
            node.attribute.extend(n.attribute)
            replace[n.name] = node
    nodes = []
    for n in graph.node:
        if n.name in replace:
            if replace[n.name] is not None:
                nodes.append(replace[n.name])
        else:
            nodes.append(n)
    # drop what no longer reaches an output
    needed = {o.name for o in graph.output}
    kept = []
    for n in reversed(nodes):
        if any(o in needed for o in n.output):
            kept.append(n)
            needed.update(x for x in n.input if x)
    del graph.node[:]
    graph.node.extend(reversed(kept))
    graph.initializer.extend(new_inits)
    live = [t for t in graph.initializer if t.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(live)
    return model


def float16_copy(model):
    """Every float32 initializer of more than one value stored as float16 and read through a
    Cast to float32 (as a float16 export feeds its float32 islands)."""
    import copy

    import onnx
    from onnx import helper, numpy_helper

    model = copy.deepcopy(model)
    inits, casts = [], []
    for t in model.graph.initializer:
        a = numpy_helper.to_array(t)
        if a.dtype == np.float32 and a.size > 1:
            inits.append(numpy_helper.from_array(a.astype(np.float16), t.name + "_fp16"))
            casts.append(helper.make_node("Cast", [t.name + "_fp16"], [t.name], t.name + "_cast",
                                          to=onnx.TensorProto.FLOAT))
        else:
            inits.append(t)
    del model.graph.initializer[:]
    model.graph.initializer.extend(inits)
    nodes = casts + list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return model


def check_weights(onnx_path, state, model):
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(onnx_path).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    nodes = {n.name: n for n in graph.node}

    def zp_of(node_name, index):
        name = nodes[node_name].input[index]
        return init[name].astype(np.float32) if name else np.float32(0)

    worst = 0.0
    rows = []
    # MatMulInteger: W [in, out], per-column scale and zero point; Linear.weight = W^T
    for node_name, q_name, s_name, part, key in (
            ("/encoder/bert/encoder/albert_layer_groups.0/albert_layers.0/attention/query/MatMul_quant",
             "onnx::MatMul_6548_3_quantized", "onnx::MatMul_6548_3_scale",
             "bert", "encoder.albert_layer_groups.0.albert_layers.0.attention.query.weight"),
            ("/decoder/decoder/generator/resblocks.4/adain2.2/fc/Gemm_MatMul_quant",
             "decoder.decoder.generator.resblocks.4.adain2.2.fc.weight_quantized",
             "decoder.decoder.generator.resblocks.4.adain2.2.fc.weight_scale",
             "decoder", "generator.resblocks.4.adain2.2.fc.weight")):
        w = ((init[q_name].astype(np.float32) - zp_of(node_name, 3)) * init[s_name]).T
        err = float(np.max(np.abs(w - state[part][key].numpy())))
        rows.append((f"{part}.{key}", "MatMulInteger", err))
    # ConvInteger, weight-normed: per-tensor uint8
    node_name = "/encoder/text_encoder/cnn.0/cnn.0.0/Conv_quant"
    q_name = "/encoder/text_encoder/cnn.0/Mul_output_0_quantized"
    w = (init[q_name].astype(np.float32) - zp_of(node_name, 3)) * init[q_name.replace("_quantized", "_scale")]
    g, v = state["text_encoder"]["cnn.0.0.weight_g"], state["text_encoder"]["cnn.0.0.weight_v"]
    err = float(torch.max(torch.abs(torch._weight_norm(v, g, 0) - torch.from_numpy(w))))
    rows.append(("text_encoder.cnn.0.0 weight_norm(g, v)", "ConvInteger", err))
    # Gather + DequantizeLinear
    deq = nodes["/encoder/bert/embeddings/word_embeddings/Gather_quant_DequantizeLinear"]
    w = (init["encoder.bert.embeddings.word_embeddings.weight_quantized"].astype(np.float32)
         - init[deq.input[2]].astype(np.float32)) * init[deq.input[1]]
    rows.append(("bert.embeddings.word_embeddings.weight", "Gather+DequantizeLinear",
                 float(np.max(np.abs(w - state["bert"]["embeddings.word_embeddings.weight"].numpy())))))
    # DynamicQuantizeLSTM: W [D, in, 4H] per-direction scale; ONNX gates i, o, f, c
    lstm = nodes["/encoder/text_encoder/lstm/LSTM_quant"]
    hidden = 256
    for qi, si, zi, key in ((1, 8, 9, "weight_ih_l0"), (2, 10, 11, "weight_hh_l0")):
        q = init[lstm.input[qi]].astype(np.float32)
        w = (q - init[lstm.input[zi]].astype(np.float32)[:, None, None]) * init[lstm.input[si]][:, None, None]
        for d, suffix in enumerate(("", "_reverse")):
            onnx_gates = dict(zip("iofc", np.split(w[d].T, 4, axis=0)))
            torch_w = state["text_encoder"][f"lstm.{key}{suffix}"].numpy()
            expected = np.concatenate([onnx_gates[k] for k in "ifco"], axis=0)
            rows.append((f"text_encoder.lstm.{key}{suffix}", "DynamicQuantizeLSTM",
                         float(np.max(np.abs(expected - torch_w)))))
    b = init[lstm.input[3]]
    for d, suffix in enumerate(("", "_reverse")):
        wb, rb = np.split(b[d], 2)
        for part_b, key in ((wb, "bias_ih_l0"), (rb, "bias_hh_l0")):
            gates = dict(zip("iofc", np.split(part_b, 4)))
            expected = np.concatenate([gates[k] for k in "ifco"])
            rows.append((f"text_encoder.lstm.{key}{suffix}", "LSTM B",
                         float(np.max(np.abs(expected - state["text_encoder"][f"lstm.{key}{suffix}"].numpy())))))
    print("spot checks, dequantised here vs converted (max abs difference):")
    for name, op, err in rows:
        print(f"  {name:60s} {op:24s} {err:.3g}")
        worst = max(worst, err)
    # every weight-normed module: weight_norm(g, v) against the folded weight it came from
    wn_worst, wn_count, zero_channels = 0.0, 0, 0
    for part in ("predictor", "text_encoder", "decoder"):
        sd = state[part]
        for key in sd:
            if not key.endswith(".weight_g"):
                continue
            g, v = sd[key], sd[key[:-1] + "v"]
            folded = torch.where(g > 0, v, torch.zeros_like(v))     # v = W; an all-zero channel: W = 0
            wn_worst = max(wn_worst, float(torch.max(torch.abs(torch._weight_norm(v, g, 0) - folded))))
            wn_count += 1
            zero_channels += int((g.reshape(-1) == 0).sum())
    print(f"weight_norm(g, v) vs the folded weight, {wn_count} weight-normed modules: max abs difference "
          f"{wn_worst:.3g} ({zero_channels} all-zero channels)")
    loaded = {k: v for k, v in model.decoder.state_dict().items()}
    assert all(torch.equal(loaded[k], state["decoder"][k]) for k in loaded)
    return max(worst, wn_worst)


def run_graph(model, outputs, ids, ref_s):
    """onnxruntime on `model` (an onnx.ModelProto) with extra outputs: {name: array}."""
    import onnx
    import onnxruntime as ort

    for name in outputs.values():
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    result = session.run(None, {"tokens": np.array([ids], np.int64), "style": ref_s,
                                "speed": np.array([1.0], np.float32)})
    out = dict(zip(["audio", *outputs], result))
    out["audio"] = out["audio"].astype(np.float32).ravel()
    out["durations"] = out["durations"].astype(np.int64).ravel()
    return out


def relative(a, b):
    """Largest and RMS difference, each relative to the reference b's largest / RMS value."""
    a, b = np.asarray(a, np.float64).ravel(), np.asarray(b, np.float64).ravel()
    return (float(np.max(np.abs(a - b)) / np.max(np.abs(b))),
            float(np.sqrt(np.mean((a - b) ** 2) / np.mean(b ** 2))))


def stats(a):
    return f"peak {np.max(np.abs(a)):.4f}, RMS {np.sqrt(np.mean(np.asarray(a, np.float64) ** 2)):.4f}"


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    onnx_path, voices_path = argv[1], argv[2]
    voice = argv[3] if len(argv) > 3 else "jf_alpha"
    import onnx
    import torch

    from models import onnx_weights, weights

    torch.set_num_threads(1)
    state, report = onnx_weights.convert(onnx_path)
    config = weights.load_config()
    model = weights._empty_model(config).eval()
    for part in weights.PARTS:
        getattr(model, part).load_state_dict(state[part], strict=True)
    print(f"{onnx_path}: {sum(len(s) for s in state.values())} keys loaded with strict=True; "
          f"{len(report['defaults'])} not in the graph")
    worst = check_weights(onnx_path, state, model)

    vocab = config["vocab"]
    missing = [p for p in PHONEMES if p not in vocab]
    assert not missing, missing
    ids = [0, *(vocab[p] for p in PHONEMES), 0]
    ref_s = np.load(voices_path)[voice][len(PHONEMES) - 1].reshape(1, 256).astype(np.float32)
    input_ids, style = torch.tensor([ids], dtype=torch.long), torch.from_numpy(ref_s)
    print(f"\nphonemes {PHONEMES!r}: {len(ids)} tokens with the two 0s, voice {voice} row {len(PHONEMES) - 1}, speed 1")

    # 1. the int8 graph as published, against PyTorch with the converted weights
    runs = []
    for seed in (0, 1):
        torch.manual_seed(seed)
        audio, dur = model.forward_with_tokens(input_ids, style, 1)
        runs.append((audio.numpy().astype(np.float32).ravel(), dur.numpy().ravel()))
    (audio0, dur0), (audio1, dur1) = runs
    int8 = run_graph(onnx.load(onnx_path), {"durations": DURATIONS}, ids, ref_s)
    ort_audio, ort_dur = int8["audio"], int8["durations"]
    print("\n1. the int8 graph in onnxruntime against KModel.forward_with_tokens:")
    print(f"durations PyTorch     : {dur0.tolist()} (sum {int(dur0.sum())} frames)")
    print(f"durations onnxruntime : {ort_dur.tolist()} (sum {int(ort_dur.sum())} frames)")
    diff = np.abs(dur0 - ort_dur)
    print(f"duration difference: max {int(diff.max())} frame per token, {int((diff > 0).sum())} of {diff.size} "
          f"tokens differ; PyTorch's seed 1 run has the same durations: {bool(np.array_equal(dur0, dur1))}")
    print(f"audio: PyTorch {audio0.size} samples ({audio0.size / SAMPLE_RATE:.3f} s), onnxruntime {ort_audio.size} "
          f"({ort_audio.size / SAMPLE_RATE:.3f} s)")
    print(f"PyTorch seed 0 : {stats(audio0)}")
    print(f"PyTorch seed 1 : {stats(audio1)}")
    print(f"onnxruntime    : {stats(ort_audio)}; / {ISTFT_SCALE}: {stats(ort_audio / ISTFT_SCALE)}")
    d_ort0 = mel_distance(ort_audio / ISTFT_SCALE, audio0)
    d_ort1 = mel_distance(ort_audio / ISTFT_SCALE, audio1)
    d_seed = mel_distance(audio0, audio1)
    silence = mel_distance(audio0, np.zeros_like(audio0))
    print(f"log10-mel mean abs difference, each with its own durations: onnxruntime/{ISTFT_SCALE} vs PyTorch "
          f"seed 0 {d_ort0:.4f}, seed 1 {d_ort1:.4f}; PyTorch seed 0 vs seed 1 {d_seed:.4f} "
          f"(PyTorch vs silence {silence:.4f})")
    forced = []
    for seed in (0, 1):
        torch.manual_seed(seed)
        forced.append(forward_with_durations(model, input_ids, style, ort_dur))
    with NoSourceNoise():
        quiet = forward_with_durations(model, input_ids, style, ort_dur)
    assert forced[0].size == ort_audio.size, (forced[0].size, ort_audio.size)
    print(f"PyTorch given onnxruntime's durations (aligned): onnxruntime/{ISTFT_SCALE} vs PyTorch seed 0 "
          f"{mel_distance(ort_audio / ISTFT_SCALE, forced[0]):.4f}, seed 1 "
          f"{mel_distance(ort_audio / ISTFT_SCALE, forced[1]):.4f}, without the source's noise and random "
          f"phases (as the graph) {mel_distance(ort_audio / ISTFT_SCALE, quiet):.4f}; PyTorch seed 0 vs seed 1 "
          f"{mel_distance(forced[0], forced[1]):.4f}; RMS ratio onnxruntime / PyTorch "
          f"{np.sqrt(np.mean(ort_audio ** 2.0) / np.mean(forced[0] ** 2.0)):.3f}")

    # 2. the same graph with its integer products made float again (its own weights,
    # dequantised in float_graph): what is left is the int8 activations' rounding
    taps = {"durations": DURATIONS, "d_en": "/encoder/bert_encoder/Add_output_0",
            "F0": "/decoder/decoder/Unsqueeze_output_0", "decode.3": "/decoder/decoder/decode.3/Div_4_output_0",
            "conv_post": "/decoder/decoder/generator/conv_post/Conv_output_0",
            "har": "/decoder/decoder/generator/Concat_3_output_0"}
    fl = run_graph(float_graph(onnx.load(onnx_path)), taps, ids, ref_s)
    captured = {}
    hooks = [model.bert_encoder.register_forward_hook(lambda m, a, out: captured.__setitem__("d_en", out)),
             model.decoder.F0_conv.register_forward_pre_hook(lambda m, a: captured.__setitem__("F0", a[0])),
             model.decoder.decode[3].register_forward_hook(lambda m, a, out: captured.__setitem__("decode.3", out)),
             model.decoder.generator.conv_post.register_forward_hook(
                 lambda m, a, out: captured.__setitem__("conv_post", out))]
    with NoSourceNoise():
        quiet = forward_with_durations(model, input_ids, style, fl["durations"])
    first = {k: v.detach().numpy() for k, v in captured.items()}
    har = torch.from_numpy(fl["har"])
    hooks += [model.decoder.generator.noise_convs[i].register_forward_pre_hook(lambda m, a: (har,)) for i in (0, 1)]
    with NoSourceNoise():
        given = forward_with_durations(model, input_ids, style, fl["durations"])
    for hook in hooks:
        hook.remove()
    print("\n2. the int8 graph made float (its integer products replaced by float ones on its own dequantised "
          "weights) against PyTorch without the source's noise:")
    print(f"durations equal to PyTorch's: {bool(np.array_equal(fl['durations'], dur0))}")
    worst_float = 0.0
    for name in ("d_en", "F0", "decode.3", "conv_post"):
        mx, rms = relative(fl[name], first[name])
        print(f"  {name:10s} largest difference {mx:.2e} of the largest value, RMS difference {rms:.2e} of the RMS")
        if name != "conv_post":
            worst_float = max(worst_float, mx)
    mx, rms = relative(fl["audio"] / ISTFT_SCALE, quiet)
    print(f"  audio/{ISTFT_SCALE} largest {mx:.2e}, RMS {rms:.2e}, log10-mel {mel_distance(fl['audio'] / ISTFT_SCALE, quiet):.4f} "
          f"(the generator's harmonic source: the graph's STFT and phases against torch.stft's)")
    mx_c, rms_c = relative(fl["conv_post"], captured["conv_post"].detach().numpy())
    mx_a, rms_a = relative(fl["audio"] / ISTFT_SCALE, given)
    print(f"PyTorch's generator given the graph's own source spectrum: conv_post largest {mx_c:.2e}, RMS {rms_c:.2e}; "
          f"audio/{ISTFT_SCALE} largest {mx_a:.2e}, RMS {rms_a:.2e}, log10-mel "
          f"{mel_distance(fl['audio'] / ISTFT_SCALE, given):.4f}; RMS ratio graph / PyTorch "
          f"{np.sqrt(np.mean(fl['audio'].astype(np.float64) ** 2) / np.mean(given.astype(np.float64) ** 2)):.4f}")
    worst_float = max(worst_float, mx_c)

    # 3. the other layouts, made from this graph: float32 weights (float_graph) and float16
    # weights read through Cast nodes; both must convert to the same state
    import tempfile
    variants = {}
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = float_graph(onnx.load(onnx_path))
        onnx.save(fp32, os.path.join(tmp, "float32.onnx"))
        onnx.save(float16_copy(fp32), os.path.join(tmp, "float16.onnx"))
        for name in ("float32", "float16"):
            variants[name] = onnx_weights.read_onnx(os.path.join(tmp, f"{name}.onnx"))
    print("\n3. the same graph with float32 weights (MatMul, Conv, LSTM) and with float16 weights behind Cast "
          "nodes, converted: largest difference to the int8 conversion, relative to each tensor's largest value")
    worst_variant = {}
    for name, other in variants.items():
        worst_variant[name] = 0.0
        for part in weights.PARTS:
            for key, ref in state[part].items():
                a, b = other[part][key], ref
                if key.endswith(("weight_g", "weight_v")):
                    if not key.endswith("weight_g"):
                        continue
                    kv = key[:-1] + "v"
                    a, b = torch._weight_norm(other[part][kv], a, 0), torch._weight_norm(state[part][kv], b, 0)
                scale = float(b.abs().max()) or 1.0
                worst_variant[name] = max(worst_variant[name], float((a - b).abs().max()) / scale)
        print(f"  {name}: {worst_variant[name]:.2e}")
    ok = (worst < 1e-6 and int(diff.max()) <= 1 and worst_float < 1e-4 and mx_a < 1e-3
          and worst_variant["float32"] == 0.0 and worst_variant["float16"] < 1e-3)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
