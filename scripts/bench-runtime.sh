#!/usr/bin/env bash
# Brings the same 10-service stack up with Sentinel and with `docker compose up -d --wait`, alternating,
# and prints medians and ratios (cold up and no-op up). Needs a Docker engine and Compose v2.
# Usage: scripts/bench-runtime.sh [rounds]   (default 5, after one warm-up round)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl sentinel-runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
echo "| what | rounds | Sentinel (median) | Compose (median) | Sentinel / Compose |"
echo "|---|---|---|---|---|"
exec java -cp "sentinel-runtime/target/test-classes:sentinel-runtime/target/classes:$(cat sentinel-runtime/target/bench.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.sentinel.runtime.bench.UpVersusCompose "$@"
