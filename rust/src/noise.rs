//! The decoder's Gaussian noise from a seed: exactly models/noise.py's definition
//! (Box-Muller over a counter-based splitmix64 stream), so the Python reference and this
//! pipeline draw the same noise for the same seed.

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Values per thread below which the draw stays on the calling thread (a thread's start costs
/// more than drawing this many).
const PER_THREAD: usize = 1 << 16;

/// `count` standard normal values for `seed`, drawn on every core: value 2k and 2k+1 are pair
/// k's, which depends on the seed and k alone, so each thread draws its own range of pairs and
/// the values are the same however many threads draw them. A chunk of 256 frames asks for
/// 1.4 million (44 ms on one core of an x86-64 machine); the decoder waits for them.
pub fn standard_normal(seed: u64, count: usize) -> Vec<f32> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    standard_normal_on(seed, count, threads)
}

/// standard_normal on at most `threads` threads.
pub fn standard_normal_on(seed: u64, count: usize, threads: usize) -> Vec<f32> {
    let base = splitmix64(seed);
    let mut out = vec![0f32; count];
    let threads = threads.clamp(1, count.div_ceil(PER_THREAD).max(1));
    // whole pairs per thread, so no pair is split between two threads
    let per_thread = count.div_ceil(threads).next_multiple_of(2);
    if threads == 1 {
        draw(base, 0, &mut out);
        return out;
    }
    std::thread::scope(|scope| {
        for (index, part) in out.chunks_mut(per_thread).enumerate() {
            scope.spawn(move || draw(base, (index * per_thread / 2) as u64, part));
        }
    });
    out
}

/// Fills `out` with the values from pair `first` on.
fn draw(base: u64, first: u64, out: &mut [f32]) {
    for (offset, values) in out.chunks_mut(2).enumerate() {
        let pair = first + offset as u64;
        let a = splitmix64(base.wrapping_add(2 * pair)) >> 11;
        let b = splitmix64(base.wrapping_add(2 * pair + 1)) >> 11;
        let u1 = (a as f64 + 1.0) * (2.0f64).powi(-53);
        let u2 = b as f64 * (2.0f64).powi(-53);
        let (r, t) = ((-2.0 * u1.ln()).sqrt(), 2.0 * std::f64::consts::PI * u2);
        values[0] = (r * t.cos()) as f32;
        if let Some(second) = values.get_mut(1) {
            *second = (r * t.sin()) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_python_definition() {
        // models/noise.py: standard_normal(7, 4)
        let expected = [0.45038798f32, 0.67080086, 0.50018, -0.13542031];
        let got = standard_normal(7, 4);
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-6, "{g} vs {e}");
        }
    }

    #[test]
    fn is_standard_normal_and_a_prefix_of_longer_draws() {
        let long = standard_normal(3, 200_001);
        assert_eq!(&long[..1001], &standard_normal(3, 1001)[..]);
        let mean = long.iter().map(|&x| x as f64).sum::<f64>() / long.len() as f64;
        let var = long.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / long.len() as f64;
        assert!(mean.abs() < 0.01 && (var - 1.0).abs() < 0.01, "mean {mean} variance {var}");
        assert_ne!(standard_normal(4, 8), standard_normal(3, 8));
    }

    #[test]
    fn is_the_same_on_any_number_of_threads() {
        for count in [0, 1, 2, 3, 131_071, 131_072, 400_001] {
            let one = standard_normal_on(5, count, 1);
            assert_eq!(one.len(), count);
            for threads in [2, 3, 7, 16] {
                assert_eq!(standard_normal_on(5, count, threads), one, "{count} values on {threads} threads");
            }
        }
    }
}
