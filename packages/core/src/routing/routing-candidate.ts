import type { Decimal } from 'decimal.js';
import type { ProviderAdapter } from '../adapter/provider-adapter.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { CandidateExplanation, ExclusionCode, ScorerName } from './explanation/explanation-types.js';

/**
 * One (key, model) pair for a request. It *is* its explanation entry: public fields are the explanation data,
 * private fields hold the record and adapter (invisible to JSON and inspection), so explaining costs no copies.
 */
export class RoutingCandidate implements CandidateExplanation {
  keyId: string;
  label: string;
  providerId: string;
  model: string;
  eligible = true;
  exclusion?: CandidateExplanation['exclusion'];
  scores?: Partial<Record<ScorerName, number>>;
  total?: number;
  readonly #record: KeyRecord;
  readonly #adapter: ProviderAdapter;
  #headroom = 1;
  #maxCost: Decimal | undefined;

  constructor(record: KeyRecord, adapter: ProviderAdapter, model: string) {
    this.keyId = record.id;
    this.label = record.label;
    this.providerId = record.providerId;
    this.model = model;
    this.#record = record;
    this.#adapter = adapter;
  }

  /** The key behind the candidate. */
  get record(): KeyRecord {
    return this.#record;
  }

  /** The provider's adapter. */
  get adapter(): ProviderAdapter {
    return this.#adapter;
  }

  /** Quota headroom 0..1 found by the quota filter. */
  get headroom(): number {
    return this.#headroom;
  }

  set headroom(value: number) {
    this.#headroom = value;
  }

  /** Worst-case cost, when the price is known. */
  get maxCost(): Decimal | undefined {
    return this.#maxCost;
  }

  set maxCost(value: Decimal | undefined) {
    this.#maxCost = value;
  }

  /** Marks the candidate ineligible with a reason. */
  exclude(code: ExclusionCode, detail: string, retryAt?: number): void {
    this.eligible = false;
    this.exclusion = retryAt === undefined ? { code, detail } : { code, detail, retryAt };
    this.scores = undefined;
    this.total = undefined;
  }
}
