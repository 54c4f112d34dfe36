#!/usr/bin/env bash
# Benchmark: `pipeline validate` on an example pipeline file, N runs (default 10) of the real launcher as separate
# processes. Prints each run's wall time and peak RSS, then the median wall time and the highest peak RSS.
# Targets: median <= 0.6 s, peak RSS <= 150 MB.
#   bench/validate.sh [PIPELINE_FILE] [RUNS]
# Needs /usr/bin/time (Debian package `time`). Not a test: it asserts nothing, it prints numbers.
set -euo pipefail
repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="${1:-$repo/bench/example-pipeline.yml}"
runs="${2:-10}"
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 3; }

"$repo/pipeline" validate -f "$file" >/dev/null   # build if needed, warm the page cache; not measured

walls=()
cpus=()
rss_max=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f '%M %U %S' -o /tmp/pipeline-bench-rss.$$ "$repo/pipeline" validate -f "$file" >/dev/null
  end=$(date +%s%N)
  wall_ms=$(( (end - start) / 1000000 ))
  read -r rss_kb user_s sys_s < <(tail -n 1 /tmp/pipeline-bench-rss.$$)
  cpu_ms=$(awk "BEGIN {print int(($user_s + $sys_s) * 1000)}")
  walls+=("$wall_ms")
  cpus+=("$cpu_ms")
  (( rss_kb > rss_max )) && rss_max=$rss_kb
  printf 'run %2d: wall %5d ms  cpu %5d ms  peak RSS %6.1f MB\n' "$i" "$wall_ms" "$cpu_ms" \
    "$(awk "BEGIN {print $rss_kb / 1024}")"
done
rm -f /tmp/pipeline-bench-rss.$$
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }
printf 'pipeline validate (%s runs): median wall %d ms, median cpu %d ms, peak RSS %.1f MB (targets: <= 600 ms, <= 150 MB); load average %s\n' \
  "$runs" "$(median "${walls[@]}")" "$(median "${cpus[@]}")" "$(awk "BEGIN {print $rss_max / 1024}")" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
