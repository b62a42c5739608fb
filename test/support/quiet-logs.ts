// Keeps structured logs out of test output; set TEST_LOGS=1 to see them.
import { configureLog } from '@agent-platform/functions/host';

if (!process.env.TEST_LOGS) configureLog({ sink: () => {} });
