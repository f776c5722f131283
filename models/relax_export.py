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
     On the CPU a 2-D weight the function only ever reads transposed (a dense
     layer's, x @ W^T) is stored transposed, as `<name>.transposed` with the
     source {"op": "transpose", "of": [its parameter]}: the product reads the
     stored weight, with no transpose kernel on every call.
     A convolution under weight_norm (Kokoro's text encoder, predictor and
     decoder) takes its weight as the norm makes it, computed here once
     (fold_weight_norm) with the source {"op": "weight_norm", "of": [g, v]}:
     the library reads the stored weight, instead of making it again from
     weight_g and weight_v on every call (a pass over most of the decoder's
     weights).
     With weights_dtype "float16" (WEIGHTS_DTYPE=float16), every weight a float16 weights
     file holds as float16 (models/weights_file.halved) is a float16 parameter, widened to
     float32 by a cast just before the first computation that reads it (take_float16): the
     weights stay float16 in memory, and only the float32 copies of the weights in use at
     one time are held beside them, each as long as its function still reads it.

The buckets' exports may run in worker processes (build_module's workers; the
modules come back as TVM's JSON), with the same module as one process makes.

torch.export traces each function; the pinned TVM imports it with the
split's custom operators lowered to this build's kernels:
`kokoro_tvm::lstm_layer` to models/lstm.py's (instead of the importer's
step-by-step LSTM), `kokoro_tvm::sine_source` to models/sine_source.py's.
"""

import copy

import numpy as np
import torch
import tvm
from tvm import relax
from tvm.relax.frontend.torch import from_exported_program

from . import functions, kokoro_modules, lstm, sine_source, weights_file


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


def fold_weight_norm(model):
    """A copy of the model whose modules under weight_norm hold their weight as a parameter,
    computed once as the norm's hook computes it before each call (torch._weight_norm, which
    models/weights_file.py calls too), with `derived_from` naming the model's weight_g and
    weight_v it is made of. The model itself is left as it was."""
    from torch.nn.utils.weight_norm import WeightNorm
    # The hook's last value is no leaf, which deepcopy refuses: it is replaced below anyway.
    last_values = {id(getattr(m, h.name)): None for m in model.modules()
                   for h in m._forward_pre_hooks.values() if isinstance(h, WeightNorm) and hasattr(m, h.name)}
    folded = copy.deepcopy(model, last_values)
    for original, module in zip(model.modules(), folded.modules()):
        for key, hook in list(module._forward_pre_hooks.items()):
            if not isinstance(hook, WeightNorm):
                continue
            if hook.dim != 0:
                raise ValueError(f"{type(module).__name__}: weight_norm over dimension {hook.dim}; "
                                 f"the weights file makes dimension 0's only")
            with torch.no_grad():
                weight = hook.compute_weight(module)
            del module._forward_pre_hooks[key], module._parameters[f"{hook.name}_g"], \
                module._parameters[f"{hook.name}_v"]
            if hook.name in module.__dict__:
                delattr(module, hook.name)   # the last call's value, a plain attribute
            module.register_parameter(hook.name, torch.nn.Parameter(weight, requires_grad=False))
            module.derived_from = {**getattr(module, "derived_from", {}), hook.name: (
                "weight_norm", [getattr(original, f"{hook.name}_g"), getattr(original, f"{hook.name}_v")])}
    return folded


def weight_sources(model, name, folded=None):
    """{weight name: source} of one function: the model's parameter name (KModel's state_dict
    key) it is, or {"op": "copy" | "transpose" | "sum" | "weight_norm", "of": [parameter names]}
    for a weight a module made from the model's (its `derived_from`); `folded`: the model
    fold_weight_norm made, whose function is exported."""
    folded = model if folded is None else folded
    in_model = {id(p): n for n, p in model.named_parameters()}
    names = set(in_model.values())
    in_model.update({id(p): n for n, p in folded.named_parameters() if n in names})
    module = functions.FUNCTIONS[name](folded)
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


def _reversed_axes(call):
    """Whether a permute_dims call reverses the axes of a 2-D tensor."""
    axes = call.attrs.axes
    return axes is None or [int(a) for a in axes] == [1, 0]


def store_transposed(func, names, values):
    """(function, weight names, weights, {new name: old name}) with every 2-D weight parameter
    the function reads only through permute_dims (reversing its axes) replaced by a parameter
    holding the transposed weight, named `<name>.transposed`."""
    from tvm.relax.expr_functor import PyExprMutator, mutator
    permute = tvm.ir.Op.get("relax.permute_dims")
    first = len(func.params) - len(names)
    weights = {p for p in func.params[first:] if p.ty.shape is not None and len(p.ty.shape) == 2}
    replacement = {}

    @mutator
    class Swap(PyExprMutator):
        def visit_call_(self, call):
            call = super().visit_call_(call)
            if call.op.same_as(permute) and call.args[0] in weights and _reversed_axes(call):
                param = call.args[0]
                if param not in replacement:
                    rows, columns = param.ty.shape
                    replacement[param] = relax.Var(f"{param.name}_transposed",
                                                   relax.TensorType((columns, rows), param.ty.dtype))
                return replacement[param]
            return call

    body = Swap().visit_expr(func.body)
    if set(replacement) & set(relax.analysis.free_vars(body)):
        return func, names, values, {}    # a weight read untransposed too: left as it was
    params, new_names, new_values, renamed = list(func.params[:first]), [], [], {}
    for param, weight, value in zip(func.params[first:], names, values):
        if param in replacement:
            param, weight, value = replacement[param], f"{weight}.transposed", np.ascontiguousarray(value.T)
            renamed[weight] = weight[:-len(".transposed")]
        params.append(param)
        new_names.append(weight)
        new_values.append(value)
    new_func = relax.Function(params, body, func.ret_ty, func.is_pure, func.attrs, func.span)
    return new_func, new_names, new_values, renamed


def take_float16(func, names):
    """The function with each float32 weight parameter (the last len(names) parameters) that a
    float16 weights file holds as float16 (weights_file.halved) taken as float16, and cast to
    float32 in a binding of its own just before the first binding that reads it. The casts run
    where the weights are needed, one after another, so the memory plan holds a float32 copy only
    while its weight is still read (a weight shared by BERT's layers: through all of them), not
    every weight of the function at once. The function computes as before, in float32, on the
    float16-rounded weights."""
    from tvm.relax.expr_functor import PyExprMutator, mutator
    first = len(func.params) - len(names)
    halves, params = {}, list(func.params[:first])
    for param in func.params[first:]:
        if str(param.ty.dtype) == "float32" and weights_file.halved([int(d) for d in param.ty.shape]):
            halves[param] = relax.Var(param.name, relax.TensorType(param.ty.shape, "float16"))
        params.append(halves.get(param, param))
    waiting = dict(halves)

    @mutator
    class Widen(PyExprMutator):
        def visit_var_binding_(self, binding):
            for var in relax.analysis.free_vars(binding.value):
                if var in waiting:
                    wide = self.builder_.emit(relax.op.astype(waiting.pop(var), "float32"), name_hint=var.name)
                    self.set_var_remap(var, wide)
            super().visit_var_binding_(binding)

    body = Widen().visit_expr(func.body)
    unread = set(waiting) & set(relax.analysis.free_vars(body))
    if unread:   # read outside any binding (the function's result itself): not a weight this build has
        raise ValueError(f"weights {sorted(v.name for v in unread)} are read outside a binding; they cannot be "
                         f"taken as float16")
    return relax.Function(params, body, func.ret_ty, func.is_pure, func.attrs, func.span)


# The source of a weight stored transposed, from its own: a parameter's transpose; a copy's
# transpose; a transpose's copy.
_TRANSPOSED_OP = {"copy": "transpose", "transpose": "copy"}


def _transposed_source(source, name):
    if isinstance(source, str):
        return {"op": "transpose", "of": [source]}
    if source.get("op") in _TRANSPOSED_OP:
        return {"op": _TRANSPOSED_OP[source["op"]], "of": source["of"]}
    raise ValueError(f"weight {name} is read transposed, and its source {source} has no transposed form")


def export_function(model, config, name, steps, gpu, weights_dtype="float32"):
    """(Relax function, its private PrimFuncs, weight names, weights, {transposed weight: its
    untransposed name}) of one function at one bucket; weights_dtype "float16": take_float16."""
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
    transposed = {}
    if not gpu:
        main, names, values, transposed = store_transposed(mod["main"], names, values)
        mod["main"] = main
    if weights_dtype == "float16":
        mod["main"] = take_float16(mod["main"], names)
    elif weights_dtype != "float32":
        raise ValueError(f"weights_dtype {weights_dtype!r}: float32 or float16")
    return function_name, mod, names, values, transposed


def buckets_of(name, buckets):
    return buckets["frames"] if name in functions.FRAME_FUNCTIONS else buckets["tokens"]


def _export_jobs(model, config, jobs, gpu, weights_dtype):
    """export_function for each (name, steps) of jobs, in order: [(function name, module, weight
    names, weights or None, transposed)], the weights of a function only with its first bucket
    here (they are checked to be the same at the others)."""
    results, first = [], {}
    for name, steps in jobs:
        function_name, mod, weight_names, values, transposed = export_function(model, config, name, steps, gpu,
                                                                               weights_dtype)
        if name in first:
            _check_same(first[name], dict(zip(weight_names, values)))
            values = None
        else:
            first[name] = dict(zip(weight_names, values))
        results.append((function_name, mod, weight_names, values, transposed))
    return results


def _check_same(weights, others):
    for weight, value in others.items():
        if weight in weights and not np.array_equal(weights[weight], value):
            raise ValueError(f"weight {weight} differs between buckets")


def _export_jobs_as_json(model, config, jobs, gpu, weights_dtype):
    """_export_jobs in a worker process: the modules as TVM's JSON."""
    return [(f, tvm.ir.save_json(mod), *rest) for f, mod, *rest in _export_jobs(model, config, jobs, gpu,
                                                                               weights_dtype)]


def export_all(model, config, jobs, gpu, workers=1, weights_dtype="float32"):
    """_export_jobs over jobs, in up to `workers` processes of their own (the jobs dealt out in
    turn, the model handed over pickled, the modules back as TVM's JSON): the same results."""
    if workers < 2 or len(jobs) < 2:
        return _export_jobs(model, config, jobs, gpu, weights_dtype)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    shares = [jobs[i::workers] for i in range(workers)]
    spawn = multiprocessing.get_context("spawn")   # no fork of a process holding PyTorch's threads
    # The model's classes unpickle in a worker once kokoro.model is imported there the build's way.
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=kokoro_modules.load) as pool:
        done = [pool.submit(_export_jobs_as_json, model, config, share, gpu, weights_dtype) for share in shares]
        parts = [future.result() for future in done]
    by_job = {}
    for share, part in zip(shares, parts):
        for job, (f, text, *rest) in zip(share, part):
            by_job[job] = (f, tvm.ir.load_json(text), *rest)
    return [by_job[job] for job in jobs]


