#!/usr/bin/env node
// The installed entry point runs the compiled CLI (built by `npm ci` through the root `prepare`).
// CommonJS, so that it runs before Node starts libuv's thread pool (its ES module loader reads
// files through it) and can size the pool that does soce's file I/O: half the cores, 1 to 4
// (`defaultIoThreads` of @soce/tensors; a test holds the two to the same rule), unless
// UV_THREADPOOL_SIZE is set. See docs/guides/merging.md, "Threads".
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2))));
import('../dist/main.js');
