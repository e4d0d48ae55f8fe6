import * as ai7 from 'ai-v7';
import type { AiSdk } from '../sdk-suite/ai-sdk-surface.test-helpers.js';

/**
 * ai@7 as the shared suites' {@link AiSdk}. Its declarations come from its own copy of
 * `@ai-sdk/provider-utils` (distinct unique symbols), so TypeScript cannot relate them to ai@6's even where
 * the calls are the same: the cast is the one place that says so, and running the suites on ai@7 is what
 * proves every call the suites make works there. `stepCountIs` is ai@7's `isStepCount`.
 *
 * @example
 * describeGenerate(AI7);
 */
export const AI7 = { ...ai7, label: 'ai@7', stepCountIs: ai7.isStepCount } as unknown as AiSdk;
