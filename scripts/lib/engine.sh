# shellcheck shell=bash
# Shared by test.sh and bootstrap.sh: make sure a Docker engine answers, installing and starting one
# only when none does. An engine that already runs is never restarted, reconfigured or stopped.

SENTINEL_DOCKERD_LOG=${SENTINEL_DOCKERD_LOG:-/var/log/sentinel-dockerd.log}

engine_answers() {
  timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# Installs the packages the engine and the test image need, when any is missing.
engine_install_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /usr/bin/busybox ]] && /usr/bin/busybox --list >/dev/null 2>&1 || missing+=(busybox-static)
  if file /usr/bin/busybox 2>/dev/null | grep -q 'dynamically linked'; then missing+=(busybox-static); fi
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "engine: missing ${missing[*]}; run as root (or install them) so the engine can be set up" >&2
    return 1
  fi
  echo "engine: installing ${missing[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Installs what the remote-engine tests use besides the engine: openssl (their TLS certificates)
# and OpenSSH's server (an ssh:// engine). The server is never started by the package: a
# policy-rc.d refuses service starts during the install; the tests run their own sshd on loopback.
test_tools_install() {
  local missing=()
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
  [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
  # The observability ITs open pages in a real browser and check DOT with Graphviz itself.
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v dot >/dev/null 2>&1 || missing+=(graphviz)
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "test tools: missing ${missing[*]}; the tests that need them will fail and say so" >&2
    return 1
  fi
  echo "test tools: installing ${missing[*]} with apt-get (no service started)"
  local policy=/usr/sbin/policy-rc.d created=""
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  local rc=$?
  [[ -n $created ]] && rm -f "$policy"
  return $rc
}

# Starts dockerd: through systemd when it is PID 1, else in the background with its log in
# $SENTINEL_DOCKERD_LOG. Waits up to 60 s for the socket.
# ENGINE_STARTED_HERE=1 once this shell started it: only such an engine may be restarted
# (engine_restart_own); one that already ran is left as it is.
ENGINE_STARTED_HERE=0
engine_start() {
  ENGINE_STARTED_HERE=1
  if [[ $(cat /proc/1/comm 2>/dev/null) == systemd ]]; then
    echo "engine: starting docker.service with systemd"
    systemctl start docker.service
  else
    echo "engine: starting dockerd in the background (log: $SENTINEL_DOCKERD_LOG)"
    nohup dockerd >"$SENTINEL_DOCKERD_LOG" 2>&1 </dev/null &
    disown || true
  fi
  local waited=0
  until engine_answers; do
    if ((waited >= 60)); then
      echo "engine: dockerd did not answer within 60 s; its last log lines:" >&2
      tail -n 20 "$SENTINEL_DOCKERD_LOG" >&2 2>/dev/null || journalctl -u docker.service -n 20 >&2 2>/dev/null || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Ensures an engine answers. With DOCKER_HOST set, that engine is the one wanted: nothing is
# installed or started for it, so a dead address is reported, not papered over.
engine_ensure() {
  if command -v docker >/dev/null 2>&1 && engine_answers; then
    echo "engine: $(docker version --format 'Docker {{.Server.Version}}, API {{.Server.APIVersion}}') answers; leaving it as it is"
    engine_install_packages || true
    return 0
  fi
  if [[ -n ${DOCKER_HOST:-} ]]; then
    echo "engine: nothing answers at DOCKER_HOST=$DOCKER_HOST; not starting a local engine for it" >&2
    return 1
  fi
  engine_install_packages || return 1
  if pgrep -x dockerd >/dev/null 2>&1; then
    echo "engine: dockerd runs but does not answer yet; waiting for it"
    local waited=0
    until engine_answers; do
      ((waited >= 60)) && { echo "engine: the running dockerd did not answer within 60 s" >&2; return 1; }
      sleep 1
      waited=$((waited + 1))
    done
    return 0
  fi
  engine_start
}

# Restarts the engine this shell started (and no other: returns 1 for one that already ran).
engine_restart_own() {
  ((ENGINE_STARTED_HERE)) || return 1
  if [[ $(cat /proc/1/comm 2>/dev/null) == systemd ]]; then
    systemctl restart docker.service
  else
    pkill -TERM -x dockerd || true
    local waited=0
    while pgrep -x dockerd >/dev/null 2>&1; do
      ((waited >= 60)) && { echo "engine: dockerd did not stop within 60 s" >&2; return 1; }
      sleep 1
      waited=$((waited + 1))
    done
  fi
  engine_start
}
