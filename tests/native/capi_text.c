/* capi_text: speaks English text through the text C ABI of libkokoro_tvm.a.
 *
 *   capi_text BUNDLE_DIR TEXT VOICE SPEED SEED OUT.f32
 *
 * Prints "phonemes <P>" (kokoro_tvm_phonemize, en-us), then speaks TEXT through
 * kokoro_tvm_synthesize_text_stream, appending each chunk's float32 samples to OUT.f32 and
 * printing "chunk I N"; then through kokoro_tvm_synthesize_text, printing "whole N" and
 * "same 1" when its samples equal the streamed ones. Ends with "result R" (what the streaming
 * call returned) and, unless R is 0, "error: <kokoro_tvm_last_error()>". Exits 0 once the
 * calls returned, 1 when the setup failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kokoro_tvm.h"

struct Sink {
  FILE* out;
  size_t chunks;
  size_t samples;
};

static int on_chunk(const float* samples, size_t count, void* user) {
  struct Sink* sink = (struct Sink*)user;
  if (fwrite(samples, sizeof(float), count, sink->out) != count) return 1;
  printf("chunk %zu %zu\n", sink->chunks, count);
  sink->chunks += 1;
  sink->samples += count;
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: capi_text BUNDLE_DIR TEXT VOICE SPEED SEED OUT.f32\n");
    return 2;
  }
  KokoroTvm* tts = kokoro_tvm_create(argv[1]);
  if (tts == NULL) {
    printf("error: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  char* phonemes = NULL;
  if (kokoro_tvm_phonemize(tts, argv[2], "en-us", &phonemes) != 0) {
    printf("result 1\nerror: %s\n", kokoro_tvm_last_error());
    kokoro_tvm_destroy(tts);
    return 0;
  }
  printf("phonemes %s\n", phonemes);
  kokoro_tvm_free_text(phonemes);
  struct Sink sink = {fopen(argv[6], "wb"), 0, 0};
  if (sink.out == NULL) {
    printf("error: cannot write %s\n", argv[6]);
    return 1;
  }
  float speed = (float)atof(argv[4]);
  uint64_t seed = strtoull(argv[5], NULL, 10);
  int result = kokoro_tvm_synthesize_text_stream(tts, argv[2], argv[3], speed, seed, on_chunk, &sink);
  fclose(sink.out);
  if (result == 0) {
    float* samples = NULL;
    size_t count = 0;
    if (kokoro_tvm_synthesize_text(tts, argv[2], argv[3], speed, seed, &samples, &count) == 0) {
      FILE* in = fopen(argv[6], "rb");
      float* streamed = malloc(count * sizeof(float) + 1);
      size_t got = in ? fread(streamed, sizeof(float), count, in) : 0;
      if (in) fclose(in);
      printf("whole %zu\nsame %d\n", count, got == count && count == sink.samples &&
                                              memcmp(streamed, samples, count * sizeof(float)) == 0);
      free(streamed);
      kokoro_tvm_free_audio(samples, count);
    }
  }
  printf("result %d\n", result);
  if (result != 0) printf("error: %s\n", kokoro_tvm_last_error());
  kokoro_tvm_destroy(tts);
  return 0;
}
