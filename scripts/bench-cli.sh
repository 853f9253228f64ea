#!/usr/bin/env bash
# What users wait for, whole process, side by side in one run: Sentinel's CLI and docker compose on
# one Compose file shipped in the repo (benchmarks/cli/compose.yaml: ten services, three health
# tiers, 1 s health interval). Both read that same file: `sentinel -f FILE` and `docker compose -f FILE`
# (with SENTINEL_BENCH_JAVA=1, Sentinel runs the Java definition `sentinel import` generates from it
# instead, to measure the Java path). Per round, in alternating order:
#   cold up (nothing -> all healthy), no-op up, plan (vs `docker compose config -q`),
#   status (vs `docker compose ps`), down (with volumes); Sentinel's short commands run in its daemon
#   (the default), and no-op up, plan and status also with SENTINEL_DAEMON=0 (a JVM per command).
# Medians and min-max over the rounds; both sides are checked to end with 10 healthy containers.
# Usage: scripts/bench-cli.sh [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh
rounds=${1:-5}
file=benchmarks/cli/compose.yaml
[[ -f sentinel-cli/target/sentinel.jar ]] || ./mvnw -B -q install -DskipTests
docker compose version >/dev/null 2>&1 || scripts/install-compose.sh >/dev/null
bench_busybox_image >/dev/null

work=$(mktemp -d /var/tmp/sentinel-bench-cli.XXXXXX)
project=sentinel-bench-compose
C() { docker compose -p "$project" -f "$file" "$@"; }
# Sentinel's daemons (docs/getting-started.md, "The daemon") in a socket directory of this run's own, stopped at the end.
export XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
if [[ ${SENTINEL_BENCH_JAVA:-0} == 1 ]]; then
  S() { SENTINEL_CLASSPATH="$work/bench-stack.jar" scripts/sentinel --stack bench.BenchStack --state-dir "$work/state" "$@"; }
else
  S() { scripts/sentinel -f "$file" -p sentinel-bench --state-dir "$work/state" "$@"; }
fi
# The same commands with SENTINEL_DAEMON=0: each one a JVM of its own, as before the daemon.
D() { SENTINEL_DAEMON=0 S "$@"; }
cleanup() {
  S down --volumes >/dev/null 2>&1 || true
  C down -v >/dev/null 2>&1 || true
  scripts/sentinel daemon stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [[ ${SENTINEL_BENCH_JAVA:-0} == 1 ]]; then
  echo "bench: generating and compiling the Java definition of $file" >&2
  scripts/sentinel import "$file" --java bench.BenchStack --out "$work/src" >/dev/null 2>&1
  mkdir -p "$work/classes"
  javac -nowarn -cp sentinel-cli/target/sentinel.jar -d "$work/classes" "$work/src/bench/BenchStack.java"
  jar cf "$work/bench-stack.jar" -C "$work/classes" .   # a jar, as users add their definitions
fi
# Warm-up, not timed: the binaries in the page cache, and Sentinel's class-data archives written
# (one per subcommand, on its first run) — one untimed round of every step on both sides.
echo "bench: warm-up round (not timed)" >&2
S up >/dev/null 2>&1; S up >/dev/null 2>&1; S plan >/dev/null 2>&1; S status >/dev/null 2>&1; S down --volumes >/dev/null 2>&1
C up -d --wait >/dev/null 2>&1; C config -q; C ps >/dev/null; C down -v >/dev/null 2>&1
bench_await_cds_archives
# The daemon the first commands started: up, then given a few commands to compile what they run
# (a user's first commands after it starts pay for that; see docs/getting-started.md, "The daemon").
waited=0
until compgen -G "$XDG_RUNTIME_DIR/sentinel/*.sock" >/dev/null || ((waited >= 120)); do sleep 1; waited=$((waited + 1)); done
compgen -G "$XDG_RUNTIME_DIR/sentinel/*.sock" >/dev/null || { echo "bench: no sentinel daemon started" >&2; exit 1; }
S up >/dev/null 2>&1
for _ in 1 2 3 4 5; do S up >/dev/null 2>&1; S plan >/dev/null 2>&1; S status >/dev/null 2>&1; done
bench_await_cds_archives # the client's own archive, listed from the first of these the daemon served
D up >/dev/null 2>&1; D plan >/dev/null 2>&1; D status >/dev/null 2>&1
S down --volumes >/dev/null 2>&1

declare -A times
record() { times[$1]="${times[$1]:-} $2"; }
timed() { local key=$1 t0; shift; t0=$(bench_now); "$@" >/dev/null 2>&1; record "$key" "$(echo "$(bench_now) - $t0" | bc)"; }
healthy() { docker ps --filter "label=$1" --filter health=healthy -q | wc -l; }

run() {
  case $1 in
    sentinel)
      timed sentinel-cold S up
      [[ $(healthy dev.sentinel.stack=sentinel-bench) == 10 ]] || { echo "bench: sentinel did not end with 10 healthy containers" >&2; exit 1; }
      timed sentinel-noop S up
      timed sentinel-plan S plan
      timed sentinel-status S status
      timed direct-noop D up
      timed direct-plan D plan
      timed direct-status D status
      timed sentinel-down S down --volumes
      ;;
    compose)
      timed compose-cold C up -d --wait
      [[ $(healthy com.docker.compose.project=$project) == 10 ]] || { echo "bench: compose did not end with 10 healthy containers" >&2; exit 1; }
      timed compose-noop C up -d --wait
      timed compose-plan C config -q
      timed compose-status C ps
      timed compose-down C down -v
      ;;
  esac
}

for ((r = 0; r < rounds; r++)); do
  if ((r % 2 == 0)); then order=(sentinel compose); else order=(compose sentinel); fi
  for tool in "${order[@]}"; do
    echo "bench: round $((r + 1)): $tool" >&2
    run "$tool"
  done
done

echo "Stack: $file (10 services, 3 health tiers, 1 s interval), Sentinel $([[ ${SENTINEL_BENCH_JAVA:-0} == 1 ]] && echo "on the generated Java" || echo "with -f on the file"). $rounds rounds, order alternating; median (min-max), whole process."
echo "Docker $(docker version --format '{{.Server.Version}}'), $(docker compose version), $(java -version 2>&1 | head -1)"
echo
echo "| step | sentinel | docker compose | sentinel / compose | sentinel, SENTINEL_DAEMON=0 | that / compose |"
echo "|---|---|---|---|---|---|"
for step in cold:"cold up" noop:"no-op up" plan:"plan (compose: config -q)" status:"status (compose: ps)" down:"down"; do
  key=${step%%:*}; label=${step#*:}
  direct="| - | -"
  [[ -n ${times[direct-$key]:-} ]] && direct="| $(bench_stats "${times[direct-$key]}") | $(bench_ratio "${times[direct-$key]}" "${times[compose-$key]}")x"
  echo "| $label | $(bench_stats "${times[sentinel-$key]}") | $(bench_stats "${times[compose-$key]}") | $(bench_ratio "${times[sentinel-$key]}" "${times[compose-$key]}")x $direct |"
done
