#!/usr/bin/env bash
# Installs Docker Compose v2 (the `docker compose` CLI plugin) for the side-by-side tests and
# benchmarks, the way a Debian user would get a newer package: the docker-compose package of the
# next Debian release (trixie), fetched with apt from the mirror this machine already uses and
# unpacked into ~/.docker/cli-plugins. The system's apt configuration is not changed (the package
# list for trixie lives in a temporary directory). Idempotent: does nothing when `docker compose`
# v2 already answers. Needs apt-get (Debian or a derivative whose sources name a Debian mirror).
#
# Usage: scripts/install-compose.sh
set -euo pipefail

if docker compose version 2>/dev/null | grep -Eq 'version v?2\.'; then
  echo "compose: $(docker compose version) is present; nothing to do"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "compose: apt-get is needed to install docker compose v2" >&2; exit 1; }

plugin_dir="$HOME/.docker/cli-plugins"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"   # apt's download sandbox user must be able to write here

mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
[[ -n $mirror ]] || mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
[[ -n $mirror ]] || { echo "compose: no Debian mirror in the apt sources" >&2; exit 1; }

mkdir -p "$work/lists/partial" "$work/archives/partial"
echo "deb $mirror trixie main" >"$work/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives" -o APT::Sandbox::User=root)
echo "compose: fetching the docker-compose package of Debian trixie from $mirror"
apt-get "${apt_opts[@]}" -qq update
(cd "$work" && apt-get "${apt_opts[@]}" -qq download docker-compose)
dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
mkdir -p "$plugin_dir"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/docker-compose"
echo "compose: installed $("$plugin_dir/docker-compose" version) in $plugin_dir"
