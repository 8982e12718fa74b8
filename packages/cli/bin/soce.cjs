#!/usr/bin/env node
// The installed entry point runs the compiled CLI (built by `npm ci` through the root `prepare`).
// CommonJS, so that it runs before Node starts libuv's thread pool (its ES module loader reads
// files through it) and can size the pool that does soce's file I/O: half the cores, 1 to 4
// (`defaultIoThreads` of @soce/tensors; a test holds the two to the same rule), unless
// UV_THREADPOOL_SIZE is set. See docs/guides/merging.md, "Threads".
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))));
// `soce merge` runs little JavaScript per chunk (the arithmetic is WebAssembly, the rest system
// calls), as fast unoptimized as optimized; optimizing it costs ~0.1 s of CPU on background
// threads, which on few cores comes out of the reads: without it a merge of 3 × 1.7 GB on 2 cores
// takes 8% less time. WebAssembly is still optimized. Other commands (the demo trains models in
// JavaScript) keep the optimizing compiler. See docs/guides/merging.md, "Threads".
if (process.argv[2] === 'merge') require('node:v8').setFlagsFromString('--no-opt');
import('../dist/main.js');
