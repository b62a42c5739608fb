/** The `chat` HTTP function: designer turns, conversations, test runs and saving drafts (docs/api.md "Chat"). */
import { conversationLibraryRoutes } from '../chat/library-routes';
import { chatRoutes } from '../chat/routes';
import { httpFunction } from '../http/router';
import { adapters } from '../shared/factory';

export const chat = httpFunction([...chatRoutes, ...conversationLibraryRoutes], adapters);
