/** Usage per user and month. */
export * from './api';
export * from './types';
