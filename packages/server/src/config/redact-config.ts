import type { GatewayConfig } from './config-schema.js';

const HIDDEN = '[redacted]';

/** A Redis URL with its user and password hidden (they are credentials); unparseable ones hidden whole. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return `${parsed.protocol}//${HIDDEN}@${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return HIDDEN;
  }
}

/**
 * The resolved config without secrets: key material, virtual keys, the admin token, header values and the
 * Redis URL's credentials are replaced, so `apikeyrouter check` can print it.
 *
 * @example
 * console.log(JSON.stringify(redactConfig(config), null, 2));
 */
export function redactConfig(config: GatewayConfig): GatewayConfig {
  const providers: GatewayConfig['providers'] = {};
  for (const [id, provider] of Object.entries(config.providers)) {
    providers[id] = provider.headers
      ? { ...provider, headers: Object.fromEntries(Object.keys(provider.headers).map((k) => [k, HIDDEN])) }
      : { ...provider };
  }
  return {
    ...config,
    providers,
    keys: config.keys.map((key) => ({ ...key, key: HIDDEN })),
    virtualKeys: config.virtualKeys.map((vk) => (vk.key === undefined ? { ...vk } : { ...vk, key: HIDDEN })),
    ...(config.admin ? { admin: { token: HIDDEN } } : {}),
    ...(config.redis ? { redis: { ...config.redis, url: redactUrl(config.redis.url) } } : {}),
  };
}
