# shellcheck shell=bash
# Shared by the bench scripts: a busybox image with its applets, from the host's static busybox
# (no registry here), and timing helpers.

bench_busybox_image() {
  local image=sentinel-bench/busybox:1 ctx applet
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    ctx=$(mktemp -d); mkdir "$ctx/bin"; cp /bin/busybox "$ctx/bin/busybox"
    for applet in $(/bin/busybox --list); do [[ $applet == busybox ]] || ln -s busybox "$ctx/bin/$applet"; done
    printf 'FROM scratch\nCOPY bin /bin\n' >"$ctx/Dockerfile"
    DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >/dev/null 2>&1; rm -rf "$ctx"
  fi
  echo "$image"
}

bench_now() { date +%s.%N; }

# "median s (min-max)" of the space-separated seconds in $1.
bench_stats() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {printf "%.2f s (%.2f-%.2f)", a[int((NR+1)/2)], a[1], a[NR]}'; }
bench_median() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# $1's median over $2's median, e.g. 0.45 when $1 takes 45% of $2's time.
bench_ratio() { echo "scale=2; $(bench_median "$1") / $(bench_median "$2")" | bc | sed 's/^\./0./'; }

# Waits (up to a minute) until scripts/sentinel has written the class-data archives its first runs
# listed: they are written in the background, and one still being written would take CPU from the
# timed runs. A class list is removed once its archive is written (or has failed).
bench_await_cds_archives() {
  local waited=0
  while compgen -G "sentinel-cli/target/sentinel-*.jsa.*.classes" >/dev/null && ((waited < 60)); do
    sleep 1; waited=$((waited + 1))
  done
}
