#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a JSON trace against the trace-event format rules that
ui.perfetto.dev relies on, and against what rvh-trace promises:

  - valid JSON: an object with a traceEvents array (or a bare array);
  - every event has a string name and ph; the fields each ph needs are
    there with the right types (ts and dur numbers, pid/tid integers);
  - flows: v2 (bind_id with flow_out / flow_in on slices): one start, one
    end, steps between, in time order; v1 (ph s/t/f): one s and one f per
    id, s no later than f;
  - per track (pid, tid): timestamps never go back in file order;
  - per track: slices nest (none starts inside another and ends after it);
  - every track and process that has events has a name (ph M).

usage: trace_json_check.py FILE.json [--flows N] [--min-flows N] [--lost N]
                                     [--clipped N]
Prints what is wrong, one line each; exit 0 if nothing is, 1 otherwise.
"""
import json
import sys
from collections import defaultdict
from decimal import Decimal

NUM = (int, Decimal)


def isnum(v):
    return isinstance(v, NUM) and not isinstance(v, bool)


def isint(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check(path, want):
    errs = []

    def bad(i, msg):
        if len(errs) < 50:
            errs.append("event %d: %s" % (i, msg))

    try:
        with open(path) as f:
            doc = json.load(f, parse_float=Decimal)
    except (OSError, ValueError) as e:
        return ["%s: not valid JSON: %s" % (path, e)]
    events = doc.get("traceEvents") if isinstance(doc, dict) else doc
    if not isinstance(events, list):
        return ["%s: no traceEvents array" % path]

    named_threads, named_procs = set(), set()
    used_threads, used_procs = set(), set()
    last_ts = {}
    slices = defaultdict(list)
    v2 = defaultdict(list)
    v1 = defaultdict(list)
    lost = clipped = 0
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            bad(i, "not an object")
            continue
        ph, name = e.get("ph"), e.get("name")
        if not isinstance(ph, str) or not isinstance(name, str):
            bad(i, "name and ph must be strings")
            continue
        if ph == "M":
            if not isint(e.get("pid")) or not isinstance(e.get("args"), dict):
                bad(i, "metadata needs pid and args")
                continue
            if name == "process_name":
                named_procs.add(e["pid"])
            elif name == "thread_name":
                if not isint(e.get("tid")):
                    bad(i, "thread_name needs tid")
                    continue
                named_threads.add((e["pid"], e["tid"]))
            if name.endswith("_name") and not isinstance(e["args"].get("name"), str):
                bad(i, "%s needs args.name" % name)
            if name.endswith("_sort_index") and not isint(e["args"].get("sort_index")):
                bad(i, "%s needs an integer args.sort_index" % name)
            continue
        if ph not in "XBEiIstf" or len(ph) != 1:
            bad(i, "phase %r is not one rvh-trace writes" % ph)
            continue
        if not isnum(e.get("ts")):
            bad(i, "ts must be a number, is %r" % (e.get("ts"),))
            continue
        if not isint(e.get("pid")) or not isint(e.get("tid")):
            bad(i, "pid and tid must be integers")
            continue
        if "args" in e and not isinstance(e["args"], dict):
            bad(i, "args must be an object")
        track = (e["pid"], e["tid"])
        used_threads.add(track)
        used_procs.add(e["pid"])
        ts = e["ts"]
        if ts < 0:
            bad(i, "negative ts")
        if track in last_ts and ts < last_ts[track]:
            bad(i, "ts %s goes back on track %s (previous %s)" % (ts, track, last_ts[track]))
        last_ts[track] = ts
        if ph == "X":
            dur = e.get("dur")
            if not isnum(dur) or dur < 0:
                bad(i, "X needs a number dur >= 0, has %r" % (dur,))
                continue
            slices[track].append((ts, dur, i))
            if "clipped_us" in e.get("args", {}):
                clipped += 1
        if ph in "iI":
            if e.get("s", "t") not in ("t", "p", "g"):
                bad(i, "instant scope must be t, p or g")
            if e.get("cat") == "lost":
                lost += 1
        if ph in "stf":
            if "id" not in e:
                bad(i, "flow event needs an id")
                continue
            v1[(e.get("cat"), name, e["id"])].append((ts, ph, i))
        if "bind_id" in e:
            fi, fo = e.get("flow_in") is True, e.get("flow_out") is True
            if ph != "X":
                bad(i, "bind_id on a %s event: Perfetto binds v2 flows to slices" % ph)
            if not (fi or fo):
                bad(i, "bind_id without flow_in or flow_out")
            v2[e["bind_id"]].append((ts, fi, fo, i))

    for track in sorted(used_threads - named_threads):
        errs.append("track %s has events but no thread_name" % (track,))
    for pid in sorted(used_procs - named_procs):
        errs.append("process %s has events but no process_name" % pid)

    for track, sl in slices.items():
        sl.sort(key=lambda s: (s[0], -s[1], s[2]))
        stack = []
        for ts, dur, i in sl:
            while stack and stack[-1][0] + stack[-1][1] <= ts:
                stack.pop()
            if dur == 0:
                continue
            if stack and ts + dur > stack[-1][0] + stack[-1][1]:
                bad(i, "slice [%s, %s] on %s overlaps event %d [%s, %s] without nesting"
                    % (ts, ts + dur, track, stack[-1][2], stack[-1][0],
                       stack[-1][0] + stack[-1][1]))
            stack.append((ts, dur, i))

    for fid, evs in v2.items():
        starts = [x for x in evs if x[2] and not x[1]]
        ends = [x for x in evs if x[1] and not x[2]]
        if len(starts) != 1 or len(ends) != 1:
            errs.append("flow %s: %d starts and %d ends (want 1 and 1)"
                        % (fid, len(starts), len(ends)))
            continue
        s, f = starts[0][0], ends[0][0]
        if any(not s <= x[0] <= f for x in evs):
            errs.append("flow %s: a step lies outside its start %s and end %s" % (fid, s, f))
        if starts[0][3] > ends[0][3]:
            errs.append("flow %s: ends before it starts in the file" % fid)
    for fid, evs in v1.items():
        phs = [x[1] for x in evs]
        if phs.count("s") != 1 or phs.count("f") != 1:
            errs.append("flow %s: %d s and %d f events" % (fid, phs.count("s"), phs.count("f")))
        elif min(x[0] for x in evs if x[1] == "s") > max(x[0] for x in evs if x[1] == "f"):
            errs.append("flow %s: f before s" % (fid,))

    flows = len(v2) + len(v1)
    if want.get("flows") is not None and flows != want["flows"]:
        errs.append("%d flows, expected %d" % (flows, want["flows"]))
    if want.get("min_flows") is not None and flows < want["min_flows"]:
        errs.append("%d flows, expected at least %d" % (flows, want["min_flows"]))
    if want.get("lost") is not None and lost != want["lost"]:
        errs.append("%d lost-record markers, expected %d" % (lost, want["lost"]))
    if want.get("clipped") is not None and clipped != want["clipped"]:
        errs.append("%d clipped slices, expected %d" % (clipped, want["clipped"]))
    return errs


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    want, args = {}, argv[2:]
    while args:
        if len(args) < 2 or args[0] not in ("--flows", "--min-flows", "--lost", "--clipped"):
            print("trace_json_check: bad arguments %s" % args, file=sys.stderr)
            return 2
        want[args[0][2:].replace("-", "_")] = int(args[1])
        args = args[2:]
    errs = check(argv[1], want)
    for e in errs:
        print(e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
