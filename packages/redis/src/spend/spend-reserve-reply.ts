import type { CommitOutcome } from './spend-commit.js';

/**
 * The budgets a refused spend reserve names (its reply from the third element on: budget id, spent, reserved).
 *
 * @example
 * failedLines(['no', '', 'b1', '9.5', '0.75']); // [{ budgetId: 'b1', spent: '9.5', reserved: '0.75' }]
 */
export function failedLines(
  reply: readonly string[],
): Array<{ budgetId: string; spent: string; reserved: string }> {
  const failed = [];
  for (let at = 2; at + 2 < reply.length + 1; at += 3) {
    failed.push({
      budgetId: reply[at] as string,
      spent: reply[at + 1] as string,
      reserved: reply[at + 2] as string,
    });
  }
  return failed;
}

/**
 * What SPEND_COMMIT's reply says: `none` (unknown, released or expired) is `gone`, `done` (committed before) is
 * `already`; else each budget's spend after the commit (from the second element on: budget id, spent).
 *
 * @example
 * commitOutcome(['7\ncommit', 'b1', '0.75']); // { kind: 'committed', spent: { b1: '0.75' } }
 */
export function commitOutcome(reply: readonly string[]): CommitOutcome {
  if (reply[0] === 'none') return { kind: 'gone' };
  if (reply[0] === 'done') return { kind: 'already' };
  const spent: Record<string, string> = {};
  for (let at = 1; at + 1 < reply.length; at += 2) spent[reply[at] as string] = reply[at + 1] as string;
  return { kind: 'committed', spent };
}
