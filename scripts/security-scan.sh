#!/usr/bin/env bash
# Lint the definition and audit what runs; SARIF files for CI next to the text reports.
# Usage: scripts/security-scan.sh [--env ENV]
set -uo pipefail
cli="$(dirname "$0")/sentinel"
status=0
"$cli" "$@" lint || status=1
"$cli" "$@" lint --sarif > sentinel-lint.sarif || true
"$cli" "$@" audit || status=1
exit "$status"
