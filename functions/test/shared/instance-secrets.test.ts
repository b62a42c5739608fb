/**
 * Secret Manager values reach a function as environment values resolved when its
 * instance starts (https://cloud.google.com/functions/docs/configuring/secrets,
 * "environment variables": a new version is seen by new instances only). The
 * functions read them once per instance, on first use, so an instance never
 * mixes two versions of a key mid-flight.
 */
import type { Adapters } from '../../src/shared/factory';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

function freshInstance(): () => Adapters {
  let adapters!: () => Adapters;
  jest.isolateModules(() => {
    adapters = require('../../src/shared/factory').adapters;
  });
  return adapters;
}

test('the API key an instance started with is the one it keeps using', () => {
  process.env.ANTHROPIC_API_KEY = 'sk-ant-version-1';
  const instance = freshInstance();
  expect(instance().model.apiKey).toBe('sk-ant-version-1');
  process.env.ANTHROPIC_API_KEY = 'sk-ant-version-2';
  expect(instance().model.apiKey).toBe('sk-ant-version-1');
  expect(instance().config.anthropic.apiKey).toBe('sk-ant-version-1');
  // A new instance (a new revision, or a scale-out) reads the new version.
  expect(freshInstance()().model.apiKey).toBe('sk-ant-version-2');
});

test('an instance without the secret refuses to call the model, and says how to mount it', () => {
  delete process.env.ANTHROPIC_API_KEY;
  expect(() => freshInstance()().model).toThrow(/Secret Manager/);
});
