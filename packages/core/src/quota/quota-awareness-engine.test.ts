import { describe, expect, it } from 'vitest';
import type { QuotaDimension } from '../adapter/rate-limit-observation.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import { RouterError } from '../errors/router-error.js';
import { ValidationError } from '../errors/specific-errors.js';
import { QuotaAwarenessEngine } from './quota-awareness-engine.js';
import type { DeclaredLimits, QuotaReservation } from './quota-types.js';

const usage = (inputTokens: number, outputTokens: number) => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
});

function setup(limits?: DeclaredLimits) {
  const clock = new VirtualClock();
  const engine = new QuotaAwarenessEngine({ clock });
  engine.registerKey('k', limits);
  return { clock, engine };
}

async function fill(engine: QuotaAwarenessEngine, count: number, input: number, output: number) {
  const held: QuotaReservation[] = [];
  for (let i = 0; i < count; i++) {
    const result = await engine.reserve('k', { inputTokens: input, outputTokens: output });
    if (!result.ok) throw new Error(`reservation ${i} refused: ${result.check.detail}`);
    held.push(result.reservation);
  }
  return held;
}

describe('QuotaAwarenessEngine: dimensions', () => {
  const cases: [QuotaDimension, DeclaredLimits, number, number, number][] = [
    // dimension, limits, requests that fit, input, output per request
    ['requests_per_minute', { rpm: 3 }, 3, 10, 10],
    ['tokens_per_minute', { tpm: 1_000 }, 5, 100, 100],
    ['input_tokens_per_minute', { inputTpm: 500 }, 5, 100, 900],
    ['output_tokens_per_minute', { outputTpm: 300 }, 3, 900, 100],
    ['requests_per_day', { rpd: 4 }, 4, 1, 1],
    ['tokens_per_day', { tpd: 2_000 }, 4, 250, 250],
  ];
  for (const [dimension, limits, fitting, input, output] of cases) {
    it(`${dimension}: admits exactly up to the limit, refuses the next with the right retryAt`, async () => {
      const { clock, engine } = setup(limits);
      const start = clock.now();
      const held = await fill(engine, fitting, input, output);
      for (const reservation of held) await engine.commit(reservation, usage(input, output));
      const check = engine.check('k', { inputTokens: input, outputTokens: output });
      expect(check).toMatchObject({ fits: false, dimension });
      const day = dimension.endsWith('_day');
      // Settled at once, so counted from `start`: 1 s buckets kept 60–61 s; 15 min buckets kept 24 h 1 min – 24 h 30 min.
      const expected = day ? start + 86_400_000 + 2 * 900_000 : start + 61_000;
      expect(check.fits === false && check.retryAt).toBe(expected);
      expect(engine.nextFitAt('k', { inputTokens: input, outputTokens: output })).toBe(expected);
      await clock.advanceTo(expected - 1);
      expect(engine.check('k', { inputTokens: input, outputTokens: output }).fits).toBe(false);
      await clock.advanceTo(expected);
      expect(engine.check('k', { inputTokens: input, outputTokens: output }).fits).toBe(true);
    });
  }

  it('concurrency: in-flight requests count until they settle', async () => {
    const { engine } = setup({ concurrency: 2 });
    const [first] = await fill(engine, 2, 10, 10);
    expect(engine.inFlight('k')).toBe(2);
    const refused = await engine.reserve('k', { inputTokens: 10, outputTokens: 10 });
    expect(refused).toMatchObject({ ok: false, check: { fits: false, dimension: 'concurrency' } });
    await engine.release(first as QuotaReservation);
    expect(engine.inFlight('k')).toBe(1);
    expect(engine.check('k', { inputTokens: 10, outputTokens: 10 })).toEqual({ fits: true, headroom: 0 });
  });

  it('headroom is the smallest share left after the request; 1 when nothing is known', async () => {
    const { engine } = setup({ rpm: 10, tpm: 1_000 });
    expect(engine.check('k', { inputTokens: 100, outputTokens: 400 })).toEqual({ fits: true, headroom: 0.5 });
    expect(engine.check('k', { inputTokens: 100, outputTokens: 0 })).toEqual({ fits: true, headroom: 0.9 });
    const open = setup();
    expect(open.engine.check('k', { inputTokens: 1e6, outputTokens: 1e6 })).toEqual({
      fits: true,
      headroom: 1,
    });
  });

  it('a request larger than a known token limit is too_large: no retryAt, nextFitAt undefined', () => {
    const { engine } = setup({ tpm: 1_000, rpm: 10 });
    const check = engine.check('k', { inputTokens: 800, outputTokens: 400 });
    expect(check).toMatchObject({ fits: false, dimension: 'too_large' });
    expect(check.fits === false && 'retryAt' in check).toBe(false);
    expect(engine.nextFitAt('k', { inputTokens: 800, outputTokens: 400 })).toBeUndefined();
  });

  it('markTooLarge remembers the provider ceiling as a learned limit', async () => {
    const { engine } = setup();
    engine.markTooLarge('k', 'tokens_per_minute', 30_000);
    expect(engine.check('k', { inputTokens: 30_000, outputTokens: 4_307 })).toMatchObject({
      dimension: 'too_large',
    });
    expect(engine.check('k', { inputTokens: 20_000, outputTokens: 1_000 }).fits).toBe(true);
    const tpm = (await engine.getQuotaState('k')).dimensions.find((d) => d.name === 'tokens_per_minute');
    expect(tpm).toMatchObject({ limit: 30_000, source: 'learned', confidence: 0.8 });
  });
});

