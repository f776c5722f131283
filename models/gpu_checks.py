"""Static checks of the GPU kernels a Relax pipeline produced, before any code is generated.

In:  the IRModule at the end of models/compile.py's pipeline for a GPU target (Relax
     functions and the scheduled TIR kernels they call), the generated device source, the
     target, and the hardware's limits per block ({"threads", "shared_bytes"}: the profile
     row's gpu_limits, the oldest GPU its minimum OS admits).
Out: check_kernels(mod, target, limits), on the scheduled TIR, returns threads per block per
     kernel or raises KernelCheckError naming the kernel and the Relax functions that call
     it, for
     - a kernel whose threads per block exceed the limit;
     - `~` (tir.bitwise_not) on a boolean: LLVM computes it right, but the C-like GPU code
       generators (CUDA, Metal's MSL) print `~(bool)`, an int of -1 or -2, so a mask made
       that way is wrong on every GPU (logical_not is the operator for booleans).
     check_source(source, target, limits), on the generated CUDA or MSL source, returns the
     shared (threadgroup) memory per kernel or raises KernelCheckError naming the kernel over
     the limit, any `~` on a comparison left in the source, or any `pow` to a constant
     whole power: both GPUs compile with fast math, where pow(x, y) is exp2(y * log2(x)),
     NaN for a negative x; or any call of tanh, which CUDA's fast math makes
     tanh.approx.f32, off by up to 2^-11 (models/gpu_intrinsics.py lowers tanh instead).
No GPU is needed: this runs in every build of a GPU profile.
"""

import re

import tvm
from tvm import tirx as tir


class KernelCheckError(Exception):
    """A GPU kernel the target cannot run, or runs wrongly; the message names it."""


# What the hardware allows per block (threadgroup) is the profile row's (gpu_limits in
# site_scons/kokoro_build/profiles.py: the oldest GPU its minimum OS admits), given to
# models.compile on its command line. TVM's own target attributes (metal: max_num_threads
# 256) are scheduling preferences, not these limits.


def limits_of(target):
    """{"threads", "shared_bytes"} from a target's own attributes, for callers without a row."""
    attrs = target.attrs
    if "max_shared_memory_per_block" not in attrs:
        raise KernelCheckError(f"the {target.kind.name} target names no max_shared_memory_per_block: give the "
                               f"profile row's GPU limits")
    threads = int(attrs.get("max_threads_per_block", 0) or attrs.get("max_num_threads", 0))
    return {"threads": threads, "shared_bytes": int(attrs["max_shared_memory_per_block"])}


def _kernel_facts(func):
    """(threads per block, [problems found in the body])."""
    extents, problems = {}, []

    def visit(node):
        if isinstance(node, tir.For) and node.kind == tir.ForKind.THREAD_BINDING and node.thread_binding is not None:
            tag = node.thread_binding.thread_tag
            if tag.startswith("threadIdx") and isinstance(node.extent, tir.IntImm):
                extents[tag] = max(extents.get(tag, 1), int(node.extent))
        elif isinstance(node, tir.AttrStmt) and node.attr_key == "thread_extent":
            tag = node.node.thread_tag
            if tag.startswith("threadIdx") and isinstance(node.value, tir.IntImm):
                extents[tag] = max(extents.get(tag, 1), int(node.value))
        elif isinstance(node, tvm.ir.expr.Call) and isinstance(node.op, tvm.ir.Op) and \
                node.op.name.endswith(".bitwise_not") and node.args:
            if str(getattr(node.args[0], "ty", "")) == "bool" and not any("bitwise_not" in p for p in problems):
                problems.append("applies ~ (bitwise_not) to a boolean, which CUDA and MSL print as an int "
                                "(-1 or -2): use logical_not, or compare the other way")

    tir.stmt_functor.post_order_visit(func.body, visit)
    threads = 1
    for extent in extents.values():
        threads *= extent
    return threads, problems


