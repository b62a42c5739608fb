import { ResourceExhaustedError, toErrorResponse } from '@agent-platform/core/errors';
import { requestLocale } from '../../src/http/request-locale';

const asking = (value?: string) => ({ headers: { 'accept-language': value } });

describe('requestLocale', () => {
  it.each([
    [undefined, 'en'],
    ['ko', 'ko'],
    ['ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'],
    ['en-US,en;q=0.9,ko;q=0.8', 'en'],
    ['en;q=0.5, ko;q=0.9', 'ko'],
    ['fr, ko;q=0.1', 'ko'],
    ['ko;q=0, en', 'en'],
    ['de', 'en'],
  ])('%s → %s', (header, locale) => {
    expect(requestLocale(asking(header))).toBe(locale);
  });
});

describe('toErrorResponse in a language', () => {
  const err = new ResourceExhaustedError('Budget spent.', undefined, { ko: '예산을 다 썼습니다.' });

  it('answers the Korean text for ko and the English otherwise, with the same code', () => {
    expect(toErrorResponse(err, 'ko').body.error).toEqual({
      code: 'resource_exhausted',
      message: '예산을 다 썼습니다.',
    });
    expect(toErrorResponse(err, 'en').body.error).toEqual({ code: 'resource_exhausted', message: 'Budget spent.' });
  });

  it('hides an unknown failure in either language', () => {
    expect(toErrorResponse(new Error('db password leaked'), 'ko').body.error.message).not.toMatch(/password/);
    expect(toErrorResponse(new Error('x'), 'ko').body.error.message).toMatch(/[가-힣]/);
  });
});
