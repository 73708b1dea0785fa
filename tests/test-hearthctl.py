#!/usr/bin/env python3
# test-hearthctl.py: hearthctl end to end, against the simulated demo home
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every device of the demo home through hearthctl: status --json (the
# documented schema), set (verified on the simulator's side), watch (a change
# made at the device shows within 1 s for families that push), and the exit
# codes. Prints TAP.

import json
import os
import select
import subprocess
import sys
import time
import urllib.request

from hearthctl_tap import check, hearthctl, report, start_sim

HEARTHCTL = os.environ["HEARTHCTL"]

# Families whose devices need a button press before anything else
PAIRING_FAMILIES = {"nanoleaf", "hue"}


def sim_request(device, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://{device['address']}{path}", data=data, method=method)
    with urllib.request.urlopen(req, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


def sim_state(device):
    return sim_request(device, "GET", "/sim/state")


def control(status, control_id):
    return next((c for c in status["controls"] if c["id"] == control_id), None)


def by_name(devices, name):
    return next(d for d in devices if d["name"] == name)


def test_status(devices):
    for device in devices:
        proc = hearthctl("status", device["address"], "--json")
        if device["family"] in PAIRING_FAMILIES and proc.returncode == 1:
            # Not paired yet: it must say so, and how to go on.
            check(f"status {device['name']} says it must be paired", "pair" in proc.stderr, proc.stderr)
            continue
        check(f"status {device['name']} exits 0", proc.returncode == 0, proc.stderr)
        if proc.returncode != 0:
            continue
        status = json.loads(proc.stdout)
        check(f"status {device['name']}: id", status["id"] == device["id"], status["id"])
        check(f"status {device['name']}: name", status["name"] == device["name"], status["name"])
        check(f"status {device['name']}: family", status["family"] == device["family"], status["family"])
        check(f"status {device['name']}: available", status["available"] is True)
        check(f"status {device['name']}: live", status["live"] in ("push", "poll"))
        check(f"status {device['name']}: address",
              f"{status['host']}:{status['port']}" == device["address"])
        for key in ("model", "firmware"):
            check(f"status {device['name']}: {key}", isinstance(status[key], str) and status[key])
        check(f"status {device['name']}: controls", len(status["controls"]) > 0)
        for c in status["controls"]:
            check(f"status {device['name']}: control {c['id']} kind",
                  c["kind"] in ("switch", "light", "cover", "sensor"))
            if "brightness" in c:
                check(f"status {device['name']}: {c['id']} brightness range", 0 <= c["brightness"] <= 100)
            if "position" in c:
                check(f"status {device['name']}: {c['id']} position range", 0 <= c["position"] <= 100)
            if "color" in c:
                check(f"status {device['name']}: {c['id']} color form",
                      len(c["color"]) == 7 and c["color"].startswith("#"))
            if c["kind"] == "sensor":
                check(f"status {device['name']}: {c['id']} value", isinstance(c.get("value"), (int, float)))
                check(f"status {device['name']}: {c['id']} unit", isinstance(c.get("unit"), str))


def set_json(device, *actions):
    proc = hearthctl("set", device["address"], *actions, "--json")
    check(f"set {device['name']} {' '.join(actions)} exits 0", proc.returncode == 0, proc.stderr)
    return json.loads(proc.stdout) if proc.returncode == 0 else None


def test_wled(devices):
    wled = by_name(devices, "TV Backlight")
    set_json(wled, "on")
    status = set_json(wled, "brightness=40", "color=#00ff00")
    state = sim_state(wled)
    check("wled brightness reached the device", round(state["bri"] * 100 / 255) == 40, state["bri"])
    check("wled colour reached the device", state["seg"][0]["col"][0][:3] == [0, 255, 0], state["seg"][0]["col"])
    if status:
        check("wled set prints the new state", control(status, "light")["brightness"] == 40)
        effects = control(status, "light").get("effects", [])
        check("wled lists effects", len(effects) > 3, effects)
        if len(effects) > 3:
            name = effects[3]
            set_json(wled, "light", f"effect={name.lower()}")
            state = sim_state(wled)
            fx_names = sim_request(wled, "GET", "/json/eff")
            check("wled effect by name (any case) reached the device",
                  fx_names[state["seg"][0]["fx"]] == name, state["seg"][0]["fx"])
    set_json(wled, "off")
    check("wled off reached the device", sim_state(wled)["on"] is False)


def test_elgato(devices):
    light = by_name(devices, "Desk Key Light")
    set_json(light, "on", "temperature=4000", "brightness=25")
    lamp = sim_state(light)["lights"][0]
    check("elgato temperature in mireds", lamp["temperature"] == 250, lamp)
    check("elgato brightness", lamp["brightness"] == 25, lamp)
    check("elgato on is an integer", lamp["on"] == 1 and lamp["on"] is not True, lamp)
    strip = by_name(devices, "Shelf Light Strip")
    status = set_json(strip, "color=#ff0000")
    lamp = sim_state(strip)["lights"][0]
    check("elgato strip hue for red", round(lamp["hue"]) % 360 == 0 and round(lamp["saturation"]) == 100, lamp)
    if status:
        check("elgato strip colour shown", control(status, "light:0")["color"] == "#ff0000",
              control(status, "light:0"))


def test_shelly(devices):
    plug = by_name(devices, "Coffee Machine")
    set_json(plug, "off")
    check("shelly off reached the device", sim_state(plug)["switch:0"]["output"] is False)
    set_json(plug, "switch:0", "toggle")
    check("shelly toggle reached the device", sim_state(plug)["switch:0"]["output"] is True)
    blinds = by_name(devices, "Living Room Blinds")
    set_json(blinds, "position=30")
    time.sleep(0.3)
    cover = sim_state(blinds)["cover:0"]
    check("shelly cover is moving to 30", cover.get("target_pos") == 30 or cover["current_pos"] == 30, cover)
    set_json(blinds, "stop")
    check("shelly cover stopped", sim_state(blinds)["cover:0"]["state"] == "stopped",
          sim_state(blinds)["cover:0"])


def watch_for(device, change, predicate, what):
    proc = subprocess.Popen([HEARTHCTL, "watch", device["address"], "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        check(f"watch {what}: first line is the state", first and json.loads(first)["id"] == device["id"], first)
        start = time.monotonic()
        sim_request(device, "POST", "/sim/state", change)
        seen = None
        while time.monotonic() - start < 3 and seen is None:
            ready, _, _ = select.select([proc.stdout], [], [], 0.1)
            if ready:
                line = proc.stdout.readline()
                if line and predicate(json.loads(line)):
                    seen = time.monotonic() - start
        check(f"watch {what}: a change at the device shows within 1 s", seen is not None and seen < 1.0,
              f"after {seen} s")
        print(f"# watch {what}: shown after {seen if seen is None else round(seen * 1000)} ms", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        check(f"watch {what}: exits 0 on SIGTERM", proc.returncode == 0, proc.returncode)


def test_esphome(devices):
    node = by_name(devices, "Greenhouse Node")
    set_json(node, "switch/Irrigation Pump", "on")
    state = sim_state(node)["entities"]
    check("esphome switch reached the node", state["Irrigation Pump"]["value"] is True, state["Irrigation Pump"])
    set_json(node, "cover/Vent Window", "position=60")
    state = sim_state(node)["entities"]
    check("esphome cover position reached the node", abs(state["Vent Window"]["position"] - 0.6) < 1e-6,
          state["Vent Window"])

def test_watch(devices):
    wled = by_name(devices, "TV Backlight")
    watch_for(wled, {"on": True, "bri": 51},
              lambda s: control(s, "light").get("on") and control(s, "light").get("brightness") == 20, "wled")
    plug = by_name(devices, "Coffee Machine")
    current = sim_state(plug)["switch:0"]["output"]
    watch_for(plug, {"switch:0": {"output": not current}},
              lambda s: control(s, "switch:0")["on"] == (not current), "shelly")


def test_errors(devices):
    wled = by_name(devices, "TV Backlight")
    cases = [
        (("frobnicate",), 2),
        (("status",), 2),
        (("set", wled["address"]), 2),
        (("set", wled["address"], "brightness=500"), 2),
        (("set", wled["address"], "light", "position=10"), 2),
        (("set", wled["address"], "nosuchcontrol", "on"), 2),
        (("status", "127.0.0.1:1"), 1),
        (("status", "no-such-device", "--timeout", "0.5"), 1),
    ]
    for args, code in cases:
        proc = hearthctl(*args)
        check(f"hearthctl {' '.join(args)} exits {code}", proc.returncode == code,
              f"exit {proc.returncode}: {proc.stderr}")
        check(f"hearthctl {' '.join(args)} says why", proc.stderr.strip() != "")


def main():
    sim, devices = start_sim("--demo")
    try:
        families = {d["family"] for d in devices}
        check("the demo home has the first three families", {"shelly", "wled", "elgato"} <= families, families)
        test_status(devices)
        if "wled" in families:
            test_wled(devices)
        if "elgato" in families:
            test_elgato(devices)
        if "shelly" in families:
            test_shelly(devices)
        if "esphome" in families:
            test_esphome(devices)
        test_watch(devices)
        test_errors(devices)
    finally:
        sim.terminate()
        sim.wait(timeout=10)

    return report()


if __name__ == "__main__":
    sys.exit(main())
