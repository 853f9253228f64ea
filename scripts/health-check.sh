#!/usr/bin/env bash
# Exit 0 when every container of the stack is running and healthy, 4 otherwise.
set -euo pipefail
exec "$(dirname "$0")/sentinel" health "$@"
