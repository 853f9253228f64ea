#!/bin/sh
# Starts the node's dockerd in the foreground (its log is the container's log). Plain TCP on 2375 by
# default; with SENTINEL_NODE_TLS=1 it waits for /certs/{ca,server,server-key}.pem (copied in once the
# node's address is known, for the certificate's name) and listens on 2376 with TLS verifying clients.
# /var/lib/docker is a volume of its own (not the container's overlay), so overlay2 works inside.
set -e
rm -f /var/run/docker.pid
if [ "${SENTINEL_NODE_TLS:-0}" = 1 ]; then
  i=0
  while [ ! -f /certs/server-key.pem ]; do
    i=$((i + 1)); [ $i -le 600 ] || { echo "no certificates in /certs after 60 s" >&2; exit 1; }
    sleep 0.1
  done
  exec dockerd --storage-driver="${SENTINEL_NODE_STORAGE:-overlay2}" --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2376 \
    --tlsverify --tlscacert=/certs/ca.pem --tlscert=/certs/server.pem --tlskey=/certs/server-key.pem "$@"
fi
exec dockerd --storage-driver="${SENTINEL_NODE_STORAGE:-overlay2}" --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375 --tls=false "$@"
