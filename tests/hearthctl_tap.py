# hearthctl_tap.py: what the hearthctl tests share: checks reported as TAP,
# hearthctl run with its stderr checked, hearth-sim started, the store read
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import time

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    if not condition:
        # One TAP comment line, whatever the detail holds
        print(f"# FAILED {name}: {str(detail).replace(chr(10), ' | ')}", flush=True)


def hearthctl(*args, stdin=None, timeout=60, env=None):
    proc = subprocess.run([os.environ["HEARTHCTL"], *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=env)
    check(f"no CRITICAL or WARNING from hearthctl {' '.join(args)}",
          "CRITICAL" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr)
    return proc


def start_sim(*args):
    """hearth-sim with @args; returns it and the devices it announced"""
    sim = subprocess.Popen([os.environ["HEARTH_SIM"], *args], stdout=subprocess.PIPE, text=True)
    devices = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = sim.stdout.readline()
        if not line or line.strip() == "ready":
            break
        family, dev_id, address, name = (line.rstrip("\n").split(" ", 3) + [""])[:4]
        devices.append({"family": family, "id": dev_id, "address": address, "name": name})
    return sim, devices


def read_store(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def report(skipped=()):
    """Prints the TAP plan and lines; returns the exit status"""
    print(f"1..{len(results) + len(skipped)}")
    for number, (name, ok, _detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {number} - {name}")
    for number, reason in enumerate(skipped, len(results) + 1):
        print(f"ok {number} # SKIP {reason}")
    return 0 if all(ok for _n, ok, _d in results) else 1
