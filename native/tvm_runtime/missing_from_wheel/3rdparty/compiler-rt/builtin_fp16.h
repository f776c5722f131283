/*
 * kokoro-tvm-build: minimal builtin_fp16.h for the runtime sources of the TVM
 * wheel, which omits it (see ../../README.md).
 *
 * IEEE-754 conversions between binary formats, parameterised by the C type,
 * its bit representation and the number of significand bits:
 *   __truncXfYf2__  narrows (e.g. float -> half), rounding to nearest, ties to even
 *   __extendXfYf2__ widens (e.g. half -> float), exactly
 * NaNs stay NaNs (quiet), infinities and signed zeros are kept.
 */
#ifndef KOKORO_TVM_BUILTIN_FP16_H_
#define KOKORO_TVM_BUILTIN_FP16_H_

#include <cstdint>
#include <cstring>

namespace kokoro_fp {
template <typename Rep, int SigBits>
struct Format {
  static constexpr int kBits = int(sizeof(Rep) * 8);
  static constexpr int kExpBits = kBits - SigBits - 1;
  static constexpr int kExpMax = (1 << kExpBits) - 1;
  static constexpr int kBias = kExpMax >> 1;
  static constexpr Rep kSigMask = (Rep(1) << SigBits) - 1;
};
}  // namespace kokoro_fp

template <typename SRC_T, typename SRC_REP_T, int SRC_SIG_BITS, typename DST_T, typename DST_REP_T,
          int DST_SIG_BITS>
static inline DST_T __truncXfYf2__(SRC_T a) {
  using Src = kokoro_fp::Format<SRC_REP_T, SRC_SIG_BITS>;
  using Dst = kokoro_fp::Format<DST_REP_T, DST_SIG_BITS>;
  constexpr int kShift = SRC_SIG_BITS - DST_SIG_BITS;
  SRC_REP_T bits;
  std::memcpy(&bits, &a, sizeof(bits));
  const DST_REP_T sign = DST_REP_T((bits >> (Src::kBits - 1)) & 1) << (Dst::kBits - 1);
  const int exp = int((bits >> SRC_SIG_BITS) & SRC_REP_T(Src::kExpMax));
  const SRC_REP_T frac = bits & Src::kSigMask;
  DST_REP_T out;
  if (exp == Src::kExpMax) {  // infinity or NaN
    DST_REP_T payload = frac ? (DST_REP_T(1) << (DST_SIG_BITS - 1)) | DST_REP_T(frac >> kShift) : 0;
    out = (DST_REP_T(Dst::kExpMax) << DST_SIG_BITS) | (payload & Dst::kSigMask);
  } else if (exp == 0) {  // zero or a subnormal far below the narrow format's range
    out = 0;
  } else {
    const int e = exp - Src::kBias + Dst::kBias;
    if (e >= Dst::kExpMax) {
      out = DST_REP_T(Dst::kExpMax) << DST_SIG_BITS;  // overflow: infinity
    } else {
      // Significand with its implicit bit, shifted so that the result's last
      // bit lands at bit 0; for subnormal results (e <= 0) shifted further.
      const SRC_REP_T sig = frac | (SRC_REP_T(1) << SRC_SIG_BITS);
      const int shift = e >= 1 ? kShift : kShift + 1 - e;
      if (shift > SRC_SIG_BITS + 1) {
        out = 0;  // below half of the smallest subnormal
      } else {
        const SRC_REP_T kept = sig >> shift;
        const SRC_REP_T rest = sig & ((SRC_REP_T(1) << shift) - 1);
        const SRC_REP_T half = SRC_REP_T(1) << (shift - 1);
        // Normal results keep the exponent above the significand; a carry
        // out of the significand moves to the next exponent (or infinity).
        DST_REP_T r = e >= 1 ? (DST_REP_T(e) << DST_SIG_BITS) | DST_REP_T(kept & Dst::kSigMask)
                             : DST_REP_T(kept);
        if (rest > half || (rest == half && (r & 1))) ++r;
        out = r;
      }
    }
  }
  out |= sign;
  DST_T result;
  std::memcpy(&result, &out, sizeof(result));
  return result;
}

template <typename SRC_T, typename SRC_REP_T, int SRC_SIG_BITS, typename DST_T, typename DST_REP_T,
          int DST_SIG_BITS>
static inline DST_T __extendXfYf2__(SRC_T a) {
  using Src = kokoro_fp::Format<SRC_REP_T, SRC_SIG_BITS>;
  using Dst = kokoro_fp::Format<DST_REP_T, DST_SIG_BITS>;
  constexpr int kShift = DST_SIG_BITS - SRC_SIG_BITS;
  SRC_REP_T bits;
  std::memcpy(&bits, &a, sizeof(bits));
  const DST_REP_T sign = DST_REP_T((bits >> (Src::kBits - 1)) & 1) << (Dst::kBits - 1);
  int exp = int((bits >> SRC_SIG_BITS) & SRC_REP_T(Src::kExpMax));
  DST_REP_T frac = DST_REP_T(bits & Src::kSigMask);
  DST_REP_T out;
  if (exp == Src::kExpMax) {  // infinity or NaN
    out = (DST_REP_T(Dst::kExpMax) << DST_SIG_BITS) | (frac << kShift);
  } else if (exp == 0 && frac == 0) {
    out = 0;
  } else {
    int e = exp - Src::kBias + Dst::kBias;
    if (exp == 0) {  // subnormal: normalise
      e += 1;
      while (!(frac & (DST_REP_T(1) << SRC_SIG_BITS))) {
        frac <<= 1;
        --e;
      }
      frac &= DST_REP_T(Src::kSigMask);
    }
    out = (DST_REP_T(e) << DST_SIG_BITS) | (frac << kShift);
  }
  out |= sign;
  DST_T result;
  std::memcpy(&result, &out, sizeof(result));
  return result;
}

#endif  // KOKORO_TVM_BUILTIN_FP16_H_
