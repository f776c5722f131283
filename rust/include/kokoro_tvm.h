/* kokoro_tvm.h: the C ABI of the kokoro-tvm static library (rust/src/capi.rs).
 *
 * Link libkokoro_tvm.a with the TVM runtime, tvm-ffi and the model archive (kokoro.a),
 * the last three whole (-Wl,--whole-archive on Linux, -force_load on Apple: they register
 * their functions when loaded), and the C++ standard library (plus Metal and Foundation
 * on iOS). A bundle folder is the build's dist/<profile>/models.
 *
 * Every entry point returns an error (never crashes) on NULL pointers, text that is not
 * UTF-8 and broken bundles: kokoro.weights is checked against the size and sha256 in the
 * bundle's manifest.json, a bundle voice against its sha256, and every voice and every
 * result must hold finite values. Paths are taken as bytes on Unix (any file name works).
 *
 * Threads: every function may be called from any thread. Synthesis calls on one synthesizer
 * take turns (the others wait; each result is what a one-thread run gives), calls on
 * different synthesizers run in parallel, and kokoro_tvm_phonemize never waits. A callback
 * may call its own synthesizer again (the call runs between two chunks). kokoro_tvm_destroy
 * may come during calls on the synthesizer, from their callback or another thread: it
 * returns at once, those calls (and those waiting for their turn) stop at their next chunk
 * with an error saying so, and the synthesizer is freed when the last of them returns.
 * Only a call that starts after kokoro_tvm_destroy returned uses freed memory.
 */
#ifndef KOKORO_TVM_H_
#define KOKORO_TVM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KokoroTvm KokoroTvm;

/* A synthesizer for the models bundle at bundle_dir; NULL on error (see kokoro_tvm_last_error):
 * no such folder, a manifest from another build or older than this library, a kokoro.weights
 * whose size or sha256 differs from the manifest's. */
KokoroTvm* kokoro_tvm_create(const char* bundle_dir);

/* Synthesizes phonemes (UTF-8) with voice: the name of a voice in the bundle (a bundle name
 * always wins), or a .f32 pack file given as a path, i.e. containing '/' or ending in
 * ".f32" ("./synthetic" is the file, "synthetic" the bundle voice).
 * Returns 0 and sets *samples / *count (mono float samples at kokoro_tvm_sample_rate,
 * free with kokoro_tvm_free_audio); non-zero on error (unknown phonemes, a missing voice,
 * a voice or audio holding NaN or infinity, ...), with *samples NULL and *count 0. */
int kokoro_tvm_synthesize(KokoroTvm* synthesizer, const char* phonemes, const char* voice,
                          float speed, uint64_t seed, float** samples, size_t* count);

/* A streaming callback: one chunk's mono float samples (valid only during the call), their
 * count, and the user pointer given to kokoro_tvm_synthesize_stream. Return 0 to go on,
 * non-zero to cancel. */
typedef int (*kokoro_tvm_chunk_fn)(const float* samples, size_t count, void* user);

/* What kokoro_tvm_synthesize_stream returns when the callback cancelled. */
#define KOKORO_TVM_CANCELLED 2

/* As kokoro_tvm_synthesize, handing each chunk's samples to on_chunk as soon as it is
 * synthesized, in order; their concatenation is kokoro_tvm_synthesize's audio, sample for
 * sample. The first chunk is short (at most what the smallest token bucket holds, cut at a
 * clause or word), each next one up to twice the one before, so the first samples come after
 * the shortest run of the models. Returns 0 when every chunk was delivered; KOKORO_TVM_CANCELLED when on_chunk
 * returned non-zero (no chunk follows; kokoro_tvm_last_error says after how many chunks);
 * 1 on an error (as kokoro_tvm_synthesize's; no chunk follows). */
int kokoro_tvm_synthesize_stream(KokoroTvm* synthesizer, const char* phonemes, const char* voice,
                                 float speed, uint64_t seed, kokoro_tvm_chunk_fn on_chunk, void* user);

/* As kokoro_tvm_synthesize, for English text (UTF-8): the bundle's G2P (misaki's lexicons and
 * rules, letter-to-sound rules for words in no lexicon) makes the phonemes, US English, or
 * British for a voice whose name starts with 'b' (as Kokoro's voices are named). Text with
 * nothing to say (empty, only emoji or symbols) is an error. The bundle's lexicon is read on
 * the first text call. */
int kokoro_tvm_synthesize_text(KokoroTvm* synthesizer, const char* text, const char* voice,
                               float speed, uint64_t seed, float** samples, size_t* count);

/* As kokoro_tvm_synthesize_stream, for English text (as kokoro_tvm_synthesize_text). The
 * phonemes keep the text's punctuation, so chunks end at its sentence and clause ends where
 * they fit. */
int kokoro_tvm_synthesize_text_stream(KokoroTvm* synthesizer, const char* text, const char* voice,
                                      float speed, uint64_t seed, kokoro_tvm_chunk_fn on_chunk,
                                      void* user);

/* English text to the phonemes the synthesizer speaks, for apps that show or cache them.
 * language: "en-us" (or NULL) or "en-gb". Returns 0 and sets *phonemes to a NUL-terminated
 * UTF-8 string (free with kokoro_tvm_free_text; empty when the text has nothing to say);
 * non-zero on error (NULL arguments, text that is not UTF-8, a bundle without a lexicon),
 * with *phonemes NULL. */
int kokoro_tvm_phonemize(KokoroTvm* synthesizer, const char* text, const char* language,
                         char** phonemes);

/* Frees a string from kokoro_tvm_phonemize (NULL is ignored). */
void kokoro_tvm_free_text(char* text);

/* The sample rate of the audio; 0 for NULL. */
uint32_t kokoro_tvm_sample_rate(const KokoroTvm* synthesizer);

/* Frees a buffer from kokoro_tvm_synthesize (NULL is ignored). */
void kokoro_tvm_free_audio(float* samples, size_t count);

/* Frees a synthesizer (NULL is ignored): at once, or, while calls on it run or wait, when
 * the last of them returns (they stop at their next chunk with an error). */
void kokoro_tvm_destroy(KokoroTvm* synthesizer);

/* The last error of this thread, "" when none; valid until the next call on this thread. */
const char* kokoro_tvm_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* KOKORO_TVM_H_ */
