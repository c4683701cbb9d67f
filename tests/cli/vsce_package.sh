#!/usr/bin/env bash
# The VS Code extension packages into a .vsix without a question (docs/editors.md, "Installing"):
# `vsce package` in a copy of editors/vscode whose node_modules holds the extension's runtime
# dependencies (taken from the repository's pinned node_modules), stdin closed.
set -euo pipefail
root="$2"
bin="$root/node_modules/.bin"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -r "$root/editors/vscode/." "$stage/"
# The extension's runtime dependency closure and the type packages tsc needs, laid out as
# `npm install` would (typescript and vsce themselves run from the repository's node_modules).
node -e '
  const fs = require("fs"), path = require("path");
  const [from, to] = process.argv.slice(1);
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(fs.readFileSync(path.join(from, name, "package.json"), "utf8"));
    fs.cpSync(path.join(from, name), path.join(to, "node_modules", name), { recursive: true, dereference: true });
    for (const dep of Object.keys(manifest.dependencies || {})) visit(dep);
  };
  const manifest = require(path.join(to, "package.json"));
  for (const dep of Object.keys(manifest.dependencies)) visit(dep);
  for (const dep of Object.keys(manifest.devDependencies).filter((name) => name.startsWith("@types/"))) visit(dep);
' "$root/node_modules" "$stage"
cd "$stage"
# vscode:prepublish runs tsc: the repository's pinned one is on PATH.
PATH="$bin:$PATH" "$bin/vsce" package --out "$stage/lambdalint.vsix" </dev/null >"$stage/vsce.log" 2>&1 || { cat "$stage/vsce.log"; exit 1; }
python3 - "$stage/lambdalint.vsix" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/package.json", "extension/out/extension.js", "extension/LICENSE.txt", "extension/readme.md",
        "extension/node_modules/vscode-languageclient/package.json", "extension.vsixmanifest"]
missing = [n for n in need if n not in names]
if missing:
    sys.exit(f"vsix lacks {missing}; has {sorted(names)[:40]}")
if any(n.startswith("extension/src/") for n in names):
    sys.exit("vsix ships the TypeScript sources (.vscodeignore)")
print(f"vsix ok: {len(names)} files")
PY
