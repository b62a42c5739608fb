/**
 * The guarded client: which addresses it refuses (after resolution, every
 * resolved address, IPv6 forms that wrap IPv4 included), that it connects to
 * the address it checked, follows no redirect, and bounds time and size.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkTarget, guardedFetch, isReachable, TargetRefusedError } from '../../src/net/guarded-fetch';

const production = { allowLoopback: false };
const local = { allowLoopback: true };

describe('addresses', () => {
  test.each([
    ['93.184.216.34', true],
    ['2606:2800:220:1:248:1893:25c8:1946', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.0.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00:ec2::254', false],
    ['ff02::1', false],
    ['::ffff:169.254.169.254', false],
    ['::ffff:10.0.0.1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['2002:a9fe:a9fe::', false],
  ])('%s reachable in production: %s', (address, expected) => {
    expect(isReachable(address)).toBe(expected);
  });
});

describe('checkTarget', () => {
  const resolver = (map: Record<string, string[]>) => async (host: string) =>
    (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  test('a name that resolves to a private address is refused, also when it resolves to a public one too', async () => {
    const dns = resolver({ 'evil.example': ['93.184.216.34', '10.0.0.5'], 'meta.example': ['169.254.169.254'] });
    await expect(checkTarget('https://evil.example/x', production, 'url', dns)).rejects.toThrow(TargetRefusedError);
    await expect(checkTarget('https://meta.example/x', production, 'url', dns)).rejects.toThrow(/private or reserved/);
  });

  test('a public name passes, pinned to its address', async () => {
    const dns = resolver({ 'hooks.example': ['93.184.216.34'] });
    const target = await checkTarget('https://hooks.example/x', production, 'url', dns);
    expect(target.address).toBe('93.184.216.34');
  });

  test('production refuses http and loopback; the local stack allows loopback by name only', async () => {
    const dns = resolver({
      'hooks.example': ['93.184.216.34'],
      localhost: ['127.0.0.1'],
      'sneaky.example': ['127.0.0.1'],
    });
    await expect(checkTarget('http://hooks.example/', production, 'url', dns)).rejects.toThrow(/https/);
    await expect(checkTarget('http://127.0.0.1:9/', production, 'url', dns)).rejects.toThrow(/https/);
    await expect(checkTarget('https://127.0.0.1:9/', production, 'url', dns)).rejects.toThrow(/private/);
    await expect(checkTarget('http://localhost:9/', local, 'url', dns)).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(checkTarget('http://[::1]:9/', local, 'url', dns)).resolves.toMatchObject({ address: '::1' });
    await expect(checkTarget('https://sneaky.example/', local, 'url', dns)).rejects.toThrow(/private/);
    await expect(checkTarget('http://169.254.169.254/', local, 'url', dns)).rejects.toThrow(TargetRefusedError);
  });

  test('the error names the field, in English and Korean', async () => {
    const err = await checkTarget('https://10.0.0.1/', production, 'deliveries[2].url').catch((e) => e);
    expect(err.options.details).toEqual([{ field: 'deliveries[2].url', message: expect.any(String) }]);
    expect(err.options.ko).toMatch(/사설/);
  });
});

describe('guardedFetch', () => {
  let server: Server;
  let port = 0;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: `http://127.0.0.1:${port}/secret` });
        res.end();
      } else if (req.url === '/big') {
        res.writeHead(200);
        res.end('x'.repeat(1024 * 1024));
      } else if (req.url === '/slow') {
        // Never answers.
      } else {
        res.writeHead(200);
        res.end(`host=${req.headers.host}`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    hits.length = 0;
  });

  test('connects to the checked address without a second lookup', async () => {
    let lookups = 0;
    const dns = async () => {
      lookups++;
      return [{ address: lookups === 1 ? '127.0.0.1' : '169.254.169.254', family: 4 }];
    };
    const res = await guardedFetch(`http://localhost:${port}/ok`, { method: 'GET' }, local, dns);
    expect(res.text).toBe(`host=localhost:${port}`);
    expect(lookups).toBe(1);
  });

  test('does not follow a redirect', async () => {
    const res = await guardedFetch(`http://127.0.0.1:${port}/redirect`, { method: 'GET' }, local);
    expect(res.status).toBe(302);
    expect(hits).toEqual(['/redirect']);
  });

  test('keeps only the first bytes of a large answer', async () => {
    const res = await guardedFetch(`http://127.0.0.1:${port}/big`, { method: 'GET', maxResponseBytes: 1000 }, local);
    expect(res.status).toBe(200);
    expect(res.text.length).toBe(1000);
  });

  test('gives up on a receiver that does not answer in time', async () => {
    await expect(
      guardedFetch(`http://127.0.0.1:${port}/slow`, { method: 'GET', timeoutMs: 200 }, local),
    ).rejects.toThrow(/200 ms/);
  });
});
