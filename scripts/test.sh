#!/usr/bin/env bash
# The test command, the same locally and in CI: makes sure a Docker engine answers (installing and
# starting docker.io on Debian/Ubuntu as root when none does), runs every unit and integration test,
# then fails if a test left a labelled container, network or volume behind.
#
# Usage: scripts/test.sh [extra maven arguments]
#   SENTINEL_NO_ENGINE_SETUP=1  do not install or start an engine (the ITs then fail if none answers)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/engine.sh
source scripts/lib/engine.sh

if [[ -z ${SENTINEL_NO_ENGINE_SETUP:-} ]]; then
  engine_ensure || echo "test: no Docker engine; the integration tests will fail and say so" >&2
fi

# The example's images start FROM debian:bookworm-slim; seed it locally where no registry has it.
if engine_answers; then
  scripts/seed-base-images.sh || echo "test: could not seed debian:bookworm-slim; the example's tests will fail" >&2
fi

# Compose v2 judges exported files side by side (docker compose config); installed when missing.
scripts/install-compose.sh || echo "test: could not install docker compose v2; the Compose ITs will fail and say so" >&2

# Testcontainers on a machine without a registry: no Ryuk (its image cannot be pulled; our tests
# remove what they create), and no probe container to find the host.
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}

status=0
./mvnw -B verify "$@" || status=$?

if engine_answers; then
  leftovers=$(
    docker ps -aq --filter label=dev.sentinel.test | sed 's/^/container /'
    docker network ls -q --filter label=dev.sentinel.test | sed 's/^/network /'
    docker volume ls -q --filter label=dev.sentinel.test | sed 's/^/volume /'
  )
  if [[ -n $leftovers ]]; then
    echo "test: tests left these objects behind (label dev.sentinel.test):" >&2
    echo "$leftovers" >&2
    status=1
  fi
fi
exit "$status"
