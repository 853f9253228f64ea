#!/usr/bin/env bash
# Runs the DSL's JMH benchmarks (define + resolve + validate + export of 100 and 1,000 services).
# Usage: scripts/bench-dsl.sh [benchmark regexp and JMH options, e.g. ComposeImportBenchmark -f 1 -wi 3 -i 3]
# (default: StackCycleBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl sentinel-dsl -am test-compile -DskipTests
./mvnw -B -q -pl sentinel-dsl dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -cp "sentinel-dsl/target/test-classes:sentinel-dsl/target/classes:$(cat sentinel-dsl/target/bench.classpath)" \
  org.openjdk.jmh.Main "${@:-StackCycleBenchmark}"
