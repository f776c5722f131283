/* capi_threads: the C ABI's threading contract (include/kokoro_tvm.h), tried as an app
 * would: calls from several threads, and kokoro_tvm_destroy while a call runs.
 *
 *   capi_threads BUNDLE_DIR VOICE same THREADS CALLS
 *   capi_threads BUNDLE_DIR VOICE separate THREADS CALLS
 *       THREADS threads make CALLS calls each (whole and streamed in turn, two inputs) on
 *       one handle (same) or one handle per thread (separate); every result is compared
 *       with the same input's one-thread run. Prints "calls N mismatches M errors E".
 *   capi_threads BUNDLE_DIR VOICE destroy-in-callback
 *       A streamed multi-chunk call whose callback destroys the handle at its first chunk.
 *   capi_threads BUNDLE_DIR VOICE destroy-from-thread
 *       One thread streams; another waits for its turn on the same handle (seen asleep in
 *       /proc, so Linux only); the main thread destroys the handle during the first call.
 *   capi_threads BUNDLE_DIR VOICE nested
 *       A callback that calls kokoro_tvm_synthesize on its own handle.
 * Each mode prints what each call returned ("<label> result R chunks C" and its error);
 * exits 0 once every call returned, 1 on a setup failure. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "kokoro_tvm.h"

#define INPUTS 2
static const char* PHONEMES[INPUTS] = {"hˈɛloʊ", "ðə kwˈɪk"};
/* two chunks: the clause, then the rest */
static const char* LONG = "ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst";

static const char* bundle;
static const char* voice;
static float* reference[INPUTS];
static size_t reference_count[INPUTS];

struct Collect {
  float* samples;
  size_t count;
  size_t capacity;
};

static int collect(const float* samples, size_t count, void* user) {
  struct Collect* c = (struct Collect*)user;
  if (c->count + count > c->capacity) {
    c->capacity = 2 * (c->count + count);
    c->samples = (float*)realloc(c->samples, c->capacity * sizeof(float));
  }
  memcpy(c->samples + c->count, samples, count * sizeof(float));
  c->count += count;
  return 0;
}

struct Worker {
  KokoroTvm* tts; /* NULL: the worker makes its own */
  int index;
  int calls;
  int mismatches;
  int errors;
};

static void* work(void* arg) {
  struct Worker* w = (struct Worker*)arg;
  KokoroTvm* tts = w->tts != NULL ? w->tts : kokoro_tvm_create(bundle);
  if (tts == NULL) {
    printf("worker %d: create: %s\n", w->index, kokoro_tvm_last_error());
    w->errors = w->calls;
    return NULL;
  }
  for (int i = 0; i < w->calls; i++) {
    int input = (w->index + i) % INPUTS;
    float* samples = NULL;
    size_t count = 0;
    struct Collect c = {NULL, 0, 0};
    int result;
    if ((w->index + i) % 2 == 0) {
      result = kokoro_tvm_synthesize(tts, PHONEMES[input], voice, 3, (uint64_t)input, &samples, &count);
    } else {
      result = kokoro_tvm_synthesize_stream(tts, PHONEMES[input], voice, 3, (uint64_t)input, collect, &c);
      samples = c.samples;
      count = c.count;
    }
    if (result != 0) {
      printf("worker %d call %d: error: %s\n", w->index, i, kokoro_tvm_last_error());
      w->errors++;
    } else if (count != reference_count[input] || memcmp(samples, reference[input], count * sizeof(float)) != 0) {
      printf("worker %d call %d: input %d differs from its one-thread run\n", w->index, i, input);
      w->mismatches++;
    }
    if (c.samples != NULL) free(c.samples);
    else kokoro_tvm_free_audio(samples, count);
  }
  if (w->tts == NULL) kokoro_tvm_destroy(tts);
  return NULL;
}

