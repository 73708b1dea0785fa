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

import hearthctl_tap
from hearthctl_tap import check, read_store, report, start_sim

HEARTHCTL = os.environ["HEARTHCTL"]


def hearthctl(*args, env=None, timeout=90):
    return hearthctl_tap.hearthctl(*args, env=env, timeout=timeout)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_all(commands, env):
    """Starts every command at once; returns their CompletedProcess-like results"""
    procs = [subprocess.Popen([HEARTHCTL, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for args in commands]
    results = []
    for args, proc in zip(commands, procs):
        try:
            out, err = proc.communicate(timeout=50)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        results.append((args, proc.returncode, out, err))
    return results


def check_parallel_writers(folder):
    """hearthctl add and forget run at once: no update is lost"""
    path = os.path.join(folder, "parallel", "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    sim, devices = start_sim("--elgato", "12")
    try:
        check("the simulator runs 12 lights", len(devices) == 12, devices)
        first, second = devices[:8], devices[8:]

        start = time.monotonic()
        results = run_all([["add", d["address"]] for d in first], env)
        for args, status, out, err in results:
            check(f"parallel {' '.join(args)} exits 0", status == 0, err)
        store = read_store(path)
        hosts = store.get("hosts", [])
        check("8 parallel adds keep all 8 addresses",
              all(d["address"] in hosts for d in first) and len(hosts) == 8, hosts)
        ids = {d.get("id") for d in store.get("devices", [])}
        check("8 parallel adds keep all 8 devices", {d["id"] for d in first} <= ids, ids)

        # Forget half of them while adding the others
        results = run_all([["forget", d["address"]] for d in first[:4]] +
                          [["add", d["address"]] for d in second], env)
        for args, status, out, err in results:
            check(f"parallel {' '.join(args)} exits 0", status == 0, err)
        store = read_store(path)
        hosts = store.get("hosts", [])
        wanted = [d["address"] for d in first[4:] + second]
        check("parallel forget and add: what was added is kept, what was forgotten is gone",
              sorted(hosts) == sorted(wanted), hosts)
        ids = {d.get("id") for d in store.get("devices", [])}
        check("parallel forget and add: the devices too",
              ids == {d["id"] for d in first[4:] + second}, ids)
        leftovers = [n for n in os.listdir(os.path.dirname(path))
                     if n not in ("home.json", "home.json.lock")]
        check("parallel writers leave no other file", leftovers == [], leftovers)
        print(f"# parallel writers took {time.monotonic() - start:.1f} s", flush=True)
    finally:
        sim.terminate()
        sim.wait(timeout=10)


def check_newer_format(folder, device):
    """A file of a newer Hearth: read, never moved nor written"""
    path = os.path.join(folder, "newer", "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    os.makedirs(os.path.dirname(path))
    text = json.dumps({"version": 9, "hosts": [device["address"]], "scenes": [{"a": 1}]})
    with open(path, "w") as f:
        f.write(text)
    before = os.stat(path)

    for args in (["status", device["id"], "--timeout", "0.5"], ["discover", "--timeout", "0.5"],
                 ["status", device["address"]]):
        proc = hearthctl(*args, env=env)
        check(f"{args[0]} reads a newer file", proc.returncode == 0, proc.stderr)
        check(f"{args[0]} finds the device kept in a newer file", device["id"] in proc.stdout,
              proc.stdout)
        check(f"{args[0]} says the file is of a newer version, once",
              proc.stderr.count("newer version") == 1, proc.stderr)
    proc = hearthctl("add", device["address"], env=env)
    check("add to a newer file fails", proc.returncode == 1, proc.stderr)
    check("add to a newer file says why", "newer version" in proc.stderr, proc.stderr)
    after = os.stat(path)
    with open(path) as f:
        check("a newer file is left as it was", f.read() == text)
    check("a newer file is not replaced", (after.st_ino, after.st_mtime_ns) ==
          (before.st_ino, before.st_mtime_ns))
    check("a newer file is not moved aside", not os.path.exists(path + ".broken"))


def check_crafted_files(folder, device):
    """Files no Hearth wrote: kept aside, said so, and hearthctl works on"""
    path = os.path.join(folder, "crafted", "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    os.makedirs(os.path.dirname(path))
    crafted = {
        "deeply nested": b'{"version": 1, "rooms": ' + b"[" * 200000,
        "wrong types": b'[{"version": 1}]',
        "not UTF-8": b'{"version": 1, "rooms": ["\xff\xfe"]}',
        "huge": b'{"version": 1, "rooms": ["' + b"x" * (9 * 1024 * 1024) + b'"]}',
    }
    for what, text in crafted.items():
        with open(path, "wb") as f:
            f.write(text)
        proc = hearthctl("status", device["address"], env=env)
        check(f"hearthctl works on with a {what} file", proc.returncode == 0, proc.stderr)
        check(f"a {what} file is reported as kept aside",
              "kept as" in proc.stderr and ".broken" in proc.stderr, proc.stderr[:300])
        try:
            with open(path + ".broken", "rb") as f:
                check(f"a {what} file is kept aside as it was", f.read() == text)
            os.unlink(path + ".broken")
        except FileNotFoundError:
            check(f"a {what} file is kept aside", False)


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
            # of the file, not of "the answer" (a device's reply)
            check(f"status with a crafted file ({prefix}) names the file, not an answer",
                  f"Could not read {path} (it is not valid JSON" in proc.stderr
                  and "answer" not in proc.stderr, proc.stderr[-500:])
            with open(path + ".broken") as f:
                check(f"the crafted file ({prefix}) is kept as it was", f.read() == crafted)
        check_newer_format(folder, wled)
        check_crafted_files(folder, wled)
        check_parallel_writers(folder)
    finally:
        sim.terminate()
        sim.wait(timeout=10)
        for root, dirs, files in os.walk(folder, topdown=False):
            for name in files:
                os.unlink(os.path.join(root, name))
            for name in dirs:
                os.rmdir(os.path.join(root, name))
        os.rmdir(folder)

    return report()


if __name__ == "__main__":
    sys.exit(main())
