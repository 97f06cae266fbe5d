// Calls to the hub's own API with the console session's cookie. Unsafe methods carry the session's
// CSRF token; a 401 means the session ended (signed out, idle or too old) and sends the user to sign in.
const JSON_TYPES = 'application/json, application/problem+json';

let csrfToken = null;
let onSessionEnded = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.title ? problem.title : `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function useSession(session, sessionEnded) {
  csrfToken = session ? session.csrfToken : null;
  if (sessionEnded) {
    onSessionEnded = sessionEnded;
  }
}

/** A query string from an object, leaving out empty values. */
export function query(params = {}) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      search.append(name, value);
    }
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function request(method, path, { body, params, headers = {}, raw = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: JSON_TYPES, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(method) && csrfToken) {
    init.headers['X-CSRF-Token'] = csrfToken;
  }
  const response = await fetch(path + query(params), init);
  if (raw) {
    return response;
  }
  const type = response.headers.get('Content-Type') || '';
  const payload = type.includes('json') ? await response.json() : await response.text();
  if (response.status === 401 && !path.startsWith('/console/session')) {
    onSessionEnded();
  }
  if (!response.ok) {
    throw new ApiError(response.status, typeof payload === 'object' ? payload : null);
  }
  return payload;
}

export const get = (path, params) => request('GET', path, { params });
export const post = (path, body, params) => request('POST', path, { body, params });
export const put = (path, body) => request('PUT', path, { body });
export const del = (path) => request('DELETE', path);
