const tasks: Array<() => void> = [];

function runTasks(): void {
  // A task queued by a running task joins this run (the loop reads the length each time), so work that
  // schedules more work (an access-log line, then its flush) costs one check phase, not one per step.
  // Every task runs even if one throws; the first error is then thrown on, as from any setImmediate.
  let failure: { error: unknown } | undefined;
  for (let i = 0; i < tasks.length; i++) {
    try {
      (tasks[i] as () => void)();
    } catch (error) {
      failure ??= { error };
    }
  }
  tasks.length = 0;
  if (failure) throw failure.error;
}

/**
 * Runs `task` in the next check phase of the event loop, after the I/O of this turn (an answer being written)
 * and before any later I/O is read, in one `setImmediate` shared by every task queued before it runs.
 *
 * @example
 * onCheckPhase(state.finish); // the access-log line and metrics, once the answer went out
 */
export function onCheckPhase(task: () => void): void {
  tasks.push(task);
  if (tasks.length === 1) setImmediate(runTasks);
}
