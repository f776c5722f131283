"""Token and frame buckets: parsed and checked in one place (the build and models.compile).

In:  comma-separated bucket sizes as given on the command line.
Out: parse_buckets() -> {"tokens": (...), "frames": (...)}, sorted and
     unique; ValueError naming the text and the problem otherwise.
     TILE, the width of the CPU kernels' vector tiles, which frame buckets,
     the decoder's last stage, the CPU schedules and the LSTM kernel share;
     each stage's bucket kind; the default buckets of the CPU and of GPUs.
No heavy imports: SConstruct reads this module.
"""

# 16 float32 lanes: two AVX2 registers, one AVX-512 register, four NEON registers. Frame
# buckets are multiples of it, so the decoder's convolutions run in whole vector tiles.
TILE = 16
# The kind of bucket each stage of the split takes (models/functions.py names the stages).
BUCKET_KINDS = {"bert": "tokens", "duration": "tokens", "text_encoder": "tokens", "f0n": "frames",
                "decoder": "frames"}
# Frame buckets at most 1.25x apart from 128 to 384 frames (5 to 15 s of audio at speed 1, where
# the short first chunk and the chunks after it land), 1.33-1.5x elsewhere: the decoder takes
# nearly all the time and runs over the whole bucket, so a chunk there pays for at most a fifth
# of a bucket it does not fill (a 193-frame chunk: 224, not 256).
DEFAULT_BUCKETS = {"tokens": (32, 64, 128, 256, 512),
                   "frames": (64, 96, 128, 160, 192, 224, 256, 320, 384, 512, 768, 1024)}
# On a GPU the decoder runs tens of times faster than the audio plays: the padding of buckets 2x
# apart costs less there than what each further bucket adds, a function of every frame stage in
# the library the app ships (and minutes of build).
GPU_FRAME_BUCKETS = (64, 128, 256, 512, 1024)


def default_buckets(schedule):
    """The default buckets of a schedule family ("cpu" or "gpu"), as DEFAULT_BUCKETS."""
    return {**DEFAULT_BUCKETS, "frames": GPU_FRAME_BUCKETS} if schedule == "gpu" else dict(DEFAULT_BUCKETS)


def parse_buckets(tokens_text, frames_text):
    """{"tokens": (...), "frames": (...)} from comma-separated text; ValueError naming the problem.
    Empty frames_text (the build's MODEL_FRAME_BUCKETS left to each profile's default): tokens only."""
    buckets = {}
    for kind, text in (("tokens", tokens_text), ("frames", frames_text)) if frames_text else (("tokens", tokens_text),):
        try:
            values = tuple(sorted({int(b) for b in text.split(",")}))
        except ValueError:
            raise ValueError(f"{kind} buckets '{text}': expected numbers separated by commas") from None
        if not values or values[0] < 1:
            raise ValueError(f"{kind} buckets '{text}': expected positive numbers")
        buckets[kind] = values
    odd = [b for b in buckets.get("frames", ()) if b % TILE]
    if odd:
        raise ValueError(f"frame buckets {odd}: each must be a multiple of {TILE}")
    return buckets
