import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigSchema } from '../config/config-schema.js';
import { type RunningGateway, startGateway } from '../server/start-gateway.js';

const VK = 'akr-providers-0123456789abcdef';

describe('Gemini and Ollama providers behind the OpenAI format', () => {
  let gemini: FakeProvider;
  let ollama: FakeProvider;
  let running: RunningGateway;
  let client: OpenAI;
  beforeAll(async () => {
    gemini = await startFakeProvider({ flavor: 'gemini', keys: { 'AIza-providers-test-1': {} } });
    ollama = await startFakeProvider({ flavor: 'ollama', keys: {}, models: ['llama3.2'] });
    running = await startGateway({
      config: gatewayConfigSchema.parse({
        server: { port: 0, accessLog: false },
        providers: {
          gemini: { adapter: 'gemini', baseURL: gemini.url },
          local: { adapter: 'ollama', baseURL: ollama.url },
        },
        keys: [
          { provider: 'gemini', key: 'AIza-providers-test-1' },
          { provider: 'local', key: 'ollama', models: ['llama3.2'] },
        ],
        virtualKeys: [{ name: 'all', key: VK }],
      }),
      log: () => {},
    });
    client = new OpenAI({ apiKey: VK, baseURL: `${running.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await running.close();
    await gemini.close();
    await ollama.close();
  });

  it('answers and streams a Gemini model, with image parts and JSON mode', async () => {
    const res = await client.chat.completions.create({
      model: 'gemini-2.0-flash',
      messages: [{ role: 'user', content: 'hello gemini' }],
    });
    expect(res.choices[0]?.message.content).toContain('hello gemini');
    expect(res.model).toMatch(/^gemini-2\.0-flash/);
    let text = '';
    const stream = await client.chat.completions.create({
      model: 'gemini-2.0-flash',
      stream: true,
      response_format: { type: 'json_object' },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'describe' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });

  it('answers a local Ollama model', async () => {
    const res = await client.chat.completions.create({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hello llama' }],
    });
    expect(res.choices[0]?.message.content).toContain('hello llama');
  });
});
