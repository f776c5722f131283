"""The memory each compiled function asks for while it runs, read from the module after the
Relax pipeline (models/compile.py pipeline()).

In:  an IRModule after the pipeline: Relax functions whose tensors live in storages of
     static size (R.vm.alloc_storage, StaticPlanBlockMemory's plan), calling PrimFuncs whose
     whole-buffer intermediates (global T.alloc_buffer) the runtime takes from its
     workspace while the kernel runs.
Out: planned(module): {Relax function: {"storage": bytes, "workspace": bytes}}: the sum of
     its storages (inputs and weights are the caller's, not counted) and the largest
     workspace of one kernel it calls. A runtime holds both while the function runs; the
     kokoro-tvm tool chooses its chunks' frame bucket by them (--memory).
"""

from tvm import ir, relax, tirx

_ALLOC_STORAGE = "relax.vm.alloc_storage"


def _constant(value):
    return int(value) if isinstance(value, (int, tirx.IntImm)) else None


def kernel_workspace(func):
    """Bytes of a PrimFunc's global intermediate buffers (None for a size it does not fix)."""
    total = [0]

    def visit(node):
        if isinstance(node, tirx.SBlock):
            for buffer in node.alloc_buffers:
                if buffer.scope() != "global" or total[0] is None:
                    continue
                extents = [_constant(e) for e in buffer.shape]
                if None in extents:
                    total[0] = None
                    continue
                count = 1
                for e in extents:
                    count *= e
                total[0] += count * buffer.dtype.bits * buffer.dtype.lanes // 8
    tirx.stmt_functor.post_order_visit(func.body, visit)
    return total[0]


def planned(module):
    """{Relax function: {"storage": bytes, "workspace": bytes}} of the module's Relax functions."""
    kernels = {gv.name_hint: kernel_workspace(f) for gv, f in module.functions_items() if isinstance(f, tirx.PrimFunc)}
    alloc_storage = ir.Op.get(_ALLOC_STORAGE)
    plans = {}
    for gv, func in module.functions_items():
        if not isinstance(func, relax.Function):
            continue
        storage, workspace = [0], [0]

        def visit(expr):
            if not isinstance(expr, relax.Call):
                return
            if expr.op.same_as(alloc_storage):
                shape = expr.args[0]
                values = [_constant(v) for v in getattr(shape, "values", [])]
                if len(values) != 1 or values[0] is None:
                    raise ValueError(f"{gv.name_hint}: a storage of no static size ({shape}): its memory is not planned")
                storage[0] += values[0]
            elif isinstance(expr.op, ir.GlobalVar) and expr.op.name_hint in kernels:
                need = kernels[expr.op.name_hint]
                if need is None:
                    raise ValueError(f"{gv.name_hint}: kernel {expr.op.name_hint} has a buffer of no static size")
                workspace[0] = max(workspace[0], need)
        relax.analysis.post_order_visit(func.body, visit)
        plans[gv.name_hint] = {"storage": storage[0], "workspace": workspace[0]}
    return plans
