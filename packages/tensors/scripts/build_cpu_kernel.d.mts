/** The features the kernel uses: SIMD, and memory shared with worker threads. */
export declare const KERNEL_FEATURES: { readonly simd: true; readonly threads: true };
/** Compiles the kernel that cpu_kernel_wat.mjs generates; returns its bytes. */
export declare function compileCpuKernel(): Promise<Uint8Array>;
