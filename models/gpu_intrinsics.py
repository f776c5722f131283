"""Float arithmetic for GPU kernels under fast math, and the intrinsic lowering it needs;
a sine the CPU's vectoriser can take.

In:  TIR expressions (float32).
Out: rounded_product, rounded_quotient, accurate_sin and accurate_tanh build TIR with the
     roundings of correctly rounded float32 arithmetic and an accurate sine and tanh, whatever
     fast math the GPU compiles with (CUDA's --use_fast_math, which TVM passes to NVRTC;
     Metal's default, which TVM's Metal runtime keeps): there a*b+c may fuse, division and sin
     are approximate, sin is accurate only on [-pi, pi], and tanh is the hardware's
     approximation on CUDA (tanh.approx.f32, a relative error up to 2^-11) and cancels near 0
     in TVM's Metal rule ((1 - exp(-2x)) / (1 + exp(-2x))). register() lowers
     tirx.fma for CUDA (fmaf, fma) and Metal (fma): TVM 0.26 lowers it for LLVM only, and CUDA
     and MSL code generation otherwise stops with "Unresolved call tirx.fma"; and tirx.tanh
     (float32) on both as accurate_tanh. polynomial_sin is a sine in plain arithmetic for
     CPU kernels: LLVM calls the C library's scalar sinf for a sine, one element at a time,
     and the decoder's snake activations take 10^8 sines per utterance. Importing the module
     needs no TVM.
"""

import math

import numpy as np

# 2 pi in three float32 parts, the first with 8 significant bits, for an exact x - k 2pi.
TWO_PI_PARTS = (6.28125, float(np.float32(2 * math.pi - 6.28125)),
                float(np.float32(2 * math.pi - 6.28125 - float(np.float32(2 * math.pi - 6.28125)))))
# pi likewise, for x - k pi exact for |k| below 2^16.
PI_PARTS = (3.140625, float(np.float32(math.pi - 3.140625)),
            float(np.float32(math.pi - 3.140625 - float(np.float32(math.pi - 3.140625)))))
# sin(r) = r + r^3 p(r^2) on [-pi/2, pi/2] (minimax, float32 coefficients, highest first):
# within 4 ulp of sin there in float32.
SIN_COEFFICIENTS = (2.6083159809786593541503e-06, -0.0001981069071916863322258,
                    0.00833307858556509017944336, -0.166666597127914428710938)
_REGISTERED = []
# tanh(x) / x on [0, TANH_SMALL] as a polynomial in x^2 (float32 coefficients, least squares on
# Chebyshev nodes): with Horner in float32, within 1.2 ulp of tanh there.
TANH_SMALL = 0.55
TANH_COEFFICIENTS = (1.0, -0.33333316445350647, 0.1333257555961609, -0.05385221168398857,
                     0.021073145791888237, -0.00627765292301774)


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


def polynomial_sin(x):
    """sin(x) of a float32 x in arithmetic a vector unit runs (floor, fma): x - k pi in
    [-pi/2, pi/2] with k the nearest integer to x / pi (pi in three parts, exact for |x| up to
    about 2e5), a minimax polynomial there, the sign of (-1)^k. Within 4 ulp of sin(x) (plus
    the rounding of x / pi beyond 2e5)."""
    from tvm.script import tirx as T
    k = T.floor(x * _float32(1 / math.pi) + T.float32(0.5))
    reduced = x
    for part in PI_PARTS:
        reduced = T.fma(-k, T.float32(part), reduced)
    square = reduced * reduced
    polynomial = _float32(SIN_COEFFICIENTS[0])
    for c in SIN_COEFFICIENTS[1:]:
        polynomial = T.fma(polynomial, square, _float32(c))
    sine = T.fma(reduced * square, polynomial, reduced)
    odd = k - T.float32(2) * T.floor(k * T.float32(0.5))        # 1 for an odd k, else 0
    return sine - T.float32(2) * odd * sine


def accurate_cos(x):
    from tvm.script import tirx as T
    return T.cos(reduce_to_pi(x))


def accurate_tanh(x):
    """tanh(x) of a float32 x to about 2 ulp under fast math: an odd polynomial below
    TANH_SMALL, 1 - 2 / (exp(2|x|) + 1) above it (no cancellation there; fast math's exp and
    division err by a few ulp, which the formula damps), |x| capped at 9, where tanh rounds to 1."""
    from tvm.script import tirx as T
    magnitude = T.min(T.fabs(x), T.float32(9))
    square = x * x
    polynomial = _float32(TANH_COEFFICIENTS[-1])
    for c in reversed(TANH_COEFFICIENTS[:-1]):
        polynomial = polynomial * square + _float32(c)
    large = T.float32(1) - T.float32(2) / (T.exp(magnitude + magnitude) + T.float32(1))
    return T.Select(magnitude < _float32(TANH_SMALL), x * polynomial,
                    T.Select(x < T.float32(0), -large, large))


def _tanh(op):
    """tirx.tanh of float32 as accurate_tanh; None (TVM's own rule) for other types."""
    return accurate_tanh(op.args[0]) if str(op.ty.dtype) == "float32" else None


def _fma(names):
    """A rule for scalar types; None leaves other calls (TVM's own vector fma, which dlight's
    schedules make) to TVM's legalization into a multiply and an add, as before."""
    def lower(op):
        from tvm.tirx import call_pure_extern
        dtype = str(op.ty.dtype)
        return call_pure_extern(dtype, names[dtype], *op.args) if dtype in names else None
    return lower


def register():
    """Registers the fma and tanh lowerings (once per process)."""
    if _REGISTERED:
        return
    from tvm.ir import register_intrin_lowering
    register_intrin_lowering("tirx.fma", target="cuda", f=_fma({"float32": "fmaf", "float64": "fma"}), level=10)
    register_intrin_lowering("tirx.fma", target="metal", f=_fma({"float32": "fma", "float16": "fma"}), level=10)
    for target in ("cuda", "metal"):   # above TVM's own rule, which calls the approximate tanh
        register_intrin_lowering("tirx.tanh", target=target, f=_tanh, level=99)
    _REGISTERED.append(True)
