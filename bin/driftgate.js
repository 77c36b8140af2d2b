#!/usr/bin/env node
// Entry point: runs the compiled CLI and sets the process exit code from its result.
import { main } from '../dist/src/cli/main.js';

// A reader that closes the pipe early, such as `driftgate validate | head`, needs no more
// output. Without this handler Node would end the process with an EPIPE stack trace.
process.stdout.on('error', (error) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') {
    throw error;
  }
});

process.exitCode = await main(process.argv.slice(2));