def shared_bytes_declared(func):
    """Bytes of the shared (threadgroup) buffers a scheduled PrimFunc allocates, at their
    declared shapes (an upper bound: lowering may compact a buffer to what one block uses)."""
    total = [0]

    def visit(node):
        for buf in getattr(node, "alloc_buffers", ()) or ():
            if buf.scope() in ("shared", "shared.dyn"):
                count = 1
                for dim in buf.shape:
                    count *= int(dim) if isinstance(dim, tir.IntImm) else 1 << 30
                total[0] += count * tvm.DataType(str(buf.dtype)).bits // 8
    tir.stmt_functor.post_order_visit(func.body, visit)
    return total[0]


def _callers(mod):
    """{kernel name: sorted names of the Relax functions that call it}."""
    found = {}
    for gvar, func in mod.functions.items():
        if isinstance(func, tvm.relax.Function):
            for called in tvm.relax.analysis.all_global_vars(func):
                found.setdefault(called.name_hint, set()).add(gvar.name_hint)
    return {k: sorted(v) for k, v in found.items()}


def check_kernels(mod, target, limits):
    """{kernel: {"threads": n}} of the scheduled TIR kernels; KernelCheckError on the first
    kernel over the thread limit (limits: {"threads", "shared_bytes"} per block) or with a
    boolean `~` (every problem of it is listed)."""
    max_threads = limits["threads"]
    callers = _callers(mod)
    report = {}
    for gvar, func in sorted(mod.functions.items(), key=lambda item: item[0].name_hint):
        if not isinstance(func, tir.PrimFunc):
            continue
        name = gvar.name_hint
        threads, problems = _kernel_facts(func)
        if threads > max_threads:
            problems.append(f"uses {threads} threads per block; the profile's {target.kind.name} GPUs allow "
                            f"{max_threads}")
        if problems:
            used_by = ", ".join(callers.get(name, [])) or "no Relax function"
            raise KernelCheckError(f"kernel {name} (called by {used_by}) " + "; and ".join(problems))
        report[name] = {"threads": threads}
    return report


# Shared memory is counted in the generated source: the scheduled TIR still holds the full
# buffers that TVM's lowering later compacts to what one block touches.
_KERNEL = re.compile(r'(?:kernel void|__global__ void(?: __launch_bounds__\(\d+\))?)\s+(\w+)\s*\(')
_SHARED = re.compile(r'(?:threadgroup|__shared__)\s+(?:(?:__align__|alignas)\(\d+\)\s+)?([\w ]+?)\s+\w+\[(\d+)\];')
_BYTES = {"float": 4, "half": 2, "int": 4, "uint": 4, "long": 8, "ulong": 8, "int64_t": 8, "double": 8,
          "char": 1, "uchar": 1, "bool": 1, "short": 2, "ushort": 2, "signed char": 1, "unsigned char": 1,
          "unsigned int": 4, "__half": 2, "float4": 16, "float2": 8}


def shared_memory_in_source(source):
    """{kernel: bytes of shared (threadgroup) arrays it declares} in CUDA or MSL source."""
    kernels = list(_KERNEL.finditer(source))
    found = {}
    for i, match in enumerate(kernels):
        body = source[match.end():kernels[i + 1].start() if i + 1 < len(kernels) else len(source)]
        found[match.group(1)] = sum(_BYTES.get(kind.strip(), 8) * int(count)
                                    for kind, count in _SHARED.findall(body))
    return found


# Per-thread (local) arrays: what a thread's registers cannot hold goes to local memory, which a
# GPU's driver reserves for every thread the GPU can hold at once (an H100: 132 x 2048 threads),
# so 1 KiB a thread is about 270 MiB of device memory.
LOCAL_BYTES = 1024
_LOCAL = re.compile(r'^\s*(?:(?:__align__|alignas)\(\d+\)\s+)?(?!threadgroup\b|__shared__\b|return\b)([a-z_][\w ]*?)'
                    r'\s+\w+\[(\d+)\];', re.MULTILINE)


