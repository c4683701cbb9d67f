#!/usr/bin/env bash
# The audit HTML report is self-contained (no external references) and renders in headless
# Chromium: the screenshot exists and is not blank.
set -euo pipefail
lambdalint="$1"
root="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$lambdalint" audit "$root/fixtures/audit/snapshot" "$root/fixtures/audit/stacks" --format html --output "$work/audit.html" --fail-on none --as-of 2026-01-01
python3 - "$work/audit.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
assert html.startswith("<!DOCTYPE html>")
# No external assets: no src/href to anything, no @import, no url() but the SVG marker reference.
assert not re.search(r'\b(src|href)\s*=', html), "external reference"
assert "@import" not in html
assert "<svg" in html and "<table id=\"findings\"" in html
for name in ("orders-worker", "public-api", "stream-reader", "stream-role", "LL202"):
    assert name in html, name
PY
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium is not installed (tools/setup.sh installs it)" >&2
  exit 1
fi
HOME="$work" timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
  --screenshot="$work/audit.png" --window-size=1400,1800 "file://$work/audit.html" > "$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; exit 1; }
python3 - "$work/audit.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])
assert (width, height) == (1400, 1800), (width, height)
# Decode the image data and count distinct colours: a blank or failed page has one or two.
chunks, i = [], 8
while i < len(data):
    length, kind = struct.unpack(">I4s", data[i:i + 8])
    if kind == b"IDAT":
        chunks.append(data[i + 8:i + 8 + length])
    i += 12 + length
raw = zlib.decompress(b"".join(chunks))
colours = set(raw[j:j + 3] for j in range(0, len(raw), 997))
assert len(colours) > 20, f"only {len(colours)} colours sampled: the page looks blank"
print(f"screenshot {width}x{height}, {len(colours)} sampled colours, {len(data)} bytes")
PY
if [ -n "${AUDIT_SCREENSHOT:-}" ]; then cp "$work/audit.png" "$AUDIT_SCREENSHOT"; fi
echo ok
