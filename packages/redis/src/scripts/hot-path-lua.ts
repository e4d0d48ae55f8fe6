import { FusedScript } from '../connection/fused-script.js';
import { QUOTA_COMMIT, QUOTA_RELEASE, QUOTA_RESERVE } from './quota-lua.js';
import { SPEND_COMMIT, SPEND_FLUSH, SPEND_RELEASE, SPEND_RESERVE } from './spend-lua.js';

/**
 * The scripts every routed request runs, combined (see {@link FusedScript}): on a single Redis server the
 * quota and spend reserve of a request — and its two settlements, and at high concurrency several requests'
 * calls — leave as one EVALSHA. Built from the same sources as the separate scripts, which a Cluster runs.
 */
export const HOT_PATH = new FusedScript('hot-path', [
  QUOTA_RESERVE,
  SPEND_RESERVE,
  QUOTA_COMMIT,
  SPEND_COMMIT,
  QUOTA_RELEASE,
  SPEND_RELEASE,
  SPEND_FLUSH,
]);
