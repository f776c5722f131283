/* capi_demo: speaks phonemes through the C ABI of libkokoro_tvm.a.
 *
 *   capi_demo BUNDLE_DIR PHONEMES VOICE SPEED SEED OUT.f32
 *
 * Prints "samples N rate R" and writes the float32 samples to OUT.f32; on an error
 * prints "error: <kokoro_tvm_last_error()>" and exits 1. */
#include <stdio.h>
#include <stdlib.h>

#include "kokoro_tvm.h"

int main(int argc, char** argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: capi_demo BUNDLE_DIR PHONEMES VOICE SPEED SEED OUT.f32\n");
    return 2;
  }
  KokoroTvm* tts = kokoro_tvm_create(argv[1]);
  if (tts == NULL) {
    printf("error: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  float* samples = NULL;
  size_t count = 0;
  if (kokoro_tvm_synthesize(tts, argv[2], argv[3], (float)atof(argv[4]), strtoull(argv[5], NULL, 10),
                            &samples, &count) != 0) {
    printf("error: %s\n", kokoro_tvm_last_error());
    kokoro_tvm_destroy(tts);
    return 1;
  }
  FILE* out = fopen(argv[6], "wb");
  if (out == NULL || fwrite(samples, sizeof(float), count, out) != count) {
    printf("error: cannot write %s\n", argv[6]);
    return 1;
  }
  fclose(out);
  printf("samples %zu rate %u\n", count, kokoro_tvm_sample_rate(tts));
  kokoro_tvm_free_audio(samples, count);
  kokoro_tvm_destroy(tts);
  return 0;
}
