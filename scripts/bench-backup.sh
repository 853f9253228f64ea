#!/usr/bin/env bash
# Backup and restore of one mixed volume, whole process, side by side in one run:
#   sentinel backup / restore (scripts/sentinel, -Xmx128m, verify included), and backup --through-engine
#   busybox tar czf / xzf in a container          (what users do today)
#   busybox tar cf | zstd -T0 -3, zstd -dc | tar xf (the same compressor class as Sentinel's)
#   docker cp out | zstd -T0 -3 (the engine's archive GET) and an uncompressed docker cp in (its PUT)
# Each round runs every tool once, the order rotating between rounds; medians and min-max over the
# rounds, archive sizes, Sentinel's peak RSS, and the versions.
# Usage: scripts/bench-backup.sh [random MiB, default 256] [text files of 1 MiB, default 1280] [rounds, default 3]
#   SENTINEL_BENCH_BIG_FILE_GIB=9  also round-trips one sparse file of that size through sentinel
#                                  backup and restore (-Xmx128m) and compares its SHA-256 on both sides
set -euo pipefail
cd "$(dirname "$0")/.."
random_mib=${1:-256}
text_files=${2:-1280}
rounds=${3:-3}
command -v zstd >/dev/null || { apt-get update -qq && apt-get install -y -qq zstd >/dev/null; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
[[ -f sentinel-cli/target/sentinel.jar ]] || ./mvnw -B -q install -DskipTests -Dinvoker.skip

work=$(mktemp -d /var/tmp/sentinel-bench.XXXXXX)
source_volume=sentinel-bench-source
target_volume=sentinel-bench-target
label=dev.sentinel.test=bench-backup
cleanup() {
  docker rm -f sentinel-bench-cp >/dev/null 2>&1 || true
  docker volume rm -f "$source_volume" "$target_volume" sentinel-bench-warm >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=lib/bench.sh
source scripts/lib/bench.sh
# A busybox image with its applets (tar runs gzip by name).
image=$(bench_busybox_image)
bb() { docker run --rm -i --network none "$@"; }

echo "bench: filling $source_volume: $random_mib MiB random + $text_files MiB of log-like text in $text_files files"
docker volume create --label "$label" "$source_volume" >/dev/null
bb -v "$source_volume:/v" "$image" sh -c "
  dd if=/dev/urandom of=/v/random.bin bs=1M count=$random_mib 2>/dev/null
  mkdir -p /v/logs; i=0
  while [ \$i -lt $text_files ]; do
    [ -d /v/logs/\$((i/64)) ] || mkdir /v/logs/\$((i/64))
    yes \"2026-11-30T12:00:00Z \$i INFO request served in 12ms path=/api/v1/items?page=\$i user=alice status=200\" | head -c 1048576 >/v/logs/\$((i/64))/part\$i.log
    i=\$((i+1))
  done"
bytes=$(bb -v "$source_volume:/v:ro" "$image" du -sb /v | cut -f1)

declare -A times
record() { times[$1]="${times[$1]:-} $2"; }
now() { bench_now; }
fresh_target() { docker volume rm -f "$target_volume" >/dev/null 2>&1 || true; }
sentinel() { SENTINEL_JAVA_OPTS="-Xmx128m" /usr/bin/time -f "%M" -o "$work/rss" scripts/sentinel --stack dev.sentinel.examples.ats.AtsStack "$@"; }

# Warm-up, not timed: the first run of each subcommand lists its classes, and its class-data archive
# is written in the background; a backup and restore of a small volume, then the archives awaited.
warm_volume=sentinel-bench-warm
docker volume create --label "$label" "$warm_volume" >/dev/null
bb -v "$warm_volume:/v" "$image" sh -c 'echo warm >/v/file'
sentinel backup --volume "$warm_volume" --to "$work/warm" >/dev/null
docker volume rm -f "$warm_volume" >/dev/null
sentinel restore "$(ls "$work"/warm/*.tar.zst)" >/dev/null
docker volume rm -f "$warm_volume" >/dev/null
rm -rf "$work/warm"
bench_await_cds_archives

run_tool() {
  local tool=$1 t0 t1
  case $tool in
    sentinel)
      rm -rf "$work/s"; t0=$(now)
      sentinel backup --volume "$source_volume" --to "$work/s" >"$work/backup.out"
      t1=$(now); record sentinel-backup "$(echo "$t1 - $t0" | bc)"; record sentinel-rss "$(cat "$work/rss")"
      grep -q "read straight from their directories on this host: $source_volume" "$work/backup.out" && backup_path="read from the volume's directory here" \
        || backup_path="read through the engine's GET"
      archive=$(ls "$work"/s/*.tar.zst); size_sentinel=$(stat -c %s "$archive")
      fresh_target; t0=$(now)
      sentinel restore "$archive" --rename "$source_volume=$target_volume" >/dev/null
      t1=$(now); record sentinel-restore "$(echo "$t1 - $t0" | bc)"; record sentinel-rss "$(cat "$work/rss")"
      ;;
    sentinel-engine)
      rm -rf "$work/e"; t0=$(now)
      sentinel backup --through-engine --volume "$source_volume" --to "$work/e" >/dev/null
      t1=$(now); record sentinel-engine-backup "$(echo "$t1 - $t0" | bc)"; record sentinel-rss "$(cat "$work/rss")"
      rm -rf "$work/e"
      ;;
    tar-gzip)
      t0=$(now)
      bb -v "$source_volume:/v:ro" "$image" tar czf - -C /v . >"$work/b.tar.gz"
      t1=$(now); record tar-gzip-backup "$(echo "$t1 - $t0" | bc)"; size_gzip=$(stat -c %s "$work/b.tar.gz")
      fresh_target; docker volume create "$target_volume" >/dev/null; t0=$(now)
      bb -v "$target_volume:/v" "$image" tar xzf - -C /v <"$work/b.tar.gz"
      t1=$(now); record tar-gzip-restore "$(echo "$t1 - $t0" | bc)"; rm -f "$work/b.tar.gz"
      ;;
    tar-zstd)
      t0=$(now)
      bb -v "$source_volume:/v:ro" "$image" tar cf - -C /v . | zstd -q -T0 -3 >"$work/b.tar.zst"
      t1=$(now); record tar-zstd-backup "$(echo "$t1 - $t0" | bc)"; size_zstd=$(stat -c %s "$work/b.tar.zst")
      fresh_target; docker volume create "$target_volume" >/dev/null; t0=$(now)
      zstd -q -dc "$work/b.tar.zst" | bb -v "$target_volume:/v" "$image" tar xf - -C /v
      t1=$(now); record tar-zstd-restore "$(echo "$t1 - $t0" | bc)"; rm -f "$work/b.tar.zst"
      ;;
    engine-api)
      docker rm -f sentinel-bench-cp >/dev/null 2>&1 || true
      docker create --name sentinel-bench-cp -v "$source_volume:/v:ro" "$image" true >/dev/null
      t0=$(now)
      docker cp sentinel-bench-cp:/v - | zstd -q -T0 -3 >"$work/cp.tar.zst"
      t1=$(now); record engine-get-zstd "$(echo "$t1 - $t0" | bc)"
      docker rm -f sentinel-bench-cp >/dev/null
      zstd -q -dc "$work/cp.tar.zst" >"$work/cp.tar"; rm -f "$work/cp.tar.zst"
      fresh_target; docker volume create "$target_volume" >/dev/null
      docker create --name sentinel-bench-cp -v "$target_volume:/v" "$image" true >/dev/null
      t0=$(now)
      docker cp - sentinel-bench-cp:/ <"$work/cp.tar"
      t1=$(now); record engine-put-uncompressed "$(echo "$t1 - $t0" | bc)"
      docker rm -f sentinel-bench-cp >/dev/null; rm -f "$work/cp.tar"
      ;;
  esac
}

tools=(sentinel tar-gzip sentinel-engine tar-zstd engine-api)
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#tools[@]}; i++)); do
    tool=${tools[$(((i + r) % ${#tools[@]}))]}
    echo "bench: round $((r + 1)): $tool" >&2
    run_tool "$tool"
    sync
  done
done
fresh_target

stats() { bench_stats "$1"; }
ratio() { bench_ratio "${times[$2]}" "${times[$1]}"; }

echo
echo "Volume: $((bytes / 1048576)) MiB ($random_mib MiB random, $text_files x 1 MiB text); $rounds rounds, order rotating; median (min-max), whole process."
echo "Docker $(docker version --format '{{.Server.Version}}'), busybox $(busybox 2>&1 | head -1 | awk '{print $2}'), zstd $(zstd -V | grep -o 'v[0-9.]*'), $(java -version 2>&1 | head -1)"
echo
echo "| backup | time | Sentinel is faster by |"
echo "|---|---|---|"
echo "| sentinel backup (incl. its read-back check; $backup_path) | $(stats "${times[sentinel-backup]}") | |"
echo "| sentinel backup --through-engine (the engine's GET) | $(stats "${times[sentinel-engine-backup]}") | $(ratio sentinel-backup sentinel-engine-backup)x |"
echo "| busybox tar czf | $(stats "${times[tar-gzip-backup]}") | $(ratio sentinel-backup tar-gzip-backup)x |"
echo "| busybox tar cf, zstd -T0 -3 | $(stats "${times[tar-zstd-backup]}") | $(ratio sentinel-backup tar-zstd-backup)x |"
echo "| docker cp out, zstd -T0 -3 (the engine's GET) | $(stats "${times[engine-get-zstd]}") | $(ratio sentinel-backup engine-get-zstd)x |"
echo
echo "| restore | time | Sentinel is faster by |"
echo "|---|---|---|"
echo "| sentinel restore (incl. verify) | $(stats "${times[sentinel-restore]}") | |"
echo "| busybox tar xzf | $(stats "${times[tar-gzip-restore]}") | $(ratio sentinel-restore tar-gzip-restore)x |"
echo "| zstd -dc, busybox tar xf | $(stats "${times[tar-zstd-restore]}") | $(ratio sentinel-restore tar-zstd-restore)x |"
echo "| docker cp in, uncompressed (the engine's PUT) | $(stats "${times[engine-put-uncompressed]}") | $(ratio sentinel-restore engine-put-uncompressed)x |"
echo
echo "Archive sizes: sentinel $((size_sentinel / 1048576)) MiB, tar+gzip $((size_gzip / 1048576)) MiB, tar+zstd $((size_zstd / 1048576)) MiB."
echo "Sentinel's peak RSS (whole JVM, -Xmx128m): $(tr ' ' '\n' <<<"${times[sentinel-rss]}" | sort -n | tail -1) KiB."

if [[ -n ${SENTINEL_BENCH_BIG_FILE_GIB:-} ]]; then
  big=sentinel-bench-big; big_copy=sentinel-bench-big-copy
  docker volume rm -f "$big" "$big_copy" >/dev/null 2>&1 || true
  docker volume create --label "$label" "$big" >/dev/null
  bb -v "$big:/v" "$image" sh -c "truncate -s ${SENTINEL_BENCH_BIG_FILE_GIB}G /v/big.img && echo tail >>/v/big.img"
  before=$(bb -v "$big:/v:ro" "$image" sha256sum /v/big.img | cut -d' ' -f1)
  rm -rf "$work/big"; t0=$(now)
  sentinel backup --volume "$big" --to "$work/big" >/dev/null
  t1=$(now); big_backup=$(echo "$t1 - $t0" | bc); rss_backup=$(cat "$work/rss")
  t0=$(now)
  sentinel restore "$(ls "$work"/big/*.tar.zst)" --rename "$big=$big_copy" >/dev/null
  t1=$(now); big_restore=$(echo "$t1 - $t0" | bc); rss_restore=$(cat "$work/rss")
  after=$(bb -v "$big_copy:/v:ro" "$image" sha256sum /v/big.img | cut -d' ' -f1)
  docker volume rm -f "$big" "$big_copy" >/dev/null
  echo
  echo "One sparse ${SENTINEL_BENCH_BIG_FILE_GIB} GiB file: backup $(printf %.1f "$big_backup") s (peak RSS ${rss_backup} KiB), restore $(printf %.1f "$big_restore") s (peak RSS ${rss_restore} KiB), SHA-256 $([[ $before == "$after" ]] && echo "equal" || echo "DIFFERS: $before vs $after")."
  [[ $before == "$after" ]]
fi
