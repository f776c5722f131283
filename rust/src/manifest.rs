//! The model manifest (manifest.json of a models folder): the one source of the shapes,
//! buckets, vocabulary, voices and audio constants the pipeline uses, and of the device and
//! the function of every stage for every bucket (so no function name is written here).

use std::collections::BTreeMap;
use std::path::Path;

use crate::ffi;
use crate::fingerprint::fnv1a64;
use crate::json::{self, Json};

#[derive(Debug, Clone, PartialEq)]
pub struct TensorSpec {
    pub name: String,
    pub shape: Vec<i64>,
    pub dtype: String,
}

#[derive(Debug, Clone)]
pub struct FunctionSpec {
    pub inputs: Vec<TensorSpec>,
    pub outputs: Vec<TensorSpec>,
    pub weights: Vec<String>,
    /// Bytes the function asks the runtime for while it runs: its storages (the VM's memory
    /// plan) and the largest workspace of one of its kernels (models/memory_plan.py).
    pub storage: usize,
    pub workspace: usize,
}

/// One stage of the pipeline (bert, duration, ...): the kind of bucket it takes and its
/// function per bucket size.
#[derive(Debug, Clone)]
pub struct Stage {
    /// `tokens` or `frames`: which of the manifest's bucket lists it is compiled for.
    pub bucket: String,
    pub functions: BTreeMap<usize, String>,
}

#[derive(Debug, Clone)]
pub struct WeightEntry {
    pub offset: usize,
    pub nbytes: usize,
    pub shape: Vec<i64>,
    pub dtype: String,
    /// The type the library's functions take it in: float32, or float16 (compiled with
    /// WEIGHTS_DTYPE=float16; such a weight is stored float16 and kept so in memory).
    pub param_dtype: String,
}

/// A G2P lexicon file (lexicon.<language>.file, .size, .sha256); bundles without text support
/// (the synthetic bundle the tests compare with PyTorch) have none.
#[derive(Debug, Clone)]
pub struct LexiconEntry {
    pub file: String,
    pub size: usize,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct VoiceEntry {
    /// The pack's path inside the bundle (relative, without '..').
    pub file: String,
    pub rows: usize,
    pub dim: usize,
    /// The lowercase hex SHA-256 of the pack file.
    pub sha256: String,
}

/// Code for one LLVM CPU level in the model library: the CPU features it needs and the system
/// library prefix its functions are registered under.
#[derive(Debug, Clone, PartialEq)]
pub struct CpuLevel {
    pub level: String,
    pub features: Vec<String>,
    pub system_lib_prefix: String,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub profile: String,
    /// The manifest's `device`: cpu, cuda or metal.
    pub device: String,
    /// DLPack's device type of the models' kernels (from `device`).
    pub device_type: i32,
    pub functions: BTreeMap<String, FunctionSpec>,
    pub stages: BTreeMap<String, Stage>,
    pub token_buckets: Vec<usize>,
    pub frame_buckets: Vec<usize>,
    pub vocab: BTreeMap<char, i64>,
    pub voices: BTreeMap<String, VoiceEntry>,
    /// The G2P's lexicon files by language (en-us, en-gb).
    pub lexicons: BTreeMap<String, LexiconEntry>,
    pub weights_file: String,
    /// The size in bytes and lowercase hex SHA-256 of the weights file.
    pub weights_size: usize,
    pub weights_sha256: String,
    pub weights: BTreeMap<String, WeightEntry>,
    pub synthetic_weights: bool,
    pub sample_rate: u32,
    pub samples_per_frame: usize,
    pub style_dim: usize,
    pub context_length: usize,
    /// The CPU levels the models' code on the CPU is compiled for, highest first (cpu.levels).
    pub cpu_levels: Vec<CpuLevel>,
    /// FNV-1a 64 of the manifest's bytes: which build the folder comes from.
    pub digest: u64,
    /// The sha256 of the model library the functions are compiled into (library.sha256):
    /// the program must link that library.
    pub library_sha256: String,
}

/// The largest manifest.json read (the build writes about 300 KB).
pub const MAX_MANIFEST_BYTES: u64 = 64 << 20;
/// The largest weights file, tensor dimension and bucket the manifest may declare.
const MAX_WEIGHTS_BYTES: i64 = 1 << 40;
const MAX_DIM: i64 = 1 << 31;
const MAX_BUCKET: i64 = 1 << 20;
const REBUILD: &str = "rebuild the models with ./scons models, or restore the bundle from the build";

fn field<'a>(doc: &'a Json, path: &[&str]) -> Result<&'a Json, String> {
    let mut at = doc;
    for key in path {
        at = at.get(key).ok_or_else(|| format!("missing field {}", path.join(".")))?;
    }
    Ok(at)
}

