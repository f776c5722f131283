//! The decoder's Gaussian noise from a seed: exactly models/noise.py's definition
//! (Box-Muller over a counter-based splitmix64 stream), so the Python reference and this
//! pipeline draw the same noise for the same seed.

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `count` standard normal values for `seed`.
pub fn standard_normal(seed: u64, count: usize) -> Vec<f32> {
    let base = splitmix64(seed);
    let mut out = Vec::with_capacity(count + 1);
    let mut pair = 0u64;
    while out.len() < count {
        let a = splitmix64(base.wrapping_add(2 * pair)) >> 11;
        let b = splitmix64(base.wrapping_add(2 * pair + 1)) >> 11;
        let u1 = (a as f64 + 1.0) * (2.0f64).powi(-53);
        let u2 = b as f64 * (2.0f64).powi(-53);
        let (r, t) = ((-2.0 * u1.ln()).sqrt(), 2.0 * std::f64::consts::PI * u2);
        out.push((r * t.cos()) as f32);
        out.push((r * t.sin()) as f32);
        pair += 1;
    }
    out.truncate(count);
    out
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
}
