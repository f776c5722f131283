//! The synthesizer: a models bundle loaded into the Relax VM, and phonemes to audio.
//!
//! In:  a bundle folder (manifest.json, kokoro.weights, voices/) from the same build as the
//!      model library linked into this program; phonemes; a voice pack; speed and seed.
//! Out: 24 kHz mono samples, all finite.
//!
//! Checked on the way in: the manifest's every value (manifest.rs), this CPU against the CPU
//! levels the models' code is compiled for (cpu.rs: the highest it has runs), kokoro.weights against
//! the manifest's size and SHA-256, a bundle voice against its SHA-256, every voice for
//! NaN and infinity; on the way out: durations and samples for NaN and infinity.
//!
//! Chunks (text::stream_chunks): the first holds at most what the smallest token bucket
//! holds (Options::first_chunk), each next one up to twice the one before, up to
//! (context - 2) phonemes, and, where Options::memory bounds the frames, about as many as
//! that many frames speak (FRAMES_PER_SYMBOL), cut at clauses or words. Per chunk: token ids
//! padded to the smallest token bucket, bert, duration (/ speed, rounded, at least one frame
//! per token), the alignment as a gather of token rows per frame, f0n and text_encoder, the
//! smallest frame bucket that fits, the decoder with noise drawn from the seed (plus the
//! chunk's index), the audio trimmed to frames x samples-per-frame. A chunk whose frames
//! exceed the largest frame bucket within the memory bound (Manifest::chunk_memory) is split
//! in two at a word boundary.
//!
//! Memory: the weights, once; per chunk what its functions ask for (their storages and the
//! largest kernel workspace, within Options::memory); the VM's pool of freed buffers is
//! handed back whenever the buckets change (release_pool), so the peak does not grow with
//! the text.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::ffi::{DLDataType, DLDevice, DL_CPU, DL_CUDA};
use crate::files::{read_bounded, read_pieces};
use crate::g2p::{Dialect, G2p, Phonemes};
use crate::glue;
use crate::manifest::{element_count, CpuLevel, Manifest};
use crate::noise;
use crate::runtime::{self, Any, Arg, Function, Module, Tensor, TvmError};
use crate::sha256;
use crate::text::{self, TextError};

/// The sha256 of the model library (kokoro.a) linked into this program (build.rs).
pub const LINKED_LIBRARY_SHA256: &str = env!("KOKORO_MODELS_LIBRARY_SHA256");
const POOLED_ALLOCATOR: i64 = 2;
/// The largest voice pack file read (a Kokoro pack is 510 x 256 float32, 522 KB).
pub const MAX_VOICE_BYTES: u64 = 64 << 20;
const REBUILD: &str = "rebuild the models with ./scons models, or restore the bundle from the build";

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
    /// The model produced values that are not finite (NaN, infinity): no audio.
    Output(String),
    /// The models' device (the manifest's `device`) is not on this machine.
    Device(String),
    /// TVM failed.
    Tvm(TvmError),
    /// The caller's chunk callback asked to stop (after this many chunks).
    Cancelled(u64),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Bundle(m) | Error::Voice(m) | Error::Input(m) | Error::Output(m) | Error::Device(m) => write!(f, "{m}"),
            Error::Text(e) => write!(f, "{e}"),
            Error::Tvm(e) => write!(f, "TVM: {e}"),
            Error::Cancelled(n) => write!(f, "cancelled by the chunk callback after {n} chunk(s)"),
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
    /// The most symbols of the first chunk (text::stream_chunks; each next chunk may be twice
    /// the one before): None for what the smallest token bucket holds, so the first audio
    /// comes after the shortest run of the models; Some(0) for chunks as long as the largest
    /// bucket allows from the start (the fewest chunks).
    pub first_chunk: Option<usize>,
    /// The most bytes one chunk's models may ask for while they run (their storages and
    /// workspace, the manifest's functions.*.memory; the weights are apart): each chunk takes
    /// the largest frame bucket within it, a chunk needing more frames is split at a word
    /// boundary. 0: no bound (up to the largest frame bucket).
    pub memory: usize,
}

/// Options::memory's default, 160 MiB: the host tool's peak with float32 weights (312 MiB) then
/// stays within 500 MiB for any text; chunks of up to 256 frames (6.4 s of audio at speed 1).
pub const DEFAULT_MEMORY: usize = 160 << 20;

/// The frames per symbol a chunk's length is planned by when the memory bound caps its frames
/// (speech runs 2 to 3 at speed 1; a chunk that turns out longer is split).
const FRAMES_PER_SYMBOL: f32 = 3.0;

