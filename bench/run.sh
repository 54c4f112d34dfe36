#!/usr/bin/env bash
# Benchmark: Uniform Pipeline (the `pipeline` CLI) vs jib-maven-plugin 3.5.2 on templates/examples/apps/java-maven,
# both pushing to the same local docker-registry (plain HTTP, no auth) through a byte-counting relay, both starting
# from the same base image (the local:jre17 base, pushed to that registry and used by digest).
# Cases, alternating the two tools each repetition: cold build (fresh copy, fresh caches, new repository),
# no-change rebuild, one-line-change rebuild (committed). Prints median wall time, CPU time (user+sys of the tool and
# everything it started: the less load-sensitive figure on a shared machine), bytes sent to the registry, blobs
# uploaded and manifests put.
# Ours runs as users run it: the ./pipeline launcher (C1-only JIT, serial GC, its AppCDS archive), with its build cache
# (UNIFORM_CACHE_DIR) fresh for each cold case, as Jib's caches are. PIPELINE_CMD="java -jar cli/target/pipeline.jar"
# measures the bare jar instead.
#
# usage: bench/run.sh [REPS]        (from the repository root, after ./mvnw -B -q -pl cli -am package -DskipTests)
# needs: docker-registry, skopeo, python3, git, GNU time, Maven Central for the plugin. Prints numbers; asserts nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-3}
CLI="$ROOT/cli/target/pipeline.jar"
[ -f "$CLI" ] || { echo "build the CLI first: ./mvnw -B -q -pl cli -am package -DskipTests" >&2; exit 2; }
read -r -a PIPELINE <<< "${PIPELINE_CMD:-$ROOT/pipeline}"
W=$(mktemp -d /tmp/uniform-bench.XXXXXX)
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
REG=$(port); PX=$(port); CTL=$(port)
mkdir -p "$W/data"
cat > "$W/config.yml" <<CFG
version: 0.1
log: { level: warn }
storage: { filesystem: { rootdirectory: $W/data }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$REG", secret: bench }
CFG
docker-registry serve "$W/config.yml" > "$W/registry.log" 2>&1 & echo $! > "$W/registry.pid"
python3 "$ROOT/bench/count_proxy.py" "$PX" "$REG" "$CTL" "$W/requests.log" > "$W/proxy.log" 2>&1 & echo $! > "$W/proxy.pid"
cleanup() { kill "$(cat "$W/proxy.pid")" "$(cat "$W/registry.pid")" 2>/dev/null || true; }
trap cleanup EXIT
for i in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$PX) 2>/dev/null && break; sleep 0.2; done
HOST=127.0.0.1:$PX
sent() { python3 -c "import socket;s=socket.create_connection(('127.0.0.1',$CTL));print(s.recv(64).decode().strip())"; }

export UNIFORM_BASE_IMAGES="$W/bases"
# the shared base: make local:jre17 with the pipeline (a dry run builds it), push it, use it by digest
seed="$W/seed"; cp -r "$ROOT/templates/examples/apps/java-maven" "$seed"
(cd "$seed" && git init -q -b main && git add -A && git -c user.name=b -c user.email=b@x commit -qm seed)
(cd "$seed" && "${PIPELINE[@]}" run --dry-run --set image.registry="$HOST" --set image.insecure=true >/dev/null 2>&1 || true)
skopeo copy -q --dest-tls-verify=false "docker-archive:$W/bases/jre17.tar" "docker://$HOST/base/jre17:17"
BASE_DIGEST=$(skopeo inspect --tls-verify=false "docker://$HOST/base/jre17:17" | python3 -c 'import json,sys;print(json.load(sys.stdin)["Digest"])')
BASE="$HOST/base/jre17@$BASE_DIGEST"
echo "base: $BASE"

