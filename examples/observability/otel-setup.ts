/**
 * OpenTelemetry for the router: register an SDK's providers globally (as `@opentelemetry/sdk-node` does), turn on
 * `telemetry`, and every routed request becomes a `chat <model>` span with one child span per provider attempt,
 * plus GenAI and router metrics. Here the spans and metrics land in in-memory exporters and are printed; in a
 * service you would export them with OTLP instead (see docs/observability.md).
 *
 * Run from the repository root:
 *   node --conditions=@apikeyrouter/source --import tsx examples/observability/otel-setup.ts
 */
import { ApiKeyRouter, VirtualClock } from '@apikeyrouter/core';
import { FakeAdapter } from '@apikeyrouter/testkit';
import { metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

// 1. The application's OpenTelemetry setup, registered globally.
const spans = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

// 2. A router with telemetry on. Two simulated keys; the first answers its next call with a 500.
const clock = new VirtualClock({ autoAdvance: true });
const router = new ApiKeyRouter({ clock, telemetry: true });
const provider = new FakeAdapter({
  id: 'openai',
  clock,
  keys: { 'sk-example-a-01': { latencyMs: 420 }, 'sk-example-b-01': { latencyMs: 380 } },
});
await router.registerProvider('openai', provider);
await router.registerKey('sk-example-a-01', 'openai', { label: 'a' });
await router.registerKey('sk-example-b-01', 'openai', { label: 'b' });
router.costController.setModelPrice('gpt-4o-mini', { inputPerMillion: '0.15', outputPerMillion: '0.60' });

const intent = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Say hi' }] };
await router.route(intent, 'cost');
provider.addFault({ kind: 'server_error' });
await router.route(intent, 'cost');

// 3. What an OpenTelemetry backend would receive.
const ms = (span: ReadableSpan) =>
  (span.endTime[0] - span.startTime[0]) * 1000 + (span.endTime[1] - span.startTime[1]) / 1e6;
const finished = spans.getFinishedSpans();
for (const request of finished.filter((s) => s.parentSpanContext === undefined)) {
  const a = request.attributes;
  console.log(
    `${request.name}  ${ms(request)} ms  key ${a['apikeyrouter.key_id']}  tokens ${a['gen_ai.usage.input_tokens']}→${a['gen_ai.usage.output_tokens']}  cost $${a['apikeyrouter.cost']}  attempts ${a['apikeyrouter.attempts']}`,
  );
  for (const attempt of finished.filter(
    (s) => s.parentSpanContext?.spanId === request.spanContext().spanId,
  )) {
    const error = attempt.attributes['error.type'];
    console.log(
      `  └ ${attempt.name}  ${ms(attempt)} ms  key ${attempt.attributes['apikeyrouter.key_id']}${error ? `  error.type=${error}` : ''}`,
    );
  }
}
await reader.forceFlush();
for (const metric of metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))) {
  const total = metric.dataPoints.reduce(
    (sum, p) => sum + (typeof p.value === 'number' ? p.value : ((p.value as Histogram).sum ?? 0)),
    0,
  );
  console.log(
    `${metric.descriptor.name.padEnd(45)} ${metric.dataPoints.length} series, total ${+total.toFixed(6)}`,
  );
}
if (finished.length !== 5)
  throw new Error(`expected 2 request spans and 3 attempt spans, got ${finished.length}`);
await reader.shutdown();
