// Compares the build's own builtin_fp16.h with the compiler's _Float16:
// every half -> float, and a dense sample of float/double -> half.
// Prints "fp16_check: N mismatches" and exits non-zero on any.
#include <builtin_fp16.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

static uint16_t HalfBits(_Float16 h) { uint16_t b; std::memcpy(&b, &h, 2); return b; }
static uint32_t FloatBits(float f) { uint32_t b; std::memcpy(&b, &f, 4); return b; }

int main() {
  long mismatches = 0, checked = 0;
  for (uint32_t h = 0; h < 65536; ++h) {  // widening: exact for every half
    _Float16 ref; uint16_t bits = uint16_t(h); std::memcpy(&ref, &bits, 2);
    float ours = __extendXfYf2__<uint16_t, uint16_t, 10, float, uint32_t, 23>(bits);
    float expect = float(ref);
    bool same = std::isnan(expect) ? std::isnan(ours) : FloatBits(ours) == FloatBits(expect);
    if (!same && mismatches++ < 5) std::printf("extend %04x: %08x vs %08x\n", h, FloatBits(ours), FloatBits(expect));
    ++checked;
  }
  for (uint64_t i = 0; i < (1ull << 32); i += 997) {  // narrowing: every 997th float
    uint32_t fb = uint32_t(i); float f; std::memcpy(&f, &fb, 4);
    uint16_t ours = __truncXfYf2__<float, uint32_t, 23, uint16_t, uint16_t, 10>(f);
    uint16_t expect = HalfBits(_Float16(f));
    bool same = std::isnan(f) ? (ours & 0x7c00) == 0x7c00 && (ours & 0x3ff) : ours == expect;
    if (!same && mismatches++ < 10) std::printf("trunc %08x: %04x vs %04x\n", fb, ours, expect);
    ++checked;
  }
  for (uint64_t i = 0; i < (1ull << 20); ++i) {  // double -> half around the half range
    double d = std::ldexp(double(i) / (1 << 20) + 1.0, int(i % 50) - 30) * ((i & 1) ? -1 : 1);
    uint16_t ours = __truncXfYf2__<double, uint64_t, 52, uint16_t, uint16_t, 10>(d);
    uint16_t expect = HalfBits(_Float16(d));
    if (ours != expect && mismatches++ < 15) std::printf("trunc double %.17g: %04x vs %04x\n", d, ours, expect);
    ++checked;
  }
  std::printf("fp16_check: %ld checked, %ld mismatches\n", checked, mismatches);
  return mismatches == 0 ? 0 : 1;
}
