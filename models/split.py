"""Kokoro split into static-shape functions, exact on padded input.

In:  the reference KModel (weights.py) and a token bucket T.
Out: PyTorch modules whose forward is one function of the split, written
     with the model's own layers and parameters, for torch.export:

    bert(input_ids i64[1,T], length i32[1])           -> d_en f32[1,512,T]
    duration(d_en f32[1,512,T], style f32[1,128],
             length i32[1])                            -> d f32[1,T,640], duration f32[1,T]
    text_encoder(input_ids i64[1,T], length i32[1])   -> t_en f32[1,512,T]
    f0n(en f32[1,640,F], style f32[1,128],
        frames i32[1])                                 -> F0 f32[1,2F], N f32[1,2F]

(the decoder, the fifth function, is models/decoder.py; models/functions.py
lists them all)

`en` is d gathered by the alignment (each frame takes its token's row of d,
transposed), which the glue computes; F is a frame bucket.

`style` is the prosody half of the voice's style vector (ref_s[:, 128:]);
`duration` is the predicted frame count of each token before the speed
factor and rounding (the glue does those). Positions at and after `length`
are padding: masks keep them out of attention and convolutions, LSTMs run
over exactly `length` steps (lstm_layer, lowered by models/lstm.py), and
their outputs there are zero.
"""

import torch
from torch import nn

from . import lstm

LSTM_OP = "kokoro_tvm::lstm_layer"


@torch.library.custom_op(LSTM_OP, mutates_args=())
def lstm_layer(x: torch.Tensor, length: torch.Tensor, w_ih_f: torch.Tensor, w_hh_t_f: torch.Tensor,
               b_f: torch.Tensor, w_ih_b: torch.Tensor, w_hh_t_b: torch.Tensor, b_b: torch.Tensor) -> torch.Tensor:
    """A bidirectional LSTM layer over x[:length] ([steps, in] -> [steps, 2H]); zero after length."""
    steps, hidden = x.shape[0], w_hh_t_f.shape[0]
    n = int(length[0])
    out = x.new_zeros(steps, 2 * hidden)
    for column, (w_ih, w_hh_t, b, order) in enumerate(
            ((w_ih_f, w_hh_t_f, b_f, range(n)), (w_ih_b, w_hh_t_b, b_b, range(n - 1, -1, -1)))):
        h = x.new_zeros(hidden)
        c = x.new_zeros(hidden)
        projected = x @ w_ih.T + b
        for t in order:
            i, f, g, o = (projected[t] + h @ w_hh_t).split(hidden)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            out[t, column * hidden:(column + 1) * hidden] = h
    return out


@lstm_layer.register_fake
def _(x, length, w_ih_f, w_hh_t_f, b_f, w_ih_b, w_hh_t_b, b_b):
    return x.new_empty(x.shape[0], 2 * w_hh_t_f.shape[0])


class ExactLSTM(nn.Module):
    """A bidirectional one-layer nn.LSTM's weights, run with lstm_layer."""

    def __init__(self, layer):
        super().__init__()
        # What each parameter is made of, as (operation, the layer's parameters): the weights
        # file records it, so PyTorch alone can make it again (models/weights_file.py).
        self.derived_from = {}
        for suffix, reverse in (("f", False), ("b", True)):
            w_ih, w_hh_t, bias = lstm.layer_parameters(layer, reverse)
            layer_name = lambda n: getattr(layer, f"{n}_l0{'_reverse' if reverse else ''}")  # noqa: E731
            # Parameters, not buffers: the importer binds buffers into the library.
            for name, value, source in ((f"w_ih_{suffix}", w_ih, ("copy", [layer_name("weight_ih")])),
                                        (f"w_hh_t_{suffix}", w_hh_t, ("transpose", [layer_name("weight_hh")])),
                                        (f"b_{suffix}", bias, ("sum", [layer_name("bias_ih"), layer_name("bias_hh")]))):
                self.register_parameter(name, nn.Parameter(torch.from_numpy(value), requires_grad=False))
                self.derived_from[name] = source

    def forward(self, x, length):
        """x [1, steps, in] -> [1, steps, 2H]."""
        return torch.ops.kokoro_tvm.lstm_layer(x[0], length, self.w_ih_f, self.w_hh_t_f, self.b_f,
                                               self.w_ih_b, self.w_hh_t_b, self.b_b)[None]


def padding_mask(length, steps):
    """[1, steps] True at padding positions."""
    return (torch.arange(steps, device=length.device)[None, :] >= length.to(torch.int64)[:, None])


def valid_positions(length, steps):
    """[1, steps] True at valid positions: a comparison of its own, never `~padding_mask`.
    `~` on a boolean becomes tir.bitwise_not, which the C-like GPU code generators (CUDA,
    Metal's MSL) print as `~(bool)`, an int of -1 or -2: every mask would be wrong on the
    GPU (models/gpu_checks.py refuses such a kernel)."""
    return torch.arange(steps, device=length.device)[None, :] < length.to(torch.int64)[:, None]


