//! The C ABI for apps (include/kokoro_tvm.h): create a synthesizer from a bundle folder,
//! synthesize phonemes into a float buffer (or stream them chunk by chunk to a callback that
//! may cancel), free it, read the last error of this thread.
//! No panic crosses the boundary: each entry point catches it and reports an error. NULL
//! pointers, text that is not UTF-8 and broken bundles give errors; paths are taken as
//! bytes on Unix, so a folder or voice file whose name is not UTF-8 works there.

use std::cell::RefCell;
use std::ffi::{CStr, CString, OsStr};
use std::os::raw::{c_char, c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use crate::g2p::Dialect;
use crate::synth::{dialect_of_voice, Audio, Error, Options, Synthesizer};

/// An opaque synthesizer handle.
pub struct KokoroTvm {
    synthesizer: Synthesizer,
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn set_error(message: &str) {
    let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
    // try_with: a call while the thread exits must not panic outside catch_unwind
    let _ = LAST_ERROR.try_with(|e| *e.borrow_mut() = text);
}

unsafe fn text_arg<'a>(p: *const c_char, what: &str) -> Result<&'a str, String> {
    if p.is_null() {
        return Err(format!("{what} is NULL"));
    }
    CStr::from_ptr(p).to_str().map_err(|_| format!("{what} is not valid UTF-8 text"))
}

/// A path or name argument: its bytes on Unix, UTF-8 text elsewhere.
unsafe fn path_arg<'a>(p: *const c_char, what: &str) -> Result<&'a OsStr, String> {
    if p.is_null() {
        return Err(format!("{what} is NULL"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Ok(OsStr::from_bytes(CStr::from_ptr(p).to_bytes()))
    }
    #[cfg(not(unix))]
    {
        text_arg(p, what).map(OsStr::new)
    }
}

fn guarded<T>(fallback: T, body: impl FnOnce() -> Result<T, String>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(message)) => {
            set_error(&message);
            fallback
        }
        Err(_) => {
            set_error("internal error (a panic in kokoro-tvm)");
            fallback
        }
    }
}

/// A synthesizer for the models bundle at `bundle_dir`, or NULL (see kokoro_tvm_last_error).
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_create(bundle_dir: *const c_char) -> *mut KokoroTvm {
    guarded(std::ptr::null_mut(), || {
        let dir = path_arg(bundle_dir, "bundle_dir")?;
        let synthesizer = Synthesizer::load(Path::new(dir)).map_err(|e| e.to_string())?;
        Ok(Box::into_raw(Box::new(KokoroTvm { synthesizer })))
    })
}

/// What a synthesis call is given: phonemes, or English text for the bundle's G2P.
#[derive(Clone, Copy)]
enum Input {
    Phonemes,
    Text,
}

/// The synthesis calls' common part: the arguments read (an error for a bad one), then the
/// synthesis, chunk by chunk to `on_chunk` (its result).
unsafe fn speak(handle: *mut KokoroTvm, input: Input, given: *const c_char, voice: *const c_char, speed: f32, seed: u64,
                on_chunk: impl FnMut(&[f32]) -> bool) -> Result<Result<Audio, Error>, String> {
    let synthesizer = &(*handle).synthesizer;
    let options = Options { speed, seed, ..Options::default() };
    Ok(match input {
        Input::Phonemes => {
            let phonemes = text_arg(given, "phonemes")?;
            let voice = synthesizer.voice(path_arg(voice, "voice")?).map_err(|e| e.to_string())?;
            synthesizer.synthesize_with(phonemes, &voice, options, on_chunk)
        }
        Input::Text => {
            let text = text_arg(given, "text")?;
            let name = path_arg(voice, "voice")?;
            let voice = synthesizer.voice(name).map_err(|e| e.to_string())?;
            synthesizer.synthesize_text_with(text, dialect_of_voice(name), &voice, options, on_chunk)
        }
    })
}

/// kokoro_tvm_synthesize and kokoro_tvm_synthesize_text: the whole audio in one buffer.
unsafe fn whole(handle: *mut KokoroTvm, input: Input, given: *const c_char, voice: *const c_char, speed: f32, seed: u64,
                samples: *mut *mut f32, count: *mut usize) -> c_int {
    if !samples.is_null() {
        *samples = std::ptr::null_mut();
    }
    if !count.is_null() {
        *count = 0;
    }
    guarded(1, || {
        if handle.is_null() || samples.is_null() || count.is_null() {
            return Err("handle, samples and count must not be NULL".to_string());
        }
        let audio = speak(handle, input, given, voice, speed, seed, |_| true)?.map_err(|e| e.to_string())?;
        let buffer = audio.samples.into_boxed_slice();
        *count = buffer.len();
        *samples = Box::into_raw(buffer) as *mut f32;
        Ok(0)
    })
}

/// kokoro_tvm_synthesize_stream and kokoro_tvm_synthesize_text_stream: chunk by chunk to a
/// callback that may cancel.
unsafe fn streamed(handle: *mut KokoroTvm, input: Input, given: *const c_char, voice: *const c_char, speed: f32,
                   seed: u64, on_chunk: Option<ChunkCallback>, user: *mut c_void) -> c_int {
    guarded(1, || {
        let (Some(on_chunk), false) = (on_chunk, handle.is_null()) else {
            return Err("handle and on_chunk must not be NULL".to_string());
        };
        match speak(handle, input, given, voice, speed, seed,
                    |samples| on_chunk(samples.as_ptr(), samples.len(), user) == 0)? {
            Ok(_) => Ok(0),
            Err(e @ Error::Cancelled(_)) => {
                set_error(&e.to_string());
                Ok(CANCELLED)
            }
            Err(e) => Err(e.to_string()),
        }
    })
}

/// Synthesizes `phonemes` with `voice` (a bundle voice name, or a pack file given as a path
/// containing '/' or ending in .f32). On success returns 0 and sets *samples (free with
/// kokoro_tvm_free_audio) and *count; else non-zero, with *samples NULL and *count 0.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_synthesize(handle: *mut KokoroTvm, phonemes: *const c_char, voice: *const c_char,
                                               speed: f32, seed: u64, samples: *mut *mut f32, count: *mut usize) -> c_int {
    whole(handle, Input::Phonemes, phonemes, voice, speed, seed, samples, count)
}

/// A streaming callback: one chunk's samples (valid during the call), their count, the
/// caller's pointer; returns 0 to go on, non-zero to cancel.
pub type ChunkCallback = unsafe extern "C" fn(samples: *const f32, count: usize, user: *mut c_void) -> c_int;

/// What kokoro_tvm_synthesize_stream returns when the callback cancelled.
pub const CANCELLED: c_int = 2;

/// As kokoro_tvm_synthesize, handing each chunk's samples to `on_chunk` as soon as it is
/// synthesized (their concatenation is kokoro_tvm_synthesize's audio). Returns 0 when every
/// chunk was delivered, CANCELLED (2) when `on_chunk` returned non-zero (no chunk follows),
/// else 1 with the error in kokoro_tvm_last_error (no chunk follows either).
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_synthesize_stream(handle: *mut KokoroTvm, phonemes: *const c_char,
                                                      voice: *const c_char, speed: f32, seed: u64,
                                                      on_chunk: Option<ChunkCallback>, user: *mut c_void) -> c_int {
    streamed(handle, Input::Phonemes, phonemes, voice, speed, seed, on_chunk, user)
}

/// As kokoro_tvm_synthesize, for English text: the bundle's G2P makes the phonemes (US
/// English, or British for a voice whose name starts with 'b', as Kokoro's voices are named).
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_synthesize_text(handle: *mut KokoroTvm, text: *const c_char, voice: *const c_char,
                                                    speed: f32, seed: u64, samples: *mut *mut f32,
                                                    count: *mut usize) -> c_int {
    whole(handle, Input::Text, text, voice, speed, seed, samples, count)
}

/// As kokoro_tvm_synthesize_stream, for English text (as kokoro_tvm_synthesize_text). Chunks
/// end at the text's sentence and clause ends where they fit.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_synthesize_text_stream(handle: *mut KokoroTvm, text: *const c_char,
                                                           voice: *const c_char, speed: f32, seed: u64,
                                                           on_chunk: Option<ChunkCallback>, user: *mut c_void) -> c_int {
    streamed(handle, Input::Text, text, voice, speed, seed, on_chunk, user)
}

