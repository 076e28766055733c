"""Run a command and write its CPU-seconds and peak RSS to a file (used by bench_cost).

Linux carries a process's peak RSS across fork and exec, so a child forked straight from a
large benchmark process reports that process's size as its own peak. Started from this small
launcher instead, a child's peak is its own (at least this launcher's ~10 MiB).

Usage: python -m bench.child_usage USAGE_JSON COMMAND [ARGS...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def main() -> int:
    """Run the command with inherited stdio; write {"cpu_s", "peak_rss_kib"}; exit as it did."""
    usage_file, *cmd = sys.argv[1:]
    child = subprocess.Popen(cmd)
    _, status, usage = os.wait4(child.pid, 0)
    with open(usage_file, "w", encoding="utf-8") as out:
        json.dump({"cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_kib": usage.ru_maxrss}, out)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
