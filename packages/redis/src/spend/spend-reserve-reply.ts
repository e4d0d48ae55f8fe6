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
