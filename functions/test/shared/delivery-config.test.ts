/** Delivery settings in the configuration: Terraform's placeholder secrets read as unset, secrets never logged. */
import { describeConfig, loadConfig } from '../../src/shared/config';

test('a delivery secret still at its placeholder `unset` reads as not set up; a real one is kept', () => {
  const placeholder = loadConfig({ PLATFORM_ENV: 'test', SMTP_URL: 'unset', VAPID_PRIVATE_KEY: 'unset' });
  expect(placeholder.deliveries.smtpUrl).toBeUndefined();
  expect(placeholder.deliveries.vapid.privateKey).toBeUndefined();
  const real = loadConfig({
    PLATFORM_ENV: 'test',
    SMTP_URL: 'smtps://u:p@smtp.example.com:465',
    VAPID_PRIVATE_KEY: 'k',
  });
  expect(real.deliveries.smtpUrl).toBe('smtps://u:p@smtp.example.com:465');
  // Only those two may be `unset`: elsewhere it is an ordinary (bad) value.
  expect(() => loadConfig({ PLATFORM_ENV: 'test', APP_URL: 'unset' })).toThrow(/APP_URL/);
});

test('the SMTP password and the VAPID private key are never in the logged configuration', () => {
  const config = loadConfig({
    PLATFORM_ENV: 'test',
    SMTP_URL: 'smtps://u:hunter2@smtp.example.com:465',
    VAPID_PRIVATE_KEY: 'private-key-value',
  });
  const logged = JSON.stringify(describeConfig(config));
  expect(logged).not.toContain('hunter2');
  expect(logged).not.toContain('private-key-value');
});