def local_memory_in_source(source):
    """{kernel: bytes of per-thread arrays it declares} in CUDA or MSL source."""
    kernels = list(_KERNEL.finditer(source))
    found = {}
    for i, match in enumerate(kernels):
        body = source[match.end():kernels[i + 1].start() if i + 1 < len(kernels) else len(source)]
        found[match.group(1)] = sum(_BYTES.get(kind.strip(), 8) * int(count) for kind, count in _LOCAL.findall(body))
    return found


def check_source(source, target, limits):
    """{kernel: shared bytes} of the generated device source; KernelCheckError naming the
    first kernel over the shared memory limit (limits["shared_bytes"]) or declaring more than
    LOCAL_BYTES of per-thread arrays, any `~` on a boolean left, a whole power by pow, or a
    tanh call."""
    limit = limits["shared_bytes"]
    shared = shared_memory_in_source(source)
    for kernel, size in sorted(shared.items()):
        if size > limit:
            raise KernelCheckError(f"kernel {kernel} declares {size} bytes of shared memory; the profile's "
                                   f"{target.kind.name} GPUs allow {limit}")
    for kernel, size in sorted(local_memory_in_source(source).items()):
        if size > LOCAL_BYTES:
            raise KernelCheckError(f"kernel {kernel} declares {size} bytes of per-thread arrays, over "
                                   f"{LOCAL_BYTES}: the driver reserves a thread's local memory for every "
                                   f"thread the GPU holds (a schedule whose tiles lowering could not bound)")
    nots = boolean_nots_in_source(source)
    if nots:
        raise KernelCheckError(f"the generated {target.kind.name} source applies ~ to a boolean ({len(nots)} "
                               f"places, first: {nots[0]})")
    powers = integer_powers_in_source(source)
    if powers:
        raise KernelCheckError(f"the generated {target.kind.name} source raises to a whole power with pow ("
                               f"{len(powers)} places, first: {powers[0]}), which fast math computes as "
                               f"exp2(y * log2(x)): NaN for a negative x (models/compile.py writes such "
                               f"powers as products)")
    tanhs = tanh_calls_in_source(source)
    if tanhs:
        raise KernelCheckError(f"the generated {target.kind.name} source calls tanh ({len(tanhs)} places, first: "
                               f"{tanhs[0]}), which fast math may approximate to 2^-11 (models/gpu_intrinsics.py "
                               f"lowers tirx.tanh as accurate_tanh: is gpu_intrinsics.register() called?)")
    if target.kind.name == "metal":
        for kernel, problems in sorted(metal_problems(source).items()):
            raise KernelCheckError(f"kernel {kernel} " + "; and ".join(problems))
    return shared


# What the oldest Apple GPUs a Metal row admits lack, and what no iPhone GPU has: checked in
# the MSL itself (a CUDA proxy of the same kernels cannot show them).
METAL_MAX_BUFFERS = 31   # buffer argument table entries per kernel (Metal feature set tables)
_METAL_FORBIDDEN = (
    (re.compile(r"\b(simd_\w+|quad_\w+|simdgroup_\w+)\s*[(<]"),
     "calls the SIMD-group function {}, which Apple GPU families before Apple6 (A13) lack (Apple7, A14, for "
     "reductions): the row's thread_warp_size must be 1"),
    (re.compile(r"\[\[\s*(\w*simdgroup\w*|\w*quadgroup\w*)\s*\]\]"),
     "takes the SIMD-group attribute [[{}]], which Apple GPU families before Apple6 lack"),
    (re.compile(r"\b((?:fast|precise)::\w+)"),
     "calls {}: the kernels use Metal's default math (the runtime compiles with fast math on), never a "
     "namespace's own variant"),
    (re.compile(r"\b(double)\b"), "uses {}, which no Apple GPU has"),
    (re.compile(r"\b(atomic_u?long|atomic<\s*u?long\s*>)"),
     "uses the 64-bit atomic {}: Apple GPUs have none before Apple8 (A15), and then only min and max"),
)
_BUFFER = re.compile(r"\[\[\s*buffer\((\d+)\)\s*\]\]")


