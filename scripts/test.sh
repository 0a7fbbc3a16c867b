#!/bin/sh
# The whole test suite, from a fresh clone: system packages, npm dependencies, build,
# type check, lint, then every vitest project (unit, netns interop, e2e in Chromium).
set -eu
cd "$(dirname "$0")/.."

node scripts/prereqs.mjs

# Electron's binary is not needed by any test, and cannot be downloaded on offline CI machines.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm run build
fi
npm run typecheck
npm run lint
npx vitest run "$@"
