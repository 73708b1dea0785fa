#!/usr/bin/env python3
# test-hearthctl-say.py: hearthctl say (commands in plain words) against
# hearth-sim: two lights and a plug added by address, named and put in
# rooms through the store file ($HEARTH_STORE) as the app would; then the
# words, their JSON, what reaches the devices, and the exit codes. No mDNS
# here. Prints TAP.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys
import tempfile
import time
import urllib.request

from hearthctl_tap import check, hearthctl, read_store, report, start_sim


def sim_state(device):
    with urllib.request.urlopen(f"http://{device['address']}/sim/state", timeout=10) as answer:
        return json.loads(answer.read())


def say(env, *words):
    return hearthctl("say", *words, env=env, timeout=60)


def say_json(env, *words):
    proc = say(env, "--json", *words)
    try:
        return proc, json.loads(proc.stdout)
    except json.JSONDecodeError:
        check(f"say {' '.join(words)} prints JSON", False, proc.stdout + proc.stderr)
        return proc, {}


def name_the_home(path, ceiling, cabinets, plug, blinds):
    """What the app's organising would write: names and rooms"""
    store = read_store(path)
    store["rooms"] = ["Kitchen", "Office", "Living room"]
    controls = store.setdefault("controls", {})
    controls[f"{ceiling['id']}/light:0"] = {"name": "Kitchen ceiling", "room": "Kitchen"}
    controls[f"{cabinets['id']}/light:0"] = {"name": "Kitchen cabinets", "room": "Kitchen"}
    controls[f"{plug['id']}/switch:0"] = {"name": "Desk fan", "room": "Office"}
    controls[f"{blinds['id']}/cover:0"] = {"name": "Blinds", "room": "Living room"}
    with open(path + ".new", "w") as f:
        json.dump(store, f)
    os.replace(path + ".new", path)


