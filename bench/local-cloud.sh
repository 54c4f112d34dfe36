#!/usr/bin/env bash
# Benchmark: local-cloud start-up (in-process LocalCloud.start() to the first answered SDK request; standalone
# LocalCloudProcess.start to ready) and a rollout of SERVICES services x 3 simulated tasks behind ALB target groups
# at CLOCK_FACTOR (create, steady state, update to a new revision, all COMPLETED). Prints the wall time of each phase
# and the JVM's peak RSS (VmHWM). Not a test: it asserts nothing, it prints numbers.
#   bench/local-cloud.sh [SERVICES (default 50)] [CLOCK_FACTOR (default 20)]
# Builds local-cloud's test classes with ./mvnw, then runs
# dev.uniformpipeline.localcloud.bench.RolloutBench with java -cp <test classpath>.
set -euo pipefail
repo="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
cp_file="$repo/local-cloud/target/bench.classpath"
# one reactor run: the parent then local-cloud; local-cloud's classpath is written last
./mvnw -B -q -pl local-cloud -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file"
cp="$repo/local-cloud/target/test-classes:$repo/local-cloud/target/classes:$(cat "$cp_file")"
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" dev.uniformpipeline.localcloud.bench.RolloutBench "$@"
