/**
 * Serves the platform's functions inside the local stack through the Functions
 * Framework itself: each registered function gets the Framework's own Express
 * server (as in production), and requests are handed to it unchanged, so a
 * handler sees exactly what Cloud Run would give it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { getTestServer } from '@google-cloud/functions-framework/testing';

export class FunctionsHost {
  private readonly servers = new Map<string, Server>();

  constructor(functionNames: string[]) {
    // Registers agents, chat, runAgent and tick with the Framework.
    require('@agent-platform/functions');
    for (const name of functionNames) this.servers.set(name, getTestServer(name));
  }

  has(name: string): boolean {
    return this.servers.has(name);
  }

  /** Hands the request to the function's server; `path` replaces the URL when given. */
  dispatch(name: string, req: IncomingMessage, res: ServerResponse, path?: string): void {
    const server = this.servers.get(name);
    if (!server) throw new Error(`No function named ${name}`);
    if (path !== undefined) req.url = path;
    server.emit('request', req, res);
  }
}
