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
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread::{self, ThreadId};

use crate::g2p::Dialect;
use crate::synth::{dialect_of_voice, Error, Options, Spoken, Synthesizer};

/// An opaque synthesizer handle: the synthesizer and who is using it.
///
/// The threading contract (include/kokoro_tvm.h): synthesis calls on one handle take turns
/// (TVM's virtual machine holds one run's state), the thread whose call runs may call again
/// from its callback (between two chunks the machine is idle), phonemize needs no turn, and
/// kokoro_tvm_destroy during calls only marks the handle: the last call to leave frees it.
pub struct KokoroTvm {
    synthesizer: Synthesizer,
    calls: Mutex<Calls>,
    turn: Condvar,
}

#[derive(Default)]
struct Calls {
    /// The thread whose synthesis runs, and how deep (a call from its callback nests).
    running: Option<(ThreadId, usize)>,
    /// Calls inside or waiting for their turn: the handle is freed only when none is.
    users: usize,
    destroyed: bool,
}

const DESTROYED: &str = "the synthesizer was destroyed (kokoro_tvm_destroy) during this call";

impl KokoroTvm {
    fn calls(&self) -> MutexGuard<'_, Calls> {
        // no code panics while holding the lock; a poisoned one is still consistent
        self.calls.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn destroyed(&self) -> bool {
        self.calls().destroyed
    }
}

/// A call's use of a handle: entered (synthesis waits for its turn), left on drop, which
/// frees a destroyed handle when it was the last user.
struct Use {
    handle: *mut KokoroTvm,
    turn: bool,
}

impl Use {
    unsafe fn enter(handle: *mut KokoroTvm, turn: bool) -> Result<Use, String> {
        let h = &*handle;
        let me = thread::current().id();
        let mut calls = h.calls();
        if calls.destroyed {
            return Err("the synthesizer was destroyed (kokoro_tvm_destroy)".to_string());
        }
        calls.users += 1;
        let mut entered = Use { handle, turn: false };
        if turn {
            loop {
                if calls.destroyed {
                    drop(calls); // before `entered` leaves, which locks it again
                    return Err(DESTROYED.to_string());
                }
                match calls.running {
                    Some((owner, depth)) if owner == me => {
                        calls.running = Some((owner, depth + 1));
                        break;
                    }
                    Some(_) => calls = h.turn.wait(calls).unwrap_or_else(|e| e.into_inner()),
                    None => {
                        calls.running = Some((me, 1));
                        break;
                    }
                }
            }
            entered.turn = true;
        }
        drop(calls);
        Ok(entered)
    }
}

impl Drop for Use {
    fn drop(&mut self) {
        let free = {
            let mut calls = unsafe { &*self.handle }.calls();
            if let (true, Some((owner, depth))) = (self.turn, calls.running) {
                calls.running = if depth > 1 { Some((owner, depth - 1)) } else { None };
                if depth == 1 {
                    unsafe { &*self.handle }.turn.notify_all();
                }
            }
            calls.users -= 1;
            calls.destroyed && calls.users == 0
        };
        if free {
            drop(unsafe { Box::from_raw(self.handle) });
        }
    }
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
        Ok(Box::into_raw(Box::new(KokoroTvm { synthesizer, calls: Mutex::default(), turn: Condvar::new() })))
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
                mut on_chunk: impl FnMut(&[f32]) -> bool) -> Result<Result<Spoken, Error>, String> {
    let _turn = Use::enter(handle, true)?; // left after the last use of the handle below
    let handle = &*handle;
    let synthesizer = &handle.synthesizer;
    let options = Options { speed, seed, ..Options::default() };
    // a destroy (from the callback or another thread) stops the call at the next chunk
    let on_chunk = |samples: &[f32]| !handle.destroyed() && on_chunk(samples) && !handle.destroyed();
    let result = match input {
        Input::Phonemes => {
            let phonemes = text_arg(given, "phonemes")?;
            let voice = synthesizer.voice(path_arg(voice, "voice")?).map_err(|e| e.to_string())?;
            synthesizer.stream(phonemes, &voice, options, on_chunk)
        }
        Input::Text => {
            let text = text_arg(given, "text")?;
            let name = path_arg(voice, "voice")?;
            let voice = synthesizer.voice(name).map_err(|e| e.to_string())?;
            synthesizer.stream_text(text, dialect_of_voice(name), &voice, options, on_chunk)
        }
    };
    match result {
        Err(Error::Cancelled(_)) if handle.destroyed() => Err(DESTROYED.to_string()),
        result => Ok(result),
    }
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
        let mut all = Vec::new();
        speak(handle, input, given, voice, speed, seed, |chunk| {
            all.extend_from_slice(chunk);
            true
        })?.map_err(|e| e.to_string())?;
        let buffer = all.into_boxed_slice();
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
        let _use = Use::enter(handle, false)?; // the G2P needs no turn
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

/// Frees a synthesizer: now, or when the calls on it (running or waiting) have left; they
/// stop at their next chunk with an error. A second destroy is ignored while the first waits.
#[no_mangle]
pub unsafe extern "C" fn kokoro_tvm_destroy(handle: *mut KokoroTvm) {
    if handle.is_null() {
        return;
    }
    let free = {
        let h = &*handle;
        let mut calls = h.calls();
        let free = !calls.destroyed && calls.users == 0;
        calls.destroyed = true;
        h.turn.notify_all(); // the waiting calls leave
        free
    };
    if free {
        drop(Box::from_raw(handle));
    }
}

/// The last error of this thread ("" when none); valid until the next call on this thread.
#[no_mangle]
pub extern "C" fn kokoro_tvm_last_error() -> *const c_char {
    LAST_ERROR.try_with(|e| e.borrow().as_ptr()).unwrap_or(c"".as_ptr())
}
