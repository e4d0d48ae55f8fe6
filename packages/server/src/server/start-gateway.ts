import { type FSWatcher, watch } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import type { GatewayConfig } from '../config/config-schema.js';
import { loadConfigFile } from '../config/load-config.js';
import { Gateway, type GatewayOptions } from './gateway.js';

/**
 * Options of {@link startGateway}.
 *
 * @example
 * ```ts
 * const options: StartGatewayOptions = { configFile: 'gateway.yaml', host: '0.0.0.0', port: 8080, watch: true, signals: true };
 * const running = await startGateway(options);
 * ```
 */
export interface StartGatewayOptions extends GatewayOptions {
  /** Config file to load (and watch, with `watch`). */
  configFile?: string;
  /** A config object instead of a file. */
  config?: GatewayConfig;
  /** Overrides `server.port` (0 picks a free port). */
  port?: number;
  /** Overrides `server.host`. */
  host?: string;
  /** Reload when the config file changes. Default false. */
  watch?: boolean;
  /** Reload on SIGHUP and drain on SIGTERM/SIGINT. Default false (the CLI turns it on). */
  signals?: boolean;
  /** Environment for `${VAR}` interpolation. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A running gateway.
 *
 * @example
 * ```ts
 * const running: RunningGateway = await startGateway({ configFile: 'gateway.yaml', port: 0 });
 * await fetch(`${running.url}/v1/models`, { headers: { authorization: `Bearer ${virtualKey}` } });
 * if (!(await running.reloadFromFile())) console.warn('new config rejected, the old one stays');
 * await running.close();
 * ```
 */
export interface RunningGateway {
  /** The gateway (app, router, metrics, reload). */
  gateway: Gateway;
  /** `http://host:port`. */
  url: string;
  /** The port listened on. */
  port: number;
  /** Reloads the config file now; resolves false (old config kept) when it is bad. */
  reloadFromFile(): Promise<boolean>;
  /** Stops accepting, waits for in-flight requests up to `server.shutdownTimeoutMs`, then closes. */
  close(): Promise<void>;
}

/**
 * Loads the config, builds the gateway and listens. With `watch` and `signals` it reloads on file change and
 * SIGHUP (a bad new config keeps the old one) and drains on SIGTERM.
 *
 * @example
 * const running = await startGateway({ configFile: 'gateway.yaml', port: 0 });
 * console.log(`listening on ${running.url}`);
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const env = options.env ?? process.env;
  const file = options.configFile === undefined ? undefined : resolve(options.configFile);
  const config = options.config ?? (file ? await loadConfigFile(file, env) : undefined);
  if (!config) throw new TypeError('startGateway needs configFile or config');
  const gateway = await Gateway.create(config, options);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const listener = getRequestListener(gateway.app.fetch);
  const server: Server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    void listener(req, res);
  });
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? config.server.host;
  const port = options.port ?? config.server.port;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const reloadFromFile = async (): Promise<boolean> => {
    if (!file) return false;
    try {
      await gateway.reload(await loadConfigFile(file, env));
      return true;
    } catch (error) {
      gateway.reportReloadFailure(error);
      return false;
    }
  };
  let watcher: FSWatcher | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;
  if (options.watch && file) {
    // Editors replace files (rename), so watch the directory and filter by name; debounce bursts of events.
    watcher = watch(dirname(file), (_event, name) => {
      if (name !== null && name !== basename(file)) return;
      if (pending) clearTimeout(pending);
      pending = setTimeout(() => void reloadFromFile(), 50);
    });
  }
  const onHup = () => void reloadFromFile();
  const onTerm = () => void close().then(() => process.exit(0));
  if (options.signals) {
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onTerm);
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      watcher?.close();
      if (pending) clearTimeout(pending);
      process.off('SIGHUP', onHup);
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onTerm);
      // Live dashboard streams never end by themselves: end them so draining does not wait for them.
      gateway.close();
      const stopped = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((done) => {
          idle = done;
          setTimeout(done, gateway.config.server.shutdownTimeoutMs).unref();
        });
      }
      server.closeAllConnections();
      await stopped;
      await gateway.closeStores();
    })();
    return closing;
  };
  return { gateway, url: `http://${shownHost}:${address.port}`, port: address.port, reloadFromFile, close };
}
