/** Styles shared by every component: buttons, cards, fields, badges; all from the theme tokens. */
import { css } from 'lit';

export const shared = css`
  :host { display: block; }
  *, *::before, *::after { box-sizing: border-box; }
  h1, h2, h3 { margin: 0; line-height: 1.25; letter-spacing: -0.01em; }
  h1 { font-size: 1.6rem; font-weight: 700; }
  h2 { font-size: 1.1rem; font-weight: 650; }
  h3 { font-size: 0.95rem; font-weight: 650; }
  p { margin: 0; }
  a { color: var(--ap-accent); }
  /* The "← back" link at the top of a page. */
  .back { color: var(--ap-text-2); text-decoration: none; font-size: 0.9rem; font-weight: 600; }
  .back:hover { color: var(--ap-text); }
  .muted { color: var(--ap-text-2); }
  .faint { color: var(--ap-text-3); font-size: 0.85rem; }
  .visually-hidden {
    position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
    overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .card {
    background: var(--ap-surface); border: 1px solid var(--ap-border); border-radius: var(--ap-radius);
    box-shadow: var(--ap-shadow);
  }
  .btn {
    display: inline-flex; align-items: center; justify-content: center; gap: 0.45em;
    min-height: 38px; padding: 0 14px; border-radius: var(--ap-radius-sm);
    border: 1px solid var(--ap-border-strong); background: var(--ap-surface); color: var(--ap-text);
    font: inherit; font-weight: 600; font-size: 0.92rem; cursor: pointer; text-decoration: none;
    transition: background 0.15s, border-color 0.15s, color 0.15s; white-space: nowrap;
  }
  .btn:hover:not(:disabled) { background: var(--ap-surface-2); }
  .btn:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible, a:focus-visible,
  button:focus-visible, summary:focus-visible {
    outline: none; box-shadow: var(--ap-focus); border-color: var(--ap-accent);
  }
  .btn:disabled { opacity: 0.55; cursor: not-allowed; }
  .btn.primary { background: var(--ap-accent); border-color: var(--ap-accent); color: var(--ap-accent-contrast); }
  .btn.primary:hover:not(:disabled) { background: var(--ap-accent-hover); border-color: var(--ap-accent-hover); }
  .btn.danger { color: var(--ap-danger); }
  .btn.danger.solid { background: var(--ap-danger); border-color: var(--ap-danger); color: #fff; }
  .btn.ghost { border-color: transparent; background: transparent; }
  .btn.small { min-height: 30px; padding: 0 10px; font-size: 0.85rem; }
  .field { display: grid; gap: 6px; }
  .field > label, .label { font-weight: 600; font-size: 0.88rem; color: var(--ap-text); }
  input[type='text'], input[type='time'], input[type='number'], input:not([type]), textarea, select {
    width: 100%; font: inherit; color: var(--ap-text); background: var(--ap-surface);
    border: 1px solid var(--ap-border-strong); border-radius: var(--ap-radius-sm); padding: 8px 11px;
  }
  textarea { resize: vertical; line-height: 1.5; }
  [aria-invalid='true'] { border-color: var(--ap-danger) !important; }
  .field-error { color: var(--ap-danger); font-size: 0.85rem; }
  .badge {
    display: inline-flex; align-items: center; gap: 6px; padding: 2px 10px; border-radius: 999px;
    font-size: 0.78rem; font-weight: 650; background: var(--ap-surface-2); color: var(--ap-text-2);
    white-space: nowrap;
  }
  .badge::before { content: ''; width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
  .badge.active, .badge.success { background: var(--ap-success-soft); color: var(--ap-success); }
  .badge.failed { background: var(--ap-danger-soft); color: var(--ap-danger); }
  .badge.running, .badge.queued { background: var(--ap-info-soft); color: var(--ap-info); }
  .badge.inactive { background: var(--ap-warning-soft); color: var(--ap-warning); }
  .badge.running::before { animation: ap-pulse 1.2s ease-in-out infinite; }
  .chip {
    display: inline-flex; align-items: center; padding: 2px 10px; border-radius: 999px; font-size: 0.8rem;
    background: var(--ap-accent-soft); color: var(--ap-accent); font-weight: 600;
  }
  .spinner {
    width: 14px; height: 14px; border-radius: 50%; border: 2px solid currentColor; border-right-color: transparent;
    animation: ap-spin 0.8s linear infinite; display: inline-block; flex: none;
  }
  @keyframes ap-spin { to { transform: rotate(360deg); } }
  @keyframes ap-pulse { 50% { opacity: 0.3; } }
  @media (prefers-reduced-motion: reduce) {
    .spinner, .badge.running::before { animation: none; }
  }
`;
