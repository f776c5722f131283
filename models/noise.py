"""The decoder's Gaussian noise from a seed, defined so that any language can draw the same.

In:  a seed (unsigned 64-bit) and a count.
Out: standard_normal(seed, count) -> float32 [count], element k of which is

     base = splitmix64(seed)
     a, b = splitmix64(base + 2p), splitmix64(base + 2p + 1)   (p = k // 2, wrapping)
     u1 = ((a >> 11) + 1) / 2^53   in (0, 1]
     u2 = (b >> 11) / 2^53         in [0, 1)
     r = sqrt(-2 ln u1), t = 2 pi u2          (float64)
     element k = float32(r cos t) for even k, float32(r sin t) for odd k

(Box-Muller over a counter-based splitmix64 stream). The Rust pipeline
(rust/src/noise.rs) draws exactly this, so the Python reference and the
product use the same noise for the same seed.
"""

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def splitmix64(x):
    """splitmix64's output function on uint64 values (an array or a scalar), wrapping."""
    with np.errstate(over="ignore"):
        z = np.asarray(x, dtype=np.uint64) + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        return z ^ (z >> np.uint64(31))


def standard_normal(seed, count):
    base = splitmix64(np.uint64(seed % (1 << 64)))
    pairs = (count + 1) // 2
    with np.errstate(over="ignore"):
        index = base + np.arange(2 * pairs, dtype=np.uint64)
    bits = splitmix64(index).reshape(pairs, 2) >> np.uint64(11)
    u1 = (bits[:, 0].astype(np.float64) + 1.0) * 2.0 ** -53
    u2 = bits[:, 1].astype(np.float64) * 2.0 ** -53
    r, t = np.sqrt(-2.0 * np.log(u1)), 2.0 * np.pi * u2
    return np.stack([r * np.cos(t), r * np.sin(t)], axis=1).reshape(-1)[:count].astype(np.float32)
