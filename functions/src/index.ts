/**
 * Registers the platform's functions with the Functions Framework, and nothing
 * else. Each deployed function picks one by its entry point
 * (`FUNCTION_TARGET`); the build makes one bundle per function from this list.
 */
import { cloudEvent, http } from '@google-cloud/functions-framework';
import { agents } from './functions/agents';
import { chat } from './functions/chat';
import { chatTurn } from './functions/chat-turn';
import { deliver } from './functions/deliver';
import { runAgent } from './functions/run-agent';
import { tick } from './functions/tick';

http('agents', agents);
http('chat', chat);
http('chatTurn', chatTurn);
http('deliver', deliver);
http('runAgent', runAgent);
cloudEvent('tick', tick);
