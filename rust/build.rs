//! Links the static TVM runtime, tvm-ffi and the model archive into this crate's programs.
//!
//! In:  KOKORO_SPEC, the profile's build spec (build/<profile>/spec.json, written by ./scons):
//!      its `link` part says how to link (`whole_archive`: "whole-archive" or "force-load";
//!      `system_libraries`; `shared_libraries`, which replace the two static runtime
//!      archives when not empty: the cuda profile's tvm_ffi tvm_runtime tvm_runtime_cuda,
//!      the pinned wheel's TVM runtime with its CUDA runtime; `frameworks`, the Apple
//!      frameworks; `rpath`, where a program finds the shared libraries at run time).
//!      TVM_BUILD_DIR (libtvm_runtime.a or the shared libraries), TVM_FFI_BUILD_DIR
//!      (libtvm_ffi_static.a) and KOKORO_MODELS_DIR (kokoro.a), set by ./scons; nothing is
//!      searched for elsewhere.
//! Out: link directives: the archives whole (they register their functions when loaded),
//!      not bundled into the staticlib (an app links them beside it), the spec's system
//!      libraries and frameworks; shared libraries each kept as needed even when nothing
//!      names its symbols (they too register functions when loaded);
//!      KOKORO_MODELS_LIBRARY_SHA256, the sha256 of the linked model library (kokoro.a),
//!      which a models folder's manifest must name (library.sha256): any weights and voices
//!      written for that library load, so new weights need no new program. A spec of another
//!      version, or without a field, stops the build naming it.

use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/sha256.rs"]
mod sha256;
#[allow(dead_code)]
#[path = "src/json.rs"]
mod json;

const HELP: &str = "build the crate with ./scons (it sets TVM_BUILD_DIR, TVM_FFI_BUILD_DIR and \
                    KOKORO_MODELS_DIR to the build's dist/<profile>/lib and dist/<profile>/models, \
                    and KOKORO_SPEC to build/<profile>/spec.json, which it writes)";

fn required_file(var: &str, name: &str) -> PathBuf {
    println!("cargo:rerun-if-env-changed={var}");
    let given = std::env::var_os(var).unwrap_or_else(|| panic!("{var} is not set: {HELP}"));
    let path = if name.is_empty() { PathBuf::from(&given) } else { Path::new(&given).join(name) };
    if !path.is_file() {
        panic!("{var}={}: no {} there: {HELP}", Path::new(&given).display(), if name.is_empty() { "file" } else { name });
    }
    println!("cargo:rerun-if-changed={}", path.display());
    path
}

/// The spec's version this build script reads (models/spec.py SPEC_VERSION).
const SPEC_VERSION: i64 = 1;

/// The spec's `link` part, checked.
struct Link {
    whole_archive: String,
    system_libraries: Vec<String>,
    shared_libraries: Vec<String>,
    frameworks: Vec<String>,
    rpath: Option<String>,
}

fn read_link() -> Link {
    let path = required_file("KOKORO_SPEC", "");   // the file itself
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("KOKORO_SPEC={}: {e}: {HELP}", path.display()));
    let spec = json::parse(&text).unwrap_or_else(|e| panic!("KOKORO_SPEC={}: not JSON ({e})", path.display()));
    let version = spec.get("spec_version").and_then(json::Json::as_i64);
    if version != Some(SPEC_VERSION) {
        panic!("KOKORO_SPEC={}: spec_version is {version:?}, this build script reads {SPEC_VERSION}: {HELP}", path.display());
    }
    let field = |name: &str| spec.get("link").and_then(|link| link.get(name))
        .unwrap_or_else(|| panic!("KOKORO_SPEC={}: no field link.{name}: {HELP}", path.display()));
    let words = |name: &str| -> Vec<String> {
        field(name).as_array().unwrap_or_else(|| panic!("KOKORO_SPEC: link.{name} is not a list"))
            .iter().map(|w| w.as_str().unwrap_or_else(|| panic!("KOKORO_SPEC: link.{name} holds a non-text")).to_string())
            .collect()
    };
    Link {
        whole_archive: field("whole_archive").as_str().expect("KOKORO_SPEC: link.whole_archive is not text").to_string(),
        system_libraries: words("system_libraries"),
        shared_libraries: words("shared_libraries"),
        frameworks: words("frameworks"),
        rpath: field("rpath").as_str().map(str::to_string),
    }
}

fn main() {
    let link = read_link();
    let mut archives = Vec::new();
    if link.shared_libraries.is_empty() {
        archives.push(required_file("TVM_BUILD_DIR", "libtvm_runtime.a"));
        archives.push(required_file("TVM_FFI_BUILD_DIR", "libtvm_ffi_static.a"));
    }
    let shared_paths: Vec<PathBuf> = link.shared_libraries.iter()
        .map(|name| required_file("TVM_BUILD_DIR", &format!("lib{name}.so"))).collect();
    let models = required_file("KOKORO_MODELS_DIR", "kokoro.a");
    let library_sha256 = sha256::hex_digest(&std::fs::read(&models).expect("read kokoro.a"));
    println!("cargo:rustc-env=KOKORO_MODELS_LIBRARY_SHA256={library_sha256}");

    // The model archive under a library name the linker can look up.
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let model_lib = out.join("libkokoro_models.a");
    std::fs::copy(&models, &model_lib).expect("copy kokoro.a");
    archives.push(model_lib);

    match link.whole_archive.as_str() {
        "force-load" => {
            for archive in &archives {
                println!("cargo:rustc-link-arg=-Wl,-force_load,{}", archive.display());
            }
        }
        "whole-archive" => {
            for archive in &archives {
                let dir = archive.parent().unwrap();
                let name = archive.file_stem().unwrap().to_string_lossy();
                println!("cargo:rustc-link-search=native={}", dir.display());
                println!("cargo:rustc-link-lib=static:+whole-archive,-bundle={}", name.trim_start_matches("lib"));
            }
        }
        other => panic!("KOKORO_SPEC: link.whole_archive is '{other}': expected whole-archive or force-load"),
    }
    if let Some(dir) = shared_paths.first().and_then(|p| p.parent()) {
        println!("cargo:rustc-link-search=native={}", dir.display());
        // The libraries' own dependencies (libcudart beside them) are found there at link time.
        println!("cargo:rustc-link-arg=-Wl,-rpath-link,{}", dir.display());
        if let Some(rpath) = &link.rpath {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{rpath}");
        }
        // As link arguments, not link-lib (whose as-needed modifier is unstable): each kept as
        // needed although nothing may name its symbols.
        println!("cargo:rustc-link-arg=-Wl,--no-as-needed");
        for name in &link.shared_libraries {
            println!("cargo:rustc-link-arg=-l{name}");
        }
        println!("cargo:rustc-link-arg=-Wl,--as-needed");
    }
    for lib in &link.system_libraries {
        println!("cargo:rustc-link-lib={lib}");
    }
    for framework in &link.frameworks {
        println!("cargo:rustc-link-lib=framework={framework}");
    }
}
