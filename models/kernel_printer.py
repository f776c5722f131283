"""GPU kernels as TVM hands them to a code generator: recorded, and printed by another.

In:  a relax.build of a module scheduled for a GPU target (its kind K: metal, cuda) and, for a
     proxy build, a printer target of another kind (cuda).
Out: `recording(kind, kernels)`: while active, every device module K's code generator gets is
     recorded in `kernels`, {kernel name: facts} (kernel_facts: launch parameters and extents,
     shared memory, the sha256 of its TIR), and code is generated as always.
     `printed_as(kind, printer, kernels)`: the same record, but the module goes to the
     printer's code generator instead (CUDA C, compiled to PTX by the pinned NVRTC), unchanged:
     the TIR after every pass of K's build, the same kernels, launch dimensions and shared
     allocations, only printed in another language; and the host code built for K checks and
     sets the printer's device type instead of K's (the only change on the CPU side), so the
     library runs on the printer's GPU. A kernel the printer cannot print as it is fails the
     build naming the kernel and the printer's reason.
Both wrap TVM's own registry entries (`target.build.<kind>`, and MakePackedAPI for the host's
device type) for the time of one build, in the compiling process only.
"""

import contextlib
import hashlib

import tvm
from tvm import tirx


def _thread_extents(func):
    """{launch parameter: extent} of a kernel (an int, or its expression as text)."""
    extents = {}

    def visit(node):
        if isinstance(node, tirx.AttrStmt) and node.attr_key == "thread_extent":
            value = node.value
            extents[node.node.thread_tag] = int(value) if isinstance(value, tirx.IntImm) else str(value)
    tirx.stmt_functor.post_order_visit(func.body, visit)
    return dict(sorted(extents.items()))


def _shared_bytes(func):
    """Bytes of the shared (threadgroup) memory a lowered kernel allocates."""
    total = [0]

    def visit(node):
        if isinstance(node, tirx.AllocBuffer) and node.buffer.scope() in ("shared", "shared.dyn"):
            count = 1
            for dim in node.buffer.shape:
                count *= int(dim)
            total[0] += count * tvm.DataType(str(node.buffer.dtype)).bits // 8
    tirx.stmt_functor.post_order_visit(func.body, visit)
    return total[0]


def kernel_facts(func):
    """What decides a kernel, free of the target it is printed for and of its library's symbol
    prefix: its launch parameters and their extents, its shared memory and the sha256 of its
    TIR (printed without the target and the symbol)."""
    text = func.without_attr("target").without_attr("global_symbol").script(show_meta=True)
    return {"launch": _thread_extents(func), "shared_bytes": _shared_bytes(func),
            "tir_sha256": hashlib.sha256(text.encode()).hexdigest()}


def _record(mod, kernels):
    for gvar, func in mod.functions.items():
        if isinstance(func, tirx.PrimFunc):
            name = str(func.attrs.get("global_symbol", gvar.name_hint))
            kernels[name] = kernel_facts(func)


@contextlib.contextmanager
def _registered(name, function):
    """`function(previous)` as TVM's global `name` for the time of the block."""
    previous = tvm.get_global_func(name)
    tvm.register_global_func(name, function(previous), override=True)
    try:
        yield
    finally:
        tvm.register_global_func(name, previous, override=True)


@contextlib.contextmanager
def recording(kind, kernels):
    """Records every kernel code generation of `kind` gets into kernels; generates as always."""
    def wrap(generate):
        def build(mod, target):
            _record(mod, kernels)
            return generate(mod, target)
        return build
    with _registered(f"target.build.{kind}", wrap):
        yield


class PrinterError(Exception):
    """A kernel the printer cannot print as the scheduled target's build left it."""


@contextlib.contextmanager
def printed_as(kind, printer, kernels):
    """Kernels of `kind` recorded into kernels, then printed by printer (a tvm Target of
    another kind) instead of kind's code generator; the host code's device type the printer's."""
    generate = tvm.get_global_func(f"target.build.{printer.kind.name}")
    used, failures = [], []

    def first_failing(mod):
        """(name, reason) of the first kernel the printer refuses alone, or None."""
        for gvar, func in sorted(mod.functions.items(), key=lambda item: item[0].name_hint):
            try:
                generate(tvm.IRModule({gvar: func}, attrs=mod.attrs), printer)
            except Exception as e:  # noqa: BLE001 - the printer's reason, whatever it raised
                return gvar.name_hint, str(e).strip().splitlines()[-1]
        return None

    def wrap(_own):
        def build(mod, _target):
            _record(mod, kernels)
            mod = tvm.IRModule({gvar: func.with_attr("target", printer) if isinstance(func, tirx.PrimFunc) else func
                                for gvar, func in mod.functions.items()}, attrs=mod.attrs)
            with printer:   # the CUDA compile callback reads the target's arch
                try:
                    return generate(mod, printer)
                except Exception as e:  # noqa: BLE001 - named with the kernel, raised again past TVM's FFI
                    found = first_failing(mod)
                    where = f"kernel {found[0]}: {found[1]}" if found else str(e).strip().splitlines()[-1]
                    failures.append(PrinterError(f"the {kind} kernels cannot be printed by the {printer.kind.name} "
                                                 f"code generator as they are: {where}"))
                    raise failures[-1] from e
        return build

    @tvm.transform.module_pass(opt_level=0, name="HostForPrinter")
    def host_for_printer(mod, _ctx):
        """The entry functions' target (K with its host) as the printer's with the same host,
        so MakePackedAPI checks and sets the printer's device type."""
        used.append(True)
        changed = {}
        for gvar, func in mod.functions.items():
            target = func.attrs.get("target") if isinstance(func, tirx.PrimFunc) else None
            if target is not None and target.kind.name == kind and target.host is not None:
                changed[gvar] = func.with_attr("target", tvm.target.Target(printer, target.host))
        if changed:
            mod.update(changed)
        return mod

    make_packed_api = tirx.transform.MakePackedAPI
    tirx.transform.MakePackedAPI = lambda: tvm.transform.Sequential([host_for_printer, make_packed_api()])
    try:
        with _registered(f"target.build.{kind}", wrap):
            yield
    except Exception:
        if failures:   # an exception crossing TVM's FFI comes back as TVM's own type
            raise failures[-1] from None
        raise
    finally:
        tirx.transform.MakePackedAPI = make_packed_api
    if not used:
        raise PrinterError("TVM's pipeline ran no MakePackedAPI: the host code's device type was not changed")
