//! kokoro-tvm: Kokoro text-to-speech from the build's compiled Relax modules, with the TVM
//! runtime linked statically. Standard library only.
//!
//! Layers: `ffi` (the tvm-ffi C ABI), `runtime` (a safe wrapper: functions, modules,
//! tensors, errors), `manifest` (the models bundle's description, every value checked),
//! `sha256` (the bundle's files against the manifest's hashes), `cpu` (the CPU features the
//! models' code needs, against this CPU's), `cuda` (the CUDA context's unused stack given
//! back), `files` (bounded reads,
//! output through a temporary name), the glue (`text`, `glue`, `noise`, `wav`), `synth`
//! (the pipeline) and `capi` (a C ABI for apps, include/kokoro_tvm.h).
//!
//! No input (bundle, voice, phonemes, C arguments) makes it panic or abort: each gives an
//! error naming the input and what to do.

pub mod capi;
pub mod cpu;
pub mod cuda;
pub mod ffi;
pub mod files;
pub mod fingerprint;
pub mod g2p;
pub mod glue;
pub mod json;
pub mod manifest;
pub mod noise;
pub mod runtime;
pub mod sha256;
pub mod synth;
pub mod text;
pub mod wav;

pub use synth::{Audio, Error, Options, Spoken, Synthesizer, Voice};