static int threads(const char* mode, int n, int calls) {
  KokoroTvm* tts = kokoro_tvm_create(bundle);
  if (tts == NULL) {
    printf("create: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  for (int i = 0; i < INPUTS; i++) {
    if (kokoro_tvm_synthesize(tts, PHONEMES[i], voice, 3, (uint64_t)i, &reference[i], &reference_count[i]) != 0) {
      printf("reference %d: %s\n", i, kokoro_tvm_last_error());
      return 1;
    }
  }
  int same = strcmp(mode, "same") == 0;
  pthread_t* ids = (pthread_t*)calloc((size_t)n, sizeof(pthread_t));
  struct Worker* workers = (struct Worker*)calloc((size_t)n, sizeof(struct Worker));
  for (int t = 0; t < n; t++) {
    workers[t] = (struct Worker){same ? tts : NULL, t, calls, 0, 0};
    pthread_create(&ids[t], NULL, work, &workers[t]);
  }
  int mismatches = 0, errors = 0;
  for (int t = 0; t < n; t++) {
    pthread_join(ids[t], NULL);
    mismatches += workers[t].mismatches;
    errors += workers[t].errors;
  }
  printf("calls %d mismatches %d errors %d\n", n * calls, mismatches, errors);
  for (int i = 0; i < INPUTS; i++) kokoro_tvm_free_audio(reference[i], reference_count[i]);
  kokoro_tvm_destroy(tts);
  free(ids);
  free(workers);
  return 0;
}

/* destroy-in-callback and nested: the callback acts at the first chunk */
struct Acting {
  KokoroTvm* tts;
  const char* action;
  int chunks;
};

static int act(const float* samples, size_t count, void* user) {
  (void)samples;
  (void)count;
  struct Acting* a = (struct Acting*)user;
  a->chunks++;
  if (a->chunks == 1 && strcmp(a->action, "destroy") == 0) {
    kokoro_tvm_destroy(a->tts);
    printf("destroyed in the callback\n");
  } else if (a->chunks == 1 && strcmp(a->action, "nested") == 0) {
    float* s = NULL;
    size_t n = 0;
    int result = kokoro_tvm_synthesize(a->tts, PHONEMES[0], voice, 3, 0, &s, &n);
    printf("nested result %d samples %zu%s%s\n", result, n, result ? " error: " : "",
           result ? kokoro_tvm_last_error() : "");
    kokoro_tvm_free_audio(s, n);
  }
  return 0;
}

static int in_callback(const char* action) {
  KokoroTvm* tts = kokoro_tvm_create(bundle);
  if (tts == NULL) {
    printf("create: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  struct Acting a = {tts, action, 0};
  int result = kokoro_tvm_synthesize_stream(tts, LONG, voice, 4, 3, act, &a);
  printf("stream result %d chunks %d%s%s\n", result, a.chunks, result ? " error: " : "",
         result ? kokoro_tvm_last_error() : "");
  if (strcmp(action, "destroy") != 0) kokoro_tvm_destroy(tts);
  return 0;
}

/* destroy-from-thread */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;
static int first_chunk = 0;

static int slow(const float* samples, size_t count, void* user) {
  (void)samples;
  (void)count;
  int* chunks = (int*)user;
  if (++*chunks == 1) {
    pthread_mutex_lock(&lock);
    first_chunk = 1;
    pthread_cond_broadcast(&started);
    pthread_mutex_unlock(&lock);
    usleep(300000); /* the destroy comes meanwhile */
  }
  return 0;
}

static void* streaming(void* arg) {
  KokoroTvm* tts = (KokoroTvm*)arg;
  int chunks = 0;
  int result = kokoro_tvm_synthesize_stream(tts, LONG, voice, 4, 3, slow, &chunks);
  printf("stream result %d chunks %d%s%s\n", result, chunks, result ? " error: " : "",
         result ? kokoro_tvm_last_error() : "");
  return NULL;
}

static volatile pid_t waiting_tid = 0;

/* Whether thread tid sleeps (blocked: in the library, waiting for its turn). */
static int sleeping(pid_t tid) {
  char path[64], stat[512];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
  FILE* f = fopen(path, "r");
  if (f == NULL) return 0;
  size_t n = fread(stat, 1, sizeof stat - 1, f);
  fclose(f);
  stat[n] = 0;
  const char* end = strrchr(stat, ')');
  return end != NULL && end[1] == ' ' && end[2] == 'S';
}

static void* waiting(void* arg) {
  KokoroTvm* tts = (KokoroTvm*)arg;
  waiting_tid = (pid_t)syscall(SYS_gettid);
  float* s = NULL;
  size_t n = 0;
  int result = kokoro_tvm_synthesize(tts, PHONEMES[0], voice, 3, 0, &s, &n);
  printf("waiting result %d samples %zu%s%s\n", result, n, result ? " error: " : "",
         result ? kokoro_tvm_last_error() : "");
  kokoro_tvm_free_audio(s, n);
  return NULL;
}

static int from_thread(void) {
  KokoroTvm* tts = kokoro_tvm_create(bundle);
  if (tts == NULL) {
    printf("create: %s\n", kokoro_tvm_last_error());
    return 1;
  }
  pthread_t a, b;
  pthread_create(&a, NULL, streaming, tts);
  pthread_mutex_lock(&lock);
  while (!first_chunk) pthread_cond_wait(&started, &lock);
  pthread_mutex_unlock(&lock);
  pthread_create(&b, NULL, waiting, tts);
  /* b waits for its turn (a call that starts after the destroy would use freed memory) */
  for (int i = 0; i < 1000 && !(waiting_tid != 0 && sleeping(waiting_tid)); i++) usleep(10000);
  usleep(20000);
  kokoro_tvm_destroy(tts);
  printf("destroyed from the main thread\n");
  fflush(stdout);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}

int main(int argc, char** argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 4) {
    fprintf(stderr, "usage: capi_threads BUNDLE_DIR VOICE MODE [THREADS CALLS]\n");
    return 2;
  }
  bundle = argv[1];
  voice = argv[2];
  const char* mode = argv[3];
  if ((strcmp(mode, "same") == 0 || strcmp(mode, "separate") == 0) && argc == 6)
    return threads(mode, atoi(argv[4]), atoi(argv[5]));
  if (strcmp(mode, "destroy-in-callback") == 0) return in_callback("destroy");
  if (strcmp(mode, "nested") == 0) return in_callback("nested");
  if (strcmp(mode, "destroy-from-thread") == 0) return from_thread();
  fprintf(stderr, "capi_threads: unknown mode %s\n", mode);
  return 2;
}
