#!/usr/bin/env node
// The installed entry point runs the compiled CLI (built by `npm ci` through the root `prepare`).
import '../dist/main.js';
