#!/usr/bin/env bash
# Back up the stack's volumes into DIR (default: backups), keeping 7 daily and 12 monthly archives.
set -euo pipefail
exec "$(dirname "$0")/sentinel" backup --to "${1:-backups}" --keep-daily 7 --keep-monthly 12
