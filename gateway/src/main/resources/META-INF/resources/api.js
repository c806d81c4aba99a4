// Every call to the API goes through here: same-origin fetch with the session cookie (the gateway adds the token),
// the CSRF header on changes, Accept-Language, problem+json turned into a Problem, and 503s retried by themselves.
import { lang } from './i18n.js';

export class Problem extends Error {
  constructor(kind, body, status) {
    super(kind);
    this.kind = kind;
    this.body = body;
    this.status = status;
  }
}

const BY_STATUS = { 400: 'invalid-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found' };
const MAX_BUSY_RETRIES = 5;

export const cookie = name =>
  document.cookie.split('; ').find(c => c.startsWith(name + '='))?.slice(name.length + 1) ?? '';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * api('POST', '/bookings', {vaccineId: 1}, {onBusy}) resolves with the answer's JSON, or rejects with a Problem.
 * onBusy(seconds, problem) is told each time a 503 is retried after its Retry-After.
 */
export async function api(method, path, body, { onBusy, headers: extra = {}, csrfRetried = false, busy = 0 } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang(), ...extra };
  let payload;
  if (body instanceof Blob || typeof body === 'string') {
    headers['Content-Type'] = 'text/csv';
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = decodeURIComponent(cookie('XSRF-TOKEN'));
  let response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new Problem('network', { detail: String(e) }, 0);
  }
  if (response.ok) {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch { /* not JSON: the status says enough */ }
  const kind = (problem.type || '').split(':').pop() || BY_STATUS[response.status] || 'internal-error';
  if (kind === 'csrf' && !csrfRetried) {
    await fetch('/session', { credentials: 'same-origin' }); // a fresh XSRF-TOKEN cookie
    return api(method, path, body, { onBusy, headers: extra, csrfRetried: true, busy });
  }
  if (response.status === 503 && busy < MAX_BUSY_RETRIES) {
    const seconds = Math.min(Math.max(parseInt(response.headers.get('Retry-After'), 10) || 2, 1), 30);
    onBusy?.(seconds, new Problem(kind, problem, 503));
    await sleep(seconds * 1000);
    return api(method, path, body, { onBusy, headers: extra, csrfRetried, busy: busy + 1 });
  }
  throw new Problem(kind, problem, response.status);
}
