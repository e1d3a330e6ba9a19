#!/bin/sh
# Installs the browser tests' npm packages (npm ci, from package-lock.json) unless
# they are already installed for the current lock file. CTest runs it before the
# browser tests; scripts/test runs `npm ci` itself.
set -eu
cd "$(dirname "$0")"
if [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  exit 0
fi
exec npm ci --no-audit --no-fund
