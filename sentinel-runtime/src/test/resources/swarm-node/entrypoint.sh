#!/bin/sh
# Starts the node's dockerd in the foreground (its log is the container's log).
set -e
rm -f /var/run/docker.pid
exec dockerd --storage-driver=vfs --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false "$@"
