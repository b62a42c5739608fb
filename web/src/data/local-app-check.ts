/**
 * App Check tokens on the local stack: `POST /__local/app-check` stands in for
 * App Check's exchange (local/src/app-check.ts). A token is kept until five
 * minutes before it expires, as the Firebase SDK refreshes its own; callers
 * that ask at the same time share one request.
 */
const MARGIN_MS = 5 * 60_000;

export class LocalAppCheckTokens {
  private kept: { token: string; expiresAt: number } | null = null;
  private asking: Promise<string> | null = null;

  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly now: () => number = Date.now,
  ) {}

  async token(refresh = false): Promise<string> {
    if (!refresh && this.kept && this.kept.expiresAt - MARGIN_MS > this.now()) return this.kept.token;
    this.asking ??= this.ask().finally(() => {
      this.asking = null;
    });
    return this.asking;
  }

  private async ask(): Promise<string> {
    const res = await this.fetchFn('/__local/app-check', { method: 'POST' });
    if (!res.ok) throw new Error(`App Check token refused: HTTP ${res.status}`);
    const { token, ttlMillis } = (await res.json()) as { token: string; ttlMillis: number };
    this.kept = { token, expiresAt: this.now() + ttlMillis };
    return token;
  }
}
