#!/usr/bin/env bash
# Verify ARCHIVE and restore its volumes (refuses non-empty volumes; add --overwrite to replace).
set -euo pipefail
[[ $# -ge 1 ]] || { echo "usage: scripts/restore.sh <archive> [--overwrite] [--rename FROM=TO]..." >&2; exit 64; }
exec "$(dirname "$0")/sentinel" restore "$@"
