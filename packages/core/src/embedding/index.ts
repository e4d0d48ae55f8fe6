export { type EmbedIntent, embedIntentSchema, parseEmbedIntent } from './embed-intent.js';
export type { EmbedResult } from './embed-response.js';