def build_module(model, config, names, buckets, gpu, workers=1, weights_dtype="float32"):
    """(IRModule, {weight name: array}, {function: [weight names]}, {weight name: model parameter}).
    workers: how many processes export the functions' buckets (export_all); weights_dtype: the
    type the functions take the weights a float16 file halves in (take_float16); the arrays
    are float32 either way."""
    merged, weights, signatures, sources = {}, {}, {}, {}
    folded = fold_weight_norm(model)
    for name in names:
        sources.update(weight_sources(model, name, folded))
    jobs = [(name, steps) for name in names for steps in buckets_of(name, buckets)]
    exported = export_all(folded, config, jobs, gpu, workers, weights_dtype)
    for function_name, mod, weight_names, values, transposed in exported:
        for weight, untransposed in transposed.items():
            sources[weight] = _transposed_source(sources[untransposed], untransposed)
        for gvar, func in mod.functions_items():
            if gvar.name_hint == "main":  # nothing calls it: a new name is safe
                gvar, func = tvm.ir.GlobalVar(function_name), func.with_attr("global_symbol", function_name)
            merged[gvar.name_hint] = (gvar, func)
        if values is not None:
            _check_same(weights, dict(zip(weight_names, values)))
            weights.update(zip(weight_names, values))
        signatures[function_name] = weight_names
    module = tvm.IRModule(dict(merged[k] for k in sorted(merged)))
    missing = sorted(set(weights) - set(sources))
    if missing:
        raise ValueError(f"weights without a source in the model: {', '.join(missing[:5])}")
    return module, weights, signatures, {n: sources[n] for n in weights}
