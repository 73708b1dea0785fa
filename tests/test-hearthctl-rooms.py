#!/usr/bin/env python3
# test-hearthctl-rooms.py: hearthctl rename and room, the app's organising
# commands, against hearth-sim: what they keep in $HEARTH_STORE, what they
# print (text and --json), their exit codes. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import tempfile

import hearthctl_tap
from hearthctl_tap import check, read_store, report, start_sim


def hearthctl(*args, env=None):
    return hearthctl_tap.hearthctl(*args, env=env, timeout=90)


def choices(path, key):
    return read_store(path).get("controls", {}).get(key, {})


def as_json(proc, what):
    try:
        return json.loads(proc.stdout)
    except ValueError as e:
        check(f"{what} prints JSON", False, f"{e}: {proc.stdout}")
        return {}


def main():
    folder = tempfile.mkdtemp(prefix="hearthctl-rooms-")
    path = os.path.join(folder, "home.json")
    env = dict(os.environ, HEARTH_STORE=path)
    sim, devices = start_sim("--device", "elgato", "--device", "shelly")
    try:
        elgato = next(d for d in devices if d["family"] == "elgato")
        shelly = next(d for d in devices if d["family"] == "shelly")
        for device in (elgato, shelly):
            proc = hearthctl("add", device["address"], env=env)
            check(f"add {device['family']} exits 0", proc.returncode == 0, proc.stderr)
        proc = hearthctl("status", elgato["id"], "--json", env=env)
        light = as_json(proc, "status")["controls"][0]
        key = f"{elgato['id']}/{light['id']}"
        proc = hearthctl("status", shelly["id"], "--json", env=env)
        shelly_status = as_json(proc, "status")
        shelly_controls = shelly_status["controls"]
        last = shelly_controls[-1]
        shelly_key = f"{shelly['id']}/{last['id']}"

        # room: the first control that is not a sensor, by address
        proc = hearthctl("room", elgato["address"], "Office", env=env)
        check("room exits 0", proc.returncode == 0, proc.stderr)
        check("room says where the tile is", "Office" in proc.stdout, proc.stdout)
        check("room keeps the tile's room", choices(path, key).get("room") == "Office",
              read_store(path))
        check("room adds the room to the list", "Office" in read_store(path).get("rooms", []),
              read_store(path))

        # --json, by id, a room spelt another way keeps the list's spelling
        proc = hearthctl("room", elgato["id"], "office", "--json", env=env)
        check("room --json exits 0", proc.returncode == 0, proc.stderr)
        tile = as_json(proc, "room --json")
        check("room --json prints the tile",
              tile == {"id": elgato["id"], "control": light["id"], "name": light["name"],
                       "room": "Office"}, proc.stdout)

        # rename, and "" gives back the device's own name
        proc = hearthctl("rename", elgato["id"], "Desk lamp", "--json", env=env)
        check("rename exits 0", proc.returncode == 0, proc.stderr)
        check("rename --json prints the new name", as_json(proc, "rename").get("name") == "Desk lamp",
              proc.stdout)
        check("rename keeps the name", choices(path, key).get("name") == "Desk lamp",
              read_store(path))
        check("rename leaves the room", choices(path, key).get("room") == "Office",
              read_store(path))
        proc = hearthctl("rename", elgato["id"], light["name"].upper(), "", env=env)
        check("rename CONTROL (by its name, any case) \"\" exits 0", proc.returncode == 0,
              proc.stderr)
        check("rename \"\" restores the device's own name", "name" not in choices(path, key),
              read_store(path))
        check("rename \"\" says the device's own name", light["name"] in proc.stdout, proc.stdout)

        # a CONTROL by its id; "" takes it out of its room
        proc = hearthctl("room", shelly_status["name"], last["id"], "Kitchen", "--json", env=env)
        check("room TARGET CONTROL ROOM exits 0", proc.returncode == 0, proc.stderr)
        check("room TARGET CONTROL ROOM moves that control",
              choices(path, shelly_key).get("room") == "Kitchen"
              and as_json(proc, "room CONTROL").get("control") == last["id"], read_store(path))
        proc = hearthctl("room", shelly["id"], last["id"], "", "--json", env=env)
        check("room \"\" exits 0", proc.returncode == 0, proc.stderr)
        check("room \"\" takes the tile out of its room", "room" not in choices(path, shelly_key),
              read_store(path))
        check("room \"\" --json says no room", as_json(proc, "room \"\"").get("room", 1) is None,
              proc.stdout)
        proc = hearthctl("room", shelly["id"], "", env=env)
        check("room \"\" in text says no room", "no room" in proc.stdout, proc.stdout)

        # Failures: exit 1 for what is not there, 2 for what is asked wrong
        before = read_store(path)
        proc = hearthctl("room", "no-such-device", "Office", "--timeout", "0.5", env=env)
        check("room of an unknown device exits 1", proc.returncode == 1, proc.stderr)
        check("room of an unknown device says why", proc.stderr.strip() != "", proc.stderr)
        proc = hearthctl("rename", elgato["id"], "no-such-control", "X", env=env)
        check("rename of an unknown control exits 2", proc.returncode == 2, proc.stderr)
        check("rename of an unknown control lists the controls", light["id"] in proc.stdout,
              proc.stdout)
        for args in (["room"], ["room", elgato["id"]], ["rename", elgato["id"]],
                     ["rename", elgato["id"], "a", "b", "c"]):
            proc = hearthctl(*args, env=env)
            check(f"hearthctl {' '.join(args)} is a usage error", proc.returncode == 2,
                  proc.stderr)
        check("failures change nothing in the file",
              read_store(path).get("controls") == before.get("controls"), read_store(path))
    finally:
        sim.terminate()
        sim.wait(timeout=10)
    return report()


if __name__ == "__main__":
    raise SystemExit(main())
