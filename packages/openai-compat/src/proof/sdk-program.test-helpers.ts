import OpenAI from 'openai';
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';

/**
 * A small service written for the official `openai` SDK: chat, a stream with usage, a tool round trip,
 * JSON mode, embeddings and error handling. `drop-in-program.test-helpers.ts` is this file with only the
 * import line changed; the proof test checks that and compares what both print.
 */
export async function main(log: (line: string) => void): Promise<void> {
  const client = new OpenAI();
  const model = 'gpt-4o-mini';

  const completion = await client.chat.completions.create({
    model,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello to the platform team' },
    ],
    max_tokens: 64,
    temperature: 0.2,
  });
  const choice = completion.choices[0];
  log(`chat model=${completion.model} finish=${choice?.finish_reason} text=${choice?.message.content}`);
  log(
    `chat usage=${completion.usage?.prompt_tokens}/${completion.usage?.completion_tokens}/${completion.usage?.total_tokens}`,
  );

  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Stream a short greeting please' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let streamed = '';
  let finish: string | null | undefined;
  let streamUsage = '';
  for await (const chunk of stream) {
    streamed += chunk.choices[0]?.delta.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    if (chunk.usage) streamUsage = `${chunk.usage.prompt_tokens}/${chunk.usage.completion_tokens}`;
  }
  log(`stream finish=${finish} usage=${streamUsage} text=${streamed}`);

  const tools: ChatCompletionTool[] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
  ];
  const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Call get_weather for Paris' }];
  const first = await client.chat.completions.create({ model, messages, tools });
  const call = first.choices[0]?.message.tool_calls?.[0];
  if (call?.type !== 'function') throw new Error('expected a function tool call');
  log(
    `tool finish=${first.choices[0]?.finish_reason} name=${call.function.name} args=${call.function.arguments}`,
  );
  messages.push(first.choices[0]!.message);
  messages.push({
    role: 'tool',
    tool_call_id: call.id,
    content: JSON.stringify({ city: 'Paris', tempC: 21 }),
  });
  const second = await client.chat.completions.create({ model, messages, tools });
  log(`tool answer=${second.choices[0]?.message.content} finish=${second.choices[0]?.finish_reason}`);

  const json = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Reply in JSON' }],
    response_format: { type: 'json_object' },
  });
  log(`json parsed=${JSON.stringify(JSON.parse(json.choices[0]?.message.content ?? 'null'))}`);

  const embedding = await client.embeddings.create({
    model: 'text-embedding-3-small',
    input: ['alpha', 'beta'],
  });
  const vector = embedding.data[1]?.embedding ?? [];
  log(
    `embeddings n=${embedding.data.length} dims=${vector.length} head=${vector.slice(0, 3).map((v) => v.toFixed(5))} tokens=${embedding.usage.prompt_tokens}`,
  );

  const failing: Array<[string, ChatCompletionCreateParamsNonStreaming]> = [
    ['unknown model', { model: 'gpt-unknown-model', messages: [{ role: 'user', content: 'hi' }] }],
    ['empty messages', { model, messages: [] }],
  ];
  for (const [label, request] of failing) {
    try {
      await client.chat.completions.create(request);
      log(`${label}: no error`);
    } catch (error) {
      if (error instanceof OpenAI.NotFoundError) log(`${label}: NotFoundError status=${error.status}`);
      else if (error instanceof OpenAI.BadRequestError)
        log(`${label}: BadRequestError status=${error.status}`);
      else if (error instanceof OpenAI.APIError) log(`${label}: APIError status=${error.status}`);
      else throw error;
    }
  }
}
