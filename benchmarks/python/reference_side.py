"""The PyTorch side of the benchmarks as a child process that the Java harness drives, so that the two sides can take
turns: it prints one JSON line describing its setup (PyTorch, BLAS, threads), then answers each command read from
standard input with one JSON line:

  run ARGS...   the benchmark's own work (``work(args)``), e.g. ``run 3`` training iterations
  matmul        float32 GEMM rate of two 2048 x 2048 matrices, GFLOP/s (best of 10 after warm-ups)
  threads N     torch.set_num_threads(N)
  quit          peak resident memory, then exit

What the BLAS really is matters more than anything else here: Debian's python3-torch calls whatever libblas.so.3 the
system provides (the reference BLAS runs a GEMM at a few GFLOP/s, OpenBLAS built for pthreads fights PyTorch's OpenMP
threads, and OPENBLAS_CORETYPE forces a kernel), so the setup line names the library loaded and OpenBLAS' kernel.
"""
import ctypes
import json
import os
import sys
import time

import torch


def peak_rss_mib():
    """The process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries that over exec, so a child of the
    JVM would report the JVM's peak."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def blas():
    """The BLAS library this process loaded and, for OpenBLAS, its kernel (core) and build configuration."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]})
    info = {"libraries": paths}
    for path in paths:
        try:
            library = ctypes.CDLL(path)
            library.openblas_get_corename.restype = ctypes.c_char_p
            library.openblas_get_config.restype = ctypes.c_char_p
            info["openblas_core"] = library.openblas_get_corename().decode()
            info["openblas_config"] = library.openblas_get_config().decode().strip()
            break
        except (OSError, AttributeError):
            continue
    info["environment"] = {k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS", "OMP_", "GOMP", "MKL", "ONEDNN", "DNNL", "LD_PRELOAD"))}
    return info


def matmul_gflops():
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(10):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * 2048 ** 3 / best / 1e9


def serve(threads, setup, work):
    """Prints the setup line, then answers commands until ``quit``. ``work(args)`` returns a JSON-able dict."""
    torch.set_num_threads(threads)
    parallel = torch.__config__.parallel_info()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas(),
                      "capability": torch.backends.cpu.get_cpu_capability()
                      if hasattr(torch.backends, "cpu") else next(
                          (line.split(":")[1].strip() for line in torch.__config__.show().splitlines()
                           if "CPU capability" in line), "unknown"),
                      "parallel": [line.strip() for line in parallel.splitlines() if line.strip()], **setup}),
          flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "run":
            answer = work(args)
        elif command == "matmul":
            answer = {"matmul_gflops": matmul_gflops()}
        elif command == "threads":
            torch.set_num_threads(int(args[0]))
            answer = {"threads": torch.get_num_threads()}
        elif command == "quit":
            print(json.dumps({"peak_rss_mib": peak_rss_mib()}), flush=True)
            return
        else:
            answer = {"error": "unknown command " + command}
        print(json.dumps(answer), flush=True)