impl Default for Options {
    fn default() -> Options {
        Options { speed: 1.0, seed: 0, first_chunk: None, memory: DEFAULT_MEMORY }
    }
}

/// A voice pack: one style vector per phoneme count (`rows` x `dim` finite values).
pub struct Voice {
    pub rows: usize,
    pub dim: usize,
    pub values: Vec<f32>,
    /// The file it was read from (named in errors).
    pub path: PathBuf,
}

impl Voice {
    /// Checks the pack holds `rows` x `dim` finite values, `dim` being the model's style size.
    pub fn check(&self, style_dim: usize) -> Result<(), Error> {
        let shown = self.path.display();
        if self.rows == 0 || self.dim != style_dim || Some(self.values.len()) != self.rows.checked_mul(self.dim) {
            return Err(Error::Voice(format!("voice {shown}: {} values as {} rows of {} is not a pack of {style_dim}-value rows",
                                            self.values.len(), self.rows, self.dim)));
        }
        if let Some(i) = self.values.iter().position(|v| !v.is_finite()) {
            return Err(Error::Voice(format!(
                "voice {shown}: value {i} (row {}, column {}) is {}: a voice pack holds finite float32 values only; \
                 use another pack or convert the voice again", i / self.dim, i % self.dim, self.values[i])));
        }
        Ok(())
    }
}

/// Audio and what was predicted for it.
pub struct Audio {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
    /// Frames per token of each chunk (boundary tokens included).
    pub durations: Vec<Vec<usize>>,
}

/// What a streamed synthesis spoke: its samples went to the caller chunk by chunk and are
/// not kept (a long text's audio is not held in memory twice).
pub struct Spoken {
    /// How many samples the chunks held together.
    pub samples: usize,
    pub sample_rate: u32,
    /// Frames per token of each chunk (boundary tokens included).
    pub durations: Vec<Vec<usize>>,
}

pub struct Synthesizer {
    manifest: Manifest,
    /// The CPU level whose code runs (of the manifest's cpu.levels).
    cpu_level: CpuLevel,
    bundle: PathBuf,
    device: DLDevice,
    _vm: Module, // the functions below belong to it
    functions: BTreeMap<String, Function>,
    weights: BTreeMap<String, Tensor>,
    /// Per function: calls and seconds spent in them (take_function_times).
    times: std::sync::Mutex<BTreeMap<String, (u32, f64)>>,
    /// The token and frame buckets of the functions run last (release_pool).
    buckets_run: std::sync::Mutex<[usize; 2]>,
    /// The G2P of each dialect (US, GB), its lexicon read on the first text call in that
    /// dialect (phoneme-only apps never read one).
    g2p: [std::sync::OnceLock<Result<G2p, String>>; 2],
}

/// A models folder's G2P of a dialect: its lexicon file (the manifest's lexicon.<language>),
/// its size and sha256 checked.
pub fn load_g2p(manifest: &Manifest, bundle: &Path, dialect: Dialect) -> Result<G2p, String> {
    let entry = manifest.lexicons.get(dialect.name()).ok_or_else(|| format!(
        "{}: this models folder has no G2P lexicon for {} (manifest.json names {}), so it speaks phonemes only; \
         use the models folder ./scons builds (dist/<profile>/models), or give phonemes",
        bundle.display(), dialect.name(),
        if manifest.lexicons.is_empty() { "no lexicon".to_string() }
        else { manifest.lexicons.keys().cloned().collect::<Vec<_>>().join(", ") }))?;
    let path = bundle.join(&entry.file);
    let size = std::fs::metadata(&path).map(|m| m.len()).map_err(|e| format!("{}: {e}; {REBUILD}", path.display()))?;
    if size != entry.size as u64 {
        return Err(format!("{}: {size} bytes, the manifest says {} (truncated or replaced); {REBUILD}",
                           path.display(), entry.size));
    }
    G2p::load(&path, Some(&entry.sha256), dialect).map_err(|e| format!("{e}; {REBUILD}"))
}

/// The error for text whose phonemes are empty.
pub fn nothing_to_speak(text: &str) -> Error {
    Error::Input(if text.trim().is_empty() {
        "no text to speak (the text is empty or only spaces)".to_string()
    } else {
        "the text has nothing to speak: no English words, numbers or letters (emoji, symbols and other scripts \
         are skipped)".to_string()
    })
}

/// Text's dialect from a voice's name, as Kokoro's voices are named: 'b…' British, else US.
pub fn dialect_of_voice(voice: &OsStr) -> Dialect {
    let name = Path::new(voice).file_name().unwrap_or(voice).to_string_lossy();
    if name.starts_with('b') { Dialect::Gb } else { Dialect::Us }
}