/// English text to Kokoro phonemes (for apps that show or cache them). language: "en-us"
/// (or NULL) or "en-gb". On success returns 0 and sets *phonemes to a NUL-terminated UTF-8
/// string (free with kokoro_tvm_free_text); else 1, with *phonemes NULL.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_phonemize(handle: *mut KokoroTvm, text: *const c_char, language: *const c_char,
                                              phonemes: *mut *mut c_char) -> c_int {
    if !phonemes.is_null() {
        *phonemes = std::ptr::null_mut();
    }
    guarded(1, || {
        if handle.is_null() || phonemes.is_null() {
            return Err("handle and phonemes must not be NULL".to_string());
        }
        let dialect = if language.is_null() { Dialect::Us } else {
            let name = text_arg(language, "language")?;
            Dialect::parse(name).ok_or_else(|| format!("language '{name}': expected en-us or en-gb"))?
        };
        let text = text_arg(text, "text")?;
        let result = (*handle).synthesizer.phonemize(text, dialect).map_err(|e| e.to_string())?;
        // Phonemes hold no NUL: the G2P writes only the model's symbols and spaces.
        let out = CString::new(result.phonemes).map_err(|_| "internal error: phonemes hold NUL".to_string())?;
        *phonemes = out.into_raw();
        Ok(0)
    })
}

/// Frees a string from kokoro_tvm_phonemize (NULL is ignored).
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_free_text(text: *mut c_char) {
    if !text.is_null() {
        drop(CString::from_raw(text));
    }
}

/// The sample rate of the audio (24000 for Kokoro).
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_sample_rate(handle: *const KokoroTvm) -> u32 {
    if handle.is_null() { 0 } else { (*handle).synthesizer.manifest().sample_rate }
}

/// Frees a buffer from kokoro_tvm_synthesize.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_free_audio(samples: *mut f32, count: usize) {
    if !samples.is_null() {
        drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(samples, count)));
    }
}

/// Frees a synthesizer.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_destroy(handle: *mut KokoroTvm) {
    if !handle.is_null() {
        drop(Box::from_raw(handle));
    }
}

/// The last error of this thread ("" when none); valid until the next call on this thread.
#[no_mangle]
pub extern "C" fn kokoro_tvm_last_error() -> *const c_char {
    LAST_ERROR.try_with(|e| e.borrow().as_ptr()).unwrap_or(c"".as_ptr())
}
