export { chunkText, countFakeTokens, fakeReply } from './fake-reply.js';
