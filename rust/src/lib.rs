//! kokoro-tvm: Kokoro text-to-speech from the build's compiled Relax modules, with the TVM
//! runtime linked statically. Standard library only.
//!
//! Layers: `ffi` (the tvm-ffi C ABI), `runtime` (a safe wrapper: functions, modules,
//! tensors, errors), `manifest` (the models bundle's description), the glue (`text`,
//! `glue`, `noise`, `wav`), `synth` (the pipeline) and `capi` (a C ABI for apps,
//! include/kokoro_tvm.h).

pub mod capi;
pub mod ffi;
pub mod fingerprint;
pub mod glue;
pub mod json;
pub mod manifest;
pub mod noise;
pub mod runtime;
pub mod synth;
pub mod text;
pub mod wav;

pub use synth::{Audio, Error, Options, Synthesizer, Voice};
