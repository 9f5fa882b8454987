#!/usr/bin/env bash
# Renders a table's report.html in headless Chromium and saves a PNG screenshot of it, to look at a report as a
# reader's browser shows it (the figures, the per-seed tables).
#   redreg.bench/scripts/report-screenshot.sh <report.html> <out.png> [width] [height]
# Needs Debian's `chromium` (apt-get install chromium). The screenshot is of the first width × height pixels
# (default 1400 × 2600): Chromium's command line has no full-page mode.
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 <report.html> <out.png> [width] [height]" >&2
  exit 2
fi
html="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "$0: chromium not found (apt-get install chromium)" >&2
  exit 3
fi
# --no-sandbox: Chromium refuses to start as root otherwise (containers, CI); the page is a local file.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
  --window-size="${3:-1400},${4:-2600}" --screenshot="$out" "file://$html" >/dev/null 2>&1
[ -s "$out" ] || { echo "$0: chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
