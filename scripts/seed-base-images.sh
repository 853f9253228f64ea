#!/usr/bin/env bash
# Builds debian:bookworm-slim locally (debootstrap --variant=minbase + docker import), so the example's Dockerfiles (FROM debian:bookworm-slim) work offline.
# Skips an image that exists (e.g. pulled where a registry is reachable); labels what it seeds.
# Never contacts a registry. Needs root for debootstrap.
set -euo pipefail
image=debian:bookworm-slim
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "seed: $image exists; leaving it as it is"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || {
  echo "seed: installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}
mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
[[ -n $mirror ]] || mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1)
[[ -n $mirror ]] || { echo "seed: no Debian mirror in the apt sources" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
echo "seed: debootstrap --variant=minbase bookworm from $mirror (about a minute)"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
# Like the official slim image: no docs, no apt lists.
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/var/cache/apt/*.bin
echo "deb $mirror bookworm main" > "$root/etc/apt/sources.list"
tar -C "$root" -c . | docker import \
  --change 'CMD ["bash"]' --change 'LABEL dev.sentinel.seeded=true' \
  - "$image" >/dev/null
echo "seed: built $image locally (label dev.sentinel.seeded=true)"
