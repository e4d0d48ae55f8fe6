export { type EmbedIntent, embedIntentSchema, parseEmbedIntent } from './embed-intent.js';
export type { EmbedResponse } from './embed-response.js';
