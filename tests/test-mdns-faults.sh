#!/bin/bash
# test-mdns-faults.sh: mDNS faults, seen by hearthctl
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs inside tests/hearth-sandbox (a private network with its own
# avahi-daemon), against hearth-sim --avahi:
#   move      a device moves at once to another host, address and port and
#             back, 5 times, while `hearthctl watch ID` runs: each new
#             address is taken within MOVE_LIMIT s (the times are printed);
#   restart   avahi-daemon restarts: the watch still follows the device
#             when it moves afterwards, and discover lists every device
#             again, once, with the same ids;
#   reboot    a device goes away and comes back at the same address with
#             its power state reset: the watch reads the fresh state;
#   many      discover right after MANY devices appeared lists them all;
#   unreached a service that cannot be resolved: discover lists the others
#             within a bounded time and names it on stderr;
#   refused   avahi-daemon refuses to browse (the bus denies it, as a busy
#             daemon answers a D-Bus error): discover names each type.
# Each part is bounded in time. Run one with: test-mdns-faults.sh PART...
#
# Environment: HEARTH_SIM, HEARTHCTL (set by tests/meson.build),
# HEARTH_SANDBOX_ADDRESS, HEARTH_SANDBOX_AVAHI_CONF, HEARTH_SANDBOX_DIR
# (set by hearth-sandbox).

set -u

MOVE_LIMIT=5
MOVES=5
MANY=${HEARTH_TEST_MANY:-200}
# The other address of the sandbox (v1), as another host of the network
AWAY_ADDRESS=192.0.2.2

fail ()
{
  echo "test-mdns-faults: FAIL: $*" >&2
  exit 1
}

skip ()
{
  echo "test-mdns-faults: SKIP: $*" >&2
  exit 77
}

[ -n "${HEARTH_SANDBOX_ADDRESS:-}" ] ||
  skip "not inside tests/hearth-sandbox (run: tests/hearth-sandbox -- $0)"
[ "${HEARTH_SANDBOX_AVAHI:-1}" = 1 ] || skip "the sandbox runs no avahi-daemon"
[ -x "${HEARTH_SIM:-}" ] || fail "HEARTH_SIM is not an executable: '${HEARTH_SIM:-}'"
[ -x "${HEARTHCTL:-}" ] || fail "HEARTHCTL is not an executable: '${HEARTHCTL:-}'"
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read hearthctl's JSON"

WORK=$(mktemp -d "${HEARTH_SANDBOX_DIR:-${TMPDIR:-/tmp}}/test-mdns-faults.XXXXXX") || fail "mktemp failed"
export HEARTH_STORE="$WORK/home.json"
SIM_PID=
WATCH_PID=

stop_sim ()
{
  if [ -n "$SIM_PID" ]; then
    kill "$SIM_PID" 2>/dev/null
    wait "$SIM_PID" 2>/dev/null
    SIM_PID=
  fi
}

stop_watch ()
{
  if [ -n "$WATCH_PID" ]; then
    kill "$WATCH_PID" 2>/dev/null
    wait "$WATCH_PID" 2>/dev/null
    WATCH_PID=
  fi
}

cleanup ()
{
  stop_watch
  stop_publishers
  [ -n "$OLD_SIM_PID" ] && kill "$OLD_SIM_PID" 2>/dev/null
  stop_sim
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_sim ARGS...: one hearth-sim announcing through Avahi, until "ready"
start_sim ()
{
  local deadline
  "$HEARTH_SIM" --avahi "$@" > "$WORK/sim.out" 2> "$WORK/sim.err" &
  SIM_PID=$!
  deadline=$((SECONDS + 60))
  until grep -qx 'ready' "$WORK/sim.out"; do
    kill -0 "$SIM_PID" 2>/dev/null || fail "hearth-sim $* exited early: $(cat "$WORK/sim.err")"
    [ "$SECONDS" -lt "$deadline" ] || fail "hearth-sim $* did not print 'ready' within 60 s"
    sleep 0.05
  done
}

# start_watch ID: `hearthctl watch ID --json` in the background, until its
# first line
start_watch ()
{
  local deadline
  "$HEARTHCTL" watch "$1" --json > "$WORK/watch.out" 2> "$WORK/watch.err" &
  WATCH_PID=$!
  deadline=$((SECONDS + 30))
  until [ -s "$WORK/watch.out" ]; do
    kill -0 "$WATCH_PID" 2>/dev/null || fail "hearthctl watch $1 exited: $(cat "$WORK/watch.err")"
    [ "$SECONDS" -lt "$deadline" ] || fail "hearthctl watch $1 printed nothing within 30 s"
    sleep 0.05
  done
}

# watch_last FIELD...: those fields of the last line the watch printed
watch_last ()
{
  python3 - "$WORK/watch.out" "$@" <<'EOF'
import json
import sys

path, fields = sys.argv[1], sys.argv[2:]
last = None
with open(path, encoding="utf-8") as f:
    for line in f:
        line = line.strip()
        if line:
            try:
                last = json.loads(line)
            except ValueError:
                pass
def text(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)
if last is not None:
    print(" ".join(text(last.get(field)) for field in fields))
EOF
}

# await_watch SECONDS WANT FIELD...: until the watch's last line has WANT
# in those fields; prints the milliseconds it took
await_watch ()
{
  local limit=$1 want=$2 start now
  shift 2
  start=$(date +%s%N)
  while :; do
    [ "$(watch_last "$@")" = "$want" ] && break
    now=$(date +%s%N)
    if [ $(((now - start) / 1000000)) -ge $((limit * 1000)) ]; then
      echo "--- hearthctl watch printed:" >&2
      tail -n 5 "$WORK/watch.out" >&2
      echo "--- hearthctl watch stderr:" >&2
      tail -n 20 "$WORK/watch.err" >&2
      fail "the watch did not show '$want' ($*) within $limit s, but '$(watch_last "$@")'"
    fi
    sleep 0.05
  done
  echo $((($(date +%s%N) - start) / 1000000))
}

# discover_ids FILE: the ids `hearthctl discover --json` listed, one a line
discover_ids ()
{
  python3 -c '
import json, sys
for device in json.load(open(sys.argv[1], encoding="utf-8")):
    print(device["id"])
' "$1"
}

# The moving device: a WLED, found at the sandbox's own host name, or at a
# host of its own (--avahi-host) with the other address
start_home ()   # PORT
{
  start_sim --address "$HEARTH_SANDBOX_ADDRESS" --port-base "$1" --wled 1
}

start_away ()   # PORT HOST
{
  start_sim --address "$AWAY_ADDRESS" --avahi-host "$2" --port-base "$1" --wled 1
}

# A device that moves at once (as a device given another address by DHCP
# announces itself again): the simulated device runs at both places, its
# announcement is made by avahi-publish, and the move is one step: the old
# device stops, its announcement is withdrawn, the new one is made.
PUBLISH_PID=
ADDRESS_PIDS=()
OLD_SIM_PID=

stop_publishers ()
{
  local pid
  for pid in $PUBLISH_PID "${ADDRESS_PIDS[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  PUBLISH_PID=
  ADDRESS_PIDS=()
}

# sim_at ADDRESS PORT: a WLED listening there, announced by nobody
sim_at ()
{
  local deadline out="$WORK/sim-$2.out"
  "$HEARTH_SIM" --address "$1" --port-base "$2" --wled 1 > "$out" 2> "$WORK/sim-$2.err" &
  OLD_SIM_PID=$SIM_PID
  SIM_PID=$!
  deadline=$((SECONDS + 30))
  until grep -qx 'ready' "$out"; do
    kill -0 "$SIM_PID" 2>/dev/null || fail "hearth-sim at $1:$2 exited early: $(cat "$WORK/sim-$2.err")"
    [ "$SECONDS" -lt "$deadline" ] || fail "hearth-sim at $1:$2 did not print 'ready' within 30 s"
    sleep 0.05
  done
}

# move_to ID PORT [HOST]: the old device off and its announcement withdrawn,
# the new one announced (at HOST, or at the sandbox's own host name)
move_to ()
{
  local id=$1 port=$2 host=${3:-} old_publisher=$PUBLISH_PID
  if [ -n "$OLD_SIM_PID" ]; then
    kill "$OLD_SIM_PID" 2>/dev/null
    wait "$OLD_SIM_PID" 2>/dev/null
    OLD_SIM_PID=
  fi
  if [ -n "$old_publisher" ]; then
    kill "$old_publisher" 2>/dev/null
    wait "$old_publisher" 2>/dev/null
  fi
  avahi-publish -s ${host:+-H "$host"} "wled-moving" _wled._tcp "$port" "mac=$id" \
    > /dev/null 2> "$WORK/publish.err" &
  PUBLISH_PID=$!
}

part_move ()
{
  local id times="" worst=0 took port host

  sim_at "$HEARTH_SANDBOX_ADDRESS" 8600
  id=$(awk '$1 == "wled" { print $2; exit }' "$WORK/sim-8600.out")
  [ -n "$id" ] || fail "hearth-sim printed no WLED"
  move_to "$id" 8600
  start_watch "$id"
  await_watch 15 "$HEARTH_SANDBOX_ADDRESS 8600" host port > /dev/null

  for i in $(seq 1 "$MOVES"); do
    # Away: another host name, address and port (the same device: its id)
    port=$((8600 + 2 * i - 1))
    host="away-$i.local"
    avahi-publish -a -R "$host" "$AWAY_ADDRESS" > /dev/null 2>&1 &
    ADDRESS_PIDS+=($!)
    sim_at "$AWAY_ADDRESS" "$port"
    move_to "$id" "$port" "$host"
    took=$(await_watch $((4 * MOVE_LIMIT)) "$AWAY_ADDRESS $port" host port) || exit 1
    times="$times $took"
    [ "$took" -gt "$worst" ] && worst=$took

    # And back home, on another port again
    port=$((8600 + 2 * i))
    sim_at "$HEARTH_SANDBOX_ADDRESS" "$port"
    move_to "$id" "$port"
    took=$(await_watch $((4 * MOVE_LIMIT)) "$HEARTH_SANDBOX_ADDRESS $port" host port) || exit 1
    times="$times $took"
    [ "$took" -gt "$worst" ] && worst=$took
  done

  echo "# move: time to take the new address (ms):$times"
  [ "$worst" -lt $((MOVE_LIMIT * 1000)) ] ||
    fail "a move took $worst ms to be seen, more than $MOVE_LIMIT s"
  [ "$(watch_last id)" = "$id" ] || fail "the watch follows $(watch_last id), not $id"
  stop_watch
  stop_publishers
  stop_sim
  echo "ok: move"
}

restart_avahi ()
{
  local deadline
  avahi-daemon -k >/dev/null 2>&1 || fail "cannot stop avahi-daemon"
  deadline=$((SECONDS + 15))
  while avahi-daemon --check 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "avahi-daemon did not stop within 15 s"
    sleep 0.1
  done
  sleep 1
  avahi-daemon --no-drop-root --no-chroot --no-rlimits --daemonize -f "$HEARTH_SANDBOX_AVAHI_CONF" ||
    fail "cannot start avahi-daemon again"
  deadline=$((SECONDS + 15))
  until avahi-browse -a -t >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "avahi-daemon did not answer within 15 s after a restart"
    sleep 0.1
  done
}

part_restart ()
{
  local id at took

  start_sim --address "$HEARTH_SANDBOX_ADDRESS" --port-base 8700 --wled 2 --shelly 2 --elgato 2
  awk '/^ready$/ { exit } { print $2 }' "$WORK/sim.out" | sort > "$WORK/announced.txt"
  id=$(awk '$1 == "wled" { print $2; exit }' "$WORK/sim.out")
  at=$(awk '$1 == "wled" { sub(/:/, " ", $3); print $3; exit }' "$WORK/sim.out")
  "$HEARTHCTL" discover --timeout 3 --json > "$WORK/before.json" 2> "$WORK/before.err" ||
    fail "discover failed: $(cat "$WORK/before.err")"
  discover_ids "$WORK/before.json" | sort > "$WORK/before.txt"
  diff -u "$WORK/announced.txt" "$WORK/before.txt" || fail "discover before the restart differs"

  start_watch "$id"
  await_watch 15 "$at" host port > /dev/null

  # The daemon restarts (hearth-sim announces again once it is back)
  restart_avahi
  "$HEARTHCTL" discover --timeout 3 --json > "$WORK/after.json" 2> "$WORK/after.err" ||
    fail "discover after the restart failed: $(cat "$WORK/after.err")"
  discover_ids "$WORK/after.json" | sort > "$WORK/after.txt"
  diff -u "$WORK/announced.txt" "$WORK/after.txt" ||
    fail "discover after an avahi-daemon restart differs from what was announced"

  # The watch, which lived through the restart, still follows a move
  stop_sim
  start_away 8710 restarted.local
  took=$(await_watch $((4 * MOVE_LIMIT)) "$AWAY_ADDRESS 8710" host port) || exit 1
  echo "# restart: a move after avahi-daemon restarted took $took ms to be seen"
  [ "$took" -lt $((MOVE_LIMIT * 1000)) ] || fail "a move after a restart took $took ms"
  stop_watch
  stop_sim
  echo "ok: restart"
}

part_reboot ()
{
  local id took

  start_home 8800
  id=$(awk '$1 == "wled" { print $2; exit }' "$WORK/sim.out")
  start_watch "$id"
  await_watch 15 "$HEARTH_SANDBOX_ADDRESS 8800" host port > /dev/null
  "$HEARTHCTL" set "$id" on > "$WORK/set.out" 2>&1 || fail "set $id on failed: $(cat "$WORK/set.out")"
  "$HEARTHCTL" set "$id" brightness=37 > "$WORK/set.out" 2>&1 ||
    fail "set $id brightness=37 failed: $(cat "$WORK/set.out")"
  await_watch 15 "online" state > /dev/null

  # Off, and back at the same address and port with its state as it boots
  stop_sim
  sleep 2
  start_home 8800
  "$HEARTHCTL" status "$id" --json > "$WORK/fresh.json" 2> "$WORK/fresh.err" ||
    fail "status $id after the reboot failed: $(cat "$WORK/fresh.err")"
  took=$(await_watch 30 "online $(python3 -c '
import json, sys
print(json.dumps(json.load(open(sys.argv[1]))["controls"], sort_keys=True))' "$WORK/fresh.json")" \
         state controls) || exit 1
  echo "# reboot: the watch showed the fresh state $took ms after the device came back"
  stop_watch
  stop_sim
  echo "ok: reboot"
}

part_many ()
{
  local start n status deadline

  # Listed right after the devices appeared: found but not resolved yet
  # must be waited for. "Appeared" is avahi-daemon listing every one (not
  # resolved): hearth-sim says "ready" once the daemon established every
  # entry group, but a busy daemon's answers to a browse still lag behind
  # (avahi-browse -t listed 650 of 800 right at "ready" once), so discover
  # could otherwise start before a device is listed.
  start_sim --address "$HEARTH_SANDBOX_ADDRESS" --latency 0 --wled "$MANY"
  deadline=$((SECONDS + 30))
  until [ "$(avahi-browse -p -t _wled._tcp 2>/dev/null | grep -c '^+')" -ge "$MANY" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "avahi-daemon did not list the $MANY devices within 30 s"
    sleep 0.2
  done
  start=$SECONDS
  "$HEARTHCTL" discover --timeout 1 --json > "$WORK/many.json" 2> "$WORK/many.err"
  status=$?
  n=$(discover_ids "$WORK/many.json" | sort -u | wc -l)
  echo "# many: discover listed $n of $MANY devices in $((SECONDS - start)) s (exit $status)"
  [ "$status" = 0 ] || fail "discover exited with $status: $(cat "$WORK/many.err")"
  if [ "$n" != "$MANY" ]; then
    tail -n 15 "$WORK/many.err" >&2
    fail "discover listed $n of the $MANY devices"
  fi
  stop_sim
  echo "ok: many"
}

part_unreached ()
{
  local start took n

  # A service whose host has no address: resolving it fails (after ~10 s);
  # discover lists the others and says which it could not reach
  start_sim --address "$HEARTH_SANDBOX_ADDRESS" --wled 2
  avahi-publish -s -H nowhere.local "wled-nowhere" _wled._tcp 80 mac=0000000000ff \
    > /dev/null 2>&1 &
  PUBLISH_PID=$!
  sleep 1
  start=$SECONDS
  "$HEARTHCTL" discover --timeout 1 --json > "$WORK/unreached.json" 2> "$WORK/unreached.err" ||
    fail "discover failed: $(cat "$WORK/unreached.err")"
  took=$((SECONDS - start))
  n=$(discover_ids "$WORK/unreached.json" | wc -l)
  echo "# unreached: discover took $took s, listed $n devices, and said:"
  sed 's/^/#   /' "$WORK/unreached.err"
  [ "$n" = 2 ] || fail "discover listed $n devices, not the 2 that answer"
  grep -q "^hearthctl: 1 service found on the network could not be resolved" "$WORK/unreached.err" ||
    fail "discover did not say that 1 service could not be resolved"
  grep -q "wled-nowhere (_wled._tcp)" "$WORK/unreached.err" ||
    fail "discover did not name the service it could not resolve"
  ! grep -q "trying again" "$WORK/unreached.err" ||
    fail "discover said it was trying again, and exited"
  [ "$took" -le 16 ] || fail "discover took $took s with a service that cannot be resolved"
  stop_publishers
  stop_sim
  echo "ok: unreached"
}

reload_bus ()
{
  dbus-send --system --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.ReloadConfig > /dev/null || fail "the sandbox's bus did not reload"
}

part_refused ()
{
  local policy="$HEARTH_SANDBOX_DIR/system-bus.d/refuse-browsers.conf" status

  start_sim --address "$HEARTH_SANDBOX_ADDRESS" --elgato 1
  cat > "$policy" <<EOF
<busconfig>
  <policy context="mandatory">
    <deny send_destination="org.freedesktop.Avahi"
          send_interface="org.freedesktop.Avahi.Server" send_member="ServiceBrowserNew"/>
  </policy>
</busconfig>
EOF
  reload_bus
  "$HEARTHCTL" discover --timeout 1 > "$WORK/refused.out" 2> "$WORK/refused.err"
  status=$?
  rm -f "$policy"
  reload_bus
  echo "# refused: discover exited $status and said:"
  sed 's/^/#   /' "$WORK/refused.err"
  grep -qx "hearthctl: could not browse _elg._tcp: Access denied" "$WORK/refused.err" ||
    fail "discover did not say it could not browse _elg._tcp"
  ! grep -q "not running" "$WORK/refused.err" ||
    fail "discover said Avahi is not running, though it refused"
  [ "$status" != 0 ] || fail "discover found nothing and exited 0"
  stop_sim
  echo "ok: refused"
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(move restart reboot many unreached refused)
for part in "${parts[@]}"; do
  case "$part" in
    move|restart|reboot|many|unreached|refused) "part_$part" ;;
    *) fail "no part '$part' (move, restart, reboot, many, unreached, refused)" ;;
  esac
done