class Bert(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.bert, self.bert_encoder = model.bert, model.bert_encoder

    def forward(self, input_ids, length):
        attention = valid_positions(length, input_ids.shape[1]).to(torch.int64)
        return self.bert_encoder(self.bert(input_ids, attention_mask=attention)).transpose(-1, -2)


class Duration(nn.Module):
    """DurationEncoder, the duration LSTM and projection (ProsodyPredictor)."""

    def __init__(self, model):
        super().__init__()
        predictor = model.predictor
        self.blocks = nn.ModuleList(ExactLSTM(b) if isinstance(b, nn.LSTM) else b
                                    for b in predictor.text_encoder.lstms)
        self.lstm = ExactLSTM(predictor.lstm)
        self.duration_proj = predictor.duration_proj

    def forward(self, d_en, style, length):
        steps = d_en.shape[-1]
        pad = padding_mask(length, steps)[:, :, None]          # [1, T, 1]
        styles = style[:, None, :].expand(1, steps, style.shape[-1])
        x = torch.cat([d_en.transpose(-1, -2), styles], dim=-1).masked_fill(pad, 0.0)   # [1, T, 640]
        for block in self.blocks:
            if isinstance(block, ExactLSTM):
                x = block(x, length)                             # [1, T, 512], zero after length
            else:
                x = block(x, style)                              # AdaLayerNorm: [1, T, 512]
                x = torch.cat([x, styles], dim=-1).masked_fill(pad, 0.0)
        d = x                                                    # [1, T, 640]
        h = self.lstm(d, length)
        duration = torch.sigmoid(self.duration_proj(h)).sum(dim=-1)
        return d, duration.masked_fill(pad[..., 0], 0.0)


class TextEncoder(nn.Module):
    def __init__(self, model):
        super().__init__()
        encoder = model.text_encoder
        self.embedding, self.cnn = encoder.embedding, encoder.cnn
        self.lstm = ExactLSTM(encoder.lstm)

    def forward(self, input_ids, length):
        pad = padding_mask(length, input_ids.shape[1])[:, None, :]   # [1, 1, T]
        x = self.embedding(input_ids).transpose(1, 2).masked_fill(pad, 0.0)
        for block in self.cnn:
            x = block(x).masked_fill(pad, 0.0)
        return self.lstm(x.transpose(1, 2), length).transpose(1, 2)


def valid_mask(length, steps):
    """[1, 1, steps] float: 1 at valid positions, 0 at padding."""
    return valid_positions(length, steps)[:, None, :].to(torch.float32)


def masked_adain(adain, x, s, mask):
    """AdaIN1d with instance-norm statistics over the valid positions only."""
    count = mask.sum(dim=-1, keepdim=True)
    mean = (x * mask).sum(dim=-1, keepdim=True) / count
    var = (((x - mean) * mask) ** 2).sum(dim=-1, keepdim=True) / count
    norm = adain.norm
    y = (x - mean) * torch.rsqrt(var + norm.eps) * norm.weight[None, :, None] + norm.bias[None, :, None]
    gamma, beta = torch.chunk(adain.fc(s)[:, :, None], chunks=2, dim=1)
    return ((1 + gamma) * y + beta) * mask


def masked_resblock(block, x, s, mask):
    """AdainResBlk1d on x whose padding is zero; returns (output, its mask).

    Every convolution sees zeros beyond the valid frames, as the block would
    on the unpadded input; upsampling doubles the valid frames."""
    out_mask = mask.repeat_interleave(2, dim=-1) if block.upsample_type != "none" else mask
    h = block.actv(masked_adain(block.norm1, x, s, mask))
    h = block.pool(h) * out_mask
    h = block.conv1(h) * out_mask
    h = block.actv(masked_adain(block.norm2, h, s, out_mask))
    h = block.conv2(h)
    shortcut = block._shortcut(x)
    return (h + shortcut) * (2 ** -0.5) * out_mask, out_mask


class F0N(nn.Module):
    """ProsodyPredictor.F0Ntrain over a frame bucket."""

    def __init__(self, model):
        super().__init__()
        predictor = model.predictor
        self.shared = ExactLSTM(predictor.shared)
        self.F0, self.N = predictor.F0, predictor.N
        self.F0_proj, self.N_proj = predictor.F0_proj, predictor.N_proj

    def forward(self, en, style, frames):
        mask = valid_mask(frames, en.shape[-1])
        x = self.shared((en * mask).transpose(-1, -2), frames).transpose(-1, -2)   # [1, 512, F]
        outputs = []
        for blocks, projection in ((self.F0, self.F0_proj), (self.N, self.N_proj)):
            h, m = x, mask
            for block in blocks:
                h, m = masked_resblock(block, h, style, m)
            outputs.append((projection(h) * m)[:, 0])
        return tuple(outputs)