fn text(doc: &Json, path: &[&str]) -> Result<String, String> {
    field(doc, path)?.as_str().map(str::to_string).ok_or_else(|| format!("{} is not a string", path.join(".")))
}

fn int(doc: &Json, path: &[&str]) -> Result<i64, String> {
    field(doc, path)?.as_i64().ok_or_else(|| format!("{} is not an integer", path.join(".")))
}

/// The integer at `path`, within [low, high]; the error names the field.
fn int_in(doc: &Json, path: &[&str], low: i64, high: i64) -> Result<i64, String> {
    let value = int(doc, path)?;
    if value < low || value > high {
        return Err(format!("{} is {value}, outside [{low}, {high}]", path.join(".")));
    }
    Ok(value)
}

fn ints(value: &Json, what: &str) -> Result<Vec<i64>, String> {
    value.as_array().ok_or_else(|| format!("{what} is not a list"))?
        .iter().map(|v| v.as_i64().ok_or_else(|| format!("{what} holds a non-integer"))).collect()
}

/// A shape: a list of dimensions in [0, 2^31]; the error names the field.
fn shape(value: &Json, what: &str) -> Result<Vec<i64>, String> {
    let dims = ints(value, what)?;
    if let Some(d) = dims.iter().find(|&&d| !(0..=MAX_DIM).contains(&d)) {
        return Err(format!("{what} holds the dimension {d}, outside [0, {MAX_DIM}]"));
    }
    Ok(dims)
}

/// The number of elements of a valid shape, or None when it overflows usize.
pub fn element_count(shape: &[i64]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| usize::try_from(d).ok().and_then(|d| n.checked_mul(d)))
}

fn sha256_hex(doc: &Json, path: &[&str]) -> Result<String, String> {
    let value = text(doc, path)?;
    if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        return Err(format!("{} is not a lowercase hex SHA-256", path.join(".")));
    }
    Ok(value)
}

/// A file path inside the bundle: relative, no '..', no NUL; the error names the field.
fn bundle_path(doc: &Json, path: &[&str]) -> Result<String, String> {
    let value = text(doc, path).map_err(|_| format!("{} is missing or not a string", path.join(".")))?;
    let relative = Path::new(&value).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if value.is_empty() || value.contains('\0') || !relative {
        return Err(format!("{} is '{value}', not a relative path inside the bundle", path.join(".")));
    }
    Ok(value)
}

fn tensor_spec(value: &Json, what: &str) -> Result<TensorSpec, String> {
    Ok(TensorSpec {
        name: value.get("name").and_then(Json::as_str).unwrap_or("").to_string(),
        shape: shape(value.get("shape").ok_or_else(|| format!("{what} has no shape"))?, &format!("{what}.shape"))?,
        dtype: value.get("dtype").and_then(Json::as_str).ok_or_else(|| format!("{what} has no dtype"))?.to_string(),
    })
}

fn function_spec(name: &str, value: &Json) -> Result<FunctionSpec, String> {
    let list = |key: &str| value.get(key).and_then(Json::as_array).ok_or_else(|| format!("functions.{name}.{key} missing"));
    let specs = |key: &str| -> Result<Vec<TensorSpec>, String> {
        list(key)?.iter().enumerate().map(|(i, v)| {
            let label = v.get("name").and_then(Json::as_str).map_or_else(|| i.to_string(), str::to_string);
            tensor_spec(v, &format!("functions.{name}.{key}.{label}"))
        }).collect()
    };
    Ok(FunctionSpec {
        inputs: specs("inputs")?,
        outputs: specs("outputs")?,
        weights: list("weights")?.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| format!("functions.{name}.weights"))).collect::<Result<_, _>>()?,
        storage: int_in(value.get("memory").ok_or_else(|| format!(
                "functions.{name} has no memory: it is from an older build; {REBUILD}"))?, &["storage"], 0, MAX_WEIGHTS_BYTES)
            .map_err(|e| format!("functions.{name}.{e}"))? as usize,
        workspace: int_in(value.get("memory").unwrap_or(value), &["workspace"], 0, MAX_WEIGHTS_BYTES)
            .map_err(|e| format!("functions.{name}.{e}"))? as usize,
    })
}

