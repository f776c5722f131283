/* capi_stream: speaks phonemes through the streaming C ABI of libkokoro_tvm.a.
 *
 *   capi_stream BUNDLE_DIR PHONEMES VOICE SPEED SEED OUT.f32 CANCEL_AFTER
 *
 * Appends each chunk's float32 samples to OUT.f32 as it arrives and prints
 * "chunk I N" for it; the callback cancels after CANCEL_AFTER chunks (0: never).
 * Ends with "result R chunks C samples S" (R: what kokoro_tvm_synthesize_stream
 * returned) and, unless R is 0, "error: <kokoro_tvm_last_error()>". Exits 0 once the
 * call returned, 1 when the setup failed. */
#include <stdio.h>
#include <stdlib.h>

#include "kokoro_tvm.h"

struct Sink {
  FILE* out;
  size_t chunks;
  size_t samples;
  size_t cancel_after;
};

static int on_chunk(const float* samples, size_t count, void* user) {
  struct Sink* sink = (struct Sink*)user;
  if (fwrite(samples, sizeof(float), count, sink->out) != count) return 1;
  fflush(sink->out);
  printf("chunk %zu %zu\n", sink->chunks, count);
  fflush(stdout);
  sink->chunks += 1;
  sink->samples += count;
  return sink->cancel_after != 0 && sink->chunks >= sink->cancel_after;
}

int main(int argc, char** argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: capi_stream BUNDLE_DIR PHONEMES VOICE SPEED SEED OUT.f32 CANCEL_AFTER\n");
    return 2;
  }
  KokoroTvm* tts = kokoro_tvm_create(argv[1]);
  if (tts == NULL) {
    printf("error: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  struct Sink sink = {fopen(argv[6], "wb"), 0, 0, (size_t)strtoull(argv[7], NULL, 10)};
  if (sink.out == NULL) {
    printf("error: cannot write %s\n", argv[6]);
    return 1;
  }
  int result = kokoro_tvm_synthesize_stream(tts, argv[2], argv[3], (float)atof(argv[4]),
                                            strtoull(argv[5], NULL, 10), on_chunk, &sink);
  fclose(sink.out);
  printf("result %d chunks %zu samples %zu\n", result, sink.chunks, sink.samples);
  if (result != 0) printf("error: %s\n", kokoro_tvm_last_error());
  kokoro_tvm_destroy(tts);
  return 0;
}