run_tool() { # tool dir repo -> prints "wall_s cpu_s bytes blobs manifests"
  local tool=$1 dir=$2 repo=$3 c0 c1 sha
  sha=$(git -C "$dir" rev-parse --short=7 HEAD)
  c0=$(sent); echo "== $tool $repo $sha" >> "$W/requests.log"
  if [ "$tool" = ours ]; then
    (cd "$dir" && /usr/bin/time -o "$W/time" -f "%e %U %S" "${PIPELINE[@]}" run --set image.registry="$HOST" \
        --set image.insecure=true --set image.repository="$repo" --set build.baseImage="$BASE" \
        > "$W/last-$tool.log" 2>&1 || true)
  else
    (cd "$dir" && /usr/bin/time -o "$W/time" -f "%e %U %S" ./mvnw -B -q compile \
        com.google.cloud.tools:jib-maven-plugin:3.5.2:build \
        -Djib.from.image="$BASE" -Djib.to.image="$HOST/$repo:$sha" -Djib.allowInsecureRegistries=true \
        -Djib.container.user=65532:65532 -Djib.container.ports=8080 \
        -Djib.baseImageCache="$dir/.jib-cache/base" -Djib.applicationCache="$dir/.jib-cache/app" \
        > "$W/last-$tool.log" 2>&1) || { echo "jib failed: $(tail -20 "$W/last-$tool.log")" >&2; exit 1; }
  fi
  c1=$(sent)
  skopeo inspect --tls-verify=false "docker://$HOST/$repo:$sha" > /dev/null \
      || { echo "$tool did not push $repo:$sha: $(tail -20 "$W/last-$tool.log")" >&2; exit 1; }
  python3 - "$(tail -1 "$W/time")" "$c0" "$c1" <<'PY'
import sys
wall, user, sys_ = (float(x) for x in sys.argv[1].split()[-3:])
a = [int(x) for x in sys.argv[2].split()]; b = [int(x) for x in sys.argv[3].split()]
print(f"{wall:.2f} {user + sys_:.2f} {b[0]-a[0]} {b[1]-a[1]} {b[2]-a[2]}")
PY
}

# the launcher rebuilds a stale CLI and makes its class-data archive on first use: not part of any timed case
"${PIPELINE[@]}" version > /dev/null
RESULTS="$W/results.txt"; : > "$RESULTS"
for rep in $(seq "$REPS"); do
  order="ours jib"; [ $((rep % 2)) -eq 0 ] && order="jib ours"
  for tool in $order; do
    dir="$W/$tool-$rep"; cp -r "$ROOT/templates/examples/apps/java-maven" "$dir"; rm -rf "$dir/target"
    printf '.jib-cache/\ntarget/\n' > "$dir/.gitignore"
    (cd "$dir" && git init -q -b main && git add -A && git -c user.name=b -c user.email=b@x commit -qm v1)
    repo="bench/$tool-$rep"
    export UNIFORM_CACHE_DIR="$W/cache-$tool-$rep"   # ours: a fresh build cache per cold case
    echo "$tool cold $(run_tool "$tool" "$dir" "$repo")" | tee -a "$RESULTS"
    echo "$tool nochange $(run_tool "$tool" "$dir" "$repo")" | tee -a "$RESULTS"
    sed -i "s|\"listening on \" + port|\"listening (change $rep) on \" + port|" "$dir/src/main/java/example/Main.java"
    (cd "$dir" && git -c user.name=b -c user.email=b@x commit -qam "one line")
    echo "$tool onechange $(run_tool "$tool" "$dir" "$repo")" | tee -a "$RESULTS"
  done
done
echo
echo "case       tool   wall_s  cpu_s    bytes_up  blobs_up  manifests_put   (medians, n=$REPS; requests: $W/requests.log)"
python3 - "$RESULTS" <<'PY'
import statistics, sys, collections
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    tool, case, *vals = line.split()
    d[(case, tool)].append([float(v) for v in vals])
for case in ("cold", "nochange", "onechange"):
    for tool in ("ours", "jib"):
        v = d[(case, tool)]
        if v:
            m = [statistics.median(x[i] for x in v) for i in range(5)]
            print(f"{case:10} {tool:5} {m[0]:7.2f} {m[1]:6.2f} {int(m[2]):11d} {m[3]:9g} {m[4]:14g}")
PY