/// The models' GPU exists (TVM's DeviceAPI kExist), so a machine without it is told so
/// before the weights are read, not by an allocation that fails.
fn check_device(manifest: &Manifest, device: DLDevice) -> Result<(), Error> {
    if device.device_type == DL_CPU {
        return Ok(());
    }
    const EXISTS: i64 = 0; // tvm::runtime::DeviceAttrKind::kExist
    let exists = Function::global("runtime.GetDeviceAttr")?
        .call(&[Arg::int(device.device_type as i64), Arg::int(device.device_id as i64), Arg::int(EXISTS)])?
        .as_int()?;
    if exists == 0 {
        return Err(Error::Device(format!(
            "these models run on a {} GPU (the manifest's device), and this machine has none that its driver \
             can use (for cuda: an NVIDIA GPU of compute capability 8.0 or newer, driver R580 or newer); the host \
             profile's tool runs on the CPU", manifest.device)));
    }
    Ok(())
}

/// The CPU level whose code runs: the highest of the library's that this CPU has the features
/// of (cpu.rs). Code of a level the CPU lacks would stop at its first instruction of AVX-512
/// (or another extension) with SIGILL.
fn cpu_level(manifest: &Manifest) -> Result<CpuLevel, Error> {
    crate::cpu::choose_here(&manifest.cpu_levels).cloned().map_err(Error::Device)
}

