"""benchmarks/profile-step.sh's table: self time per operator and step from two PyTorch profiler traces (Chrome
trace format; jnnunet's from DJL's JNI profiler entry point, PyTorch's from torch.profiler), side by side.

usage: python3 profile_table.py STEPS JNNUNET_TRACE TORCH_TRACE [ROWS]
"""
import collections
import json
import sys


def self_times(path):
    """{operator: (self microseconds, calls)} over the trace: each event's duration less its children's, per thread."""
    with open(path) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    ops = [e for e in events if e.get("ph") == "X" and e.get("cat", "cpu_op") in ("cpu_op", "Operator", "")
           and not e["name"].startswith("ProfilerStep")]
    by_thread = collections.defaultdict(list)
    for e in ops:
        by_thread[e.get("tid")].append(e)
    totals = collections.defaultdict(lambda: [0.0, 0])
    for events in by_thread.values():
        events.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, event name, children's time, duration] of the open events
        for e in events:
            start, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= start:
                close(stack.pop(), totals)
            if stack:
                stack[-1][2] += dur
            stack.append([start + dur, e["name"], 0.0, dur])
        while stack:
            close(stack.pop(), totals)
    return totals


def close(entry, totals):
    _, name, children, dur = entry
    totals[name][0] += dur - children
    totals[name][1] += 1


def main():
    steps = int(sys.argv[1])
    ours, theirs = self_times(sys.argv[2]), self_times(sys.argv[3])
    rows = int(sys.argv[4]) if len(sys.argv) > 4 else 25
    names = sorted(set(ours) | set(theirs), key=lambda n: -max(ours.get(n, [0])[0], theirs.get(n, [0])[0]))
    total_ours = sum(v[0] for v in ours.values()) / steps / 1000
    total_theirs = sum(v[0] for v in theirs.values()) / steps / 1000
    print("| operator | jnnunet ms per step | calls | PyTorch ms per step | calls |")
    print("| --- | --- | --- | --- | --- |")
    for name in names[:rows]:
        o, t = ours.get(name, [0, 0]), theirs.get(name, [0, 0])
        print(f"| `{name}` | {o[0] / steps / 1000:.1f} | {o[1] // steps} | {t[0] / steps / 1000:.1f} | {t[1] // steps} |")
    print(f"| all operators (self time summed over threads) | {total_ours:.1f} | "
          f"{sum(v[1] for v in ours.values()) // steps} | {total_theirs:.1f} | "
          f"{sum(v[1] for v in theirs.values()) // steps} |")


if __name__ == "__main__":
    main()
