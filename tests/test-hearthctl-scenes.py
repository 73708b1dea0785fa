#!/usr/bin/env python3
# test-hearthctl-scenes.py: hearthctl scene (list, save, recall, delete,
# rename) against hearth-sim: a scene across families, saved from devices,
# a control and a room; recalled with a member device that hangs and
# members that were forgotten. No mDNS: the devices are added by address.
# Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys
import tempfile
import time
import urllib.request

import hearthctl_tap
from hearthctl_tap import check, read_store, report, start_sim


def hearthctl(*args, env=None, timeout=90):
    return hearthctl_tap.hearthctl(*args, env=env, timeout=timeout)


def misbehave(device, mode):
    request = urllib.request.Request(f"http://{device['address']}/sim/misbehave",
                                     data=json.dumps({"mode": mode}).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def control_state(device, control_id, env):
    proc = hearthctl("status", device["id"], "--json", env=env)
    for control in json.loads(proc.stdout or "{}").get("controls", []):
        if control["id"] == control_id:
            return control
    return {}


def wait_position(device, position, env):
    """The simulated cover takes a while to get there"""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = control_state(device, "cover:0", env)
        if state.get("position") == position and state.get("moving") in ("stopped", None):
            return True
        time.sleep(0.5)
    return False


def edit_store(path, change):
    store = read_store(path)
    change(store)
    with open(path, "w") as f:
        json.dump(store, f)


def main():
    folder = tempfile.mkdtemp(prefix="hearthctl-scenes-")
    path = os.path.join(folder, "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    sim, devices = start_sim("--wled", "1", "--elgato", "2", "--device", "shelly:plus2pm-cover=Blinds")
    try:
        wled = next(d for d in devices if d["family"] == "wled")
        lights = [d for d in devices if d["family"] == "elgato"]
        blinds = next(d for d in devices if d["name"] == "Blinds")
        check("the simulator runs a WLED, two Elgato lights and a Shelly cover",
              len(devices) == 4 and len(lights) == 2, devices)
        for device in devices:
            proc = hearthctl("add", device["address"], env=env)
            check(f"add {device['name']} exits 0", proc.returncode == 0, proc.stderr)

        proc = hearthctl("scene", "list", "--json", env=env)
        check("scene list --json without scenes prints []", proc.returncode == 0 and
              json.loads(proc.stdout) == [], proc.stdout + proc.stderr)

        # The state to save: WLED 20 % orange, the lights off, the blinds at 30 %
        hearthctl("set", wled["id"], "on", "brightness=20", "color=#ff8800", env=env)
        for light in lights:
            hearthctl("set", light["id"], "off", env=env)
        hearthctl("set", blinds["id"], "position=30", env=env)
        check("the cover gets to 30 %", wait_position(blinds, 30, env))
        # The two lights are the room "Office" (as the app puts them there)
        edit_store(path, lambda store: store.setdefault("controls", {}).update(
            {f"{light['id']}/light:0": {"room": "Office"} for light in lights}))

        proc = hearthctl("scene", "save", "Movie", f"{wled['id']}/light", "office", blinds["name"],
                         env=env)
        check("scene save of a control, a room and a device exits 0", proc.returncode == 0,
              proc.stderr)
        check("scene save says how many controls", "4 controls" in proc.stdout, proc.stdout)
        scenes = read_store(path).get("scenes", {})
        members = scenes.get("Movie", {}).get("members", [])
        states = {(m["device"], m["control"]): m["state"] for m in members}
        check("the store keeps the scene with its four members", len(members) == 4, scenes)
        check("the WLED's member is on, 20 %, orange",
              states.get((wled["id"], "light")) == ["on", "brightness=20", "color=#ff8800"], states)
        check("the room's lights are kept off",
              all(states.get((light["id"], "light:0")) == ["off"] for light in lights), states)
        check("the cover's position is kept",
              any(d == blinds["id"] and s == ["position=30"] for (d, _c), s in states.items()), states)

        proc = hearthctl("scene", "list", "--json", env=env)
        listed = json.loads(proc.stdout or "[]")
        check("scene list --json lists the scene with names for its members",
              proc.returncode == 0 and listed[0]["name"] == "Movie" and
              len(listed[0]["members"]) == 4 and
              any(m["device_name"] == "Blinds" for m in listed[0]["members"]), proc.stdout)
        proc = hearthctl("scene", "list", env=env)
        check("scene list prints the scene and its members", proc.returncode == 0 and
              proc.stdout.startswith("Movie\n") and "brightness=20" in proc.stdout, proc.stdout)

        # Change everything, then recall (the name whatever the case)
        hearthctl("set", wled["id"], "off", env=env)
        hearthctl("set", lights[0]["id"], "on", env=env)
        hearthctl("set", blinds["id"], "position=90", env=env)
        proc = hearthctl("scene", "movie", env=env)
        check("scene NAME recalls it and exits 0", proc.returncode == 0, proc.stderr)
        state = control_state(wled, "light", env)
        check("the WLED is back on at 20 %", state.get("on") is True and
              state.get("brightness") == 20, state)
        check("the first light is off again", control_state(lights[0], "light:0", env).get("on") is False)
        check("the cover goes back to 30 %", wait_position(blinds, 30, env))

        # Members forgotten since: a device the store no longer knows, and
        # a control its device no longer has
        def forget(store):
            store["scenes"]["Movie"]["members"] += [
                {"device": "0000gone0000", "control": "relay", "state": ["on"]},
                {"device": wled["id"], "control": "segment:9", "state": ["off"]}]
        edit_store(path, forget)

        # A member's device that hangs: the others still take their state
        hearthctl("set", wled["id"], "off", env=env)
        misbehave(lights[1], "hang")
        proc = hearthctl("scene", "Movie", "--json", env=env, timeout=120)
        check("a recall with a member that does not answer exits 1", proc.returncode == 1,
              proc.stderr)
        check("it says which member failed, by device and control",
              "1 member of “Movie” failed" in proc.stderr and "Elgato Key Light" in proc.stderr and
              lights[1]["address"] in proc.stderr, proc.stderr)
        result = json.loads(proc.stdout or "{}")
        check("--json lists the failed member",
              [m["device"] for m in result.get("failed", [])] == [lights[1]["id"]], result)
        check("--json lists the forgotten members as skipped",
              sorted(m["control"] for m in result.get("skipped", [])) == ["relay", "segment:9"],
              result)
        check("the forgotten members are said on stderr",
              proc.stderr.count("Skipped a forgotten control") == 2, proc.stderr)
        check("the other members took their state",
              control_state(wled, "light", env).get("on") is True)
        misbehave(lights[1], "none")

        proc = hearthctl("scene", "rename", "Movie", "Cinema", env=env)
        check("scene rename exits 0", proc.returncode == 0, proc.stderr)
        check("the store has the new name only", list(read_store(path).get("scenes", {})) ==
              ["Cinema"], read_store(path).get("scenes"))
        proc = hearthctl("scene", "Movie", env=env)
        check("recalling a scene that is not there exits 1", proc.returncode == 1 and
              "no scene called" in proc.stderr, proc.stderr)
        proc = hearthctl("scene", "save", "Empty", "nothing-by-that-name", "--timeout", "0.5",
                         env=env)
        check("saving an unknown target fails", proc.returncode == 1, proc.stderr)
        proc = hearthctl("scene", "save", "Only", env=env)
        check("scene save without a TARGET is a usage error", proc.returncode == 2, proc.stderr)
        proc = hearthctl("scene", env=env)
        check("scene without anything is a usage error", proc.returncode == 2, proc.stderr)

        proc = hearthctl("scene", "delete", "cinema", env=env)
        check("scene delete exits 0", proc.returncode == 0, proc.stderr)
        check("the scene is gone from the store", "scenes" not in read_store(path),
              read_store(path))
        proc = hearthctl("scene", "delete", "Cinema", env=env)
        check("deleting it again exits 1", proc.returncode == 1, proc.stderr)
    finally:
        sim.terminate()
        sim.wait(timeout=10)

    return report()


if __name__ == "__main__":
    sys.exit(main())