def main():
    folder = tempfile.mkdtemp(prefix="hearth-say-")
    path = os.path.join(folder, "home.json")
    env = dict(os.environ, HEARTH_STORE=path, LANGUAGE="en", LC_ALL="C.UTF-8")
    env.pop("LANG", None)
    sim, devices = start_sim("--elgato", "2", "--shelly", "1", "--device", "shelly:plus2pm-cover=Blinds")
    try:
        lights = [d for d in devices if d["family"] == "elgato"]
        plug = next(d for d in devices if d["family"] == "shelly" and d["name"] != "Blinds")
        blinds = next(d for d in devices if d["name"] == "Blinds")
        ceiling, cabinets = lights
        for device in devices:
            proc = hearthctl("add", device["address"], env=env)
            check(f"add {device['address']} exits 0", proc.returncode == 0, proc.stderr)
        name_the_home(path, ceiling, cabinets, plug, blinds)

        # --dry-run --json: the JSON, and nothing reaches the devices
        before = [sim_state(d)["lights"][0]["on"] for d in lights]
        proc, answer = say_json(env, "--dry-run", "turn", "on", "the", "kitchen", "lights")
        check("dry run exits 0", proc.returncode == 0, proc.stderr)
        check("dry run: understood, action on", answer.get("understood") is True and answer.get("action") == "on",
              answer)
        targets = sorted(answer.get("targets", []), key=lambda t: t.get("name", ""))
        check("dry run: both kitchen lights, with id, control, name and room",
              targets == [{"id": cabinets["id"], "control": "light:0", "name": "Kitchen cabinets", "room": "Kitchen"},
                          {"id": ceiling["id"], "control": "light:0", "name": "Kitchen ceiling", "room": "Kitchen"}],
              targets)
        check("dry run: only the keys that apply", set(answer) == {"understood", "action", "targets"}, answer)
        check("dry run changed nothing", [sim_state(d)["lights"][0]["on"] for d in lights] == before)
        proc = say(env, "--dry-run", "kitchen lights on")
        check("dry run in words says what it would do", proc.stdout.strip() == "Turn on 2 lights in Kitchen",
              proc.stdout)

        # Carried out: both lights, devices in parallel
        proc = say(env, "kitchen", "lights", "on")
        check("kitchen lights on exits 0", proc.returncode == 0, proc.stderr)
        check("kitchen lights on reached both lights", all(sim_state(d)["lights"][0]["on"] for d in lights),
              [sim_state(d) for d in lights])

        proc, answer = say_json(env, "kitchen ceiling 30 %")
        check("kitchen ceiling 30 % exits 0", proc.returncode == 0, proc.stderr)
        check("kitchen ceiling 30 %: set, brightness 30",
              answer.get("action") == "set" and answer.get("brightness") == 30, answer)
        check("kitchen ceiling 30 % reached the light", sim_state(ceiling)["lights"][0]["brightness"] == 30,
              sim_state(ceiling))
        check("the other light kept its brightness", sim_state(cabinets)["lights"][0]["brightness"] != 30,
              sim_state(cabinets))

        # A typo, the room after the name, another language
        proc = say(env, "turn", "off", "the", "dsek", "fan", "in", "the", "office")
        check("a typo and the room after the name: exits 0", proc.returncode == 0, proc.stderr)
        check("desk fan off reached the plug", sim_state(plug)["switch:0"]["output"] is False, sim_state(plug))
        proc = say(env, "--language", "de", "Desk fan einschalten")
        check("--language de exits 0", proc.returncode == 0, proc.stderr)
        check("German words reached the plug", sim_state(plug)["switch:0"]["output"] is True, sim_state(plug))
        proc = say(dict(env, LANGUAGE="de"), "--dry-run", "Kitchen", "Licht", "aus")
        check("the locale's language by default", proc.stdout.strip() == "Schalte 2 Lichter in Kitchen aus",
              proc.stdout + proc.stderr)

        # A cover
        proc, answer = say_json(env, "blinds to 30 %")
        check("blinds to 30 %: position 30", proc.returncode == 0 and answer.get("action") == "position" and
              answer.get("position") == 30, answer)
        time.sleep(0.3)
        cover = sim_state(blinds)["cover:0"]
        check("the blinds move to 30", cover.get("target_pos") == 30 or cover.get("current_pos") == 30, cover)
        say(env, "stop the blinds")

        # Questions, answered from state
        proc, answer = say_json(env, "is the kitchen ceiling on")
        check("a question exits 0", proc.returncode == 0, proc.stderr)
        check("a question: action state, the answer",
              answer.get("action") == "state" and answer.get("answer") == "Kitchen ceiling is on", answer)
        proc = say(env, "is", "the", "desk", "fan", "on")
        check("a question in words gets its answer", proc.stdout.strip() == "Desk fan is on", proc.stdout)

        # Not understood, ambiguous: exit 1 with the JSON of the issue
        proc, answer = say_json(env, "turn on the kitchen light")
        check("ambiguous exits 1", proc.returncode == 1, proc.returncode)
        check("ambiguous: the question back and the candidates",
              answer == {"understood": False, "message": "Which one: Kitchen ceiling or Kitchen cabinets?",
                         "candidates": ["Kitchen ceiling", "Kitchen cabinets"]}, answer)
        proc = say(env, "turn on the kettle")
        check("an unknown name exits 1", proc.returncode == 1, proc.returncode)
        check("an unknown name says so", "Nothing is called “kettle”" in proc.stderr, proc.stderr)
        # A scene by its name in words: saved with the kitchen ceiling off,
        # recalled by "movie time" once the light is on again
        proc, answer = say_json(env, "movie time")
        check("a scene not saved yet exits 1", proc.returncode == 1 and answer.get("understood") is False,
              answer)
        say(env, "kitchen ceiling off")
        proc = hearthctl("scene", "save", "Movie time", ceiling["id"], env=env, timeout=60)
        check("scene save \"Movie time\" exits 0", proc.returncode == 0, proc.stderr)
        say(env, "kitchen ceiling on")
        check("the kitchen ceiling is on again", sim_state(ceiling)["lights"][0]["on"], sim_state(ceiling))
        proc, answer = say_json(env, "movie time")
        check("movie time exits 0", proc.returncode == 0, proc.stdout + proc.stderr)
        check("movie time: the scene Movie time",
              answer.get("understood") is True and answer.get("action") == "scene" and answer.get("scene") == "Movie time",
              answer)
        check("movie time turned the kitchen ceiling off", not sim_state(ceiling)["lights"][0]["on"],
              sim_state(ceiling))

        # Usage errors
        proc = say(env)
        check("say without words exits 2", proc.returncode == 2, proc.returncode)
        proc = say(env, "--language", "xx", "lights off")
        check("an unknown language exits 2", proc.returncode == 2 and "de, en" in proc.stderr, proc.stderr)
    finally:
        sim.terminate()
        sim.wait()
    return report()


if __name__ == "__main__":
    sys.exit(main())
