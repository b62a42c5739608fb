/**
 * zod/mini, the one way the platform gets zod: schemas are built with
 * functions (`z.optional(s)`, `s.check(z.maxLength(9))`) instead of methods, so
 * building them when a function's bundle loads costs a few milliseconds rather
 * than the classic API's tens (docs/scaling.md, "Cold starts").
 *
 * Unlike the classic API, mini registers no locale, and every issue would say
 * "Invalid input". English is registered here, so the messages that reach logs
 * and a few API details (configuration errors, corrupt documents, push
 * subscriptions) read as before; the API's own ko/en messages come from issue
 * codes (agent/messages.ts). Imported by name, English is the only one of
 * zod's locales a bundle keeps.
 *
 * Schemas a request may not need (document converters, the agent schema's
 * checked fields) are wrapped in `z.lazy`, which builds them on their first parse.
 */
import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

config(en());

export * from 'zod/mini';
