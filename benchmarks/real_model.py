"""The real Kokoro v1.0 through the build: the kokoro-tvm tool against PyTorch and onnxruntime.

    third_party/python-env/bin/python benchmarks/real_model.py [--models DIR] [--tool PATH]
        [--weights FILE --weights-sha256 HEX] [--voices FILE] [--voice NAME ...] [--png FILE] [--json FILE]

In:  a models bundle built with real weights (default dist/host/models of `./scons WEIGHTS=pinned`)
     and the tool that loads it (default dist/host/bin/kokoro-tvm; the cuda profile's
     dist/cuda/bin/kokoro-tvm runs it on an NVIDIA GPU the same way), the checkpoint that
     bundle was written from (default the lock's pinned kokoro-v1.0.int8.onnx, build/model/)
     and the voices file (default the pinned voices_ja.npz).
Out: for three utterances and each voice (default jf_alpha and jm_kumo): the tool's audio (one
     piece, --first-chunk 0, seeded noise) against KModel.forward_with_tokens with the converted
     weights, the same voice row, the same noise and STFT (models/testing/reference.py): total frames
     and audio length equal or not, the largest error relative to the output's scale, and the
     SNR in dB; against onnxruntime on the original ONNX file (which quantises its activations
     to int8, has no source noise and an inverse STFT of 1.5x torch.istft's scale): the
     durations (the graph's rounded ones, against PyTorch's, per token) and the log10-mel
     distance (benchmarks/onnx_weights_check.py's), each with its own durations and with
     PyTorch given the graph's durations (aligned frame by frame), beside PyTorch's own
     seed-to-seed distance. --png writes log-mel spectrograms of the first utterance (tool above, PyTorch
     below); --json the figures.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:1] = [ROOT, os.path.join(ROOT, "site_scons"), HERE]   # models/ before benchmarks/models.py

UTTERANCES = [("kˈoʊkəɹoʊ ɪz ɐ tˈɛkst tə spˈiːtʃ mˈɑːdəl.", 1.0, 11),
              ("ðə kwˈɪk bɹˈaʊn fˈɑːks dʒˈʌmps ˌoʊvɚ ðə lˈeɪzi dˈɑːɡ.", 1.0, 12),
              ("ɪt wʌz ðə bˈɛst ʌv tˈaɪmz, ɪt wʌz ðə wˈɜːst ʌv tˈaɪmz; ɪt wʌz ðɪ ˈeɪdʒ ʌv wˈɪzdəm.", 1.0, 13)]


def snr_db(audio, reference):
    noise = float(np.sum((audio - reference) ** 2))
    return float("inf") if noise == 0 else 10 * np.log10(float(np.sum(reference ** 2)) / noise)


def png(path, image):
    """A grayscale PNG of image (rows top to bottom, values 0..1), written with zlib alone."""
    pixels = (np.clip(image, 0, 1) * 255).astype(np.uint8)
    raw = b"".join(b"\0" + row.tobytes() for row in pixels)

    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = pixels.shape[1].to_bytes(4, "big") + pixels.shape[0].to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def spectrogram_picture(path, tool_audio, torch_audio):
    from onnx_weights_check import log_mel
    mels = [log_mel(audio).T[::-1] for audio in (tool_audio, torch_audio)]   # [mels, frames], low at the bottom
    top = max(float(m.max()) for m in mels)
    images = [np.repeat(np.repeat((m - (top - 4.0)) / 4.0, 3, axis=0), 2, axis=1) for m in mels]   # 80 dB, log10
    gap = np.ones((6, images[0].shape[1]))
    png(path, np.concatenate([images[0], gap, images[1]]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", default=os.path.join(ROOT, "dist", "host", "models"))
    parser.add_argument("--tool", default=os.path.join(ROOT, "dist", "host", "bin", "kokoro-tvm"))
    parser.add_argument("--weights", help="the checkpoint the bundle holds (default: the lock's pinned one)")
    parser.add_argument("--weights-sha256")
    parser.add_argument("--voices", help="the voices file (default: the lock's pinned one)")
    parser.add_argument("--voice", action="append", help="a voice (repeatable; default jf_alpha and jm_kumo)")
    parser.add_argument("--utterance", type=int, action="append", choices=range(len(UTTERANCES)),
                        help="run only this utterance (repeatable; default all three)")
    parser.add_argument("--png", help="log-mel spectrograms of the first utterance run, tool above PyTorch")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args(argv)

    import onnx
    import torch
    from models import voices, weights
    from models.testing import reference
    from onnx_weights_check import DURATIONS, ISTFT_SCALE, forward_with_durations, mel_distance, run_graph

    if not (args.weights and args.voices):   # the lock's pinned files (the build's modules need SCons)
        from kokoro_build import lock, pinned_model
        pinned = pinned_model.paths(ROOT, lock.load(os.path.join(ROOT, "third_party", "lock.toml")))
    weights_path, sha256 = (args.weights, args.weights_sha256) if args.weights else pinned["weights"]
    voices_path = args.voices or pinned["voices"][0]
    names = args.voice or ["jf_alpha", "jm_kumo"]
    manifest = json.load(open(os.path.join(args.models, "manifest.json"), encoding="utf-8"))
    if manifest["weights"]["identity"].get("sha256") != sha256:
        sys.exit(f"{args.models}: its weights are {manifest['weights']['identity']}, not {weights_path}: "
                 f"build it with ./scons WEIGHTS=pinned (or give --models, --weights)")
    torch.set_num_threads(max(1, (os.cpu_count() or 1)))
    model, _ = weights.load_model(weights_path, sha256)
    packs = voices.read_archive(voices_path) if voices_path.endswith((".bin", ".npz")) else None
    vocab = weights.load_config()["vocab"]
    graph = onnx.load(weights_path) if weights_path.endswith(".onnx") else None
    rows, first = [], None
    print(f"weights {os.path.basename(weights_path)}; tool {args.tool}; models {args.models}")
    print(f"{'utterance':>9} {'voice':>10} {'frames tool/torch':>18} {'max err/scale':>14} {'SNR dB':>7} "
          f"{'ort dur diff':>13} {'mel ort':>8} {'aligned':>8} {'mel seeds':>9}")
    for index, (phonemes, speed, seed) in enumerate(UTTERANCES):
        if args.utterance and index not in args.utterance:
            continue
        ids = reference.token_ids(phonemes, vocab)
        for name in names:
            ref_s = packs[name][len(phonemes) - 1][None]
            with tempfile.TemporaryDirectory() as tmp:
                samples = os.path.join(tmp, "out.f32")
                run = subprocess.run([args.tool, "--models", args.models, "--phonemes", phonemes, "--voice", name,
                                      "--out", os.path.join(tmp, "out.wav"), "--samples", samples, "--speed",
                                      str(speed), "--seed", str(seed), "--first-chunk", "0"],
                                     capture_output=True, text=True)
                if run.returncode != 0:
                    sys.exit(f"{args.tool} failed: {run.stderr}")
                audio = np.fromfile(samples, dtype="<f4")
            expected, durations = reference.run_pytorch(model, ids, ref_s, speed, seed)
            expected = expected.reshape(-1)
            other, _ = reference.run_pytorch(model, ids, ref_s, speed, seed + 1000)
            frames = int(run.stdout.split(" frames, ")[0].rsplit("(", 1)[1])
            same = audio.shape == expected.shape
            row = {"utterance": index, "voice": name, "tokens": len(ids), "frames_tool": frames,
                   "frames_torch": int(durations.sum()), "same_length": same,
                   "max_error": float(np.abs(audio - expected).max() / np.abs(expected).max()) if same else None,
                   "snr_db": snr_db(audio, expected) if same else None,
                   "mel_torch_seeds": mel_distance(expected, other.reshape(-1))}
            if graph is not None:
                ort = run_graph(onnx.load(weights_path), {"durations": DURATIONS}, ids, ref_s.astype(np.float32))
                row["ort_duration_diff"] = int(np.abs(ort["durations"] - durations).max())
                row["ort_frames"] = int(ort["durations"].sum())
                row["mel_ort"] = mel_distance(ort["audio"] / ISTFT_SCALE, expected)
                torch.manual_seed(seed)          # PyTorch given the graph's durations: frame by frame
                aligned = forward_with_durations(model, torch.tensor([ids]), torch.from_numpy(ref_s), ort["durations"])
                row["mel_ort_aligned"] = mel_distance(ort["audio"] / ISTFT_SCALE, aligned)
            rows.append(row)
            if first is None:
                first = (audio, expected)
            print(f"{index:>9} {name:>10} {frames:>8}/{int(durations.sum()):<9} "
                  f"{row['max_error'] if same else float('nan'):>14.3e} {row['snr_db'] if same else float('nan'):>7.1f} "
                  f"{row.get('ort_duration_diff', '-'):>13} {row.get('mel_ort', float('nan')):>8.3f} "
                  f"{row.get('mel_ort_aligned', float('nan')):>8.3f} "
                  f"{row['mel_torch_seeds']:>9.3f}")
    if args.png and first is not None:
        spectrogram_picture(args.png, *first)
        print(f"wrote {args.png}: log10-mel of the first utterance run, voice {names[0]}: the tool above, "
              f"PyTorch below")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
