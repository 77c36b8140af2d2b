// The environment of the Node processes the benches time.
//
// Node 20 reads every certificate of the file that NODE_EXTRA_CA_CERTS names when the process
// starts, before any script runs (perf shows node::crypto::UseExtraCaCerts under
// InitializeOncePerProcess). Some machines set it for every program, to the whole system
// bundle: then each Node process spends tens of milliseconds of CPU on TLS certificates. No
// command these benches time opens a TLS connection, and the peer tools they are compared with
// (iptables-restore, named-checkzone) read no certificates, so the timed processes run without
// it. `startupNote` measures and prints what the variable adds, so a reader can add it back.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The file NODE_EXTRA_CA_CERTS names in this process's environment, or undefined. */
export const extraCaCerts = process.env.NODE_EXTRA_CA_CERTS || undefined;

/** This process's environment without NODE_EXTRA_CA_CERTS. */
export const timedEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_EXTRA_CA_CERTS'));

const gnuTime = '/usr/bin/time';

/** Returns the median CPU time (user plus system, ms) of `node -e 0` in `env`, under GNU time. */
function startupCpu(env, runs) {
  const times = [];
  for (let run = 0; run < runs; run += 1) {
    const result = spawnSync(gnuTime, ['-f', '%U %S', process.execPath, '-e', '0'], { env, encoding: 'utf8' });
    const [user, system] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    times.push((user + system) * 1000);
  }
  times.sort((left, right) => left - right);
  return times[Math.floor(runs / 2)];
}

/**
 * Returns a line saying whether the timed Node processes run without NODE_EXTRA_CA_CERTS, and
 * what Node's start-up costs with and without it on this machine.
 */
export function startupNote(runs = 9) {
  if (!extraCaCerts) return 'NODE_EXTRA_CA_CERTS is not set, so the timed Node processes run in the environment as given.';
  if (!existsSync(gnuTime)) return `NODE_EXTRA_CA_CERTS=${extraCaCerts} is left out of the timed Node processes' environment.`;
  const without = startupCpu(timedEnv, runs);
  const withIt = startupCpu(process.env, runs);
  return `NODE_EXTRA_CA_CERTS=${extraCaCerts} is left out of the timed Node processes' environment: Node's start-up (\`node -e 0\`, median of ${runs}) takes ${withIt.toFixed(0)} ms of CPU with it and ${without.toFixed(0)} ms without.`;
}
