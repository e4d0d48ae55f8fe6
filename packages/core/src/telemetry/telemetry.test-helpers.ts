import { FakeAdapter, type FakeKeySpec } from '@apikeyrouter/testkit';
import {
  AggregationTemporality,
  type DataPoint,
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
import { ApiKeyRouter, type KeyInfo, type RouterOptions, VirtualClock } from '../index.js';

/** A router with telemetry into in-memory exporters, on a virtual clock, with one fake provider `openai`. */
export async function telemetryFixture(
  keys: Record<string, FakeKeySpec>,
  options: Omit<RouterOptions, 'clock' | 'telemetry'> = {},
) {
  const clock = new VirtualClock({ autoAdvance: true });
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const router = new ApiKeyRouter({ ...options, clock, telemetry: { tracerProvider, meterProvider } });
  const adapter = new FakeAdapter({ id: 'openai', clock, keys });
  await router.registerProvider('openai', adapter);
  const registered: Record<string, KeyInfo> = {};
  for (const [material, spec] of Object.entries(keys)) {
    registered[spec.label ?? material] = await router.registerKey(material, 'openai', {
      label: spec.label ?? material,
    });
  }
  /** Every metric point collected now, by metric name. */
  async function collect(): Promise<Map<string, DataPoint<number | Histogram>[]>> {
    metricExporter.reset();
    await reader.forceFlush();
    const byName = new Map<string, DataPoint<number | Histogram>[]>();
    for (const resource of metricExporter.getMetrics()) {
      for (const scope of resource.scopeMetrics) {
        for (const metric of scope.metrics) {
          byName.set(metric.descriptor.name, metric.dataPoints as DataPoint<number | Histogram>[]);
        }
      }
    }
    return byName;
  }
  const finishedSpans = (): ReadableSpan[] => spans.getFinishedSpans();
  const shutdown = async () => {
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  };
  return {
    clock,
    router,
    adapter,
    keys: registered,
    finishedSpans,
    collect,
    shutdown,
    tracerProvider,
    meterProvider,
  };
}

/** A minimal valid intent. */
export function chatIntent(content = 'hello world', model = 'gpt-test') {
  return { model, messages: [{ role: 'user' as const, content }], parameters: { maxTokens: 50 } };
}

/** Epoch ms of an OpenTelemetry HrTime. */
export function msOf(time: [number, number]): number {
  return time[0] * 1000 + time[1] / 1e6;
}
