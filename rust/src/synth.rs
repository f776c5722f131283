//! The synthesizer: a models bundle loaded into the Relax VM, and phonemes to audio.
//!
//! In:  a bundle folder (manifest.json, kokoro.weights, voices/) from the same build as the
//!      model library linked into this program; phonemes; a voice pack; speed and seed.
//! Out: 24 kHz mono samples.
//!
//! Per chunk of at most (context - 2) phonemes: token ids padded to the smallest token
//! bucket, bert, duration (/ speed, rounded, at least one frame per token), the alignment
//! as a gather of token rows per frame, f0n and text_encoder, the smallest frame bucket
//! that fits, the decoder with noise drawn from the seed (plus the chunk's index), the
//! audio trimmed to frames x samples-per-frame. A chunk whose frames exceed the largest
//! frame bucket is split in two at a word boundary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::ffi::{DLDataType, DLDevice, DL_CPU, DL_METAL};
use crate::glue;
use crate::manifest::Manifest;
use crate::noise;
use crate::runtime::{self, Any, Arg, Function, Module, Tensor, TvmError};
use crate::text::{self, TextError};

/// The digest of the manifest of the model library linked into this program (build.rs).
pub const LINKED_MODELS_DIGEST: &str = env!("KOKORO_MODELS_DIGEST");
const POOLED_ALLOCATOR: i64 = 2;

#[derive(Debug)]
pub enum Error {
    /// The bundle folder is missing, unreadable, or not from this build.
    Bundle(String),
    /// The phonemes cannot be spoken.
    Text(TextError),
    /// The voice pack is missing or malformed.
    Voice(String),
    /// An option out of range, or input the model cannot hold.
    Input(String),
    /// TVM failed.
    Tvm(TvmError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Bundle(m) | Error::Voice(m) | Error::Input(m) => write!(f, "{m}"),
            Error::Text(e) => write!(f, "{e}"),
            Error::Tvm(e) => write!(f, "TVM: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<TvmError> for Error {
    fn from(e: TvmError) -> Error {
        Error::Tvm(e)
    }
}

impl From<TextError> for Error {
    fn from(e: TextError) -> Error {
        Error::Text(e)
    }
}

/// Options of one synthesis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub speed: f32,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { speed: 1.0, seed: 0 }
    }
}

/// A voice pack: one style vector per phoneme count.
pub struct Voice {
    pub rows: usize,
    pub dim: usize,
    pub values: Vec<f32>,
}

/// Audio and what was predicted for it.
pub struct Audio {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    /// Frames per token of each chunk (boundary tokens included).
    pub durations: Vec<Vec<usize>>,
}

pub struct Synthesizer {
    manifest: Manifest,
    bundle: PathBuf,
    device: DLDevice,
    _vm: Module, // the functions below belong to it
    functions: BTreeMap<String, Function>,
    weights: BTreeMap<String, Tensor>,
}

