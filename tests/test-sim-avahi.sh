#!/bin/bash
# test-sim-avahi.sh: what `hearth-sim --avahi` announces, seen by avahi-browse
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs inside tests/hearth-sandbox (a private network with its own
# avahi-daemon). Checks that:
#   1. every device of the demo home is announced under its family's service
#      types (Shelly: _shelly._tcp + _http._tcp; WLED: _wled._tcp +
#      _http._tcp; Elgato: _elg._tcp), on its own port, resolving to the
#      sandbox address, with the TXT records clients rely on (Shelly gen=2
#      and id=<id>; WLED mac=<id>; Elgato id= and md=);
#   2. a second simulator announcing the same names gets alternative names
#      ("… #2") instead of failing;
#   3. after avahi-daemon restarts, everything is announced again;
#   4. SIGTERM ends hearth-sim with status 0 and withdraws its services;
#   5. under a soft limit of 256 open files, 300 devices start and answer
#      (hearth-sim raises its soft limit to the hard limit, as Hearth does).
#
# Environment: HEARTH_SIM (set by tests/meson.build), HEARTH_SANDBOX_ADDRESS,
# HEARTH_SANDBOX_AVAHI_CONF, HEARTH_SANDBOX_DIR (set by hearth-sandbox).

set -u

fail ()
{
  echo "test-sim-avahi: FAIL: $*" >&2
  exit 1
}

skip ()
{
  echo "test-sim-avahi: SKIP: $*" >&2
  exit 77
}

[ -n "${HEARTH_SANDBOX_ADDRESS:-}" ] ||
  skip "not inside tests/hearth-sandbox (run: tests/hearth-sandbox -- $0)"
[ "${HEARTH_SANDBOX_AVAHI:-1}" = 1 ] || skip "the sandbox runs no avahi-daemon"
[ -x "${HEARTH_SIM:-}" ] || fail "HEARTH_SIM is not an executable: '${HEARTH_SIM:-}'"
command -v avahi-browse >/dev/null 2>&1 || skip "avahi-browse is not installed (avahi-utils)"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read avahi-browse's output"

WORK=$(mktemp -d "${HEARTH_SANDBOX_DIR:-${TMPDIR:-/tmp}}/test-sim-avahi.XXXXXX") || fail "mktemp failed"
PIDS=()

cleanup ()
{
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_sim NAME ARGS...: runs hearth-sim in the background until "ready"
start_sim ()
{
  local name=$1 deadline
  shift
  "$HEARTH_SIM" --avahi --address "$HEARTH_SANDBOX_ADDRESS" "$@" \
    > "$WORK/$name.out" 2> "$WORK/$name.err" &
  PIDS+=($!)
  eval "${name}_PID=$!"
  deadline=$((SECONDS + 30))
  until grep -qx 'ready' "$WORK/$name.out"; do
    kill -0 "$!" 2>/dev/null || fail "hearth-sim $* exited early: $(cat "$WORK/$name.err")"
    [ "$SECONDS" -lt "$deadline" ] || fail "hearth-sim $* did not print 'ready' within 30 s"
    sleep 0.1
  done
}

# check WHAT SIM_OUTPUT...: announcements (avahi-browse) against the devices;
# retried for up to 15 s, since announcing takes a moment
check ()
{
  local what=$1 deadline
  shift
  deadline=$((SECONDS + 15))
  while :; do
    avahi-browse -arpt -k > "$WORK/browse.txt" 2> "$WORK/browse.err"
    if python3 - "$HEARTH_SANDBOX_ADDRESS" "$WORK/browse.txt" "$@" > "$WORK/check.txt" 2>&1 <<'EOF'
import re
import sys

address, browse_path, sim_outputs = sys.argv[1], sys.argv[2], sys.argv[3:]

def unescape(text):
    return re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), text)

# =;iface;proto;name;type;domain;host;address;port;"txt" "txt"...
services = []
with open(browse_path, encoding="utf-8", errors="replace") as f:
    for line in f:
        fields = line.rstrip("\n").split(";")
        if len(fields) < 10 or fields[0] != "=" or fields[2] != "IPv4":
            continue
        txt = dict(item.split("=", 1) if "=" in item else (item, "")
                   for item in re.findall(r'"((?:[^"\\]|\\.)*)"', ";".join(fields[9:])))
        services.append({"name": unescape(fields[3]), "type": fields[4],
                         "address": fields[7], "port": int(fields[8]), "txt": txt})

expected_types = {
    "shelly": {"_shelly._tcp", "_http._tcp"},
    "wled": {"_wled._tcp", "_http._tcp"},
    "elgato": {"_elg._tcp"},
    "esphome": {"_esphomelib._tcp", "_http._tcp"},
    "shelly-gen1": {"_http._tcp"},
    "nanoleaf": {"_nanoleafapi._tcp"},
    "hue": {"_hue._tcp"},
    # Official Tasmota builds announce nothing: added by address only.
    "tasmota": set(),
}
problems = []
names = {}
for path in sim_outputs:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line == "ready":
                break
            family, device_id, hostport = line.split(" ", 3)[:3]
            port = int(hostport.rsplit(":", 1)[1])
            mine = [s for s in services if s["port"] == port]
            types = {s["type"] for s in mine}
            if types != expected_types[family]:
                problems.append("%s %s (port %d): announced as %s, expected %s"
                                % (family, device_id, port, sorted(types),
                                   sorted(expected_types[family])))
                continue
            for s in mine:
                if s["address"] != address:
                    problems.append("%s %s resolves to %s, not %s"
                                    % (s["type"], s["name"], s["address"], address))
                names.setdefault((s["type"], s["name"]), []).append(device_id)
                txt = s["txt"]
                if family == "shelly" and (txt.get("gen") != "2" or txt.get("id") != device_id):
                    problems.append("%s %s: TXT %s lacks gen=2 id=%s" % (s["type"], s["name"], txt, device_id))
                if family == "wled" and s["type"] == "_wled._tcp" and txt.get("mac") != device_id:
                    problems.append("%s %s: TXT %s lacks mac=%s" % (s["type"], s["name"], txt, device_id))
                if family == "elgato" and (not txt.get("id") or not txt.get("md")):
                    problems.append("%s %s: TXT %s lacks id= and md=" % (s["type"], s["name"], txt))
                if family == "esphome" and s["type"] == "_esphomelib._tcp" and txt.get("mac") != device_id:
                    problems.append("%s %s: TXT %s lacks mac=%s" % (s["type"], s["name"], txt, device_id))
            print("#   %-6s %-30s %s" % (family, device_id,
                  ", ".join("%s “%s”" % (s["type"], s["name"]) for s in sorted(mine, key=lambda s: s["type"]))))

for (type_, name), ids in names.items():
    if len(ids) > 1:
        problems.append("%s “%s” is announced for %d devices" % (type_, name, len(ids)))

for problem in problems:
    print("problem: " + problem)
sys.exit(1 if problems else 0)
EOF
    then
      echo "# $what: ok"
      cat "$WORK/check.txt"
      return 0
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      cat "$WORK/check.txt"
      echo "--- avahi-browse"; cat "$WORK/browse.txt" "$WORK/browse.err"
      fail "$what"
    fi
    sleep 0.5
  done
}

