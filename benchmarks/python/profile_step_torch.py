"""The reference side of benchmarks/profile-step.sh: torch.profiler over plain PyTorch's training iteration
(train_iteration_torch.py's network, loss and optimiser) after warm-up; writes a Chrome trace for profile_table.py.

usage: python3 profile_step_torch.py PLANS.json CONFIGURATION THREADS WARMUP STEPS TRACE.json
"""
import resource
import statistics
import sys
import time

import torch

sys.dont_write_bytecode = True  # no __pycache__ in the repository
import train_iteration_torch as side  # noqa: E402

TIMED = 20  # unprofiled iterations timed before the profiled ones


def main():
    plans_file, config, threads, warmup, steps, trace = sys.argv[1:7]
    torch.set_num_threads(int(threads))
    step = side.training_step(plans_file, config)[0]
    for _ in range(int(warmup)):
        step()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    plain = []
    for _ in range(TIMED):
        start = time.perf_counter()
        step()
        plain.append(time.perf_counter() - start)
    faulted = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) // TIMED
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for _ in range(int(steps)):
            loss = step()
        profiled = (time.perf_counter() - start) / int(steps)
    prof.export_chrome_trace(trace)
    print(f"PyTorch {torch.__version__}: {statistics.median(plain):.3f} s per step unprofiled (median of {TIMED}), "
          f"{profiled:.3f} s profiled, {faulted} minor page faults per step, loss {loss:.4f}")


if __name__ == "__main__":
    main()
