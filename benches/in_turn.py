#!/usr/bin/env python3
"""Start-up of several somadeck builds, run in turn so that a busy machine weighs on each alike.

Each argument is label=binary=home10k=home100k. Every round runs each build once on each home:
`study --plain` to the first card, then exit (standard input closed). Prints the median, the
first quartile and the fastest run per build and home, and the 100k/10k ratios.

    N=40 python3 benches/in_turn.py old=/tmp/old/somadeck=/tmp/n10k=/tmp/n100k \\
        new=target/release/somadeck=/tmp/m10k=/tmp/m100k

Give each build homes of its own: a build that cannot read another's snapshot rebuilds it.
"""
import os
import statistics
import subprocess
import sys
import time

specs = [a.split('=') for a in sys.argv[1:]]
rounds = int(os.environ.get('N', 30))
env = dict(os.environ, SOMADECK_NOW='2026-11-23T10:00:00Z')
runs = {}
for _ in range(rounds):
    for label, binary, home10, home100 in specs:
        for size, home in (('10k', home10), ('100k', home100)):
            env['SOMADECK_HOME'] = home
            t = time.perf_counter_ns()
            subprocess.run([binary, 'study', '--plain'], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
            runs.setdefault((label, size), []).append((time.perf_counter_ns() - t) / 1e6)
for label, *_ in specs:
    a, b = sorted(runs[(label, '10k')]), sorted(runs[(label, '100k')])
    q = lambda v: v[len(v) // 4]
    print("%-8s 10k median %6.2f q1 %6.2f min %6.2f | 100k median %6.2f q1 %6.2f min %6.2f"
          " | ratio median %.2f q1 %.2f min %.2f" % (
              label, statistics.median(a), q(a), a[0], statistics.median(b), q(b), b[0],
              statistics.median(b) / statistics.median(a), q(b) / q(a), b[0] / a[0]))
