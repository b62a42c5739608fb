/** `resultViews/{uid}`: which finished runs a person has seen (packages/core/src/runs/result-views.ts). */
import { type ResultViewsDoc, ResultViewsDocSchema } from '@agent-platform/core/runs';
import { Collection } from './collection';

export const resultViews = new Collection<ResultViewsDoc>('resultViews', ResultViewsDocSchema);
