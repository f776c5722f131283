//! 16-bit PCM mono WAV files.

use std::io;

use crate::files::Staged;

/// Most samples a WAV file can hold (its sizes are 32-bit).
pub const MAX_SAMPLES: usize = (u32::MAX as usize - 36) / 2;

/// Why samples cannot be written: a non-finite sample (its index and value) or too many.
pub fn check(samples: &[f32]) -> Result<(), String> {
    if let Some(i) = samples.iter().position(|s| !s.is_finite()) {
        return Err(format!("sample {i} of {} is {} (not a finite number)", samples.len(), samples[i]));
    }
    if samples.len() > MAX_SAMPLES {
        return Err(format!("{} samples do not fit a WAV file (at most {MAX_SAMPLES})", samples.len()));
    }
    Ok(())
}

/// The WAV bytes of `samples` (clipped to [-1, 1], scaled to 16 bits) at `sample_rate`;
/// `check` them first (a non-finite sample becomes 0 here, sizes past MAX_SAMPLES wrap).
pub fn encode(samples: &[f32], sample_rate: u32) -> Vec<u8> {
    let mut out = header(samples.len(), sample_rate);
    out.extend_from_slice(&pcm16(samples));
    out
}

/// 16-bit little-endian PCM of `samples` (clipped to [-1, 1]; a non-finite sample becomes 0).
pub fn pcm16(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|&s| {
        let v = if s.is_finite() { (s.clamp(-1.0, 1.0) * 32767.0).round() as i16 } else { 0 };
        v.to_le_bytes()
    }).collect()
}

/// The 44-byte header of a 16-bit mono PCM WAV file of `count` samples.
fn header(count: usize, sample_rate: u32) -> Vec<u8> {
    let data_len = (count as u32).wrapping_mul(2);
    let mut out = Vec::with_capacity(44);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&data_len.wrapping_add(36).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&sample_rate.wrapping_mul(2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    out
}

/// A WAV file written as the audio comes: after every `append` it is a complete WAV file of
/// the samples so far (the samples are written first, then the header's sizes), so a player
/// may read it while it grows; a failure leaves the chunks appended before it.
pub struct Progressive {
    file: std::fs::File,
    count: usize,
    sample_rate: u32,
}

impl Progressive {
    /// Creates (or empties) the file at `path`: a valid WAV file of no samples.
    pub fn create(path: &std::path::Path, sample_rate: u32) -> io::Result<Progressive> {
        Progressive::over(std::fs::File::create(path)?, sample_rate)
    }

    /// The same over an open, empty file (a files::Staged writer, renamed into place once
    /// the audio is all there).
    pub fn over(mut file: std::fs::File, sample_rate: u32) -> io::Result<Progressive> {
        use std::io::Write;
        file.write_all(&header(0, sample_rate))?;
        Ok(Progressive { file, count: 0, sample_rate })
    }

    /// Appends checked samples (`check`), then updates the header's sizes.
    pub fn append(&mut self, samples: &[f32]) -> io::Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        let count = self.count + samples.len();
        if count > MAX_SAMPLES {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{count} samples do not fit a WAV file")));
        }
        if let Err(e) = check(samples) {
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        self.file.seek(SeekFrom::Start(44 + 2 * self.count as u64))?;
        self.file.write_all(&pcm16(samples))?;
        self.file.seek(SeekFrom::Start(0))?;
        self.file.write_all(&header(count, self.sample_rate))?;
        self.file.flush()?;
        self.count = count;
        Ok(())
    }
}

/// Writes the WAV file through a temporary name beside it (files::Staged), so a failed
/// write leaves no partial file and a previous file untouched; refuses what `check` refuses.
pub fn write(path: &std::path::Path, samples: &[f32], sample_rate: u32) -> io::Result<()> {
    check(samples).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{e}: nothing written")))?;
    let mut staged = Staged::create(path).map_err(io::Error::other)?;
    staged.write(&encode(samples, sample_rate))?;
    staged.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_describes_16_bit_mono_pcm_of_the_right_length() {
        let bytes = encode(&[0.0, 1.0, -1.0, 2.0], 24000);
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes(bytes[4..8].try_into().unwrap()), 36 + 8);
        assert_eq!(u32::from_le_bytes(bytes[24..28].try_into().unwrap()), 24000);
        assert_eq!(u32::from_le_bytes(bytes[40..44].try_into().unwrap()), 8);
        let samples: Vec<i16> = bytes[44..].chunks(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        assert_eq!(samples, vec![0, 32767, -32767, 32767]);
    }

    #[test]
    fn a_progressive_file_is_a_whole_wav_after_every_append() {
        let path = std::env::temp_dir().join(format!("kokoro-wav-progressive-{}.wav", std::process::id()));
        let mut file = Progressive::create(&path, 24000).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), encode(&[], 24000));
        let chunks: [&[f32]; 3] = [&[0.5, -0.25], &[1.0], &[0.0, 0.125, -1.0]];
        let mut so_far = Vec::new();
        for chunk in chunks {
            file.append(chunk).unwrap();
            so_far.extend_from_slice(chunk);
            assert_eq!(std::fs::read(&path).unwrap(), encode(&so_far, 24000));
        }
        assert!(file.append(&[f32::NAN]).unwrap_err().to_string().contains("sample 0 of 1 is NaN"));
        assert_eq!(std::fs::read(&path).unwrap(), encode(&so_far, 24000));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn a_staged_wav_written_piece_by_piece_appears_whole_at_finish() {
        let dir = std::env::temp_dir().join(format!("kokoro-wav-staged-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.wav");
        std::fs::write(&path, b"previous").unwrap();
        let mut staged = Staged::create(&path).unwrap();
        let mut file = Progressive::over(staged.writer().unwrap(), 24000).unwrap();
        file.append(&[0.5, -0.25]).unwrap();
        file.append(&[1.0]).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"previous");   // nothing in place before finish
        drop(file);
        staged.finish().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), encode(&[0.5, -0.25, 1.0], 24000));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let mut staged = Staged::create(&path).unwrap();                 // a failure before finish
        Progressive::over(staged.writer().unwrap(), 24000).unwrap().append(&[0.0]).unwrap();
        drop(staged);
        assert_eq!(std::fs::read(&path).unwrap(), encode(&[0.5, -0.25, 1.0], 24000));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writing_leaves_no_partial_file_on_failure() {
        let dir = std::env::temp_dir().join(format!("kokoro-wav-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.wav");
        write(&path, &[0.5; 10], 24000).unwrap();
        assert_eq!(std::fs::read(&path).unwrap().len(), 44 + 20);
        assert!(write(&dir.join("missing").join("x.wav"), &[0.0], 24000).is_err());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write(&path, &[0.5, f32::NAN], 24000).unwrap_err().to_string().contains("sample 1 of 2 is NaN"));
        assert_eq!(std::fs::read(&path).unwrap().len(), 44 + 20);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
