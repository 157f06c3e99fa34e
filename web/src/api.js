// api.js - the one way the interface talks to the server: the JSON API
// under /api/v1/ (docs/api.md), with the session cookie, the CSRF token on
// every write, and errors as ApiError {status, code, message, field}.
// A 401 on any call but the login means the session ended: the handler
// set with onSessionEnd (main.js) keeps what was typed and shows sign-in.

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'internal');
    this.field = e.field || null;
  }
}

let csrfToken = null;
let sessionEnd = () => {};

export function setCsrf(token) {
  csrfToken = token;
}

export function onSessionEnd(fn) {
  sessionEnd = fn;
}

/**
 * api(method, path, {body, ifMatch, signal}) -> {data, etag, status}; a body
 * that is not JSON goes as {raw, contentType} (the CSV of a list).
 * Throws ApiError; an aborted request throws the AbortError of fetch.
 */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.raw !== undefined) headers['Content-Type'] = opts.contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.raw !== undefined ? opts.raw : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { error: { code: 'network', message: e.message } });
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    err.detail = (data && data.error) || {};
    err.retryAfter = res.headers.get('Retry-After');
    if (res.status === 401 && path !== '/api/v1/login') sessionEnd(err);
    throw err;
  }
  return { data, etag: res.headers.get('ETag'), status: res.status };
}

/** A query string of the non-empty values of `params`. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
