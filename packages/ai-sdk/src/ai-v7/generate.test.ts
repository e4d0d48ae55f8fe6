import { generateText, Output } from 'ai-v7';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiKeyRouter } from '../provider/create-api-key-router.js';
import { describeGenerate } from '../sdk-suite/generate-suite.test-helpers.js';
import { useSimulated } from '../test-setup.test-helpers.js';
import { AI7 } from './ai7-sdk.test-helpers.js';

describeGenerate(AI7);

describe('what only ai@7 has', () => {
  const sim = useSimulated('file');

  it('structured output: generateText with Output.object, the ai@7 replacement of generateObject', async () => {
    const akr = createApiKeyRouter({ router: sim().router });
    const result = await generateText({
      model: akr('gpt-4o-mini'),
      output: Output.object({ schema: z.object({ echo: z.string() }) }),
      prompt: 'Give me JSON',
    });
    expect(result.output.echo).toContain('Give me JSON');
    expect(result.providerMetadata?.apikeyrouter?.providerId).toBe('openai');
  });
});
