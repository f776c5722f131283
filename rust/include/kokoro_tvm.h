/* kokoro_tvm.h: the C ABI of the kokoro-tvm static library (rust/src/capi.rs).
 *
 * Link libkokoro_tvm.a with the TVM runtime, tvm-ffi and the model archive (kokoro.a),
 * the last three whole (-Wl,--whole-archive on Linux, -force_load on Apple: they register
 * their functions when loaded), and the C++ standard library (plus Metal and Foundation
 * on iOS). A bundle folder is the build's dist/<profile>/models.
 */
#ifndef KOKORO_TVM_H_
#define KOKORO_TVM_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct KokoroTvm KokoroTvm;

/* A synthesizer for the models bundle at bundle_dir; NULL on error (see kokoro_tvm_last_error). */
KokoroTvm* kokoro_tvm_create(const char* bundle_dir);

/* Synthesizes phonemes (UTF-8) with voice (a .f32 pack file or a bundle voice name).
 * Returns 0 and sets *samples / *count (mono float samples at kokoro_tvm_sample_rate,
 * free with kokoro_tvm_free_audio); non-zero on error. */
int kokoro_tvm_synthesize(KokoroTvm* synthesizer, const char* phonemes, const char* voice,
                          float speed, uint64_t seed, float** samples, size_t* count);

uint32_t kokoro_tvm_sample_rate(const KokoroTvm* synthesizer);

void kokoro_tvm_free_audio(float* samples, size_t count);

void kokoro_tvm_destroy(KokoroTvm* synthesizer);

/* The last error of this thread, "" when none; valid until the next call on this thread. */
const char* kokoro_tvm_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* KOKORO_TVM_H_ */
