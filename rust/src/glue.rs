//! The glue between the compiled functions: buckets, durations, alignment, style rows.

/// The smallest bucket that holds `size`, or None when even the largest does not.
pub fn bucket(size: usize, buckets: &[usize]) -> Option<usize> {
    buckets.iter().copied().filter(|&b| b >= size).min()
}

/// Frames per token: round(duration / speed), at least 1 (Kokoro's forward_with_tokens).
pub fn frame_durations(duration: &[f32], speed: f32) -> Vec<usize> {
    duration.iter().map(|&d| (d / speed).round_ties_even().max(1.0) as usize).collect()
}

/// For each frame, the token it belongs to.
pub fn alignment(durations: &[usize]) -> Vec<usize> {
    durations.iter().enumerate().flat_map(|(token, &n)| std::iter::repeat(token).take(n)).collect()
}

/// Gathers rows of `source` ([channels, tokens] row-major, token stride `tokens`) into
/// [channels, frames_bucket]: column f takes the token of frame f, columns past the
/// alignment are zero.
pub fn gather_columns(source: &[f32], channels: usize, tokens: usize, align: &[usize], frames_bucket: usize) -> Vec<f32> {
    let mut out = vec![0f32; channels * frames_bucket];
    for c in 0..channels {
        let row = &source[c * tokens..(c + 1) * tokens];
        for (f, &t) in align.iter().enumerate() {
            out[c * frames_bucket + f] = row[t];
        }
    }
    out
}

/// The voice pack row for an input of `symbols` phonemes (Kokoro: pack[len(phonemes) - 1]);
/// row 0 for a pack of no rows (which Voice::check refuses).
pub fn style_row(symbols: usize, rows: usize) -> usize {
    symbols.min(rows).max(1) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_pick_the_smallest_that_fits() {
        assert_eq!(bucket(12, &[32, 128, 512]), Some(32));
        assert_eq!(bucket(32, &[32, 128, 512]), Some(32));
        assert_eq!(bucket(33, &[512, 32, 128]), Some(128));
        assert_eq!(bucket(513, &[32, 128, 512]), None);
    }

    #[test]
    fn durations_round_half_to_even_and_keep_one_frame() {
        assert_eq!(frame_durations(&[2.5, 3.5, 0.2, 10.0], 1.0), vec![2, 4, 1, 10]);
        assert_eq!(frame_durations(&[10.0, 9.0], 2.0), vec![5, 4]);
    }

    #[test]
    fn alignment_repeats_tokens_by_duration() {
        assert_eq!(alignment(&[1, 3, 2]), vec![0, 1, 1, 1, 2, 2]);
    }

    #[test]
    fn gathering_takes_each_frame_token_column_and_zero_pads() {
        // 2 channels x 3 tokens
        let source = [1., 2., 3., 10., 20., 30.];
        let out = gather_columns(&source, 2, 3, &[0, 2, 2], 4);
        assert_eq!(out, vec![1., 3., 3., 0., 10., 30., 30., 0.]);
    }

    #[test]
    fn style_rows_follow_the_phoneme_count() {
        assert_eq!(style_row(1, 510), 0);
        assert_eq!(style_row(40, 510), 39);
        assert_eq!(style_row(900, 510), 509);
        assert_eq!(style_row(0, 510), 0);
        assert_eq!(style_row(5, 0), 0);
    }
}