fn bytes_to_f32(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

fn f32_bytes(values: &[f32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

impl Synthesizer {
    /// Loads a bundle: checks it belongs to the linked library, loads the system library
    /// into the Relax VM and the weights onto the device.
    pub fn load(bundle: &Path) -> Result<Synthesizer, Error> {
        if !bundle.is_dir() {
            return Err(Error::Bundle(format!("{}: no such models folder", bundle.display())));
        }
        let manifest = Manifest::load(bundle).map_err(Error::Bundle)?;
        let digest = format!("{:016x}", manifest.digest);
        if digest != LINKED_MODELS_DIGEST {
            return Err(Error::Bundle(format!(
                "{}: the models folder is from another build than this program's model library \
                 (manifest digest {digest}, linked {LINKED_MODELS_DIGEST}); use the models folder built with it",
                bundle.display())));
        }
        let device = DLDevice { device_type: if manifest.profile == "ios" { DL_METAL } else { DL_CPU }, device_id: 0 };
        let lib = Module::system_lib(&manifest.system_lib_prefix)?;
        let where_ = format!("the system library '{}'", manifest.system_lib_prefix);
        let vm = Module::from_any(lib.require("vm_load_executable", &where_)?.call(&[])?, "the Relax VM")?;
        vm.require("vm_initialization", "the Relax VM")?.call(&[
            Arg::int(device.device_type as i64), Arg::int(0), Arg::int(POOLED_ALLOCATOR),
            Arg::int(DL_CPU as i64), Arg::int(0), Arg::int(POOLED_ALLOCATOR)])?;
        let mut functions = BTreeMap::new();
        for name in manifest.functions.keys() {
            functions.insert(name.clone(), vm.require(name, "the Relax VM")?);
        }
        let mut synthesizer = Synthesizer { manifest, bundle: bundle.to_path_buf(), device, _vm: vm, functions, weights: BTreeMap::new() };
        synthesizer.load_weights()?;
        Ok(synthesizer)
    }

    fn load_weights(&mut self) -> Result<(), Error> {
        let path = self.bundle.join(&self.manifest.weights_file);
        let data = std::fs::read(&path).map_err(|e| Error::Bundle(format!("{}: {e}", path.display())))?;
        for (name, entry) in &self.manifest.weights {
            let end = entry.offset + entry.nbytes;
            if end > data.len() || entry.dtype != "float32" {
                return Err(Error::Bundle(format!("{}: does not hold weight {name} as the manifest says", path.display())));
            }
            let tensor = Tensor::empty(&entry.shape, runtime::FLOAT32, self.device)?;
            tensor.copy_from_bytes(&data[entry.offset..end])?;
            self.weights.insert(name.clone(), tensor);
        }
        Ok(())
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A voice: a file path, or the name of a voice in the bundle.
    pub fn voice(&self, spec: &str) -> Result<Voice, Error> {
        let dim = self.manifest.style_dim;
        let path = match self.manifest.voices.get(spec) {
            Some(entry) if !Path::new(spec).exists() => self.bundle.join(&entry.file),
            _ => PathBuf::from(spec),
        };
        let bytes = std::fs::read(&path).map_err(|e| {
            let names: Vec<&str> = self.manifest.voices.keys().map(String::as_str).collect();
            Error::Voice(format!("voice {}: {e} (a voice is a .f32 pack file or one of the bundle's voices: {})",
                                 path.display(), names.join(", ")))
        })?;
        if bytes.is_empty() || bytes.len() % (4 * dim) != 0 {
            return Err(Error::Voice(format!("voice {}: {} bytes is not a float32 pack of {dim}-value rows",
                                            path.display(), bytes.len())));
        }
        Ok(Voice { rows: bytes.len() / (4 * dim), dim, values: bytes_to_f32(&bytes) })
    }

    fn upload(&self, bytes: &[u8], shape: &[i64], dtype: DLDataType) -> Result<Tensor, Error> {
        let tensor = Tensor::empty(shape, dtype, self.device)?;
        tensor.copy_from_bytes(bytes)?;
        Ok(tensor)
    }

    fn upload_f32(&self, values: &[f32], shape: &[i64]) -> Result<Tensor, Error> {
        self.upload(&f32_bytes(values), shape, runtime::FLOAT32)
    }

    fn call(&self, name: &str, inputs: &[Arg<'_>]) -> Result<Any, Error> {
        let spec = self.manifest.function(name).map_err(Error::Bundle)?;
        let mut args: Vec<Arg> = inputs.to_vec();
        for weight in &spec.weights {
            args.push(self.weights[weight].view());
        }
        Ok(self.functions[name].call(&args)?)
    }

    fn input_shape(&self, function: &str, input: &str) -> Result<Vec<i64>, Error> {
        let spec = self.manifest.function(function).map_err(Error::Bundle)?;
        spec.inputs.iter().find(|i| i.name == input).map(|i| i.shape.clone())
            .ok_or_else(|| Error::Bundle(format!("the manifest's {function} has no input {input}")))
    }

    /// Phonemes to audio. Unknown symbols are all reported before any work.
    pub fn synthesize(&self, phonemes: &str, voice: &Voice, options: Options) -> Result<Audio, Error> {
        self.synthesize_with(phonemes, voice, options, |_| {})
    }

    /// As synthesize, calling `on_chunk` with each chunk's samples as soon as they are ready.
    pub fn synthesize_with(&self, phonemes: &str, voice: &Voice, options: Options,
                           mut on_chunk: impl FnMut(&[f32])) -> Result<Audio, Error> {
        text::check(phonemes, &self.manifest.vocab)?;
        if !(options.speed > 0.0 && options.speed.is_finite()) {
            return Err(Error::Input(format!("speed {} must be a positive number", options.speed)));
        }
        let largest = *self.manifest.token_buckets.iter().max().unwrap_or(&0);
        let max_symbols = largest.min(self.manifest.context_length).saturating_sub(2).max(1);
        let mut audio = Audio { samples: Vec::new(), sample_rate: self.manifest.sample_rate, durations: Vec::new() };
        let mut pending: Vec<String> = text::chunks(phonemes, max_symbols);
        pending.reverse();
        let mut index = 0u64;
        while let Some(chunk) = pending.pop() {
            match self.chunk(&chunk, voice, options.speed, options.seed.wrapping_add(index))? {
                Some((samples, durations)) => {
                    on_chunk(&samples);
                    audio.samples.extend(samples);
                    audio.durations.push(durations);
                    index += 1;
                }
                None => match text::halves(&chunk) {
                    Some((a, b)) => {
                        pending.push(b);
                        pending.push(a);
                    }
                    None => return Err(Error::Input(format!("'{chunk}' needs more frames than the largest frame bucket"))),
                },
            }
        }
        Ok(audio)
    }

    /// One chunk's samples and durations, or None when its frames exceed the largest bucket.
    fn chunk(&self, phonemes: &str, voice: &Voice, speed: f32, seed: u64) -> Result<Option<(Vec<f32>, Vec<usize>)>, Error> {
        let m = &self.manifest;
        let ids = text::token_ids(phonemes, &m.vocab)?;
        let tokens = ids.len();
        let t = glue::bucket(tokens, &m.token_buckets)
            .ok_or_else(|| Error::Input(format!("{tokens} tokens exceed the largest token bucket")))?;
        let row = glue::style_row(phonemes.chars().count(), voice.rows);
        let style = &voice.values[row * voice.dim..(row + 1) * voice.dim];
        let (timbre, prosody) = style.split_at(voice.dim / 2);
        let mut padded = vec![0i64; t];
        padded[..tokens].copy_from_slice(&ids);
        let ids_bytes: Vec<u8> = padded.iter().flat_map(|v| v.to_le_bytes()).collect();
        let ids_tensor = self.upload(&ids_bytes, &[1, t as i64], runtime::INT64)?;
        let length = self.upload(&(tokens as i32).to_le_bytes(), &[1], runtime::INT32)?;
        let prosody = self.upload_f32(prosody, &[1, prosody.len() as i64])?;

        let d_en = Tensor::from_any(self.call(&format!("bert_{t}"), &[ids_tensor.view(), length.view()])?)?;
        let mut outputs = runtime::array_items(self.call(&format!("duration_{t}"), &[d_en.view(), prosody.view(), length.view()])?)?.into_iter();
        let (d, duration) = (Tensor::from_any(outputs.next().unwrap())?, Tensor::from_any(outputs.next().unwrap())?);
        let duration = bytes_to_f32(&duration.to_bytes()?);
        let durations = glue::frame_durations(&duration[..tokens], speed);
        let frames: usize = durations.iter().sum();
        let Some(f) = glue::bucket(frames, &m.frame_buckets) else {
            return Ok(None);
        };
        let align = glue::alignment(&durations);

        // en [1, C, F]: frame f takes the row of d [1, T, C] of its token
        let d_host = bytes_to_f32(&d.to_bytes()?);
        let channels = self.input_shape(&format!("f0n_{f}"), "en")?[1] as usize;
        let mut en = vec![0f32; channels * f];
        for (frame, &token) in align.iter().enumerate() {
            for c in 0..channels {
                en[c * f + frame] = d_host[token * channels + c];
            }
        }
        let en = self.upload_f32(&en, &[1, channels as i64, f as i64])?;
        let nframes = self.upload(&(frames as i32).to_le_bytes(), &[1], runtime::INT32)?;
        let mut curves = runtime::array_items(self.call(&format!("f0n_{f}"), &[en.view(), prosody.view(), nframes.view()])?)?.into_iter();
        let (f0, energy) = (Tensor::from_any(curves.next().unwrap())?, Tensor::from_any(curves.next().unwrap())?);

        let t_en = bytes_to_f32(&Tensor::from_any(self.call(&format!("text_encoder_{t}"), &[ids_tensor.view(), length.view()])?)?.to_bytes()?);
        let asr_channels = self.input_shape(&format!("decoder_{f}"), "asr")?[1] as usize;
        let asr = glue::gather_columns(&t_en, asr_channels, t, &align, f);
        let asr = self.upload_f32(&asr, &[1, asr_channels as i64, f as i64])?;

        let noise_shape = self.input_shape(&format!("decoder_{f}"), "noise")?;
        let harmonics = noise_shape[2] as usize;
        let valid_samples = frames * m.samples_per_frame;
        let mut noise = noise::standard_normal(seed, valid_samples * harmonics);
        noise.resize(noise_shape.iter().product::<i64>() as usize, 0.0);
        let noise = self.upload_f32(&noise, &noise_shape)?;
        let timbre = self.upload_f32(timbre, &[1, timbre.len() as i64])?;
        let audio = Tensor::from_any(self.call(&format!("decoder_{f}"), &[
            asr.view(), f0.view(), energy.view(), timbre.view(), nframes.view(), noise.view()])?)?;
        let mut samples = bytes_to_f32(&audio.to_bytes()?);
        samples.truncate(valid_samples);
        Ok(Some((samples, durations)))
    }
}
