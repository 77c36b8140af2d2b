#!/usr/bin/env node
// Entry point: runs the compiled CLI and sets the process exit code from its result.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
