#!/usr/bin/env bash
# The main job: bring the ATS Sentinel Swarm example up in one environment, from a bare machine.
# Ensures a Docker engine (like test.sh), builds Sentinel, seeds the Debian base image when no
# registry has it, builds the stack's images, applies the stack, waits until it is healthy, and
# prints its status and URLs. Running it again changes nothing.
# Usage: scripts/bootstrap.sh <development|production|ubuntu>
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/engine.sh
source scripts/lib/engine.sh

env=${1:-}
case "$env" in
  development|production|ubuntu) ;;
  *) echo "usage: scripts/bootstrap.sh <development|production|ubuntu>" >&2; exit 64 ;;
esac

engine_ensure
echo "bootstrap: building Sentinel"
./mvnw -B -q install -DskipTests
scripts/seed-base-images.sh

sentinel() { scripts/sentinel --stack ats-sentinel --env "$env" "$@"; }

echo "bootstrap: applying ats-sentinel ($env); images are built on first use"
sentinel up
sentinel status
echo
echo "Orchestrator: http://127.0.0.1:8080/health  http://127.0.0.1:8080/metrics"
if [[ $env == development ]]; then
  echo "Prometheus:   http://127.0.0.1:9090/targets"
fi
echo "Operate it:   scripts/sentinel --stack ats-sentinel --env $env status|health|logs <service>|backup|down"
