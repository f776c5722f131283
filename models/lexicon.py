"""The G2P's English lexicons, one compact file per dialect, which the crate reads without parsing.

    python -m models.lexicon --data DIR --dialect us|gb --out FILE

In:  misaki's lexicon folder (misaki/data of the pinned misaki wheel: us_gold.json,
     us_silver.json, gb_gold.json, gb_silver.json; each word -> phonemes, or for a homograph
     a table part-of-speech -> phonemes or null, with a DEFAULT), and the dialect.
Out: FILE (written under a temporary name, then renamed), byte for byte the same for the same
     JSON files: the dialect's gold and silver lexicons. Layout, little-endian:

       magic      8 bytes  b"KTVMLEX2"
       count      u32      number of words
       key_bytes  u32      length of the word blob
       val_bytes  u32      length of the value blob
       reserved   u32      0
       offsets    u32 * (count + 1)   where each word starts in the word blob (the last: its end)
       refs       u32 * count * 2     per word, its value in the gold and the silver
                                      lexicon: 0 where absent, else 1 + where it starts in
                                      the value blob
       words      the words, sorted bytewise, back to back (ASCII)
       values     each value once, ended by a zero byte: phonemes (UTF-8), or a homograph
                  table: 0x01, then entries TAG 0x02 PHONEMES joined by 0x03, where a null
                  pronunciation is the single byte 0x04; entries in the JSON's order

     Gold and silver share one word table and one value blob (an entry in both is stored once).
     A file per dialect, not one for both: an app reads only its dialect's (6.5 MB of 13.4; one
     shared file would be 11.4 MB but take every app twice as long to read and check).
     misaki's grow_dictionary (capitalised and lower-case variants) is applied by the reader
     at lookup time, not stored.
"""

import argparse
import json
import os
import struct
import sys

MAGIC = b"KTVMLEX2"
DIALECTS = ("us", "gb")


class LexiconError(Exception):
    """A lexicon folder that cannot be converted."""


def _encode(value, where):
    if isinstance(value, str):
        data = value.encode("utf-8")
        if any(b < 0x20 for b in data):
            raise LexiconError(f"{where}: phonemes hold a control character")
        return data
    if isinstance(value, dict) and "DEFAULT" in value:
        parts = []
        for tag, phonemes in value.items():
            if not tag.isascii() or not tag.isprintable() or not tag:
                raise LexiconError(f"{where}: tag {tag!r} is not printable ASCII")
            parts.append(tag.encode() + b"\x02" + (b"\x04" if phonemes is None else _encode(phonemes, where)))
        return b"\x01" + b"\x03".join(parts)
    raise LexiconError(f"{where}: expected phonemes or a table with DEFAULT, found {type(value).__name__}")


def build(data_dir, dialect):
    """The file's bytes from misaki's gold and silver JSON lexicons of a dialect in data_dir."""
    if dialect not in DIALECTS:
        raise LexiconError(f"dialect {dialect!r}: expected one of {', '.join(DIALECTS)}")
    sources = (f"{dialect}_gold", f"{dialect}_silver")
    tables = []
    for name in sources:
        path = os.path.join(data_dir, f"{name}.json")
        try:
            with open(path, encoding="utf-8") as f:
                table = json.load(f)
        except (OSError, ValueError) as e:
            raise LexiconError(f"{path}: {e} (the lexicon folder is misaki/data of the pinned misaki wheel)")
        if not isinstance(table, dict):
            raise LexiconError(f"{path}: not a JSON object of words")
        tables.append(table)
    words = sorted({w.encode("utf-8") for t in tables for w in t})
    for w in words:
        if not w or any(b < 0x21 or b > 0x7e for b in w):
            raise LexiconError(f"{data_dir}: word {w!r} is not printable ASCII")
    values, blob = {}, bytearray()
    refs = []
    for w in words:
        key = w.decode()
        for name, table in zip(sources, tables):
            if key not in table:
                refs.append(0)
                continue
            encoded = _encode(table[key], f"{name}.json: {key}")
            if encoded not in values:
                values[encoded] = len(blob)
                blob += encoded + b"\x00"
            refs.append(values[encoded] + 1)
    key_blob = b"".join(words)
    offsets, at = [], 0
    for w in words:
        offsets.append(at)
        at += len(w)
    offsets.append(at)
    if len(blob) >= 1 << 32 or len(key_blob) >= 1 << 32:
        raise LexiconError(f"{data_dir}: the lexicons are too large for the file's 32-bit offsets")
    header = MAGIC + struct.pack("<4I", len(words), len(key_blob), len(blob), 0)
    return header + struct.pack(f"<{len(offsets)}I", *offsets) + struct.pack(f"<{len(refs)}I", *refs) \
        + key_blob + bytes(blob)


def write(data_dir, dialect, out):
    """Writes the dialect's file to out (a temporary name first); returns its bytes."""
    data = build(data_dir, dialect)
    partial = out + ".part"
    with open(partial, "wb") as f:
        f.write(data)
    os.replace(partial, out)
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m models.lexicon", description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="misaki's lexicon folder (misaki/data of the pinned wheel)")
    parser.add_argument("--dialect", required=True, choices=DIALECTS, help="us or gb")
    parser.add_argument("--out", required=True, help="the file to write")
    args = parser.parse_args(argv)
    try:
        data = write(args.data, args.dialect, args.out)
    except LexiconError as e:
        print(f"lexicon: {e}", file=sys.stderr)
        return 2
    print(f"lexicon: {args.out}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
