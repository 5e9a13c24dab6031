import { describe, expect, it } from 'vitest';
import {
  classifyStatus,
  classifySyncError,
  isClientOutdated,
  SyncError,
  syncErrorFromCall,
  toSyncError,
} from './errors.ts';

describe('classifyStatus', () => {
  it.each([0, 408, 429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(classifyStatus(status)).toBe('retry');
  });
  it.each([400, 401, 403, 404, 409, 422])('gives up on status %i', (status) => {
    expect(classifyStatus(status)).toBe('final');
  });
});

describe('syncErrorFromCall', () => {
  it('keeps the stable code of an application error', () => {
    const e = syncErrorFromCall({ status: 400, error: { code: 'PT400', message: 'too_many_days' } });
    expect(e).toMatchObject({ code: 'too_many_days', kind: 'final', status: 400 });
  });

  it('treats a PT4xx with a non-code message as a plain HTTP error', () => {
    const e = syncErrorFromCall({ status: 400, error: { code: 'PT400', message: 'Something broke' } });
    expect(e.code).toBe('http_400');
  });

  it('names a call that never got an answer a network error, or a timeout when aborted', () => {
    expect(
      syncErrorFromCall({ status: 0, error: { code: '', message: 'TypeError: fetch failed' } }),
    ).toMatchObject({
      code: 'network_error',
      kind: 'retry',
    });
    expect(
      syncErrorFromCall({
        status: 0,
        error: { code: '', message: 'TimeoutError: The operation was aborted' },
      }),
    ).toMatchObject({ code: 'timeout', kind: 'retry' });
  });

  it('maps refused tokens and overload', () => {
    expect(syncErrorFromCall({ status: 401, error: { code: 'PGRST301', message: 'JWT expired' } }).code).toBe(
      'unauthorized',
    );
    expect(
      syncErrorFromCall({ status: 403, error: { code: '42501', message: 'permission denied' } }).code,
    ).toBe('forbidden');
    expect(syncErrorFromCall({ status: 429, error: null })).toMatchObject({
      code: 'rate_limited',
      kind: 'retry',
    });
    expect(syncErrorFromCall({ status: 503, error: { message: 'bad gateway' } })).toMatchObject({
      code: 'server_error',
      kind: 'retry',
    });
  });
});

describe('client_outdated', () => {
  it('is a final error with its stable code, recognised by isClientOutdated', () => {
    const e = syncErrorFromCall({ status: 426, error: { code: 'PT426', message: 'client_outdated' } });
    expect(e).toMatchObject({ code: 'client_outdated', kind: 'final', status: 426 });
    expect(isClientOutdated(e)).toBe(true);
    expect(isClientOutdated(new SyncError('not_registered', 'final', 404))).toBe(false);
    expect(isClientOutdated(new Error('client_outdated'))).toBe(false);
  });
});

describe('classifySyncError', () => {
  it('trusts a SyncError kind', () => {
    expect(classifySyncError(new SyncError('x', 'retry', 500))).toBe('retry');
    expect(classifySyncError(new SyncError('x', 'final', 400))).toBe('final');
  });

  it('retries what fetch throws when offline and abort timeouts', () => {
    expect(classifySyncError(new TypeError('fetch failed'))).toBe('retry');
    expect(classifySyncError(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe('retry');
  });

  it('uses a status carried by foreign errors', () => {
    expect(classifySyncError({ status: 502 })).toBe('retry');
    expect(classifySyncError({ status: 400 })).toBe('final');
  });

  it('does not retry programming errors', () => {
    expect(classifySyncError(new RangeError('bad'))).toBe('final');
    expect(toSyncError(new RangeError('bad'))).toMatchObject({ code: 'unknown_error', kind: 'final' });
    expect(toSyncError(new TypeError('fetch failed'))).toMatchObject({
      code: 'network_error',
      kind: 'retry',
    });
  });
});
