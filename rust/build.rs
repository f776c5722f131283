//! Links the static TVM runtime, tvm-ffi and the model archive into this crate's programs.
//!
//! In:  TVM_BUILD_DIR (libtvm_runtime.a), TVM_FFI_BUILD_DIR (libtvm_ffi_static.a) and
//!      KOKORO_MODELS_DIR (kokoro.a), set by ./scons; nothing is searched
//!      for elsewhere. TVM_SHARED_LIBS, when not empty, names shared libraries in
//!      TVM_BUILD_DIR that replace the two static ones (the cuda profile: tvm_ffi
//!      tvm_runtime tvm_runtime_cuda, the pinned wheel's TVM runtime with its CUDA runtime).
//!      KOKORO_FRAMEWORKS: the Apple frameworks the profile's runtime needs (ios: Metal
//!      Foundation), from the profile's row.
//! Out: link directives: the archives whole (they register their functions when
//!      loaded: +whole-archive on Linux, -force_load on Apple), not bundled into the
//!      staticlib (an app links them beside it), the C++ runtime, and on Apple targets the
//!      frameworks KOKORO_FRAMEWORKS names; shared libraries each kept as needed even when nothing
//!      names its symbols (they too register functions when loaded), found at run time in
//!      ../lib beside the program's bin/ ($ORIGIN); KOKORO_MODELS_LIBRARY_SHA256, the
//!      sha256 of the linked model library (kokoro.a), which a models folder's manifest
//!      must name (library.sha256): any weights and voices written for that library load,
//!      so new weights need no new program.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/sha256.rs"]
mod sha256;

const HELP: &str = "build the crate with ./scons (it sets TVM_BUILD_DIR, TVM_FFI_BUILD_DIR and \
                    KOKORO_MODELS_DIR to the build's dist/<profile>/lib and dist/<profile>/models)";

fn required_file(var: &str, name: &str) -> PathBuf {
    println!("cargo:rerun-if-env-changed={var}");
    let dir = std::env::var_os(var).unwrap_or_else(|| panic!("{var} is not set: {HELP}"));
    let path = Path::new(&dir).join(name);
    if !path.is_file() {
        panic!("{var}={}: no {name} there: {HELP}", Path::new(&dir).display());
    }
    println!("cargo:rerun-if-changed={}", path.display());
    path
}

fn main() {
    println!("cargo:rerun-if-env-changed=TVM_SHARED_LIBS");
    let shared: Vec<String> = std::env::var("TVM_SHARED_LIBS").unwrap_or_default()
        .split_whitespace().map(str::to_string).collect();
    let mut archives = Vec::new();
    if shared.is_empty() {
        archives.push(required_file("TVM_BUILD_DIR", "libtvm_runtime.a"));
        archives.push(required_file("TVM_FFI_BUILD_DIR", "libtvm_ffi_static.a"));
    }
    let shared_paths: Vec<PathBuf> = shared.iter()
        .map(|name| required_file("TVM_BUILD_DIR", &format!("lib{name}.so"))).collect();
    let models = required_file("KOKORO_MODELS_DIR", "kokoro.a");
    let library_sha256 = sha256::hex_digest(&std::fs::read(&models).expect("read kokoro.a"));
    println!("cargo:rustc-env=KOKORO_MODELS_LIBRARY_SHA256={library_sha256}");

    // The model archive under a library name the linker can look up.
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let model_lib = out.join("libkokoro_models.a");
    std::fs::copy(&models, &model_lib).expect("copy kokoro.a");

    println!("cargo:rerun-if-env-changed=KOKORO_FRAMEWORKS");
    let frameworks = std::env::var("KOKORO_FRAMEWORKS").unwrap_or_default();
    let vendor = std::env::var("CARGO_CFG_TARGET_VENDOR").unwrap_or_default();
    archives.push(model_lib);
    if vendor == "apple" {
        for archive in &archives {
            println!("cargo:rustc-link-arg=-Wl,-force_load,{}", archive.display());
        }
        println!("cargo:rustc-link-lib=c++");
        for framework in frameworks.split_whitespace() {
            println!("cargo:rustc-link-lib=framework={framework}");
        }
    } else {
        for archive in &archives {
            let dir = archive.parent().unwrap();
            let name = archive.file_stem().unwrap().to_string_lossy();
            println!("cargo:rustc-link-search=native={}", dir.display());
            println!("cargo:rustc-link-lib=static:+whole-archive,-bundle={}", name.trim_start_matches("lib"));
        }
        if let Some(dir) = shared_paths.first().and_then(|p| p.parent()) {
            println!("cargo:rustc-link-search=native={}", dir.display());
            // The libraries' own dependencies (libcudart beside them) are found there at link time.
            println!("cargo:rustc-link-arg=-Wl,-rpath-link,{}", dir.display());
            println!("cargo:rustc-link-arg=-Wl,-rpath,$ORIGIN/../lib");
        }
        if !shared.is_empty() {
            // As link arguments, not link-lib (whose as-needed modifier is unstable): each kept as
            // needed although nothing may name its symbols.
            println!("cargo:rustc-link-arg=-Wl,--no-as-needed");
            for name in &shared {
                println!("cargo:rustc-link-arg=-l{name}");
            }
            println!("cargo:rustc-link-arg=-Wl,--as-needed");
        }
        for lib in ["stdc++", "dl", "pthread", "m"] {
            println!("cargo:rustc-link-lib={lib}");
        }
    }
}
