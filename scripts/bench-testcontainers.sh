#!/usr/bin/env bash
# In one JVM, side by side on the same 5-service stack with health checks: Testcontainers'
# ComposeContainer (local docker compose) and SentinelStackContainer (first start and stop,
# alternating, after a warm-up round of each), then a reused start and a shared stack's second
# caller. In-process figures: the JVM, Testcontainers and docker-java are already loaded.
# Usage: scripts/bench-testcontainers.sh [rounds]   (default 3). Needs an engine and Compose v2.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -Dinvoker.skip
./mvnw -B -q -pl sentinel-testcontainers dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}
echo "Docker $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null | sed 's/^/Compose /'), $(java -version 2>&1 | head -1)"
echo "| what | rounds | median (min–max) |"
echo "|---|---|---|"
exec java -cp "sentinel-testcontainers/target/test-classes:sentinel-testcontainers/target/classes:$(cat sentinel-testcontainers/target/bench.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.sentinel.testcontainers.bench.StartVersusComposeContainer "$@"