describe('QuotaAwarenessEngine: declared vs learned', () => {
  it('keeps both, enforces the stricter and says which one is in force', async () => {
    const { engine } = setup({ rpm: 100, tpm: 10_000 });
    engine.observe('k', {
      dimensions: [
        { dimension: 'requests_per_minute', limit: 60, remaining: 60 },
        { dimension: 'tokens_per_minute', limit: 50_000, remaining: 50_000 },
      ],
    });
    let state = await engine.getQuotaState('k');
    expect(state.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 60,
      source: 'learned',
      confidence: 0.6,
    });
    expect(state.dimensions.find((d) => d.name === 'tokens_per_minute')).toMatchObject({
      limit: 10_000,
      source: 'declared',
      confidence: 1,
    });
    engine.observe('k', { dimensions: [{ dimension: 'requests_per_minute', limit: 60 }] });
    engine.setDeclaredLimits('k', { rpm: 50 });
    state = await engine.getQuotaState('k');
    expect(state.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 50,
      source: 'declared',
    });
    // The tpm declaration was dropped: the learned 50 000 is now in force.
    expect(state.dimensions.find((d) => d.name === 'tokens_per_minute')).toMatchObject({
      limit: 50_000,
      source: 'learned',
    });
    engine.setDeclaredLimits('k', {});
    state = await engine.getQuotaState('k');
    expect(state.dimensions.find((d) => d.name === 'requests_per_minute')).toMatchObject({
      limit: 60,
      confidence: 0.8, // two observations agreed
    });
  });
});

describe('QuotaAwarenessEngine: input validation', () => {
  it('unknown key ids are a validation RouterError, never a crash or a silent pass', async () => {
    const { engine } = setup();
    await expect(engine.getQuotaState('nope')).rejects.toSatisfy(
      (error: unknown) =>
        RouterError.isInstance(error) && error.category === 'validation' && error.keyId === 'nope',
    );
    expect(() => engine.check('nope', { inputTokens: 1, outputTokens: 1 })).toThrow(RouterError);
    expect(() => engine.nextFitAt('nope', { inputTokens: 1, outputTokens: 1 })).toThrow(/unknown key id/);
    await expect(engine.reserve('nope', { inputTokens: 1, outputTokens: 1 })).rejects.toThrow(
      /unknown key id/,
    );
    expect(() => engine.setDeclaredLimits('nope', { rpm: 1 })).toThrow(RouterError);
    expect(engine.inFlight('nope')).toBe(0);
    expect(() => engine.observe('nope', { dimensions: [], retryAfterMs: 10 })).not.toThrow();
  });

  it('rejects invalid limits and estimates with a ValidationError naming the field', () => {
    const { engine } = setup();
    expect(() => engine.registerKey('x', { rpm: -1, tpm: Number.NaN })).toThrow(ValidationError);
    const error = (() => {
      try {
        engine.registerKey('x', { rpm: 0 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { code: 'invalid', path: ['rpm'], message: 'must be a positive finite number' },
    ]);
    expect(() => engine.check('k', { inputTokens: Number.NaN, outputTokens: 1 })).toThrow(ValidationError);
    expect(() => engine.check('k', { inputTokens: 1, outputTokens: -5 })).toThrow(ValidationError);
  });

  it('registerKey again replaces the declaration but keeps usage; removeKey forgets the key', async () => {
    const { engine } = setup({ rpm: 2 });
    const [held] = await fill(engine, 1, 1, 1);
    engine.registerKey('k', { rpm: 1 });
    expect(engine.check('k', { inputTokens: 1, outputTokens: 1 }).fits).toBe(false);
    engine.removeKey('k');
    await expect(engine.commit(held as QuotaReservation, usage(1, 1))).resolves.toBeUndefined();
    expect(() => engine.check('k', { inputTokens: 1, outputTokens: 1 })).toThrow(RouterError);
  });
});
