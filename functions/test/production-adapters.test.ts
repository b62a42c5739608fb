/**
 * The production adapters' contract suites need their Google services, which
 * cannot be reached from this machine. Each runs where its service is
 * reachable and says plainly here when it did not.
 */
import { FirebaseAuth } from '../src/adapters/firebase-auth';
import { loadConfig } from '../src/shared/config';
import { describeAuthContract, describeModelContract } from './contracts/index';

const notRun = (suite: string, why: string) => {
  process.stderr.write(`\n[contract] ${suite} DID NOT RUN: ${why}\n`);
  test.skip(`${suite} — not run: ${why}`, () => {});
};

const authEmulator = process.env.FIREBASE_AUTH_EMULATOR_HOST;
if (authEmulator && process.env.FIREBASE_TASK_CALLER_TOKEN) {
  // With the Auth emulator, anonymous sign-up mints real-format ID tokens (https://firebase.google.com/docs/emulator-suite/connect_auth).
  describeAuthContract(`Firebase Auth (emulator at ${authEmulator})`, async () => ({
    auth: new FirebaseAuth(loadConfig()),
    userToken: async () => {
      const res = await fetch(`http://${authEmulator}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=fake`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ returnSecureToken: true }),
      });
      const body = (await res.json()) as { localId: string; idToken: string };
      return { uid: body.localId, token: body.idToken };
    },
    taskToken: async () => process.env.FIREBASE_TASK_CALLER_TOKEN as string,
    cleanup: async () => {},
  }));
} else {
  notRun(
    'Auth contract: Firebase Auth',
    'needs FIREBASE_AUTH_EMULATOR_HOST and a Google-signed FIREBASE_TASK_CALLER_TOKEN',
  );
}

if (process.env.ANTHROPIC_API_KEY && process.env.MODEL_CONTRACT_LIVE === '1') {
  describeModelContract('Claude API', async () => ({
    endpoint: {
      apiKey: process.env.ANTHROPIC_API_KEY as string,
      baseURL: process.env.ANTHROPIC_BASE_URL,
      offline: false,
    },
    model: loadConfig().models.models['claude-haiku-5-5'] ? 'claude-haiku-5-5' : loadConfig().models.defaultModel,
    cleanup: async () => {},
  }));
} else {
  notRun('Model contract: Claude API', 'needs ANTHROPIC_API_KEY and MODEL_CONTRACT_LIVE=1 (it spends a few tokens)');
}

notRun(
  'TaskQueue contract: Cloud Tasks',
  'needs a real Cloud Tasks queue; no emulator exists (see cloud-tasks-queue.test.ts for the request it sends)',
);
