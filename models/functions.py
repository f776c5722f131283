"""The functions of the split, by name, with the bucket kind and example inputs of each.

In:  the function classes of models/split.py and models/decoder.py.
Out: FUNCTIONS (name -> module class taking the reference KModel),
     FRAME_FUNCTIONS (those bucketed by frames; the others by tokens),
     example_inputs(name, bucket, config) for torch.export.
"""

import torch

from . import decoder, sine_source, split
from .buckets import BUCKET_KINDS

FUNCTIONS = {"bert": split.Bert, "duration": split.Duration, "text_encoder": split.TextEncoder,
             "f0n": split.F0N, "decoder": decoder.Decoder}
FRAME_FUNCTIONS = tuple(name for name, kind in BUCKET_KINDS.items() if kind == "frames")


def example_inputs(name, steps, config):
    """Inputs of the right shapes and dtypes for torch.export."""
    hidden, style = config["hidden_dim"], config["style_dim"]
    length = torch.tensor([steps], dtype=torch.int32)
    if name == "duration":
        return torch.zeros(1, hidden, steps), torch.zeros(1, style), length
    if name == "f0n":
        return torch.zeros(1, hidden + style, steps), torch.zeros(1, style), length
    if name == "decoder":
        return (torch.zeros(1, hidden, steps), torch.zeros(1, 2 * steps), torch.zeros(1, 2 * steps),
                torch.zeros(1, style), length,
                torch.zeros(1, 2 * steps * sine_source.UPSAMPLE, sine_source.HARMONICS))
    return torch.zeros(1, steps, dtype=torch.int64), length
