/** The `chat` HTTP function: designer turns, conversations, test runs and saving drafts (API.md). */
import { chatRoutes } from '../chat/routes';
import { httpFunction } from '../shared/http';

export const chat = httpFunction(chatRoutes);
