/** Runs a command as a child process and measures wall time, CPU time (user + sys) and peak RSS. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Measurement {
  wallS: number;
  userS: number;
  sysS: number;
  /** user + sys: what the run cost the machine, independent of how busy the other cores were. */
  cpuS: number;
  peakRssMB: number;
  stdout: string;
  /** How RSS and CPU were read: '/usr/bin/time' (rusage of the child) or '/proc' (polled). */
  via: '/usr/bin/time' | '/proc';
}

const TIME = '/usr/bin/time';

function field(text: string, label: string): number {
  const line = text.split('\n').find((l) => l.trim().startsWith(label));
  if (!line) return Number.NaN;
  return Number(line.slice(line.lastIndexOf(':') + 1).trim());
}

/** Parses GNU time's `-v` report (appended to the child's stderr). */
function parseTimeV(stderr: string): { userS: number; sysS: number; peakRssMB: number } {
  return {
    userS: field(stderr, 'User time (seconds)'),
    sysS: field(stderr, 'System time (seconds)'),
    peakRssMB: field(stderr, 'Maximum resident set size (kbytes)') / 1024,
  };
}

/** Peak RSS and CPU ticks of a live process, from /proc (Linux without GNU time). */
function procSample(pid: number): { hwmKB: number; ticks: [number, number] } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmHWM:\s+(\d+)/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { hwmKB: m ? Number(m[1]) : 0, ticks: [Number(rest[11]), Number(rest[12])] };
  } catch {
    return null;
  }
}

/** Spawns `cmd args`, waits, and throws with the child's stderr if it fails. */
export async function measure(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Measurement> {
  const useTime = existsSync(TIME);
  const [bin, argv] = useTime ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const child = spawn(bin, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  let last: ReturnType<typeof procSample> = null;
  const poll = useTime ? null : setInterval(() => {
    const s = child.pid === undefined ? null : procSample(child.pid);
    if (s) last = s;
  }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const wallS = (performance.now() - t0) / 1000;
  if (poll) clearInterval(poll);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${stderr.slice(-4000)}`);
  let userS: number;
  let sysS: number;
  let peakRssMB: number;
  if (useTime) {
    ({ userS, sysS, peakRssMB } = parseTimeV(stderr));
  } else {
    const s = last as ReturnType<typeof procSample>;
    const hz = 100;
    userS = s ? s.ticks[0] / hz : Number.NaN;
    sysS = s ? s.ticks[1] / hz : Number.NaN;
    peakRssMB = s ? s.hwmKB / 1024 : Number.NaN;
  }
  return { wallS, userS, sysS, cpuS: userS + sysS, peakRssMB, stdout, via: useTime ? '/usr/bin/time' : '/proc' };
}

/** The run whose wall time is the median of the runs (so its CPU and RSS belong to one real run). */
export function median(runs: Measurement[]): Measurement {
  const sorted = runs.slice().sort((a, b) => a.wallS - b.wallS);
  return sorted[(sorted.length - 1) >> 1] as Measurement;
}
