#!/usr/bin/env bash
# ctest lsp.nvim_e2e: headless Neovim as the LSP client of `lambdalint lsp`.
# Usage: nvim_e2e.sh LAMBDALINT_BINARY
set -euo pipefail
binary="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v nvim >/dev/null; then
  echo "nvim is not installed (tools/setup.sh installs Debian's neovim)" >&2
  exit 1
fi
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
cd "$workdir"
LAMBDALINT="$binary" WORKDIR="$workdir" timeout 60 \
  nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim_e2e.lua"
