/**
 * The key every contract call uses. Any 8-character piece of it in an adapter's output is a leak.
 *
 * @example
 * expect(containsCanary(serialise(error))).toEqual([]);
 */
export const CONTRACT_CANARY = 'sk-contract-9fQ2wE7rT4yU1iO8pA5s';

/**
 * Text form of anything an adapter returned or threw: errors with message, stack, JSON form and cause.
 *
 * @example
 * serialise(new Error('x')); // '{"message":"x",...}'
 */
export function serialise(value: unknown): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Error) {
        const json = (item as { toJSON?: () => unknown }).toJSON?.();
        return { message: item.message, stack: item.stack, json, cause: item.cause };
      }
      if (typeof item === 'object' && item !== null) {
        if (seen.has(item)) return '[cycle]';
        seen.add(item);
      }
      return item;
    }) ?? ''
  );
}

/**
 * Every 8-character piece of the canary found in `text`, case-insensitively.
 *
 * @example
 * containsCanary('nothing'); // []
 */
export function containsCanary(text: string): string[] {
  const haystack = text.toLowerCase();
  const key = CONTRACT_CANARY.toLowerCase();
  const found: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++)
    if (haystack.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  return found;
}
