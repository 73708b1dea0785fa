#!/bin/bash
# test-mdns.sh: the real mDNS test
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs inside tests/hearth-sandbox (a private network with its own
# avahi-daemon): hearth-sim announces 3 devices of each family through
# Avahi, and `hearthctl discover --json` must find exactly those 9 devices,
# each once, with the ids, names, families, address and ports the simulator
# printed. On a mismatch it prints both lists and their diff.
#
# Usage: test-mdns.sh [PER_FAMILY]: that many devices of each family instead
# of 3 (run with hearth-sandbox --objects-per-client-max, more services than
# avahi-daemon allows a client objects: no client may hold one per service).
#
# Environment: HEARTH_SIM, HEARTHCTL (set by tests/meson.build),
# HEARTH_SANDBOX_ADDRESS (set by hearth-sandbox).

set -u

PER_FAMILY=${1:-3}
DISCOVER_TIMEOUT=5

fail ()
{
  echo "test-mdns: FAIL: $*" >&2
  exit 1
}

skip ()
{
  echo "test-mdns: SKIP: $*" >&2
  exit 77
}

[ -n "${HEARTH_SANDBOX_ADDRESS:-}" ] ||
  skip "not inside tests/hearth-sandbox (run: tests/hearth-sandbox -- $0)"
[ -x "${HEARTH_SIM:-}" ] || fail "HEARTH_SIM is not an executable: '${HEARTH_SIM:-}'"
[ -x "${HEARTHCTL:-}" ] || fail "HEARTHCTL is not an executable: '${HEARTHCTL:-}'"
if command -v python3 >/dev/null 2>&1; then
  PYTHON=python3
else
  fail "python3 is needed to compare the JSON output"
fi

WORK=$(mktemp -d "${HEARTH_SANDBOX_DIR:-${TMPDIR:-/tmp}}/test-mdns.XXXXXX") || fail "mktemp failed"
SIM_PID=

cleanup ()
{
  if [ -n "$SIM_PID" ]; then
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# 1. The simulated devices, announced over mDNS

"$HEARTH_SIM" --avahi --address "$HEARTH_SANDBOX_ADDRESS" \
  --nanoleaf "$PER_FAMILY" \
  --esphome "$PER_FAMILY" \
  --shelly "$PER_FAMILY" --wled "$PER_FAMILY" --elgato "$PER_FAMILY" --shelly-gen1 "$PER_FAMILY" --hue "$PER_FAMILY" \
  > "$WORK/sim.out" 2> "$WORK/sim.err" &
SIM_PID=$!

deadline=$((SECONDS + 30))
until grep -qx 'ready' "$WORK/sim.out"; do
  if ! kill -0 "$SIM_PID" 2>/dev/null; then
    wait "$SIM_PID"
    status=$?
    echo "--- hearth-sim stdout"; cat "$WORK/sim.out"
    echo "--- hearth-sim stderr"; cat "$WORK/sim.err"
    fail "hearth-sim exited with status $status before printing 'ready'"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "--- hearth-sim stdout"; cat "$WORK/sim.out"
    echo "--- hearth-sim stderr"; cat "$WORK/sim.err"
    fail "hearth-sim did not print 'ready' within 30 s"
  fi
  sleep 0.1
done
echo "# hearth-sim:"
sed -n '/^ready$/q;s/^/#   /;p' "$WORK/sim.out"

# 2. Discovery through Avahi

start=$SECONDS
"$HEARTHCTL" discover --timeout "$DISCOVER_TIMEOUT" --json > "$WORK/found.json" 2> "$WORK/discover.err"
status=$?
echo "# hearthctl discover took $((SECONDS - start)) s, exit status $status"
if [ "$status" != 0 ]; then
  echo "--- hearthctl stdout"; cat "$WORK/found.json"
  echo "--- hearthctl stderr"; cat "$WORK/discover.err"
  fail "hearthctl discover exited with status $status"
fi
kill -0 "$SIM_PID" 2>/dev/null || fail "hearth-sim died during discovery: $(cat "$WORK/sim.err")"

# 3. What was announced against what was found

"$PYTHON" - "$WORK/sim.out" "$WORK/found.json" "$((PER_FAMILY * 7))" <<'EOF'
import collections
import difflib
import json
import sys

sim_path, found_path, n_expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
problems = []

# "FAMILY ID HOST:PORT NAME..." lines, then "ready"
expected = []
with open(sim_path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line == "ready":
            break
        if not line.strip():
            continue
        parts = line.split(" ", 3)
        if len(parts) < 3 or ":" not in parts[2]:
            problems.append("hearth-sim printed an unexpected line: %r" % line)
            continue
        # No NAME: the device has no name of its own (a Shelly's is null);
        # Hearth then shows a model name, which only has to be there
        family, device_id, hostport = parts[:3]
        name = parts[3] if len(parts) == 4 and parts[3].strip() else None
        host, _, port = hostport.rpartition(":")
        expected.append((family, device_id, name, host.strip("[]"), port))

if len(expected) != n_expected:
    problems.append("hearth-sim announced %d devices, not %d" % (len(expected), n_expected))
if len({e[1] for e in expected}) != len(expected):
    problems.append("hearth-sim printed the same id twice")

try:
    with open(found_path, encoding="utf-8") as f:
        devices = json.load(f)
except ValueError as e:
    with open(found_path, encoding="utf-8", errors="replace") as f:
        print("--- hearthctl discover --json printed:\n" + f.read())
    sys.exit("test-mdns: FAIL: hearthctl discover --json is not JSON: %s" % e)
if not isinstance(devices, list):
    sys.exit("test-mdns: FAIL: hearthctl discover --json did not print an array but %s"
             % type(devices).__name__)

found = []
for i, device in enumerate(devices):
    if not isinstance(device, dict):
        problems.append("item %d is not an object: %r" % (i, device))
        continue
    missing = [k for k in ("id", "name", "family", "host", "port") if k not in device]
    if missing:
        problems.append("device %r lacks %s" % (device.get("id"), ", ".join(missing)))
    found.append((str(device.get("family")), str(device.get("id")), str(device.get("name")),
                  str(device.get("host")).strip("[]"), str(device.get("port"))))

# A device the simulator left nameless matches any non-empty name
found_names = {d[1]: d[2] for d in found}
for i, (family, device_id, name, host, port) in enumerate(expected):
    if name is None:
        shown = found_names.get(device_id)
        if shown is None:
            shown = "(any name)"  # not found at all: the diff says so
        elif shown in ("", "None"):
            problems.append("%s has no name in hearthctl's output" % device_id)
            shown = "(any name)"
        expected[i] = (family, device_id, shown, host, port)

counts = collections.Counter(d[1] for d in found)
for device_id, count in sorted(counts.items()):
    if count > 1:
        problems.append("%s was found %d times" % (device_id, count))
if len(found) != n_expected:
    problems.append("found %d devices, expected exactly %d" % (len(found), n_expected))

def lines(rows):
    return ["%-7s %-32s %-30s %s:%s" % r for r in sorted(rows)]

want, got = lines(expected), lines(found)
if want != got:
    problems.append("the devices found differ from those announced")

print("# announced (family id name host:port):")
for line in want:
    print("#   " + line)
print("# found:")
for line in got:
    print("#   " + line)

if problems:
    diff = difflib.unified_diff(want, got, "announced by hearth-sim", "found by hearthctl discover",
                                lineterm="")
    print("--- diff")
    for line in diff:
        print(line)
    for problem in problems:
        print("test-mdns: FAIL: " + problem, file=sys.stderr)
    sys.exit(1)

print("ok: %d devices announced, %d found, each once, same ids, names, families and addresses"
      % (len(expected), len(found)))
EOF
status=$?
if [ "$status" != 0 ]; then
  echo "--- hearthctl stderr"; cat "$WORK/discover.err"
  exit 1
fi

# A device added by hand that mDNS finds too is one device, even one that
# tells no id before it is paired (a Nanoleaf added by address is named for
# its address, the one found by mDNS has the id from its TXT record).
nanoleaf=$(awk '$1 == "nanoleaf" { print $3; exit }' "$WORK/sim.out")
nanoleaf_name=$(awk '$1 == "nanoleaf" { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$WORK/sim.out")
[ -n "$nanoleaf" ] || fail "hearth-sim announced no Nanoleaf"
export HEARTH_STORE="$WORK/home.json"
"$HEARTHCTL" add "$nanoleaf" > "$WORK/add.out" 2>&1 ||
  fail "hearthctl add $nanoleaf failed: $(cat "$WORK/add.out")"
"$HEARTHCTL" discover --timeout "$DISCOVER_TIMEOUT" --json > "$WORK/found2.json" 2> "$WORK/discover2.err" ||
  fail "hearthctl discover with $nanoleaf added by hand failed: $(cat "$WORK/discover2.err")"
"$PYTHON" - "$WORK/found2.json" "$nanoleaf" "$((PER_FAMILY * 7))" "$nanoleaf_name" <<'EOF'
import collections
import json
import sys

devices = json.load(open(sys.argv[1], encoding="utf-8"))
added, n_expected, name = sys.argv[2], int(sys.argv[3]), sys.argv[4]
at = collections.Counter("%s:%s" % (d.get("host"), d.get("port")) for d in devices)
for device in devices:
    print("#   %-8s %-32s %s:%s" % (device.get("family"), device.get("id"),
                                   device.get("host"), device.get("port")))
if at[added] != 1:
    sys.exit("test-mdns: FAIL: %d devices at %s (added by hand, and found by mDNS), not 1"
             % (at[added], added))
names = [d.get("name") for d in devices if "%s:%s" % (d.get("host"), d.get("port")) == added]
if names != [name]:
    sys.exit("test-mdns: FAIL: the device at %s is called %r, not %r as its TXT record says"
             % (added, names[0], name))
if len(devices) != n_expected:
    sys.exit("test-mdns: FAIL: found %d devices with %s added by hand, expected %d"
             % (len(devices), added, n_expected))
print("ok: %s, added by hand and found by mDNS, is one device of %d" % (added, len(devices)))
EOF
exit $?
