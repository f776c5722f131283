//! Links the static TVM runtime, tvm-ffi and the model archive into this crate's programs.
//!
//! In:  TVM_BUILD_DIR (libtvm_runtime.a), TVM_FFI_BUILD_DIR (libtvm_ffi_static.a) and
//!      KOKORO_MODELS_DIR (kokoro.a, manifest.json), set by ./scons; nothing is searched
//!      for elsewhere.
//! Out: link directives: the three archives whole (they register their functions when
//!      loaded: +whole-archive on Linux, -force_load on Apple), not bundled into the
//!      staticlib (an app links them beside it), the C++ runtime, and on iOS the Metal and
//!      Foundation frameworks; KOKORO_MODELS_DIGEST, the fingerprint of the manifest the
//!      linked model library belongs to.

use std::path::{Path, PathBuf};

#[path = "src/fingerprint.rs"]
mod fingerprint;

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
    let runtime = required_file("TVM_BUILD_DIR", "libtvm_runtime.a");
    let ffi = required_file("TVM_FFI_BUILD_DIR", "libtvm_ffi_static.a");
    let models = required_file("KOKORO_MODELS_DIR", "kokoro.a");
    let manifest = required_file("KOKORO_MODELS_DIR", "manifest.json");
    let digest = fingerprint::fnv1a64(&std::fs::read(&manifest).expect("read manifest.json"));
    println!("cargo:rustc-env=KOKORO_MODELS_DIGEST={digest:016x}");

    // The model archive under a library name the linker can look up.
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let model_lib = out.join("libkokoro_models.a");
    std::fs::copy(&models, &model_lib).expect("copy kokoro.a");

    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let archives = [runtime, ffi, model_lib];
    if os == "ios" || os == "macos" {
        for archive in &archives {
            println!("cargo:rustc-link-arg=-Wl,-force_load,{}", archive.display());
        }
        println!("cargo:rustc-link-lib=c++");
        if os == "ios" {
            println!("cargo:rustc-link-lib=framework=Metal");
            println!("cargo:rustc-link-lib=framework=Foundation");
        }
    } else {
        for archive in &archives {
            let dir = archive.parent().unwrap();
            let name = archive.file_stem().unwrap().to_string_lossy();
            println!("cargo:rustc-link-search=native={}", dir.display());
            println!("cargo:rustc-link-lib=static:+whole-archive,-bundle={}", name.trim_start_matches("lib"));
        }
        for lib in ["stdc++", "dl", "pthread", "m"] {
            println!("cargo:rustc-link-lib={lib}");
        }
    }
}
