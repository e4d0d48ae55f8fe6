export { chunkText, countFakeTokens, fakeReply } from './fake-reply.js';
export { PrefixCache, type PrefixCacheOptions } from './prefix-cache.js';
