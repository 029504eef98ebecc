#!/usr/bin/env bash
# npm run test:versions: the real-n8n suites behind the README's Compatibility section, on the n8n versions it names
# beside the pinned one (npm test runs that): the oldest supported, and the newest that installs from the npm
# registry. One n8n at a time; each runtime is installed on first use by scripts/n8n-runtime.sh (minutes, ~3 GB).
# Usage: scripts/test-versions.sh [version ...]     (default: the versions below)
# Env:   N8N_RUNTIMES_DIR   a folder for the runtimes, one sub-folder per version
#                           (default: scripts/n8n-runtime.sh's own, <repo>/.cache/n8n-runtime-<version>)
set -euo pipefail

# Keep in step with OLDEST_SUPPORTED_N8N (nodes/resultsAndCallbacks/n8nInternals.ts) and the README.
# n8n 2.41.3 (npm's latest) does not install from the registry: its @n8n/agents@0.26.2 is missing there.
VERSIONS=(2.39.0 2.41.1)
SUITES=(test/e2e/n8nSmoke.e2e.test.ts test/e2e/trustInputs.e2e.test.ts test/e2e/examples.e2e.test.ts)

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
[ $# -gt 0 ] && VERSIONS=("$@")

npm run build
started=$SECONDS
for version in "${VERSIONS[@]}"; do
  echo "[test:versions] n8n $version" >&2
  if [ -n "${N8N_RUNTIMES_DIR:-}" ]; then
    export N8N_RUNTIME_DIR="$N8N_RUNTIMES_DIR/$version"
  else
    unset N8N_RUNTIME_DIR # a folder set for the pinned n8n is not this version's
  fi
  N8N_VERSION=$version bash scripts/n8n-runtime.sh >/dev/null
  N8N_VERSION=$version npx jest -c test/e2e/jest.config.js "${SUITES[@]}"
done
echo "[test:versions] n8n ${VERSIONS[*]} passed in $((SECONDS - started)) s" >&2
