"""The split functions as one Relax module, weights kept out of it.

In:  the reference KModel, the function names of models/split.py, the
     buckets ({"tokens": [...], "frames": [...]}: functions.FRAME_FUNCTIONS use
     frame buckets, the others token buckets), and whether the target is a GPU.
Out: an IRModule holding every function as `<name>_<bucket>` (inputs first,
     then its weights as parameters), the weights by name (each tensor once,
     named by its path in the function, e.g. `bert.encoder...`), for each
     function the ordered weight names it takes, and for each weight its
     source: the name of the reference model's parameter it is (KModel's
     state_dict key), so that PyTorch alone can write the weights file again
     from the same checkpoint (models/weights_file.py).

torch.export traces each function; the pinned TVM imports it with the
split's custom operators lowered to this build's kernels:
`kokoro_tvm::lstm_layer` to models/lstm.py's (instead of the importer's
step-by-step LSTM), `kokoro_tvm::sine_source` to models/sine_source.py's.
"""

import numpy as np
import torch
import tvm
from tvm import relax
from tvm.relax.frontend.torch import from_exported_program

from . import functions, lstm, sine_source


class _LstmConverter:
    """custom_convert_map entry: lstm_layer -> models/lstm.py, unique kernel names."""

    def __init__(self, prefix, gpu):
        self.prefix, self.gpu, self.count = prefix, gpu, 0

    def __call__(self, node, importer):
        x, length, *weights = importer.retrieve_args(node)
        bb = importer.block_builder
        self.count += 1
        name = f"{self.prefix}_lstm{self.count}"
        return lstm.emit_lstm(bb, x, length, tuple(weights[:3]), tuple(weights[3:]), gpu=self.gpu, name=name)


class _SineSourceConverter(_LstmConverter):
    """custom_convert_map entry: sine_source -> models/sine_source.py's kernels."""

    def __call__(self, node, importer):
        self.count += 1
        return sine_source.emit_sine_source(importer.block_builder, *importer.retrieve_args(node), gpu=self.gpu,
                                            name=f"{self.prefix}_source{self.count}")


def _weight_names(program):
    """Names of the exported program's parameters, in the order the importer passes them.

    Parameters stay function inputs (keep_params_as_input); buffers and
    constants are bound into the library, so weights must be parameters.
    """
    return list(dict(program.named_parameters()))


def weight_sources(model, name):
    """{weight name: source} of one function: the model's parameter name (KModel's state_dict
    key) it is, or {"op": "copy" | "transpose" | "sum", "of": [parameter names]} for a weight a
    module made from the model's (its `derived_from`)."""
    in_model = {id(p): n for n, p in model.named_parameters()}
    module = functions.FUNCTIONS[name](model)
    derived = {f"{prefix}.{local}" if prefix else local: (op, [in_model.get(id(t)) for t in tensors])
               for prefix, sub in module.named_modules() for local, (op, tensors) in
               getattr(sub, "derived_from", {}).items()}
    sources = {}
    for n, p in module.named_parameters():
        if id(p) in in_model:
            sources[f"{name}.{n}"] = in_model[id(p)]
        elif n in derived and None not in derived[n][1]:
            sources[f"{name}.{n}"] = {"op": derived[n][0], "of": derived[n][1]}
        else:
            raise ValueError(f"weight {name}.{n} is neither a parameter of the reference model nor made from them")
    return sources


def export_function(model, config, name, steps, gpu):
    """(Relax function, its private PrimFuncs, weight names, weights) of one function at one bucket."""
    module = functions.FUNCTIONS[name](model).eval()
    with torch.no_grad():
        program = torch.export.export(module, functions.example_inputs(name, steps, config))
    function_name = f"{name}_{steps}"
    converters = {"lstm_layer.default": _LstmConverter(function_name, gpu),
                  "sine_source.default": _SineSourceConverter(function_name, gpu)}
    mod = from_exported_program(program, keep_params_as_input=True, unwrap_unit_return_tuple=True,
                                custom_convert_map=converters)
    mod, params = relax.frontend.detach_params(mod)
    names = [f"{name}.{n}" for n in _weight_names(program)]
    values = [p.numpy() for p in params["main"]]
    assert len(names) == len(values), (name, len(names), len(values))
    return function_name, mod, names, values


def buckets_of(name, buckets):
    return buckets["frames"] if name in functions.FRAME_FUNCTIONS else buckets["tokens"]


def build_module(model, config, names, buckets, gpu):
    """(IRModule, {weight name: array}, {function: [weight names]}, {weight name: model parameter})."""
    merged, weights, signatures, sources = {}, {}, {}, {}
    for name in names:
        sources.update(weight_sources(model, name))
        for steps in buckets_of(name, buckets):
            function_name, mod, weight_names, values = export_function(model, config, name, steps, gpu)
            for gvar, func in mod.functions_items():
                if gvar.name_hint == "main":  # nothing calls it: a new name is safe
                    gvar, func = tvm.ir.GlobalVar(function_name), func.with_attr("global_symbol", function_name)
                merged[gvar.name_hint] = (gvar, func)
            for weight, value in zip(weight_names, values):
                if weight in weights and not np.array_equal(weights[weight], value):
                    raise ValueError(f"weight {weight} differs between buckets")
                weights[weight] = value
            signatures[function_name] = weight_names
    module = tvm.IRModule(dict(merged[k] for k in sorted(merged)))
    missing = sorted(set(weights) - set(sources))
    if missing:
        raise ValueError(f"weights without a source in the model: {', '.join(missing[:5])}")
    return module, weights, signatures, {n: sources[n] for n in weights}
