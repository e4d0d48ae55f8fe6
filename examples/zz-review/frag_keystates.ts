import { ApiKeyRouter } from '@apikeyrouter/core';
const router = new ApiKeyRouter();
const key = await router.registerKey('k', 'openai');
router.on('keyStateChanged', (t) => console.log(`${t.keyId}: ${t.from} → ${t.to} (${t.reason})`));
router.getKeyHistory(key.id);
const h = router.getKeyHistory(key.id); const first = h[0]; if (first) { const x: [unknown,unknown,unknown,unknown,unknown] = [first.from, first.to, first.trigger, first.until, first.at]; void x; }
