/** Usage per user and month. */
export * from './types';
