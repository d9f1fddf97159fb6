// Peak memory of a process tree, for `npm run bench`: every 100 ms, the descendants of a pid are found from
// /proc/*/stat (parent pids) and each one's /proc/<pid>/status read. Figures in MB (MiB):
//   peakHwmMB  the largest sum, in one sample, of the own peak (VmHWM) of every process then alive: the
//              figure the goal is checked on. It can only overstate the tree's peak (each process's peak
//              counted as if simultaneous), except for a process born and gone between two samples;
//   peakRssMB  the largest sum of current VmRSS in one sample (a lower bound: samples are 100 ms apart);
//   everHwmMB  the sum of VmHWM over every process the tree ever had (an overstatement when short-lived
//              workers come and go), with `largest`, the processes of highest VmHWM.
// Linux only; elsewhere all are undefined.
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
    return { hwm: kb('VmHWM'), rss: kb('VmRSS'), name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?' };
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

/** watchTreeRss(pid) → { stop() → { peakHwmMB, peakRssMB, everHwmMB, processes, largest } }. */
export function watchTreeRss(pid, intervalMs = 100) {
  const hwmByPid = new Map();
  const nameByPid = new Map();
  let peakRssKb = 0;
  let peakLiveHwmKb = 0;
  let supported = true;
  const sample = () => {
    if (!supported) return;
    let rssKb = 0;
    let liveHwmKb = 0;
    for (const p of descendants(pid)) {
      const m = memoryOf(p);
      if (!m) continue;
      hwmByPid.set(p, Math.max(hwmByPid.get(p) ?? 0, m.hwm));
      nameByPid.set(p, m.name);
      rssKb += m.rss;
      liveHwmKb += m.hwm;
    }
    peakLiveHwmKb = Math.max(peakLiveHwmKb, liveHwmKb);
    if (rssKb === 0 && hwmByPid.size === 0 && memoryOf(process.pid) === undefined) supported = false;
    peakRssKb = Math.max(peakRssKb, rssKb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop() {
      clearInterval(timer);
      if (!supported) return { peakHwmMB: undefined, peakRssMB: undefined, everHwmMB: undefined, processes: 0, largest: [] };
      const hwmKb = [...hwmByPid.values()].reduce((a, b) => a + b, 0);
      const largest = [...hwmByPid]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([p, kb]) => ({ pid: p, name: nameByPid.get(p), hwmMB: Math.round(kb / 1024) }));
      return { peakHwmMB: peakLiveHwmKb / 1024, peakRssMB: peakRssKb / 1024, everHwmMB: hwmKb / 1024, processes: hwmByPid.size, largest };
    },
  };
}
