"""Token and frame buckets: parsed and checked in one place (the build and models.compile).

In:  comma-separated bucket sizes as given on the command line.
Out: parse_buckets() -> {"tokens": (...), "frames": (...)}, sorted and
     unique; ValueError naming the text and the problem otherwise.
No heavy imports: SConstruct reads this module.
"""

FRAME_BUCKET_MULTIPLE = 16  # the decoder's convolutions run in whole vector tiles


def parse_buckets(tokens_text, frames_text):
    """{"tokens": (...), "frames": (...)} from comma-separated text; ValueError naming the problem."""
    buckets = {}
    for kind, text in (("tokens", tokens_text), ("frames", frames_text)):
        try:
            values = tuple(sorted({int(b) for b in text.split(",")}))
        except ValueError:
            raise ValueError(f"{kind} buckets '{text}': expected numbers separated by commas") from None
        if not values or values[0] < 1:
            raise ValueError(f"{kind} buckets '{text}': expected positive numbers")
        buckets[kind] = values
    odd = [b for b in buckets["frames"] if b % FRAME_BUCKET_MULTIPLE]
    if odd:
        raise ValueError(f"frame buckets {odd}: each must be a multiple of {FRAME_BUCKET_MULTIPLE}")
    return buckets
