"""Float arithmetic for GPU kernels under fast math, and the intrinsic lowering it needs.

In:  TIR expressions (float32).
Out: rounded_product, rounded_quotient and accurate_sin build TIR with the roundings of
     correctly rounded float32 arithmetic and an accurate sine, whatever fast math the GPU
     compiles with (CUDA's --use_fast_math, which TVM passes to NVRTC; Metal's default, which
     TVM's Metal runtime keeps): there a*b+c may fuse, division and sin are approximate, and
     sin is accurate only on [-pi, pi]. register() lowers tirx.fma for CUDA (fmaf, fma) and
     Metal (fma): TVM 0.26 lowers it for LLVM only, and CUDA and MSL code generation otherwise
     stops with "Unresolved call tirx.fma". Importing the module needs no TVM.
"""

import math

import numpy as np

# 2 pi in three float32 parts, the first with 8 significant bits, for an exact x - k 2pi.
TWO_PI_PARTS = (6.28125, float(np.float32(2 * math.pi - 6.28125)),
                float(np.float32(2 * math.pi - 6.28125 - float(np.float32(2 * math.pi - 6.28125)))))
_REGISTERED = []


def _float32(value):
    """A float32 immediate holding the float32 value (TIR keeps a float32 immediate's double)."""
    from tvm.script import tirx as T
    return T.float32(float(np.float32(value)))


def rounded_product(a, b):
    """float32 a * b rounded once: fma(a, b, 0), which neither fast math nor TVM's simplifier
    merges with a neighbouring product or sum."""
    from tvm.script import tirx as T
    return T.fma(a, b, T.float32(0))


def rounded_quotient(a, divisor):
    """float32 a / divisor correctly rounded (fast math divides approximately): the quotient by
    the reciprocal, corrected once with the exact remainder fma(-q, divisor, a)."""
    from tvm.script import tirx as T
    inverse = _float32(1.0 / divisor)
    q = rounded_product(a, inverse)
    return T.fma(T.fma(-q, T.float32(divisor), a), inverse, q)


def reduce_to_pi(x):
    """x - k 2pi in [-pi, pi] (about), exact for |x| up to 2^20: k the nearest integer to x / 2pi
    (floor(q + 0.5): MSL has no nearbyint), 2pi in three parts, each step one fma."""
    from tvm.script import tirx as T
    k = T.floor(rounded_product(x, _float32(1 / (2 * math.pi))) + T.float32(0.5))
    reduced = x
    for part in TWO_PI_PARTS:
        reduced = T.fma(-k, T.float32(part), reduced)
    return reduced


def accurate_sin(x):
    """sin(x) to 4e-7 for a float32 x of up to 1e6 radians under fast math."""
    from tvm.script import tirx as T
    return T.sin(reduce_to_pi(x))


def accurate_cos(x):
    from tvm.script import tirx as T
    return T.cos(reduce_to_pi(x))


def _fma(names):
    """A rule for scalar types; None leaves other calls (TVM's own vector fma, which dlight's
    schedules make) to TVM's legalization into a multiply and an add, as before."""
    def lower(op):
        from tvm.tirx import call_pure_extern
        dtype = str(op.ty.dtype)
        return call_pure_extern(dtype, names[dtype], *op.args) if dtype in names else None
    return lower


def register():
    """Registers the fma lowerings (once per process)."""
    if _REGISTERED:
        return
    from tvm.ir import register_intrin_lowering
    register_intrin_lowering("tirx.fma", target="cuda", f=_fma({"float32": "fmaf", "float64": "fma"}), level=10)
    register_intrin_lowering("tirx.fma", target="metal", f=_fma({"float32": "fma", "float16": "fma"}), level=10)
    _REGISTERED.append(True)
