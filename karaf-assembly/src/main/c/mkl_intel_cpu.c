/*
 * Preloaded on AMD CPUs by bin/setenv (docs/performance.md): PyTorch's libtorch_cpu.so links Intel MKL statically and
 * calls MKL's vendor check through its dynamic symbol table, so this definition replaces it. MKL then picks its kernels
 * by the CPU's instruction sets instead of by the vendor: a float32 GEMM on an AMD EPYC (Zen 5) runs at about
 * 400 GFLOP/s on 2 cores instead of 180. PyTorch's maintainers give the same recipe (pytorch/builder#1245).
 */
int mkl_serv_intel_cpu_true(void) {
    return 1;
}
