// Keeps structured logs out of test output; set TEST_LOGS=1 to see them.
import { configureLog } from '../../functions/src/shared/log';

if (!process.env.TEST_LOGS) configureLog({ sink: () => {} });
