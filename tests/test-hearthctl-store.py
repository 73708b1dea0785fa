#!/usr/bin/env python3
# test-hearthctl-store.py: hearthctl add and forget, and devices added by
# hand in discover and status, against hearth-sim. No mDNS here: whatever is
# found is found through the hosts kept in $HEARTH_STORE. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HEARTHCTL = os.environ["HEARTHCTL"]
HEARTH_SIM = os.environ["HEARTH_SIM"]

results = []


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    if not condition:
        print(f"# FAILED {name}: {detail}", flush=True)


def hearthctl(*args, env=None, timeout=90):
    proc = subprocess.run([HEARTHCTL, *args], capture_output=True, text=True,
                          timeout=timeout, env=env)
    check(f"no CRITICAL or WARNING from hearthctl {' '.join(args)}",
          "CRITICAL" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr)
    return proc


def start_sim(*args):
    sim = subprocess.Popen([HEARTH_SIM, *args], stdout=subprocess.PIPE, text=True)
    devices = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = sim.stdout.readline()
        if not line or line.strip() == "ready":
            break
        family, dev_id, address, name = (line.rstrip("\n").split(" ", 3) + [""])[:4]
        devices.append({"family": family, "id": dev_id, "address": address, "name": name})
    return sim, devices


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_store(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def main():
    folder = tempfile.mkdtemp(prefix="hearthctl-store-")
    path = os.path.join(folder, "data", "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    sim, devices = start_sim("--device", "elgato", "--device", "wled")
    try:
        elgato = next(d for d in devices if d["family"] == "elgato")
        wled = next(d for d in devices if d["family"] == "wled")

        # Nothing is known yet, and there is no mDNS: nothing is found
        proc = hearthctl("status", elgato["id"], "--timeout", "0.5", env=env)
        check("status of an unknown id fails", proc.returncode == 1, proc.stderr)

        # add: probes, keeps, prints
        proc = hearthctl("add", elgato["address"], env=env)
        check("add exits 0", proc.returncode == 0, proc.stderr)
        check("add prints the device", elgato["name"] in proc.stdout, proc.stdout)
        store = read_store(path)
        check("add keeps the address", elgato["address"] in store.get("hosts", []), store)
        known = [d for d in store.get("devices", []) if d.get("id") == elgato["id"]]
        check("add remembers the device with its controls",
              len(known) == 1 and len(known[0].get("controls", [])) >= 1, store)
        check("the file is not readable by others", os.stat(path).st_mode & 0o077 == 0,
              oct(os.stat(path).st_mode))

        proc = hearthctl("add", wled["address"], "--json", env=env)
        check("add --json exits 0", proc.returncode == 0, proc.stderr)
        try:
            check("add --json prints the device", json.loads(proc.stdout)["id"] == wled["id"],
                  proc.stdout)
        except (ValueError, KeyError) as e:
            check("add --json prints JSON", False, f"{e}: {proc.stdout}")

        # Adding twice keeps one entry
        hearthctl("add", elgato["address"], env=env)
        store = read_store(path)
        check("adding twice keeps one entry", store.get("hosts", []).count(elgato["address"]) == 1,
              store)

        # An address where nothing answers: an error, nothing kept
        dead = f"127.0.0.1:{free_port()}"
        proc = hearthctl("add", dead, env=env)
        check("add of a dead address exits 1", proc.returncode == 1, proc.stderr)
        check("add of a dead address says why", proc.stderr.strip() != "")
        check("a dead address is not kept", dead not in read_store(path).get("hosts", []))
        proc = hearthctl("add", env=env)
        check("add without a host is a usage error", proc.returncode == 2, proc.stderr)

        # discover and status find devices added by hand without mDNS
        proc = hearthctl("discover", "--timeout", "0.5", "--json", env=env)
        check("discover exits 0", proc.returncode == 0, proc.stderr)
        try:
            found = {d["id"] for d in json.loads(proc.stdout)}
        except (ValueError, KeyError, TypeError):
            found = set()
        check("discover lists devices added by hand", {elgato["id"], wled["id"]} <= found,
              proc.stdout)
        proc = hearthctl("status", elgato["name"], "--timeout", "0.5", env=env)
        check("status by name finds a device added by hand", proc.returncode == 0, proc.stderr)
        check("status prints it", elgato["id"] in proc.stdout, proc.stdout)

        # discover only reads the file
        before = os.stat(path).st_mtime_ns
        hearthctl("discover", "--timeout", "0.5", env=env)
        check("discover does not write the file", os.stat(path).st_mtime_ns == before)

        # forget by id
        proc = hearthctl("forget", elgato["id"], env=env)
        check("forget exits 0", proc.returncode == 0, proc.stderr)
        check("forget says what it forgot", elgato["id"] in proc.stdout, proc.stdout)
        store = read_store(path)
        check("forget drops the address", elgato["address"] not in store.get("hosts", []), store)
        check("forget drops the device",
              all(d.get("id") != elgato["id"] for d in store.get("devices", [])), store)
        check("forget leaves the other one", wled["address"] in store.get("hosts", []), store)
        proc = hearthctl("status", elgato["id"], "--timeout", "0.5", env=env)
        check("a forgotten device is not found any more", proc.returncode == 1, proc.stderr)

        # forget by address
        proc = hearthctl("forget", wled["address"], env=env)
        check("forget by address exits 0", proc.returncode == 0, proc.stderr)
        store = read_store(path)
        check("forget by address empties the hosts", store.get("hosts") == [], store)
        check("forget by address empties the devices", store.get("devices") == [], store)

        proc = hearthctl("forget", "no-such-device", env=env)
        check("forget of an unknown device exits 1", proc.returncode == 1, proc.stderr)
        check("forget of an unknown device says why", "no-such-device" in proc.stderr, proc.stderr)

        # A file that cannot be read is kept aside, and hearthctl says so
        with open(path, "w") as f:
            f.write("{ not json")
        proc = hearthctl("discover", "--timeout", "0.5", env=env)
        check("a broken file is reported", ".broken" in proc.stderr, proc.stderr)
        check("a broken file is kept aside", os.path.exists(path + ".broken"))
        with open(path + ".broken") as f:
            check("the broken file is kept as it was", f.read() == "{ not json")

        # Bytes that crashed json-glib's recursive parser (issue 8): a clear
        # message and a clean exit, the file kept aside as it was
        for prefix in ('/* " */', "['\"',"):
            crafted = prefix + "[" * 1000000
            os.unlink(path + ".broken")
            with open(path, "w") as f:
                f.write(crafted)
            proc = hearthctl("status", elgato["address"], env=env)
            check(f"status with a crafted file ({prefix}) exits cleanly",
                  proc.returncode == 0 and elgato["name"] in proc.stdout, f"exit {proc.returncode}: {proc.stderr[-500:]}")
            check(f"status with a crafted file ({prefix}) says it is not JSON",
                  "not valid JSON" in proc.stderr and path + ".broken" in proc.stderr,
                  proc.stderr[-500:])
            with open(path + ".broken") as f:
                check(f"the crafted file ({prefix}) is kept as it was", f.read() == crafted)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        for root, dirs, files in os.walk(folder, topdown=False):
            for name in files:
                os.unlink(os.path.join(root, name))
            for name in dirs:
                os.rmdir(os.path.join(root, name))
        os.rmdir(folder)

    print(f"1..{len(results)}")
    for i, (name, ok, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
