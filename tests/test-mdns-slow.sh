#!/bin/bash
# test-mdns-slow.sh: discovery that goes on past its old fixed cap
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs inside tests/hearth-sandbox. As in a big home behind a busy
# avahi-daemon, something is still being resolved all along while devices
# keep coming: `hearthctl discover --timeout 0.1` starts, and every STEP
# seconds, STEPS times, a simulated WLED is announced, and so is a service
# whose host has no address (avahi-daemon gives up resolving it after ~10 s,
# so one is always being resolved). Discovery moves at every step, past the
# old fixed cap (the time to look plus twice the request deadline, 20 s,
# which lost the devices announced last). Discover must list every device,
# each once, say what it could not resolve, and end by itself.
#
# Environment: HEARTH_SIM, HEARTHCTL (set by tests/meson.build),
# HEARTH_SANDBOX_ADDRESS (set by hearth-sandbox).

set -u

STEPS=5
STEP=7

fail ()
{
  echo "test-mdns-slow: FAIL: $*" >&2
  exit 1
}

skip ()
{
  echo "test-mdns-slow: SKIP: $*" >&2
  exit 77
}

[ -n "${HEARTH_SANDBOX_ADDRESS:-}" ] ||
  skip "not inside tests/hearth-sandbox (run: tests/hearth-sandbox -- $0)"
[ -x "${HEARTH_SIM:-}" ] || fail "HEARTH_SIM is not an executable: '${HEARTH_SIM:-}'"
[ -x "${HEARTHCTL:-}" ] || fail "HEARTHCTL is not an executable: '${HEARTHCTL:-}'"
command -v avahi-publish > /dev/null 2>&1 || skip "avahi-publish is missing"
command -v python3 > /dev/null 2>&1 || fail "python3 is needed to read the JSON output"

WORK=$(mktemp -d "${HEARTH_SANDBOX_DIR:-${TMPDIR:-/tmp}}/test-mdns-slow.XXXXXX") || fail "mktemp failed"
PIDS=()
DISCOVER_PID=
export HEARTH_STORE="$WORK/home.json"

cleanup ()
{
  [ -z "$DISCOVER_PID" ] || kill "$DISCOVER_PID" 2> /dev/null
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Step $1: a WLED numbered $1 (its own id), and a service nowhere
announce ()
{
  "$HEARTH_SIM" --avahi --address "$HEARTH_SANDBOX_ADDRESS" --first-index "$1" --wled 1 \
    > "$WORK/sim$1.out" 2> "$WORK/sim$1.err" &
  PIDS+=($!)
  avahi-publish -s -H nowhere.local "wled-nowhere-$1" _wled._tcp 80 "mac=0000000000f$1" \
    > /dev/null 2>&1 &
  PIDS+=($!)
}

start=$SECONDS
( "$HEARTHCTL" discover --timeout 0.1 --json > "$WORK/found.json" 2> "$WORK/discover.err"
  echo $? > "$WORK/status"
  echo $((SECONDS - start)) > "$WORK/took" ) &
DISCOVER_PID=$!
for i in $(seq 1 "$STEPS"); do
  announce "$i"
  echo "# $((SECONDS - start)) s: step $i announced"
  [ "$i" = "$STEPS" ] || sleep "$STEP"
done

# Bounded: its own cap, and this test's
deadline=$((SECONDS + 150))
while kill -0 "$DISCOVER_PID" 2> /dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "hearthctl discover did not end within 150 s"
  sleep 0.1
done
DISCOVER_PID=
status=$(cat "$WORK/status")
echo "# hearthctl discover took $(cat "$WORK/took") s, exit status $status, and said:"
sed 's/^/#   /' "$WORK/discover.err"
[ "$status" = 0 ] || fail "hearthctl discover exited with status $status"

for i in $(seq 1 "$STEPS"); do
  grep -qx ready "$WORK/sim$i.out" || fail "hearth-sim $i is not ready: $(cat "$WORK/sim$i.err")"
  awk '$1 == "wled" { print $2 }' "$WORK/sim$i.out"
done | sort > "$WORK/announced"
python3 -c '
import json, sys
for device in json.load(open(sys.argv[1], encoding="utf-8")):
    print(device["id"])
' "$WORK/found.json" | sort > "$WORK/found" || fail "hearthctl discover --json is not a list of devices"

[ "$(wc -l < "$WORK/announced")" = "$STEPS" ] || fail "the simulators announced $(wc -l < "$WORK/announced") devices, not $STEPS"
if ! cmp -s "$WORK/announced" "$WORK/found"; then
  diff -u --label "announced" --label "found by hearthctl discover" "$WORK/announced" "$WORK/found"
  fail "discover found $(wc -l < "$WORK/found") of the $STEPS devices"
fi
grep -q "could not be resolved" "$WORK/discover.err" ||
  fail "discover did not say what it could not resolve"
echo "ok: the $STEPS devices announced over $(((STEPS - 1) * STEP)) s, while a service was being resolved, were found, each once"
