// Peak memory of a process tree, for `npm run bench`: every 100 ms, the descendants of a pid are found from
// /proc/*/stat (parent pids) and each one's /proc/<pid>/status read. Two figures, in MB (MiB):
//   peakHwmMB  the sum over every process the tree ever had of its own peak (VmHWM, kept from the last
//              read before it exited): an upper bound of the tree's peak, the figure the goal is checked on;
//   peakRssMB  the largest sum of current VmRSS seen in one sample (a lower bound: samples are 100 ms apart).
// Linux only; elsewhere both are undefined.
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name is in parentheses and may hold spaces: the fields after the last ')' are fixed
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

function descendants(root) {
  const children = new Map();
  let pids;
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [root];
  }
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(pid);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** watchTreeRss(pid) → { stop() → { peakHwmMB, peakRssMB, processes } }. */
export function watchTreeRss(pid, intervalMs = 100) {
  const hwmByPid = new Map();
  let peakRssKb = 0;
  let supported = true;
  const sample = () => {
    if (!supported) return;
    let rssKb = 0;
    for (const p of descendants(pid)) {
      const m = memoryOf(p);
      if (!m) continue;
      hwmByPid.set(p, Math.max(hwmByPid.get(p) ?? 0, m.hwm));
      rssKb += m.rss;
    }
    if (rssKb === 0 && hwmByPid.size === 0 && memoryOf(process.pid) === undefined) supported = false;
    peakRssKb = Math.max(peakRssKb, rssKb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      if (!supported) return { peakHwmMB: undefined, peakRssMB: undefined, processes: 0 };
      const hwmKb = [...hwmByPid.values()].reduce((a, b) => a + b, 0);
      return { peakHwmMB: hwmKb / 1024, peakRssMB: peakRssKb / 1024, processes: hwmByPid.size };
    },
  };
}
