/**
 * A worker's lower CPU priority (WORKER_NICE), for the whole process.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Sets the niceness of every thread of this process. On Linux niceness belongs to each thread
 * (setpriority(2), NOTES: "the nice value is a per-thread attribute"), and setting it on the
 * process id changes only the calling thread: the threads Node starts before any code of ours runs
 * (V8's garbage-collector and compiler helpers, which do a good part of a busy worker's work) would
 * keep the priority the process was started with. Each thread listed in /proc/self/task is set;
 * the threads started later (libuv's pool) are started by the main thread and inherit its value.
 * Answers false when the system refused (some containers do): the worker runs as started.
 */
export function lowerProcessPriority(nice: number): boolean {
  try {
    setPriority(nice);
  } catch {
    return false;
  }
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return true; // no per-thread view (not Linux): the process's priority is what there is to set
  }
  for (const tid of threads) {
    try {
      setPriority(Number(tid), nice);
    } catch {
      // A thread that ended since the listing.
    }
  }
  lowerOwnAutogroup(nice);
  return true;
}

/**
 * With autogroup scheduling (sched(7), "The autogroup feature"; on in the kernels Debian and Ubuntu
 * ship, /proc/sys/kernel/sched_autogroup_enabled), the CPU is shared first between sessions and
 * only then by nice value inside each: "the nice value of a thread has an effect for scheduling
 * decisions only relative to other threads in the same autogroup". A worker run as a service
 * (systemd starts each unit in a session of its own) would compete with the API's session at full
 * weight whatever the nice of its threads. Such a worker, the leader of its session, lowers the
 * session's autogroup by writing the nice value to /proc/self/autogroup (raising it needs no
 * privilege). A worker started from a shell or by another program shares that session: its
 * autogroup is left alone, since lowering it would lower everything in the session with it (an API
 * started beside the worker among them), and nice values already rank the two inside it.
 * Answers whether the autogroup was lowered.
 */
export function lowerOwnAutogroup(nice: number): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // /proc/<pid>/stat (proc(5)): after the command name in parentheses come state, ppid, pgrp, session.
    const session = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
    if (session !== process.pid) return false;
    writeFileSync('/proc/self/autogroup', String(nice));
    return true;
  } catch {
    return false; // no autogroup (kernel without it, or not Linux), or refused: the threads' nice is what there is
  }
}
