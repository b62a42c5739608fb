// Describes the machine a benchmark ran on, for RESULTS.md and results.json.
import os from 'node:os';

/**
 * CPU model, logical cores, memory, OS and the Node version the suites ran on
 * (`nodeVersion`, which may differ from the runner's own).
 * @param {string} nodeVersion
 */
export function describeMachine(nodeVersion) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: nodeVersion,
  };
}

/** Whether two machine descriptions are the same machine and Node (results may be merged). */
export function sameMachine(a, b) {
  return !!a && !!b && ['cpu', 'cores', 'memoryGiB', 'os', 'node'].every((k) => a[k] === b[k]);
}
