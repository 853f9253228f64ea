#!/usr/bin/env bash
# Backup and restore throughput of Sentinel against `docker run ... busybox tar czf/xzf`, on one
# mixed volume, with Sentinel's heap capped at 128 MiB. Needs a Docker engine and busybox-static.
# Usage: scripts/bench-backup.sh [MiB, default 1024] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests
./mvnw -B -q -pl sentinel-backup dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
echo "| what | volume | Sentinel | busybox tar + gzip | Sentinel / tar |"
echo "|---|---|---|---|---|"
exec java -Xmx128m -cp "sentinel-backup/target/test-classes:sentinel-backup/target/classes:$(cat sentinel-backup/target/bench.classpath)" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn dev.sentinel.backup.bench.BackupVersusTar "$@"
