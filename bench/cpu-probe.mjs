// Loaded with `node --import` by benches: at exit, writes the process's CPU time in
// milliseconds (user plus system) to the file named by BENCH_CPU_FILE. CPU time varies far
// less than wall-clock time when other work shares the machine.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeFileSync(process.env.BENCH_CPU_FILE, String((user + system) / 1000));
});