echo "1..5"

# 1. The demo home
start_sim demo --demo
check "the demo home is announced with its service types and TXT" "$WORK/demo.out"
echo "ok 1 demo home announced"

# 2. The same names again, from a second simulator
start_sim first --elgato 1 --wled 1
start_sim second --elgato 1 --wled 1
check "clashing names are resolved with alternative names" \
  "$WORK/demo.out" "$WORK/first.out" "$WORK/second.out"
grep -q ' #2”' "$WORK/check.txt" || fail "no alternative name (… #2) in use"
echo "ok 2 name collisions resolved"

# 3. avahi-daemon restarts
avahi-daemon -k 2>/dev/null || fail "cannot stop avahi-daemon"
sleep 1
avahi-daemon --no-drop-root --no-chroot --no-rlimits -f "$HEARTH_SANDBOX_AVAHI_CONF" -D ||
  fail "cannot restart avahi-daemon"
deadline=$((SECONDS + 15))
until avahi-browse -at >/dev/null 2>&1; do
  [ "$SECONDS" -lt "$deadline" ] || fail "avahi-daemon did not come back"
  sleep 0.2
done
check "everything is announced again after avahi-daemon restarted" \
  "$WORK/demo.out" "$WORK/first.out" "$WORK/second.out"
echo "ok 3 announced again after a daemon restart"

# 4. SIGTERM: exit 0, services withdrawn
for name in demo first second; do
  pid_var="${name}_PID"
  kill -TERM "${!pid_var}"
  wait "${!pid_var}"
  status=$?
  [ "$status" = 0 ] || fail "hearth-sim ($name) exited with status $status after SIGTERM"
done
PIDS=()
deadline=$((SECONDS + 10))
while avahi-browse -arpt -k 2>/dev/null | grep -q "^=;.*;$HEARTH_SANDBOX_ADDRESS;"; do
  [ "$SECONDS" -lt "$deadline" ] || fail "services still announced after hearth-sim exited"
  sleep 0.5
done
echo "ok 4 exit 0 on SIGTERM, services withdrawn"

# 5. More devices than the soft limit of open files allows
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt 1024 ]; then
  echo "ok 5 # SKIP the hard limit of open files is $(ulimit -Hn)"
else
  ( ulimit -Sn 256 && exec "$HEARTH_SIM" --address 127.0.0.1 --shelly 150 --wled 150 ) \
    > "$WORK/many.out" 2> "$WORK/many.err" &
  PIDS+=($!)
  deadline=$((SECONDS + 60))
  until grep -qx 'ready' "$WORK/many.out"; do
    kill -0 "$!" 2>/dev/null || fail "300 devices under a soft limit of 256 files: $(cat "$WORK/many.err")"
    [ "$SECONDS" -lt "$deadline" ] || fail "300 devices did not print 'ready' within 60 s"
    sleep 0.2
  done
  last=$(grep '^wled ' "$WORK/many.out" | tail -n 1 | cut -d' ' -f3)
  python3 - "$last" <<'EOF2' || fail "the last of 300 devices ($last) does not answer"
import sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with opener.open("http://%s/json/info" % sys.argv[1], timeout=10) as r:
    sys.exit(0 if r.status == 200 else 1)
EOF2
  echo "ok 5 300 devices under a soft limit of 256 open files"
fi
