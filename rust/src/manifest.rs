//! The model manifest (manifest.json of a models folder): the one source of the shapes,
//! buckets, vocabulary, voices and audio constants the pipeline uses.

use std::collections::BTreeMap;
use std::path::Path;

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
}

#[derive(Debug, Clone)]
pub struct WeightEntry {
    pub offset: usize,
    pub nbytes: usize,
    pub shape: Vec<i64>,
    pub dtype: String,
}

#[derive(Debug, Clone)]
pub struct VoiceEntry {
    pub file: String,
    pub rows: usize,
    pub dim: usize,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub profile: String,
    pub system_lib_prefix: String,
    pub functions: BTreeMap<String, FunctionSpec>,
    pub token_buckets: Vec<usize>,
    pub frame_buckets: Vec<usize>,
    pub vocab: BTreeMap<char, i64>,
    pub voices: BTreeMap<String, VoiceEntry>,
    pub weights_file: String,
    pub weights: BTreeMap<String, WeightEntry>,
    pub synthetic_weights: bool,
    pub sample_rate: u32,
    pub samples_per_frame: usize,
    pub style_dim: usize,
    pub context_length: usize,
    /// FNV-1a 64 of the manifest's bytes: which build the folder comes from.
    pub digest: u64,
}

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

fn ints(value: &Json, what: &str) -> Result<Vec<i64>, String> {
    value.as_array().ok_or_else(|| format!("{what} is not a list"))?
        .iter().map(|v| v.as_i64().ok_or_else(|| format!("{what} holds a non-integer"))).collect()
}

fn tensor_spec(value: &Json, what: &str) -> Result<TensorSpec, String> {
    Ok(TensorSpec {
        name: value.get("name").and_then(Json::as_str).unwrap_or("").to_string(),
        shape: ints(value.get("shape").ok_or_else(|| format!("{what} has no shape"))?, what)?,
        dtype: value.get("dtype").and_then(Json::as_str).ok_or_else(|| format!("{what} has no dtype"))?.to_string(),
    })
}

fn function_spec(name: &str, value: &Json) -> Result<FunctionSpec, String> {
    let list = |key: &str| value.get(key).and_then(Json::as_array).ok_or_else(|| format!("functions.{name}.{key} missing"));
    Ok(FunctionSpec {
        inputs: list("inputs")?.iter().map(|v| tensor_spec(v, name)).collect::<Result<_, _>>()?,
        outputs: list("outputs")?.iter().map(|v| tensor_spec(v, name)).collect::<Result<_, _>>()?,
        weights: list("weights")?.iter().map(|v| v.as_str().map(str::to_string).ok_or_else(|| format!("functions.{name}.weights"))).collect::<Result<_, _>>()?,
    })
}

impl Manifest {
    /// Reads `<folder>/manifest.json`; the error names the file and the problem.
    pub fn load(folder: &Path) -> Result<Manifest, String> {
        let path = folder.join("manifest.json");
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{}: not UTF-8", path.display()))?;
        Manifest::parse(&text, fnv1a64(&bytes)).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn parse(document: &str, digest: u64) -> Result<Manifest, String> {
        let doc = json::parse(document)?;
        let functions = field(&doc, &["functions"])?.as_object().ok_or("functions is not an object")?
            .iter().map(|(k, v)| Ok((k.clone(), function_spec(k, v)?))).collect::<Result<_, String>>()?;
        let mut vocab = BTreeMap::new();
        for (symbol, id) in field(&doc, &["vocab"])?.as_object().ok_or("vocab is not an object")? {
            let mut chars = symbol.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return Err(format!("vocab entry '{symbol}' is not one symbol"));
            };
            vocab.insert(c, id.as_i64().ok_or("vocab id is not an integer")?);
        }
        let mut weights = BTreeMap::new();
        for (name, entry) in field(&doc, &["weights", "index"])?.as_object().ok_or("weights.index is not an object")? {
            weights.insert(name.clone(), WeightEntry {
                offset: int(entry, &["offset"])? as usize,
                nbytes: int(entry, &["nbytes"])? as usize,
                shape: ints(field(entry, &["shape"])?, name)?,
                dtype: text(entry, &["dtype"])?,
            });
        }
        let mut voices = BTreeMap::new();
        for (name, entry) in field(&doc, &["voices"])?.as_object().ok_or("voices is not an object")? {
            let shape = ints(field(entry, &["shape"])?, name)?;
            voices.insert(name.clone(), VoiceEntry { file: text(entry, &["file"])?, rows: shape[0] as usize, dim: shape[1] as usize });
        }
        let buckets = |kind: &str| -> Result<Vec<usize>, String> {
            Ok(ints(field(&doc, &["buckets", kind])?, kind)?.into_iter().map(|b| b as usize).collect())
        };
        Ok(Manifest {
            profile: text(&doc, &["profile"])?,
            system_lib_prefix: text(&doc, &["system_lib_prefix"])?,
            functions,
            token_buckets: buckets("tokens")?,
            frame_buckets: buckets("frames")?,
            vocab,
            voices,
            weights_file: text(&doc, &["weights", "file"])?,
            weights,
            synthetic_weights: text(&doc, &["weights", "identity", "kind"])? == "synthetic",
            sample_rate: int(&doc, &["sample_rate"])? as u32,
            samples_per_frame: int(&doc, &["samples_per_frame"])? as usize,
            style_dim: int(&doc, &["style_dim"])? as usize,
            context_length: int(&doc, &["context_length"])? as usize,
            digest,
        })
    }

    pub fn function(&self, name: &str) -> Result<&FunctionSpec, String> {
        self.functions.get(name).ok_or_else(|| format!("the manifest has no function {name}"))
    }
}
