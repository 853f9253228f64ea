#!/usr/bin/env bash
# A remote engine against the local one, whole process, side by side in one run: the same Compose
# stack (one service, one volume filled with random and log-like data) on this machine's engine and
# on a second dockerd reached over TCP with TLS (started here with certificates made here, on
# loopback), then `sentinel backup` of its volume and a no-op `sentinel up` on each, alternating
# which engine goes first, medians and min-max over the rounds, versions recorded.
# Needs root (the second dockerd, its bridge and one forwarding rule, all removed at the end).
# Usage: scripts/bench-remote.sh [random MiB, default 256] [text files of 1 MiB, default 768] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
random_mib=${1:-256}
text_files=${2:-768}
rounds=${3:-3}
[[ -f sentinel-cli/target/sentinel.jar ]] || ./mvnw -B -q install -DskipTests -Dinvoker.skip
# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh

work=$(mktemp -d /var/tmp/sentinel-bench-remote.XXXXXX)
bridge=sdbench$$
pool=10.213.0.0/16
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
remote_sock="$work/d.sock"
dockerd_pid=""
# Sentinel's daemons (docs/getting-started.md, "The daemon"; one per engine here, DOCKER_HOST
# differing) in a socket directory of this run's own, stopped at the end.
export XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
cleanup() {
  if [[ -n $dockerd_pid ]]; then
    remote docker rm -f $(remote docker ps -aq) >/dev/null 2>&1 || true
    remote docker volume prune -f >/dev/null 2>&1 || true
    for n in $(remote docker network ls -q --filter type=custom 2>/dev/null); do remote docker network rm "$n" >/dev/null 2>&1 || true; done
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
  fi
  ip -br link | awk '/^br-/ {print $1}' | while read -r b; do
    [[ -n $(ip -4 addr show "$b" | grep -o '10\.213\.') ]] && ip link del "$b" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
  while iptables -w -C FORWARD -s "$pool" -d "$pool" -j ACCEPT 2>/dev/null; do iptables -w -D FORWARD -s "$pool" -d "$pool" -j ACCEPT; done
  (cd "$work" 2>/dev/null && local_sentinel -f compose.yaml down --volumes >/dev/null 2>&1) || true
  "$repo/scripts/sentinel" daemon stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench: certificates and a second dockerd with TLS on 127.0.0.1:$port"
(
  cd "$work"; mkdir -p client
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=bench-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
  for side in server client; do
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$side" -keyout "$side-key.pem" -out "$side.csr" 2>/dev/null
    if [[ $side == server ]]; then printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >ext; else printf 'extendedKeyUsage=clientAuth\n' >ext; fi
    openssl x509 -req -days 1 -in "$side.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -extfile ext -out "$side.pem" 2>/dev/null
  done
  cp ca.pem client/ca.pem; cp client.pem client/cert.pem; cp client-key.pem client/key.pem
)
# Started once only: dockerd 20.10 started again on the same data root with a default address pool
# deletes docker0, the local engine's bridge.
ip link add "$bridge" type bridge; ip addr add 169.254.214.1/30 dev "$bridge"; ip link set "$bridge" up
iptables -w -C FORWARD -s "$pool" -d "$pool" -j ACCEPT 2>/dev/null || iptables -w -I FORWARD -s "$pool" -d "$pool" -j ACCEPT
dockerd --host "unix://$remote_sock" --host "tcp://127.0.0.1:$port" --tlsverify --tlscacert "$work/ca.pem" \
  --tlscert "$work/server.pem" --tlskey "$work/server-key.pem" --data-root "$work/data" --exec-root "$work/exec" \
  --pidfile "$work/d.pid" --containerd-namespace "bench-$$" --containerd-plugins-namespace "bench-plugins-$$" \
  --bridge "$bridge" --iptables=false --ip-masq=false --default-address-pool "base=$pool,size=24" >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
remote() { DOCKER_HOST="unix://$remote_sock" "$@"; }
for _ in $(seq 1 120); do remote docker version >/dev/null 2>&1 && break; sleep 0.5; done
remote docker version >/dev/null || { cat "$work/dockerd.log"; exit 1; }

image=$(bench_busybox_image)
docker save "$image" | remote docker load >/dev/null
cat >"$work/compose.yaml" <<EOF
name: bench-remote
services:
  app:
    image: $image
    command: ["sleep", "3600"]
    init: true
    stop_grace_period: 1s
    volumes: [data:/data]
volumes:
  data: {}
EOF
local_sentinel() { SENTINEL_JAVA_OPTS="-Xmx256m" "$repo/scripts/sentinel" "$@"; }
remote_sentinel() {
  DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$work/client" SENTINEL_JAVA_OPTS="-Xmx256m" \
    "$repo/scripts/sentinel" "$@"
}
fill() {
  "$@" docker exec bench-remote-app-1 sh -c "
    dd if=/dev/urandom of=/data/random.bin bs=1M count=$random_mib 2>/dev/null
    mkdir -p /data/logs; i=0
    while [ \$i -lt $text_files ]; do
      yes \"2026-12-01T12:00:00Z \$i INFO request served in 12ms path=/api/v1/items?page=\$i status=200\" | head -c 1048576 >/data/logs/part\$i.log
      i=\$((i+1))
    done; du -sb /data | cut -f1"
}

cd "$work"
echo "bench: the stack up on both engines, its volume filled ($random_mib MiB random + $text_files MiB of text)"
local_sentinel -f compose.yaml up >/dev/null 2>&1
remote_sentinel -f compose.yaml up >/dev/null 2>&1
bytes_local=$(fill env)
bytes_remote=$(fill remote)

declare -A times
record() { times[$1]="${times[$1]:-} $2"; }
run() {
  local what=$1 where=$2 t0 t1
  [[ $what == backup ]] && rm -rf "$work/b-$where"
  t0=$(bench_now)
  case $what in
    backup) "${where}_sentinel" -f compose.yaml backup --to "$work/b-$where" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; } ;;
    noop-up) "${where}_sentinel" -f compose.yaml up >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; } ;;
  esac
  t1=$(bench_now)
  record "$what-$where" "$(echo "$t1 - $t0" | bc)"
}
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order=(local remote); else order=(remote local); fi
  for where in "${order[@]}"; do run backup "$where"; run noop-up "$where"; done
  echo "bench: round $r of $rounds done"
done
archive_local=$(du -sb "$work/b-local" | cut -f1)
archive_remote=$(du -sb "$work/b-remote" | cut -f1)
remote_sentinel -f compose.yaml down --volumes >/dev/null 2>&1 || true

echo
echo "remote engine vs local, whole process (scripts/sentinel), medians (min-max) of $rounds rounds, order alternating"
echo "volume: $bytes_local bytes local, $bytes_remote bytes remote; archives $archive_local / $archive_remote bytes"
printf '| %-28s | %-22s | %-22s | %s |\n' "" "local (unix socket)" "remote (tcp+tls)" "remote / local"
printf '|---|---|---|---|\n'
for what in backup noop-up; do
  printf '| %-28s | %-22s | %-22s | %sx |\n' "sentinel $what" "$(bench_stats "${times[$what-local]}")" \
    "$(bench_stats "${times[$what-remote]}")" "$(bench_ratio "${times[$what-remote]}" "${times[$what-local]}")"
done
echo "versions: engine $(docker version --format '{{.Server.Version}}') (both), $(java -version 2>&1 | head -1)"
