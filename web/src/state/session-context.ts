/** The session (who the user is, and which backend serves them), provided by <app-shell>. */
import { createContext } from '@lit/context';
import type { DataClient } from '../data/client.js';

export const sessionContext = createContext<DataClient | undefined>(Symbol('session'));
