import { QuotaAwarenessEngine, MemoryQuotaLedger, VirtualClock, type QuotaLedger, type KeyQuotaRecord, type QuotaState } from '@apikeyrouter/core';
const clock = new VirtualClock();
const q = new QuotaAwarenessEngine({ clock, onWarning: () => {}, cautiousConcurrency: 2, cautiousSuccesses: 5, reservationTimeoutMs: 600_000, ledger: new MemoryQuotaLedger() });
q.registerKey('a', { rpm: 1, tpm: 1, inputTpm: 1, outputTpm: 1, rpd: 1, tpd: 1, concurrency: 1 });
q.setDeclaredLimits('a', { rpm: 2 });
const est = { inputTokens: 1, outputTokens: 1 } as any;
const c = q.check('a', est);
if (c.fits) { const h: number = c.headroom; void h; } else { void c.dimension; void c.detail; void c.retryAt; }
export async function g() {
const r = await q.reserve('a', est);
if (r.ok) { await q.commit(r.reservation, { inputTokens: 1, outputTokens: 1, totalTokens: 2 }); await q.release(r.reservation, { reachedProvider: true }); }
else void r.check;
}
q.observe('a', { dimensions: [] });
q.markTooLarge('a', 'tokens_per_minute', 10);
const n: number | undefined = q.nextFitAt('a', est); void n;
const f: number = q.inFlight('a'); void f;
const s: Promise<QuotaState> = q.getQuotaState('a'); void s;
q.removeKey('a');
declare const l: QuotaLedger; const rec: KeyQuotaRecord | undefined = l.get('x'); void rec; void l.size; l.add(rec!); l.remove('x'); void l.update('x', (r) => r);