fn bytes_to_f32(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// IEEE 754 half precision to single, exactly (every half is a float): subnormals, zeros,
/// infinities and NaN (payload kept) included.
fn half_to_f32(half: u16) -> f32 {
    let sign = (half as u32 & 0x8000) << 16;
    let (exponent, fraction) = ((half as u32 >> 10) & 0x1f, half as u32 & 0x3ff);
    match exponent {
        0 => {   // zero or subnormal: fraction x 2^-24
            let magnitude = fraction as f32 * (1.0 / 16_777_216.0);
            if sign == 0 { magnitude } else { -magnitude }
        }
        31 => f32::from_bits(sign | 0x7f80_0000 | (fraction << 13)),
        _ => f32::from_bits(sign | ((exponent + 112) << 23) | (fraction << 13)),
    }
}

/// Little-endian float16 bytes as little-endian float32 bytes, into `out` (emptied first: one
/// buffer serves every weight, so loading does not leave the heap in pieces).
fn widen_halves(bytes: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.extend(bytes.chunks_exact(2).flat_map(|c| half_to_f32(u16::from_le_bytes([c[0], c[1]])).to_le_bytes()));
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
        if manifest.library_sha256 != LINKED_LIBRARY_SHA256 {
            return Err(Error::Bundle(format!(
                "{}: the models folder is from another build than this program's model library \
                 (its manifest names library sha256 {}, this program links {LINKED_LIBRARY_SHA256}); \
                 use the models folder built with it",
                bundle.display(), manifest.library_sha256)));
        }
        let cpu_level = cpu_level(&manifest)?;
        let device = DLDevice { device_type: manifest.device_type, device_id: 0 };
        check_device(&manifest, device)?;
        if device.device_type == DL_CUDA {   // before the context's first allocation (cuda.rs)
            crate::cuda::release_stack(device.device_id).map_err(Error::Device)?;
        }
        let lib = Module::system_lib(&cpu_level.system_lib_prefix)?;
        let where_ = format!("the system library '{}'", cpu_level.system_lib_prefix);
        let vm = Module::from_any(lib.require("vm_load_executable", &where_)?.call(&[])?, "the Relax VM")?;
        vm.require("vm_initialization", "the Relax VM")?.call(&[
            Arg::int(device.device_type as i64), Arg::int(0), Arg::int(POOLED_ALLOCATOR),
            Arg::int(DL_CPU as i64), Arg::int(0), Arg::int(POOLED_ALLOCATOR)])?;
        let mut functions = BTreeMap::new();
        for name in manifest.functions.keys() {
            functions.insert(name.clone(), vm.require(name, "the Relax VM")?);
        }
        let mut synthesizer = Synthesizer { manifest, cpu_level, bundle: bundle.to_path_buf(), device, _vm: vm, functions,
                                            weights: BTreeMap::new(), times: Default::default(),
                                            buckets_run: Default::default(), g2p: Default::default() };
        synthesizer.load_weights()?;
        Ok(synthesizer)
    }

    /// Reads the weights file once, front to back, copying each weight onto the device as it
    /// passes (one weight in memory at a time, not the whole file beside the tensors; a float16
    /// one kept as float16 where the functions take it so, else widened to float32), and checks
    /// the file's size and SHA-256 against the manifest: the weights are kept only when both are
    /// what the manifest says.
    fn load_weights(&mut self) -> Result<(), Error> {
        let m = &self.manifest;
        let path = self.bundle.join(&m.weights_file);
        let shown = path.display();
        let size_error = |found: u64| Error::Bundle(format!(
            "{shown}: {found} bytes, the manifest says {} (truncated or replaced); {REBUILD}", m.weights_size));
        let on_disk = std::fs::metadata(&path).map_err(|e| Error::Bundle(format!("{shown}: {e}; {REBUILD}")))?;
        if on_disk.is_file() && on_disk.len() != m.weights_size as u64 {
            return Err(size_error(on_disk.len()));
        }
        // Manifest::parse bounds offset + nbytes by weights.size; read_pieces refuses overlaps.
        let mut entries: Vec<_> = m.weights.iter().collect();
        entries.sort_by_key(|(_, entry)| (entry.offset, entry.nbytes));
        let pieces: Vec<(usize, usize)> = entries.iter().map(|(_, entry)| (entry.offset, entry.nbytes)).collect();
        let (device, mut loaded, mut failed) = (self.device, BTreeMap::new(), None);
        // a float16 weight stays float16 where the functions take it so (param_dtype), else it becomes float32
        let mut widened = Vec::new();
        let read = read_pieces(&path, m.weights_size as u64, &pieces, |index, bytes| {
            let (name, entry) = entries[index];
            let (bytes, dtype) = match (entry.dtype.as_str(), entry.param_dtype.as_str()) {
                ("float16", "float16") => (bytes, runtime::FLOAT16),
                ("float16", _) => {
                    widen_halves(bytes, &mut widened);
                    (&widened[..], runtime::FLOAT32)
                }
                _ => (bytes, runtime::FLOAT32),   // Manifest::parse admits no other pair
            };
            let tensor = Tensor::empty(&entry.shape, dtype, device).and_then(|t| t.copy_from_bytes(bytes).map(|_| t));
            match tensor {
                Ok(tensor) => {
                    loaded.insert(name.clone(), tensor);
                    Ok(())
                }
                Err(e) => {
                    failed = Some(Error::from(e));
                    Err(std::io::Error::other("stopped"))
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        let (length, found) = read.map_err(|e| Error::Bundle(format!("{shown}: {e}; {REBUILD}")))?;
        if length != m.weights_size as u64 {
            return Err(size_error(length));
        }
        if found != m.weights_sha256 {
            return Err(Error::Bundle(format!("{shown}: sha256 {found}, the manifest says {} (the file is corrupt or from \
                                              another build); {REBUILD}", m.weights_sha256)));
        }
        self.weights = loaded;
        Ok(())
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The CPU level whose code runs: the highest of the library's this CPU has.
    pub fn cpu_level(&self) -> &CpuLevel {
        &self.cpu_level
    }

    /// A voice: the name of a voice in the bundle (that wins), or a pack file given as a
    /// path (it contains a path separator or ends in `.f32`). A bundle voice is checked
    /// against its size and SHA-256 in the manifest; every pack must hold finite values.
    pub fn voice(&self, spec: impl AsRef<OsStr>) -> Result<Voice, Error> {
        let spec = spec.as_ref();
        let dim = self.manifest.style_dim;
        let names: Vec<&str> = self.manifest.voices.keys().map(String::as_str).collect();
        let entry = spec.to_str().and_then(|name| self.manifest.voices.get(name));
        let path = match entry {
            Some(entry) => self.bundle.join(&entry.file),
            None if looks_like_path(spec) => PathBuf::from(spec),
            None => {
                let local = if Path::new(spec).is_file() {
                    format!("; to use the file of that name here, write ./{}", spec.to_string_lossy())
                } else {
                    String::new()
                };
                return Err(Error::Voice(format!(
                    "voice '{}': the models folder has no voice of that name (its voices: {}); a voice pack file is \
                     given as a path containing '/' or ending in .f32{local}", spec.to_string_lossy(), names.join(", "))));
            }
        };
        let shown = path.display();
        let bytes = read_bounded(&path, MAX_VOICE_BYTES).map_err(|e| match entry {
            Some(_) => Error::Voice(format!("voice {}: {shown}: {e}; the bundle's voices/ folder is incomplete: {REBUILD}",
                                            spec.to_string_lossy())),
            None => Error::Voice(format!("voice {shown}: {e} (a voice is a .f32 pack file or one of the bundle's voices: {})",
                                         names.join(", "))),
        })?;
        if let Some(entry) = entry {
            let expected = entry.rows * entry.dim * 4;
            if bytes.len() != expected {
                return Err(Error::Voice(format!("voice {shown}: {} bytes, the manifest says {expected}; {REBUILD}", bytes.len())));
            }
            let found = sha256::hex_digest(&bytes);
            if found != entry.sha256 {
                return Err(Error::Voice(format!("voice {shown}: sha256 {found}, the manifest says {} (the file is corrupt \
                                                 or from another build); {REBUILD}", entry.sha256)));
            }
        }
        if bytes.is_empty() || bytes.len() % (4 * dim) != 0 {
            return Err(Error::Voice(format!("voice {shown}: {} bytes is not a float32 pack of {dim}-value rows",
                                            bytes.len())));
        }
        let voice = Voice { rows: bytes.len() / (4 * dim), dim, values: bytes_to_f32(&bytes), path };
        voice.check(dim)?;
        Ok(voice)
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
            let tensor = self.weights.get(weight)
                .ok_or_else(|| Error::Bundle(format!("functions.{name}.weights names '{weight}', which is not loaded")))?;
            args.push(tensor.view());
        }
        let function = self.functions.get(name).ok_or_else(|| Error::Bundle(format!("no function {name} loaded")))?;
        let started = std::time::Instant::now();
        let result = function.call(&args)?;
        let mut times = self.times.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = times.entry(name.to_string()).or_default();
        *entry = (entry.0 + 1, entry.1 + started.elapsed().as_secs_f64());
        Ok(result)
    }

    /// Hands the memory the Relax VM keeps for reuse back to the system (CPU) or the driver
    /// (GPU) when the functions about to run are of another bucket (kind 0: tokens, 1: frames)
    /// than the last ones. The VM's pooled allocator keeps each freed buffer for the next
    /// request of the same size, and each bucket's functions ask for sizes of their own: kept,
    /// a text whose chunks fall in several buckets would hold the buffers of every one (the
    /// peak growing with the text). Released, it holds those of the buckets running now; chunks
    /// of the same buckets, most of a long text, reuse theirs without a new allocation.
    fn release_pool(&self, kind: usize, bucket: usize) -> Result<(), Error> {
        let mut run = self.buckets_run.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if run[kind] != bucket {
            if run[kind] != 0 {
                runtime::Function::global("vm.builtin.memory_manager.clear")?.call(&[])?;
            }
            run[kind] = bucket;
        }
        Ok(())
    }

    /// Per function called since the last call of this: (name, calls, seconds), by name.
    /// Seconds from the call to its return: on a GPU, until its kernels are queued.
    pub fn take_function_times(&self) -> Vec<(String, u32, f64)> {
        let mut times = self.times.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *times).into_iter().map(|(name, (calls, seconds))| (name, calls, seconds)).collect()
    }

    fn input_dim(&self, function: &str, input: &str, axis: usize) -> Result<usize, Error> {
        self.manifest.input_dim(function, input, axis).map_err(Error::Bundle)
    }

    fn input_shape(&self, function: &str, input: &str) -> Result<Vec<i64>, Error> {
        let spec = self.manifest.function(function).map_err(Error::Bundle)?;
        spec.inputs.iter().find(|i| i.name == input).map(|i| i.shape.clone())
            .ok_or_else(|| Error::Bundle(format!("functions.{function}.inputs has no input {input}")))
    }

    /// The bundle's G2P of a dialect (its lexicon read and checked against the manifest on
    /// first use).
    pub fn g2p(&self, dialect: Dialect) -> Result<&G2p, Error> {
        self.g2p[dialect as usize].get_or_init(|| load_g2p(&self.manifest, &self.bundle, dialect))
            .as_ref().map_err(|e| Error::Bundle(e.clone()))
    }

    /// English text to the phonemes this model speaks (misaki's G2P; symbols outside the
    /// model's vocabulary dropped, as Kokoro drops them).
    pub fn phonemize(&self, text: &str, dialect: Dialect) -> Result<Phonemes, Error> {
        let mut result = self.g2p(dialect)?.phonemize(text);
        if result.phonemes.chars().any(|c| !self.manifest.vocab.contains_key(&c)) {
            result.phonemes.retain(|c| self.manifest.vocab.contains_key(&c));
        }
        Ok(result)
    }

    /// Text to audio, streamed: phonemize, then stream; text with nothing to say is an error.
    pub fn stream_text(&self, text: &str, dialect: Dialect, voice: &Voice, options: Options,
                       on_chunk: impl FnMut(&[f32]) -> bool) -> Result<Spoken, Error> {
        let phonemes = self.phonemize(text, dialect)?;
        if phonemes.phonemes.trim().is_empty() {
            return Err(nothing_to_speak(text));
        }
        self.stream(&phonemes.phonemes, voice, options, on_chunk)
    }

    /// Phonemes to audio, the whole of it in one buffer. Unknown symbols are all reported
    /// before any work.
    pub fn synthesize(&self, phonemes: &str, voice: &Voice, options: Options) -> Result<Audio, Error> {
        let mut samples = Vec::new();
        let spoken = self.stream(phonemes, voice, options, |chunk| {
            samples.extend_from_slice(chunk);
            true
        })?;
        Ok(Audio { samples, sample_rate: spoken.sample_rate, durations: spoken.durations })
    }

    /// As synthesize, handing each chunk's samples to `on_chunk` as soon as they are ready
    /// (their concatenation is synthesize's audio) and keeping none of them; `on_chunk`
    /// returning false stops the synthesis with Error::Cancelled.
    pub fn stream(&self, phonemes: &str, voice: &Voice, options: Options,
                  mut on_chunk: impl FnMut(&[f32]) -> bool) -> Result<Spoken, Error> {
        text::check(phonemes, &self.manifest.vocab)?;
        if !(options.speed > 0.0 && options.speed.is_finite()) {
            return Err(Error::Input(format!("speed {} must be a positive number", options.speed)));
        }
        voice.check(self.manifest.style_dim)?;
        let symbols_of = |tokens: usize| tokens.min(self.manifest.context_length).saturating_sub(2).max(1);
        let smallest_tokens = *self.manifest.token_buckets.iter().min().unwrap_or(&0);
        let mut max_symbols = symbols_of(*self.manifest.token_buckets.iter().max().unwrap_or(&0));
        let frame_buckets = self.manifest.stage_buckets("decoder").map_err(Error::Bundle)?;
        let most_frames = self.frame_buckets_within(smallest_tokens, options.memory)?.last().copied().unwrap_or(0);
        if most_frames < frame_buckets.last().copied().unwrap_or(0) {   // chunks planned to fit the bound
            max_symbols = max_symbols.min(((most_frames as f32 * options.speed / FRAMES_PER_SYMBOL) as usize).max(1));
        }
        let first = match options.first_chunk {
            None => symbols_of(*self.manifest.token_buckets.iter().min().unwrap_or(&0)),
            Some(0) => max_symbols,
            Some(n) => n,
        }.min(max_symbols);
        let mut spoken = Spoken { samples: 0, sample_rate: self.manifest.sample_rate, durations: Vec::new() };
        let mut pending: Vec<String> = text::stream_chunks(phonemes, first, max_symbols);
        pending.reverse();
        let mut index = 0u64;
        while let Some(chunk) = pending.pop() {
            match self.chunk(&chunk, voice, options.speed, options.seed.wrapping_add(index), options.memory)? {
                Some((samples, durations)) => {
                    if let Err(e) = crate::wav::check(&samples) {
                        return Err(Error::Output(format!(
                            "the model produced audio that is not finite for '{chunk}' with voice {}: {e}; no audio \
                             is returned; check the voice pack's values and the models bundle",
                            voice.path.display())));
                    }
                    let go_on = on_chunk(&samples);
                    spoken.samples += samples.len();
                    spoken.durations.push(durations);
                    index += 1;
                    if !go_on {
                        return Err(Error::Cancelled(index));
                    }
                }
                None => match text::halves(&chunk) {
                    Some((a, b)) => {
                        pending.push(b);
                        pending.push(a);
                    }
                    None => return Err(Error::Input(format!(
                        "'{chunk}' needs more frames than the largest frame bucket{}",
                        if options.memory == 0 { String::new() }
                        else { format!(" within the memory bound ({} MiB): raise it", options.memory >> 20) }))),
                },
            }
        }
        Ok(spoken)
    }

    /// The frame buckets whose chunk with token bucket `tokens` asks for at most `memory` bytes
    /// (Manifest::chunk_memory; 0: every bucket), smallest first; an error when none does.
    fn frame_buckets_within(&self, tokens: usize, memory: usize) -> Result<Vec<usize>, Error> {
        let m = &self.manifest;
        let buckets = m.stage_buckets("decoder").map_err(Error::Bundle)?;
        let mut within = Vec::new();
        for &f in &buckets {
            if memory == 0 || m.chunk_memory(tokens, f).map_err(Error::Bundle)? <= memory {
                within.push(f);
            }
        }
        if within.is_empty() {
            let least = m.chunk_memory(tokens, buckets.first().copied().unwrap_or(0)).map_err(Error::Bundle)?;
            return Err(Error::Input(format!(
                "a memory bound of {} MiB is less than the smallest chunk asks for ({} MiB, {tokens} tokens and {} \
                 frames): raise it", memory >> 20, least.div_ceil(1 << 20), buckets.first().copied().unwrap_or(0))));
        }
        Ok(within)
    }

    /// One chunk's samples and durations, or None when its frames exceed the largest bucket
    /// within the memory bound.
    fn chunk(&self, phonemes: &str, voice: &Voice, speed: f32, seed: u64, memory: usize)
             -> Result<Option<(Vec<f32>, Vec<usize>)>, Error> {
        let m = &self.manifest;
        let ids = text::token_ids(phonemes, &m.vocab)?;
        let tokens = ids.len();
        // Each stage's function for a bucket is the manifest's: no function name is written here.
        let stage = |name: &str, bucket: usize| m.stage_function(name, bucket).map(str::to_string).map_err(Error::Bundle);
        let t = glue::bucket(tokens, &m.stage_buckets("bert").map_err(Error::Bundle)?)
            .ok_or_else(|| Error::Input(format!("{tokens} tokens exceed the largest token bucket")))?;
        let (bert, duration_model, text_encoder) = (stage("bert", t)?, stage("duration", t)?, stage("text_encoder", t)?);
        self.release_pool(0, t)?;
        let row = glue::style_row(phonemes.chars().count(), voice.rows);
        let style = voice.values.get(row * voice.dim..(row + 1) * voice.dim)
            .ok_or_else(|| Error::Voice(format!("voice {}: has no row {row}", voice.path.display())))?;
        let (timbre, prosody) = style.split_at(voice.dim / 2);
        let mut padded = vec![0i64; t];
        padded[..tokens].copy_from_slice(&ids);
        let ids_bytes: Vec<u8> = padded.iter().flat_map(|v| v.to_le_bytes()).collect();
        let ids_tensor = self.upload(&ids_bytes, &[1, t as i64], runtime::INT64)?;
        let length = self.upload(&(tokens as i32).to_le_bytes(), &[1], runtime::INT32)?;
        let prosody = self.upload_f32(prosody, &[1, prosody.len() as i64])?;

        let d_en = Tensor::from_any(self.call(&bert, &[ids_tensor.view(), length.view()])?)?;
        let [d, duration] = two(self.call(&duration_model, &[d_en.view(), prosody.view(), length.view()])?, "duration")?;
        let duration = bytes_to_f32(&duration.to_bytes()?);
        let duration = duration.get(..tokens).ok_or_else(|| short("duration", "durations", tokens, duration.len()))?;
        if let Some(bad) = duration.iter().find(|d| !d.is_finite()) {
            return Err(Error::Output(format!("the duration model predicted {bad} frames for '{phonemes}' with voice {}: \
                                              check the voice pack's values and the models bundle", voice.path.display())));
        }
        let durations = glue::frame_durations(duration, speed);
        let frames = durations.iter().fold(0usize, |sum, &n| sum.saturating_add(n));
        let Some(f) = glue::bucket(frames, &self.frame_buckets_within(t, memory)?) else {
            return Ok(None);
        };
        let (f0n, decoder) = (stage("f0n", f)?, stage("decoder", f)?);
        self.release_pool(1, f)?;
        let align = glue::alignment(&durations);

        // en [1, C, F]: frame f takes the row of d [1, T, C] of its token
        let d_host = bytes_to_f32(&d.to_bytes()?);
        let channels = self.input_dim(&f0n, "en", 1)?;
        if d_host.len() < tokens * channels {
            return Err(short("duration", "d", tokens * channels, d_host.len()));
        }
        let mut en = vec![0f32; channels * f];
        for (frame, &token) in align.iter().enumerate() {
            for c in 0..channels {
                en[c * f + frame] = d_host[token * channels + c];
            }
        }
        let en = self.upload_f32(&en, &[1, channels as i64, f as i64])?;
        let nframes = self.upload(&(frames as i32).to_le_bytes(), &[1], runtime::INT32)?;
        let [f0, energy] = two(self.call(&f0n, &[en.view(), prosody.view(), nframes.view()])?, "f0n")?;

        let t_en = bytes_to_f32(&Tensor::from_any(self.call(&text_encoder, &[ids_tensor.view(), length.view()])?)?.to_bytes()?);
        let asr_channels = self.input_dim(&decoder, "asr", 1)?;
        if t_en.len() != asr_channels * t {
            return Err(short("text_encoder", "the encoding", asr_channels * t, t_en.len()));
        }
        let asr = glue::gather_columns(&t_en, asr_channels, t, &align, f);
        let asr = self.upload_f32(&asr, &[1, asr_channels as i64, f as i64])?;

        let noise_shape = self.input_shape(&decoder, "noise")?;
        let harmonics = self.input_dim(&decoder, "noise", 2)?;
        let valid_samples = frames * m.samples_per_frame;
        let wanted = valid_samples.checked_mul(harmonics);
        let noise_len = element_count(&noise_shape).filter(|&n| wanted.is_some_and(|w| n >= w)).ok_or_else(|| Error::Bundle(format!(
            "functions.{decoder}.inputs.noise.shape is {noise_shape:?}: it does not hold {valid_samples} samples")))?;
        let mut noise = noise::standard_normal(seed, valid_samples * harmonics);
        noise.resize(noise_len, 0.0);
        let noise = self.upload_f32(&noise, &noise_shape)?;
        let timbre = self.upload_f32(timbre, &[1, timbre.len() as i64])?;
        let audio = Tensor::from_any(self.call(&decoder, &[
            asr.view(), f0.view(), energy.view(), timbre.view(), nframes.view(), noise.view()])?)?;
        let mut samples = bytes_to_f32(&audio.to_bytes()?);
        if samples.len() < valid_samples {
            return Err(short("decoder", "audio", valid_samples, samples.len()));
        }
        samples.truncate(valid_samples);
        Ok(Some((samples, durations)))
    }
}

/// True when a voice argument is a file path: it holds a path separator or ends in `.f32`.
pub fn looks_like_path(spec: &OsStr) -> bool {
    let bytes = spec.as_encoded_bytes();
    bytes.iter().any(|&b| b.is_ascii() && std::path::is_separator(b as char)) || bytes.ends_with(b".f32")
}

/// The two tensors of a function's result tuple.
fn two(result: Any, function: &str) -> Result<[Tensor; 2], Error> {
    let items = runtime::array_items(result)?;
    let count = items.len();
    let mut items = items.into_iter();
    match (items.next(), items.next(), items.next()) {
        (Some(a), Some(b), None) => Ok([Tensor::from_any(a)?, Tensor::from_any(b)?]),
        _ => Err(Error::Bundle(format!("{function} returned {count} values, not 2: the model library does not match the manifest"))),
    }
}

fn short(function: &str, what: &str, expected: usize, found: usize) -> Error {
    Error::Bundle(format!("{function} returned {found} values of {what} where {expected} were expected: the model \
                           library does not match the manifest"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_half_widens_to_its_exact_value() {
        for bits in 0..=u16::MAX {
            let (sign, exponent, fraction) = (bits >> 15, (bits >> 10) & 0x1f, (bits & 0x3ff) as f64);
            let magnitude = match exponent {
                0 => fraction * 2f64.powi(-24),
                31 if fraction == 0.0 => f64::INFINITY,
                31 => f64::NAN,
                e => (1.0 + fraction / 1024.0) * 2f64.powi(e as i32 - 15),
            };
            let expected = if sign == 1 { -magnitude } else { magnitude };
            let got = half_to_f32(bits);
            assert!(got as f64 == expected || (got.is_nan() && expected.is_nan()), "{bits:#06x}: {got} != {expected}");
            assert_eq!(got.is_sign_negative(), sign == 1, "{bits:#06x}");
        }
        let mut out = vec![7u8; 3];
        widen_halves(&[0x00, 0x3c, 0x00, 0xc0], &mut out);
        assert_eq!(out, f32_bytes(&[1.0, -2.0]));
        assert_eq!(half_to_f32(0x7bff), 65504.0);
    }

    #[test]
    fn a_voice_argument_is_a_path_only_when_it_says_so() {
        for path in ["./synthetic", "voices/x", "x.f32", "/abs/pack", "a/b.f32"] {
            assert!(looks_like_path(OsStr::new(path)), "{path}");
        }
        for name in ["synthetic", "af_heart", "x.f32.bak", "f32"] {
            assert!(!looks_like_path(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn a_voice_must_hold_finite_rows_of_the_style_size() {
        let voice = |values: Vec<f32>, rows, dim| Voice { rows, dim, values, path: PathBuf::from("v.f32") };
        assert!(voice(vec![0.5; 8], 2, 4).check(4).is_ok());
        assert!(voice(vec![0.5; 8], 2, 4).check(8).unwrap_err().to_string().contains("not a pack of 8-value rows"));
        assert!(voice(vec![], 0, 4).check(4).is_err());
        assert!(voice(vec![0.5; 7], 2, 4).check(4).is_err());
        let mut values = vec![0.5; 8];
        values[6] = f32::INFINITY;
        let err = voice(values, 2, 4).check(4).unwrap_err().to_string();
        assert!(err.contains("voice v.f32: value 6 (row 1, column 2) is inf"), "{err}");
    }
}
