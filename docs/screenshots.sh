#!/usr/bin/env bash
# Screenshots of the sample's digest and reports index (Reports/index.html) in a real browser,
# headless Chromium, at a phone's width and a desktop's: docs/{digest,index}-{phone,desktop}.png.
# `make screenshots` builds nkreport and runs this: docs/screenshots.sh NKREPORT [OUTDIR].
set -euo pipefail
nkreport=$(realpath "${1:?usage: docs/screenshots.sh NKREPORT [OUTDIR]}")
mkdir -p "${2:-docs}"
out=$(realpath "${2:-docs}")
cd "$(dirname "$0")/.."
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "screenshots.sh: no chromium on PATH (make browser installs it)" >&2
  exit 69
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The sample published as an analyst's folder would hold it: September to November 2018,
# November first without report_url and then with it (a revision, as a changed setting makes).
: >"$work/plain.toml"
printf '[mail]\nreport_url = "https://reports.example.org/nk/"\n' >"$work/nkreport.toml"
publish() {
  "$nkreport" run --inputs Inputs --reports "$work/Reports" --config "$1" --period "$2" >/dev/null 2>&1
}
publish "$work/plain.toml" 2018-11
for period in 2018-09 2018-10 2018-11; do publish "$work/nkreport.toml" "$period"; done

shoot() { # name width height page
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --window-size="$2,$3" --screenshot="$out/$1.png" \
    "file://$work/Reports/$4" >/dev/null 2>&1
  [ -s "$out/$1.png" ] || { echo "screenshots.sh: chromium wrote no $out/$1.png" >&2; exit 70; }
  echo "screenshots.sh: $out/$1.png"
}
shoot digest-phone 390 1480 2018-11/digest.html
shoot digest-desktop 1024 1020 2018-11/digest.html
shoot index-phone 390 1200 index.html
shoot index-desktop 1024 1000 index.html
