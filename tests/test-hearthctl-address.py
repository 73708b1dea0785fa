#!/usr/bin/env python3
# test-hearthctl-address.py: hearthctl given an address that is silent,
# refuses, or is no address at all
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A host that does not answer is given up at its first timeout (within
# ~12 s, not one deadline per family), one that refuses at once, and each
# says which it was; an invalid address or action is exit 2 with the
# reason. Only loopback. Prints TAP.

import os
import socket
import subprocess
import sys
import tempfile
import time

from hearthctl_tap import check, report

HEARTHCTL = os.environ["HEARTHCTL"]
HEARTH_SIM = os.environ["HEARTH_SIM"]
SILENT_LIMIT_S = 15


def hearthctl(*args, timeout=120):
    start = time.monotonic()
    proc = subprocess.run([HEARTHCTL, *args], capture_output=True, timeout=timeout)
    elapsed = time.monotonic() - start
    stderr = proc.stderr.decode("utf-8", "replace")
    shown = " ".join(a if isinstance(a, str) else repr(a) for a in args)
    check(f"no CRITICAL or WARNING from hearthctl {shown}",
          "CRITICAL" not in stderr and "WARNING" not in stderr, stderr)
    said = stderr.strip().replace("\n", "\n#   ")
    print(f"# hearthctl {shown}: exit {proc.returncode} after {elapsed:.1f} s: {said}", flush=True)
    return proc.returncode, stderr, elapsed


def silent_listener():
    """A loopback port whose connections the kernel completes, left in the
    backlog: nothing ever reads or says a word"""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    return sock, sock.getsockname()[1]


def dead_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_silent():
    sock, port = silent_listener()
    try:
        for command in ("status", "add"):
            code, stderr, elapsed = hearthctl(command, f"127.0.0.1:{port}")
            name = f"{command} of a silent host"
            check(f"{name} exits 1", code == 1, f"exit {code}")
            check(f"{name} gives up within {SILENT_LIMIT_S} s", elapsed < SILENT_LIMIT_S, f"{elapsed:.1f} s")
            check(f"{name} says it did not answer", "did not answer" in stderr, stderr)
            check(f"{name} does not say it answered", "answered, but" not in stderr, stderr)
    finally:
        sock.close()


def test_refused():
    port = dead_port()
    for command in ("status", "add"):
        code, stderr, elapsed = hearthctl(command, f"127.0.0.1:{port}")
        name = f"{command} of a refused port"
        check(f"{name} exits 1", code == 1, f"exit {code}")
        check(f"{name} gives up at once", elapsed < 5, f"{elapsed:.1f} s")
        check(f"{name} says it refused", "refused the connection" in stderr, stderr)


def port_is_free(port):
    sock = socket.socket()
    try:
        sock.connect(("127.0.0.1", port))
        return False
    except ConnectionRefusedError:
        return True
    finally:
        sock.close()


def test_refused_every_port():
    """No port given: each family's own port is asked, and all refuse"""
    default_ports = (80, 443, 9123, 16021)
    if not all(port_is_free(port) for port in default_ports):
        print("# something listens at a family's default port on 127.0.0.1: not asking without a port")
        return
    for command in ("status", "add"):
        code, stderr, elapsed = hearthctl(command, "127.0.0.1")
        name = f"{command} of a host that refuses every family's port"
        check(f"{name} exits 1", code == 1, f"exit {code}")
        check(f"{name} gives up at once", elapsed < 5, f"{elapsed:.1f} s")
        check(f"{name} says it refused", "127.0.0.1 refused the connection" in stderr, stderr)


def test_silent_every_port():
    """No port given: each family's own port is asked at the same time, so a
    host silent on all of them is given up after one deadline, not four"""
    socks = []
    try:
        for port in (80, 443, 9123, 16021):
            sock = socket.socket()
            sock.bind(("127.0.0.2", port))
            sock.listen(64)
            socks.append(sock)
    except OSError as e:
        print(f"# cannot listen at the families' default ports on 127.0.0.2 ({e}): not asking without a port")
        for sock in socks:
            sock.close()
        return
    try:
        code, stderr, elapsed = hearthctl("status", "127.0.0.2")
        name = "status of a host silent at every family's port"
        check(f"{name} exits 1", code == 1, f"exit {code}")
        check(f"{name} gives up within {SILENT_LIMIT_S} s", elapsed < SILENT_LIMIT_S, f"{elapsed:.1f} s")
        check(f"{name} says it did not answer", "127.0.0.2 did not answer" in stderr, stderr)
    finally:
        for sock in socks:
            sock.close()


def test_invalid():
    forms = [
        "%s%n.%n:80",
        "fe80::1%eth0",
        "[fe80::1%eth0]:80",
        "localhost:0",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "[::1]x",
        "256.1.1.1",
        b"\xff\xfe.local",
    ]
    for form in forms:
        for command in ("status", "add"):
            code, stderr, elapsed = hearthctl(command, form)
            shown = form if isinstance(form, str) else repr(form)
            check(f"{command} {shown} exits 2", code == 2, f"exit {code}: {stderr}")
            check(f"{command} {shown} says why", stderr.strip() != "" and "answered" not in stderr, stderr)
            check(f"{command} {shown} sends nothing", elapsed < 2, f"{elapsed:.1f} s")


def test_actions():
    port = dead_port()
    target = f"127.0.0.1:{port}"
    cases = [
        (["brightness=-5"], "from 0 to 100"),
        (["brightness=101"], "from 0 to 100"),
        (["brightness=x"], "from 0 to 100"),
        (["temperature=5"], "from 1000 to 20000"),
        (["color=#zz0000"], "#RRGGBB"),
        (["position=-1"], "from 0 to 100"),
        (["effect="], "name of an effect"),
        (["light", "brightness=-5"], "from 0 to 100"),
        (["on", "brightness=-5"], "from 0 to 100"),
    ]
    for actions, expected in cases:
        code, stderr, _ = hearthctl("set", target, *actions)
        name = f"set {' '.join(actions)}"
        check(f"{name} exits 2", code == 2, f"exit {code}")
        check(f"{name} says '{expected}'", expected in stderr, stderr)


def test_password_fast():
    """A device that wants its password even to say who it is: said at
    once, without a TLS hello for Hue left unanswered by a plain HTTP
    server (5 s)"""
    sim = subprocess.Popen([HEARTH_SIM, "--tasmota=1", "--esphome=1", "--password=pw"],
                           stdout=subprocess.PIPE, text=True)
    try:
        addresses = []
        for line in sim.stdout:
            if line.strip() == "ready":
                break
            addresses.append(line.split(" ")[2])
        for address in addresses:
            code, stderr, elapsed = hearthctl("add", address)
            name = f"add of a device with a password at {address}"
            check(f"{name} exits 1", code == 1, f"exit {code}")
            check(f"{name} says it needs its password", "needs its web password" in stderr, stderr)
            check(f"{name} says so within 2 s", elapsed < 2, f"{elapsed:.1f} s")
    finally:
        sim.terminate()
        sim.wait(timeout=10)


def test_store_hosts():
    """A crafted store's hosts are skipped, quietly"""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "home.json")
        with open(path, "w") as f:
            f.write('{"version": 1, "hosts": ["%s%n.%n:80", "fe80::1%eth0", "host:0", "a b"]}')
        env = dict(os.environ, HEARTH_STORE=path)
        proc = subprocess.run([HEARTHCTL, "discover", "--timeout", "0.5"], capture_output=True,
                              text=True, timeout=60, env=env)
        check("a store with invalid hosts: no CRITICAL or WARNING",
              "CRITICAL" not in proc.stderr and "WARNING" not in proc.stderr, proc.stderr)
        check("a store with invalid hosts: no crash", proc.returncode >= 0, f"exit {proc.returncode}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # "add" writes what it added: never the tests' shared file
        os.environ["HEARTH_STORE"] = os.path.join(tmp, "home.json")
        test_invalid()
        test_actions()
        test_refused()
        test_refused_every_port()
        test_password_fast()
        test_silent()
        test_silent_every_port()
    test_store_hosts()

    return report()


if __name__ == "__main__":
    sys.exit(main())