def metal_problems(source):
    """{kernel: [problems]} of MSL source: a SIMD-group function or attribute (Apple6+), a
    function of the fast:: or precise:: namespace, a double, a 64-bit atomic, more buffer
    arguments than Metal's table holds (31)."""
    kernels = list(_KERNEL.finditer(source))
    found = {}
    for i, match in enumerate(kernels):
        text = source[match.start():kernels[i + 1].start() if i + 1 < len(kernels) else len(source)]
        problems = []
        for pattern, message in _METAL_FORBIDDEN:
            names = sorted(set(pattern.findall(text)))
            if names:
                problems.append(message.format(", ".join(names)))
        buffers = [int(n) for n in _BUFFER.findall(text)]
        if buffers and max(buffers) + 1 > METAL_MAX_BUFFERS:
            problems.append(f"takes {max(buffers) + 1} buffer arguments; Metal's table holds {METAL_MAX_BUFFERS}")
        if problems:
            found[match.group(1)] = problems
    return found


def _call_arguments(source, open_at):
    """(top-level arguments of the call whose '(' is at open_at, index of its ')')."""
    depth, i, args, start = 0, open_at, [], open_at + 1
    while i < len(source):
        c = source[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return args + [source[start:i]], i
        elif c == "," and depth == 1:
            args.append(source[start:i])
            start = i + 1
        i += 1
    return args + [source[start:]], i


_NUMBER = re.compile(r"([-+]?\d+\.\d*(?:e[-+]?\d+)?)f?\s*(?:\*/)?\s*$")


def integer_powers_in_source(source):
    """Snippets of generated C-like device source where pow/powf raises to a constant whole
    number: under fast math (CUDA's --use_fast_math, Metal's default) NaN for negative bases."""
    found = []
    for match in re.finditer(r"\bpowf?\(", source):
        args, end = _call_arguments(source, match.end() - 1)
        exponent = _NUMBER.search(args[-1]) if len(args) == 2 else None   # CUDA: 0x1p+1f/*2.000000e+00*/
        if exponent and float(exponent.group(1)).is_integer():
            found.append(source[match.start():end + 1][-160:])
    return found


def tanh_calls_in_source(source):
    """Snippets of generated device source that call tanh or tanhf (kernel names that hold
    `_tanh_` are not calls)."""
    return [source[m.start():m.start() + 60] for m in re.finditer(r"\btanhf?\(", source)]


def boolean_nots_in_source(source):
    """Snippets of generated C-like device source (CUDA, MSL) where `~` is applied to a
    comparison or a logical expression: what the bug above looks like once printed."""
    found = []
    at = source.find("~(")
    while at >= 0:
        depth, i, top = 0, at + 1, []
        while i < len(source):
            c = source[i]
            depth += c == "("
            depth -= c == ")"
            if depth == 0:
                break
            if depth == 1:
                top.append(c)
            i += 1
        outer = "".join(top).replace("<<", "  ").replace(">>", "  ").replace("->", "  ")
        if any(op in outer for op in ("<", ">", "==", "!=", "&&", "||")) or outer.lstrip("( ").startswith("!"):
            found.append(source[at:i + 1][:160])
        at = source.find("~(", at + 2)
    return found


def device_source(executable):
    """The generated device source (CUDA, MSL) of a relax.build result, '' when it has none."""
    found, pending = [], [executable.mod]
    while pending:
        module = pending.pop(0)
        if module.kind in ("cuda", "metal", "vulkan", "opencl"):
            found.append(module.inspect_source())
        pending += list(module.imports)
    return "".join(found)
