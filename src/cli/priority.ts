/**
 * A worker's lower CPU priority (WORKER_NICE), for the whole process.
 */
import { readdirSync } from 'node:fs';
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
  return true;
}
