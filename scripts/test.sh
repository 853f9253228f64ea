#!/usr/bin/env bash
# The test command, the same locally and in CI: makes sure a Docker engine answers (installing and
# starting docker.io on Debian/Ubuntu as root when none does), installs Compose v2 for the
# side-by-side tests, runs every unit and integration test (the Maven plugin's too) and installs
# the artifacts, builds the outside consumer in examples/consumer against them, then fails if
# anything left a labelled container, network or volume behind (except networks Docker 20.10 keeps
# for its stale endpoint count, moby/moby#43286: removed after restarting an engine this script
# started, named otherwise).
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

# openssl and sshd for the remote-engine tests (TLS and ssh://), installed when missing.
test_tools_install || echo "test: could not install openssl/openssh-server; the remote-engine ITs will fail and say so" >&2

# Compose v2 judges exported files side by side (docker compose config); installed when missing.
scripts/install-compose.sh || echo "test: could not install docker compose v2; the Compose ITs will fail and say so" >&2

# Testcontainers on a machine without a registry: no Ryuk (its image cannot be pulled; our tests
# remove what they create), and no probe container to find the host.
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=${TESTCONTAINERS_HOST_OVERRIDE:-localhost}

# Every object Sentinel creates carries dev.sentinel.stack, every object a test creates outside a
# stack carries dev.sentinel.test: what carries either after the build and did not before was left
# behind. Objects already there (a user's stacks, or the remains of an earlier run that was killed)
# are in both lists: named as a note, not counted against this run.
labelled_objects() {
  local label=$1
  engine_answers || return 0
  {
    docker ps -a --filter "label=$label" --format 'container {{.ID}} {{.Names}}'
    docker network ls --filter "label=$label" --format 'network {{.ID}} {{.Name}}'
    docker volume ls -q --filter "label=$label" | sed 's/^/volume /'
  } | sort
}
sentinel_objects() { labelled_objects dev.sentinel.stack; }
test_objects() { labelled_objects dev.sentinel.test; }
objects_before=$(sentinel_objects)
test_objects_before=$(test_objects)
if [[ -n $test_objects_before ]]; then
  echo "test: note: test objects from an earlier run are on this engine; not counted against this run:" >&2
  echo "$test_objects_before" >&2
fi

status=0
# install, not only verify: the outside consumer below uses the artifacts as any project would.
./mvnw -B install "$@" || status=$?

# The launcher users run: scripts/sentinel (sentinel-cli's jar with the ATS example on its class
# path, CDS archive written on the first run and mapped on the second), without an engine.
if ((status == 0)); then
  echo "test: scripts/sentinel lint and export of the ATS example"
  for run in first second; do
    scripts/sentinel --stack ats-sentinel --env production lint >/dev/null || { echo "test: scripts/sentinel lint failed ($run run)" >&2; status=1; }
  done
  scripts/sentinel --stack ats-sentinel --env production export --out "$(mktemp -d)" >/dev/null \
    || { echo "test: scripts/sentinel export failed" >&2; status=1; }
fi

# The outside consumer (examples/consumer): the BOM and published coordinates, its own stack, a
# Testcontainers test, a failsafe IT against the stack sentinel-maven-plugin brings up, an ops main.
if ((status == 0)); then
  echo "test: building the outside consumer, examples/consumer"
  # Its image is its own: built afresh from the files as they are now.
  docker image rm -f greeter/api:1.0 >/dev/null 2>&1 || true
  (
    cd examples/consumer
    ../../mvnw -B verify
    classpath="target/classes:$(cat target/ops.classpath)"
    java -cp "$classpath" com.example.greeter.GreeterOps lint
    java -cp "$classpath" com.example.greeter.GreeterOps plan
  ) || status=$?
fi

# Networks a test could not remove because the engine (20.10) kept a stale endpoint count on them
# after a client was killed mid-apply (moby/moby#43286; StackCleanup lists them): only an engine
# restart clears that. An engine this script started is restarted and they are removed; on an
# engine that already ran they are named, with the way out, and left.
stuck=$(find . -path ./examples -prune -o -name engine-faults.txt -path '*/target/*' -print0 2>/dev/null | xargs -0r cat | sort -u)
if [[ -n $stuck ]] && engine_answers; then
  stuck=$(for n in $stuck; do docker network inspect "$n" >/dev/null 2>&1 && echo "$n"; done)
fi
if [[ -n $stuck ]]; then
  echo "test: the engine kept these networks for its stale endpoint count (moby/moby#43286):" $stuck >&2
  if engine_restart_own; then
    for n in $stuck; do docker network rm "$n" >/dev/null || { echo "test: network $n could not be removed after the restart" >&2; status=1; }; done
  else
    echo "test: this engine was running before the tests, so it is not restarted; restart it, then: docker network rm" $stuck >&2
    objects_before=$(printf '%s\n%s' "$objects_before" "$(for n in $stuck; do docker network ls --filter "name=^$n\$" --format 'network {{.ID}} {{.Name}}'; done)" | sort)
  fi
fi

if engine_answers; then
  leftovers=$(
    comm -13 <(echo "$test_objects_before") <(test_objects) | sed '/^$/d; s/^/test object /'
    comm -13 <(echo "$objects_before") <(sentinel_objects) | sed '/^$/d; s/^/stack object /'
  )
  if [[ -n $leftovers ]]; then
    echo "test: tests left these objects behind (labelled dev.sentinel.test or dev.sentinel.stack, and new since the build began):" >&2
    echo "$leftovers" >&2
    status=1
  fi
fi
exit "$status"
