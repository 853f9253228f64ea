#!/usr/bin/env bash
# A three-node Docker Swarm on this one machine, for trying the Swarm target by hand: each node is a
# container running its own dockerd (Debian's docker.io, overlay2 on a volume of its own) on a private network, the
# same node image and recipe as the tests' SwarmCluster. The first SWARM_LAB_MANAGERS nodes
# (default 3: losing one keeps the Raft quorum) are managers, the rest workers; node 3 is labelled
# tier=monitoring. Nothing is pulled: the node image is built from Debian's packages, and images you
# name in SWARM_LAB_IMAGES are copied into every node from this machine's engine.
#
#   scripts/swarm-lab.sh up [nodes, default 3]   start the nodes and form the swarm
#   scripts/swarm-lab.sh env                     print DOCKER_HOST for the manager
#   scripts/swarm-lab.sh load IMAGE...           copy images into every node
#   scripts/swarm-lab.sh down                    remove the nodes and the network
#
# Then, for example: eval "$(scripts/swarm-lab.sh env)"; scripts/sentinel --target swarm -f compose.yaml up
# (each node's engine listens on TCP, unencrypted, inside the private network only: a lab, not production).
set -euo pipefail
cd "$(dirname "$0")/.."
network=sentinel-lab
prefix=sentinel-lab-node
context=sentinel-runtime/src/test/resources/swarm-node

nodes() { docker ps -a --filter "label=dev.sentinel.lab=swarm" --format '{{.Names}}' | sort; }
address() { docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "$1"; }
on() { local node=$1; shift; DOCKER_HOST="tcp://$(address "$node"):2375" docker "$@"; }

image() {
  local tag
  tag="sentinel-lab/swarm-node:$(cat "$context/Dockerfile" "$context/entrypoint.sh" | sha256sum | cut -c1-12)"
  if ! docker image inspect "$tag" >/dev/null 2>&1; then
    echo "lab: building the node image $tag (Debian's docker.io)" >&2
    DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$context" >/dev/null
  fi
  echo "$tag"
}

load() {
  for img in "$@"; do
    for node in $(nodes); do
      echo "lab: loading $img into $node" >&2
      docker save "$img" | on "$node" load >/dev/null
    done
  done
}

up() {
  local count=${1:-3} tag
  [[ -z $(nodes) ]] || { echo "lab: already up ($(nodes | tr '\n' ' ')); run down first" >&2; exit 2; }
  tag=$(image)
  docker network create --label dev.sentinel.lab=swarm "$network" >/dev/null
  for i in $(seq 1 "$count"); do
    docker run -d --name "$prefix$i" --hostname "$prefix$i" --network "$network" --label dev.sentinel.lab=swarm \
      --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE \
      --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
      -v /sys/fs/cgroup:/sys/fs/cgroup:rw "$tag" >/dev/null
  done
  for node in $(nodes); do
    for _ in $(seq 1 120); do on "$node" version >/dev/null 2>&1 && break; sleep 0.5; done
  done
  local manager="${prefix}1" token
  on "$manager" swarm init --advertise-addr "$(address "$manager")" >/dev/null
  local workers managers=${SWARM_LAB_MANAGERS:-3} joined=1
  token=$(on "$manager" swarm join-token -q manager)
  workers=$(on "$manager" swarm join-token -q worker)
  for node in $(nodes | grep -v "^$manager\$"); do
    ((joined++ < managers)) || token=$workers
    on "$node" swarm join --token "$token" --advertise-addr "$(address "$node")" "$(address "$manager"):2377" >/dev/null
  done
  if ((count >= 3)); then on "$manager" node update --label-add tier=monitoring "${prefix}3" >/dev/null; fi
  # shellcheck disable=SC2086
  [[ -z ${SWARM_LAB_IMAGES:-} ]] || load $SWARM_LAB_IMAGES
  on "$manager" node ls
  echo "lab: up. eval \"\$(scripts/swarm-lab.sh env)\" points docker and sentinel at the manager; lose a node with: docker kill ${prefix}3"
}

down() {
  local all
  all=$(nodes)
  [[ -z $all ]] || docker rm -f -v $all >/dev/null
  docker network rm "$network" >/dev/null 2>&1 || true
  echo "lab: down"
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  env) echo "export DOCKER_HOST=tcp://$(address "${prefix}1"):2375" ;;
  load) shift; load "$@" ;;
  *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
