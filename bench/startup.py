#!/usr/bin/env python3
"""Fixed costs of `./pipeline run` before the build: time to the run's first event, the checkout stage's own
duration (JGit open + status of a local working tree) and time until the build stage starts.

usage: python3 bench/startup.py [REPS]   (from the repository root; the CLI is built by ./pipeline if stale)

Each repetition makes a fresh copy of templates/examples/apps/java-maven as its own git repository (target/ and
.jib-cache/ ignored, as bench/run.sh does) whose ./mvnw is replaced by `exit 1`, so the run stops right after the
build stage starts (exit 1) and Maven is not part of the figure. Uses the ./pipeline launcher as users do (its
class-data archives included: the first run after a CLI build writes the run archive; do one run first to measure
the steady state). Prints per-run figures and medians; asserts nothing.
"""
import os, re, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
work = tempfile.mkdtemp(prefix='uniform-startup.')
rows = []
try:
    for i in range(reps):
        app = os.path.join(work, f'app-{i}')
        shutil.copytree(os.path.join(root, 'templates/examples/apps/java-maven'), app)
        shutil.rmtree(os.path.join(app, 'target'), ignore_errors=True)
        with open(os.path.join(app, '.gitignore'), 'w') as f:
            f.write('.jib-cache/\ntarget/\n')
        with open(os.path.join(app, 'mvnw'), 'w') as f:
            f.write('#!/bin/sh\nexit 1\n')
        subprocess.run('git init -q -b main && git add -A && git -c user.name=b -c user.email=b@x commit -qm v1',
                       shell=True, cwd=app, check=True)
        t0 = time.time()
        p = subprocess.Popen([os.path.join(root, 'pipeline'), '--no-color', 'run', '--dry-run'], cwd=app,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        started = checkout = build = None
        for line in p.stdout:
            now = time.time() - t0
            if started is None and '[run] started' in line:
                started = now
            m = re.search(r'\[checkout\] succeeded in ([\d.]+)(ms|s)\b', line)
            if m:
                checkout = float(m.group(1)) / (1000 if m.group(2) == 'ms' else 1)
            if build is None and '[build] started' in line:
                build = now
        p.wait()
        if None in (started, checkout, build):
            sys.exit(f'run {i}: unexpected output (exit {p.returncode}); run it by hand in {app}')
        rows.append((started, checkout, build))
        print(f'run {i}: first event {started:.2f} s, checkout {checkout:.3f} s, build starts {build:.2f} s', flush=True)
    print('median (n=%d): first event %.2f s, checkout %.3f s, build starts %.2f s'
          % ((reps,) + tuple(statistics.median(r[k] for r in rows) for k in range(3))))
finally:
    shutil.rmtree(work, ignore_errors=True)
