import { arch, cpus, loadavg, release, totalmem, type as osType, version as osVersion } from 'node:os';
import { readFileSync } from 'node:fs';
import type { MachineInfo } from './types.js';

/** What the numbers were measured on; the load average says whether others were using the machine at the start. */
export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    os: distribution() ?? `${osType()} ${osVersion()}`,
    kernel: `${osType()} ${release()}`,
    arch: arch(),
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpus: processors.length,
    totalMemoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
  };
}

/** PRETTY_NAME from /etc/os-release on Linux; undefined elsewhere. */
function distribution(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}