impl Manifest {
    /// Reads `<folder>/manifest.json`; the error names the file and the problem.
    pub fn load(folder: &Path) -> Result<Manifest, String> {
        let path = folder.join("manifest.json");
        let bytes = crate::files::read_bounded(&path, MAX_MANIFEST_BYTES).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| format!("{}: not UTF-8", path.display()))?;
        Manifest::parse(text, fnv1a64(&bytes)).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A manifest from its text; checks every value the pipeline indexes or allocates by
    /// (shapes, offsets, sizes, buckets, paths): the error names the field.
    pub fn parse(document: &str, digest: u64) -> Result<Manifest, String> {
        let doc = json::parse(document)?;
        for path in [&["weights", "sha256"][..], &["weights", "size"], &["stages"], &["cpu", "levels"]] {
            if field(&doc, path).is_err() {
                return Err(format!("it has no field {}: it is from an older build; {REBUILD}", path.join(".")));
            }
        }
        let functions: BTreeMap<String, FunctionSpec> = field(&doc, &["functions"])?.as_object().ok_or("functions is not an object")?
            .iter().map(|(k, v)| Ok((k.clone(), function_spec(k, v)?))).collect::<Result<_, String>>()?;
        let mut vocab = BTreeMap::new();
        for (symbol, id) in field(&doc, &["vocab"])?.as_object().ok_or("vocab is not an object")? {
            let mut chars = symbol.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(format!("vocab entry '{symbol}' is not one symbol"));
            };
            vocab.insert(c, id.as_i64().ok_or_else(|| format!("vocab.{symbol} is not an integer"))?);
        }
        let weights_size = int_in(&doc, &["weights", "size"], 0, MAX_WEIGHTS_BYTES)? as usize;
        let mut weights = BTreeMap::new();
        for (name, entry) in field(&doc, &["weights", "index"])?.as_object().ok_or("weights.index is not an object")? {
            let at = |key: &'static str| ["weights", "index", name.as_str(), key];
            let offset = int_in(entry, &["offset"], 0, weights_size as i64).map_err(|_| format!("{} is not an offset in [0, weights.size]", at("offset").join(".")))? as usize;
            let nbytes = int_in(entry, &["nbytes"], 0, weights_size as i64).map_err(|_| format!("{} is not a size in [0, weights.size]", at("nbytes").join(".")))? as usize;
            if offset + nbytes > weights_size {
                return Err(format!("{} + nbytes ({offset} + {nbytes}) runs past weights.size ({weights_size})", at("offset").join(".")));
            }
            let dims = shape(field(entry, &["shape"]).map_err(|_| format!("missing field {}", at("shape").join(".")))?, &at("shape").join("."))?;
            let dtype = text(entry, &["dtype"]).map_err(|_| format!("{} is not a string", at("dtype").join(".")))?;
            // stored as float32, or as float16 (WEIGHTS_DTYPE=float16): as the functions take it
            // (param_dtype), or widened to float32 at load for a library of float32 functions
            let width = match dtype.as_str() {
                "float32" => 4,
                "float16" => 2,
                other => return Err(format!("{} is '{other}': float32 or float16", at("dtype").join("."))),
            };
            if element_count(&dims).and_then(|n| n.checked_mul(width)) != Some(nbytes) {
                return Err(format!("{}: {nbytes} bytes is not a {dtype} tensor of shape {dims:?} ({})",
                                   at("nbytes").join("."), at("dtype").join(".")));
            }
            // absent in manifests of float32 libraries of earlier builds
            let param_dtype = match entry.get("param_dtype") {
                None => "float32".to_string(),
                Some(_) => text(entry, &["param_dtype"]).map_err(|_| format!("{} is not a string", at("param_dtype").join(".")))?,
            };
            match (dtype.as_str(), param_dtype.as_str()) {
                ("float32", "float32") | ("float16", "float32") | ("float16", "float16") => {}
                (_, "float16") => return Err(format!(
                    "{} is float16 and {} {dtype}: the library takes this weight as float16 (WEIGHTS_DTYPE=float16) \
                     and the bundle stores it as {dtype}; make the bundle with WEIGHTS_DTYPE=float16",
                    at("param_dtype").join("."), at("dtype").join("."))),
                (_, other) => return Err(format!("{} is '{other}': float32 or float16", at("param_dtype").join("."))),
            }
            weights.insert(name.clone(), WeightEntry { offset, nbytes, shape: dims, dtype, param_dtype });
        }
        for (name, function) in &functions {
            if let Some(missing) = function.weights.iter().find(|w| !weights.contains_key(*w)) {
                return Err(format!("functions.{name}.weights names '{missing}', which weights.index lacks"));
            }
        }
        let style_dim = int_in(&doc, &["style_dim"], 2, MAX_DIM)? as usize;
        if style_dim % 2 != 0 {
            return Err(format!("style_dim is {style_dim}, not even (timbre and prosody halves)"));
        }
        let mut voices = BTreeMap::new();
        for (name, entry) in field(&doc, &["voices"])?.as_object().ok_or("voices is not an object")? {
            let at = |key: &'static str| ["voices", name.as_str(), key].join(".");
            if name.is_empty() || name.contains(|c: char| std::path::is_separator(c) || c == '\0') {
                return Err(format!("voices: '{name}' is not a voice name (no path separators)"));
            }
            let dims = shape(field(entry, &["shape"]).map_err(|_| format!("missing field {}", at("shape")))?, &at("shape"))?;
            let [rows, dim] = dims[..] else {
                return Err(format!("{} is {dims:?}, not [rows, {style_dim}]", at("shape")));
            };
            if rows < 1 || dim as usize != style_dim {
                return Err(format!("{} is {dims:?}, not [rows >= 1, {style_dim}]", at("shape")));
            }
            voices.insert(name.clone(), VoiceEntry {
                file: bundle_path(entry, &["file"]).map_err(|e| format!("voices.{name}.{e}"))?,
                rows: rows as usize,
                dim: dim as usize,
                sha256: sha256_hex(entry, &["sha256"])
                    .map_err(|_| format!("{} is missing or not a lowercase hex SHA-256; {REBUILD}", at("sha256")))?,
            });
        }
        let mut lexicons = BTreeMap::new();
        if let Ok(table) = field(&doc, &["lexicon"]) {
            for (language, entry) in table.as_object().ok_or("lexicon is not an object of languages")? {
                let at = |key: &str| format!("lexicon.{language}.{key}");
                lexicons.insert(language.clone(), LexiconEntry {
                    file: bundle_path(entry, &["file"]).map_err(|e| format!("lexicon.{language}.{e}"))?,
                    size: int_in(entry, &["size"], 1, MAX_WEIGHTS_BYTES).map_err(|e| format!("lexicon.{language}: {e}"))?
                        as usize,
                    sha256: sha256_hex(entry, &["sha256"])
                        .map_err(|_| format!("{} is missing or not a lowercase hex SHA-256; {REBUILD}", at("sha256")))?,
                });
            }
        }
        let buckets = |kind: &str| -> Result<Vec<usize>, String> {
            let list = ints(field(&doc, &["buckets", kind])?, &format!("buckets.{kind}"))?;
            if list.is_empty() || list.iter().any(|b| !(1..=MAX_BUCKET).contains(b)) {
                return Err(format!("buckets.{kind} is {list:?}: expected sizes in [1, {MAX_BUCKET}]"));
            }
            Ok(list.into_iter().map(|b| b as usize).collect())
        };
        let (token_buckets, frame_buckets) = (buckets("tokens")?, buckets("frames")?);
        let mut stages = BTreeMap::new();
        for (name, entry) in field(&doc, &["stages"])?.as_object().ok_or("stages is not an object")? {
            let at = |key: &str| format!("stages.{name}.{key}");
            let bucket = text(entry, &["bucket"]).map_err(|_| format!("{} is not a string", at("bucket")))?;
            let sizes = match bucket.as_str() {
                "tokens" => &token_buckets,
                "frames" => &frame_buckets,
                other => return Err(format!("{} is '{other}': expected tokens or frames", at("bucket"))),
            };
            let mut by_size = BTreeMap::new();
            for (size, function) in field(entry, &["functions"]).ok().and_then(Json::as_object)
                .ok_or_else(|| format!("{} is not an object", at("functions")))? {
                let size: usize = size.parse().ok().filter(|s| sizes.contains(s))
                    .ok_or_else(|| format!("{}: '{size}' is not one of buckets.{bucket} {sizes:?}", at("functions")))?;
                let function = function.as_str().filter(|f| functions.contains_key(*f))
                    .ok_or_else(|| format!("{}.{size} names no function of the manifest", at("functions")))?;
                by_size.insert(size, function.to_string());
            }
            stages.insert(name.clone(), Stage { bucket, functions: by_size });
        }
        let device = text(&doc, &["device"])?;
        let device_type = match device.as_str() {
            "cpu" => ffi::DL_CPU,
            "cuda" => ffi::DL_CUDA,
            "metal" => ffi::DL_METAL,
            other => return Err(format!("device is '{other}': expected cpu, cuda or metal; {REBUILD}")),
        };
        let cpu_levels = field(&doc, &["cpu", "levels"])?.as_array().filter(|l| !l.is_empty())
            .ok_or("cpu.levels is not a list of levels")?.iter().enumerate().map(|(i, entry)| {
                let at = |key: &str| format!("cpu.levels[{i}].{key}");
                let name = |key: &str| field(entry, &[key]).ok().and_then(Json::as_str).map(str::to_string)
                    .ok_or_else(|| format!("{} is not a string", at(key)));
                let features = field(entry, &["features"]).ok().and_then(Json::as_array)
                    .ok_or_else(|| format!("{} is not a list", at("features")))?.iter()
                    .map(|f| f.as_str().map(str::to_string).ok_or_else(|| format!("{} holds a non-string", at("features"))))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(CpuLevel { level: name("level")?, features, system_lib_prefix: name("system_lib_prefix")? })
            }).collect::<Result<Vec<_>, String>>()?;
        Ok(Manifest {
            profile: text(&doc, &["profile"])?,
            cpu_levels,
            device,
            device_type,
            functions,
            stages,
            token_buckets,
            frame_buckets,
            vocab,
            voices,
            lexicons,
            weights_file: bundle_path(&doc, &["weights", "file"])?,
            weights_size,
            weights_sha256: sha256_hex(&doc, &["weights", "sha256"])?,
            weights,
            synthetic_weights: text(&doc, &["weights", "identity", "kind"])? == "synthetic",
            sample_rate: int_in(&doc, &["sample_rate"], 1, 1 << 20)? as u32,
            samples_per_frame: int_in(&doc, &["samples_per_frame"], 1, MAX_BUCKET)? as usize,
            style_dim,
            context_length: int_in(&doc, &["context_length"], 3, MAX_BUCKET)? as usize,
            digest,
            library_sha256: sha256_hex(&doc, &["library", "sha256"])?,
        })
    }

    /// The buckets `stage` is compiled for, ascending.
    pub fn stage_buckets(&self, stage: &str) -> Result<Vec<usize>, String> {
        let found = self.stages.get(stage).ok_or_else(|| format!("the manifest has no stage {stage}; {REBUILD}"))?;
        Ok(found.functions.keys().copied().collect())
    }

    /// The name of `stage`'s function for `bucket`; the error names both.
    pub fn stage_function(&self, stage: &str, bucket: usize) -> Result<&str, String> {
        self.stages.get(stage).and_then(|s| s.functions.get(&bucket)).map(String::as_str)
            .ok_or_else(|| format!("the manifest has no function of stage {stage} for bucket {bucket}; {REBUILD}"))
    }

    /// Bytes a chunk asks the runtime for while it runs with token bucket `tokens` and frame
    /// bucket `frames`: the storages of every stage's function for its bucket (the VM keeps
    /// each for reuse while the buckets stay the same) and the largest workspace among them.
    pub fn chunk_memory(&self, tokens: usize, frames: usize) -> Result<usize, String> {
        let (mut storage, mut workspace) = (0usize, 0usize);
        for (name, stage) in &self.stages {
            let function = self.function(self.stage_function(name, if stage.bucket == "tokens" { tokens } else { frames })?)?;
            storage = storage.saturating_add(function.storage);
            workspace = workspace.max(function.workspace);
        }
        Ok(storage.saturating_add(workspace))
    }

    pub fn function(&self, name: &str) -> Result<&FunctionSpec, String> {
        self.functions.get(name).ok_or_else(|| format!("the manifest has no function {name}"))
    }

    /// Dimension `axis` of `function`'s input `input`; the error names the field.
    pub fn input_dim(&self, function: &str, input: &str, axis: usize) -> Result<usize, String> {
        let spec = self.function(function)?;
        let shape = &spec.inputs.iter().find(|i| i.name == input)
            .ok_or_else(|| format!("functions.{function}.inputs has no input {input}"))?.shape;
        shape.get(axis).map(|&d| d as usize)
            .ok_or_else(|| format!("functions.{function}.inputs.{input}.shape is {shape:?}: it has no axis {axis}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "081274cf440b7739081c5ad0fe12f5c78c9d7b08e8c14a4484c13bb36cdef4de";

    /// A small valid manifest: one function, two weights (24 bytes), one voice.
    fn document() -> String {
        format!(r#"{{"profile": "host", "device": "cpu", "format": 1, "library": {{"sha256": "{HASH}"}},
            "functions": {{"f_32": {{"inputs": [{{"name": "x", "shape": [1, 4, 32], "dtype": "float32"}}],
                                    "outputs": [{{"shape": [1, 32], "dtype": "float32"}}], "weights": ["a", "b"],
                                    "memory": {{"storage": 4096, "workspace": 0}}}}}},
            "vocab": {{"a": 1, "ə": 2}},
            "weights": {{"file": "kokoro.weights", "size": 24, "sha256": "{HASH}", "identity": {{"kind": "synthetic"}},
                        "index": {{"a": {{"offset": 0, "nbytes": 8, "shape": [2], "dtype": "float32"}},
                                  "b": {{"offset": 8, "nbytes": 16, "shape": [2, 2], "dtype": "float32"}}}}}},
            "voices": {{"v": {{"file": "voices/v.f32", "shape": [510, 4], "sha256": "{HASH}", "dtype": "float32"}}}},
            "buckets": {{"tokens": [32], "frames": [64]}},
            "stages": {{"f": {{"bucket": "tokens", "functions": {{"32": "f_32"}}}}}},
            "cpu": {{"levels": [{{"level": "x86-64-v4", "features": ["avx2", "avx512f", "fma"], "system_lib_prefix": "p_v4_"}},
                              {{"level": "x86-64-v3", "features": ["avx2", "fma"], "system_lib_prefix": "p_v3_"}}]}},
            "sample_rate": 24000, "samples_per_frame": 600, "style_dim": 4, "context_length": 512}}"#)
    }

    fn refused(from: &str, to: &str) -> String {
        let text = document();
        assert!(text.contains(from), "{from}");
        Manifest::parse(&text.replacen(from, to, 1), 0).expect_err(to)
    }

    #[test]
    fn a_valid_manifest_parses() {
        let m = Manifest::parse(&document(), 7).unwrap();
        assert_eq!((m.weights_size, m.weights_sha256.as_str(), m.digest, m.library_sha256.as_str()), (24, HASH, 7, HASH));
        assert_eq!((m.voices["v"].rows, m.voices["v"].dim, m.voices["v"].sha256.as_str()), (510, 4, HASH));
        assert_eq!(m.input_dim("f_32", "x", 2), Ok(32));
        assert!(m.input_dim("f_32", "x", 3).unwrap_err().contains("functions.f_32.inputs.x.shape is [1, 4, 32]"));
        assert_eq!((m.stage_buckets("f"), m.stage_function("f", 32)), (Ok(vec![32]), Ok("f_32")));
        assert!(m.stage_function("f", 64).unwrap_err().contains("no function of stage f for bucket 64"));
        assert!(m.stage_buckets("g").unwrap_err().contains("no stage g"));
        let levels: Vec<_> = m.cpu_levels.iter().map(|l| (l.level.as_str(), l.features.len(), l.system_lib_prefix.as_str())).collect();
        assert_eq!(levels, [("x86-64-v4", 3, "p_v4_"), ("x86-64-v3", 2, "p_v3_")]);
    }

    #[test]
    fn the_cpu_levels_are_a_list_of_levels_with_features_and_a_prefix() {
        assert!(refused(r#""cpu": {"levels""#, r#""cpu": {"level""#).contains("no field cpu.levels: it is from an older build"));
        assert!(refused(r#""cpu": {"levels": ["#, r#""cpu": {"levels": [], "x": ["#).contains("cpu.levels is not a list of levels"));
        assert!(refused(r#"["avx2", "fma"]"#, r#""avx2""#).contains("cpu.levels[1].features is not a list"));
        assert!(refused(r#"["avx2", "fma"]"#, r#"["avx2", 1]"#).contains("cpu.levels[1].features holds a non-string"));
        assert!(refused(r#""p_v4_""#, "4").contains("cpu.levels[0].system_lib_prefix is not a string"));
    }

    #[test]
    fn the_device_comes_from_the_manifest() {
        assert_eq!(Manifest::parse(&document(), 0).unwrap().device_type, ffi::DL_CPU);
        let on = |device: &str| Manifest::parse(&document().replacen(r#""device": "cpu""#, &format!(r#""device": "{device}""#), 1), 0);
        assert_eq!(on("cuda").unwrap().device_type, ffi::DL_CUDA);
        assert_eq!(on("metal").unwrap().device_type, ffi::DL_METAL);
        assert!(on("vulkan").unwrap_err().contains("device is 'vulkan': expected cpu, cuda or metal"));
        assert!(refused(r#""device": "cpu", "#, "").contains("device"));
    }

    #[test]
    fn a_manifest_of_an_older_build_is_refused() {
        let err = refused(r#""sha256": "081274cf440b7739081c5ad0fe12f5c78c9d7b08e8c14a4484c13bb36cdef4de", "identity""#, r#""identity""#);
        assert!(err.contains("no field weights.sha256: it is from an older build") && err.contains("./scons models"), "{err}");
        assert!(refused(r#""size": 24,"#, "").contains("no field weights.size"));
        assert!(refused(r#""stages": {"f": {"bucket": "tokens", "functions": {"32": "f_32"}}},"#, "")
            .contains("no field stages: it is from an older build"));
        assert!(refused(r#""sha256": "081274cf440b7739081c5ad0fe12f5c78c9d7b08e8c14a4484c13bb36cdef4de", "dtype""#, r#""dtype""#)
            .contains("voices.v.sha256"));
    }

    #[test]
    fn weights_stored_as_float16_take_two_bytes_each() {
        let halves = document().replacen(r#""nbytes": 16, "shape": [2, 2], "dtype": "float32""#,
                                         r#""nbytes": 8, "shape": [2, 2], "dtype": "float16""#, 1);
        let m = Manifest::parse(&halves, 0).unwrap();
        assert_eq!((m.weights["b"].nbytes, m.weights["b"].dtype.as_str()), (8, "float16"));
        assert_eq!(m.weights["a"].dtype, "float32");
        assert_eq!((m.weights["a"].param_dtype.as_str(), m.weights["b"].param_dtype.as_str()), ("float32", "float32"));
        // a library compiled with WEIGHTS_DTYPE=float16 takes the weight as float16: kept so in memory
        let taken = halves.replacen(r#""dtype": "float16""#, r#""dtype": "float16", "param_dtype": "float16""#, 1);
        assert_eq!(Manifest::parse(&taken, 0).unwrap().weights["b"].param_dtype, "float16");
    }

    #[test]
    fn a_library_taking_float16_weights_refuses_a_float32_file() {
        let err = refused(r#""shape": [2, 2], "dtype": "float32""#, r#""shape": [2, 2], "dtype": "float32", "param_dtype": "float16""#);
        assert!(err.contains("weights.index.b.param_dtype is float16 and weights.index.b.dtype float32")
                && err.contains("make the bundle with WEIGHTS_DTYPE=float16"), "{err}");
        let err = refused(r#""shape": [2, 2], "dtype": "float32""#, r#""shape": [2, 2], "dtype": "float32", "param_dtype": "int8""#);
        assert!(err.contains("weights.index.b.param_dtype is 'int8': float32 or float16"), "{err}");
        let err = refused(r#""shape": [2, 2], "dtype": "float32""#, r#""shape": [2, 2], "dtype": "float32", "param_dtype": 16"#);
        assert!(err.contains("weights.index.b.param_dtype is not a string"), "{err}");
    }

    #[test]
    fn every_indexed_value_is_checked_and_named() {
        let cases = [
            (r#""shape": [510, 4]"#, r#""shape": [510]"#, "voices.v.shape is [510], not [rows, 4]"),
            (r#""shape": [510, 4]"#, r#""shape": []"#, "voices.v.shape is []"),
            (r#""shape": [510, 4]"#, r#""shape": [0, 4]"#, "voices.v.shape is [0, 4]"),
            (r#""shape": [510, 4]"#, r#""shape": [510, -4]"#, "voices.v.shape holds the dimension -4"),
            (r#""offset": 8"#, r#""offset": -8"#, "weights.index.b.offset is not an offset"),
            (r#""offset": 8"#, r#""offset": 1e300"#, "weights.index.b.offset is not an offset"),
            (r#""offset": 8"#, r#""offset": 9"#, "weights.index.b.offset + nbytes (9 + 16) runs past weights.size (24)"),
            (r#""offset": 8"#, r#""offset": 18446744073709551615"#, "weights.index.b.offset"),
            (r#""nbytes": 16"#, r#""nbytes": -16"#, "weights.index.b.nbytes is not a size"),
            (r#""nbytes": 16"#, r#""nbytes": 12"#, "weights.index.b.nbytes: 12 bytes is not a float32 tensor of shape [2, 2]"),
            (r#""nbytes": 16, "shape": [2, 2], "dtype": "float32""#, r#""nbytes": 16, "shape": [2, 2], "dtype": "float16""#,
             "weights.index.b.nbytes: 16 bytes is not a float16 tensor of shape [2, 2]"),
            (r#""shape": [2, 2], "dtype": "float32""#, r#""shape": [2, 2], "dtype": "int8""#,
             "weights.index.b.dtype is 'int8': float32 or float16"),
            (r#""shape": [2, 2]"#, r#""shape": [2147483648, 2147483648, 2147483648]"#, "weights.index.b.nbytes"),
            (r#""shape": [2, 2]"#, r#""shape": 3"#, "weights.index.b.shape is not a list"),
            (r#""size": 24"#, r#""size": -1"#, "weights.size is -1"),
            (r#""weights": ["a", "b"]"#, r#""weights": ["a", "c"]"#, "functions.f_32.weights names 'c'"),
            (r#""shape": [1, 4, 32]"#, r#""shape": [1, -4, 32]"#, "functions.f_32.inputs.x.shape holds the dimension -4"),
            (r#""file": "voices/v.f32""#, r#""file": "../v.f32""#, "voices.v.file is '../v.f32', not a relative path"),
            (r#""file": "voices/v.f32""#, r#""file": "/etc/passwd""#, "voices.v.file is '/etc/passwd'"),
            (r#""file": "kokoro.weights""#, r#""file": "/dev/zero""#, "weights.file is '/dev/zero'"),
            (r#""v": {"file""#, r#""../v": {"file""#, "'../v' is not a voice name"),
            (r#""tokens": [32]"#, r#""tokens": [-32]"#, "buckets.tokens is [-32]"),
            (r#""tokens": [32]"#, r#""tokens": []"#, "buckets.tokens is []"),
            (r#""style_dim": 4"#, r#""style_dim": 3"#, "style_dim is 3"),
            (r#""sample_rate": 24000"#, r#""sample_rate": -24000"#, "sample_rate is -24000"),
            (r#""samples_per_frame": 600"#, r#""samples_per_frame": 0"#, "samples_per_frame is 0"),
            (r#""a": 1,"#, r#""a": 1.5,"#, "vocab.a is not an integer"),
            (r#""bucket": "tokens""#, r#""bucket": "words""#, "stages.f.bucket is 'words': expected tokens or frames"),
            (r#""32": "f_32""#, r#""33": "f_32""#, "stages.f.functions: '33' is not one of buckets.tokens [32]"),
            (r#""32": "f_32""#, r#""32": "g_32""#, "stages.f.functions.32 names no function of the manifest"),
            (r#""storage": 4096"#, r#""storage": -1"#, "functions.f_32.storage is -1"),
            (r#""memory": {"storage": 4096, "workspace": 0}"#, r#""memo": 0"#, "functions.f_32 has no memory: it is from an older build"),
        ];
        for (from, to, expected) in cases {
            let err = refused(from, to);
            assert!(err.contains(expected), "{to}: {err}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let err = Manifest::parse(&"[".repeat(100_000), 0).unwrap_err();
        assert!(err.contains("nesting deeper than 128 levels"), "{err}");
    }
}
