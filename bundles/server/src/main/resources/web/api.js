// Calls of the lab server's API under /api with the login typed on this page, and its refusals as messages a
// person understands. The login lives in the tab's session storage only: closing the tab logs out.

const KEY = 'jnnunet.login';
const listeners = new Set();

/** A refused or failed call: a short title, the server's own words, and what else it said. */
export class ApiError extends Error {
  constructor(status, title, detail, body = null, retryAfter = null) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export function login() {
  const stored = sessionStorage.getItem(KEY);
  return stored ? JSON.parse(stored) : null;
}

function authorization(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return 'Basic ' + btoa(String.fromCharCode(...bytes));
}

/** Checks a user name and password with the server; keeps them for this tab once it says yes. */
export async function signIn(user, password) {
  const header = authorization(user, password);
  const info = await call('info', { authorization: header });
  sessionStorage.setItem(KEY, JSON.stringify({ user: info.user || user, authorization: header }));
  return info;
}

export function signOut(reason = null) {
  sessionStorage.removeItem(KEY);
  listeners.forEach(listener => listener(reason));
}

/** Called with a reason when the login ends (signed out, or the server no longer takes it). */
export function onSignOut(listener) {
  listeners.add(listener);
}

/** The server's JSON, which may hold NaN as Python writes it: a browser's JSON has none, so NaN reads as null. */
export function parseJson(text) {
  return JSON.parse(text.replace(/("(?:[^"\\]|\\.)*")|-?\bNaN\b|-?\bInfinity\b/g, (match, string) => string || 'null'));
}

function seconds(value) {
  const n = Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** What a refusal means, in a person's words; the server's message says which file, field or limit. */
export function explain(status, message, retryAfter) {
  switch (status) {
    case 400: return ['The server cannot use this', message];
    case 401: return [/wrong|unknown|revoked/i.test(message || '') ? 'Wrong user name or password'
      : 'Please sign in', null];
    case 403: return ['Not allowed', message];
    case 404: return ['Not found', message];
    case 409: return ['Not possible now', message];
    case 413: return ['File too large', message];
    case 415: return ['Wrong format', message];
    case 422: return ['Not accepted', message];
    case 429: return [retryAfter != null ? `The server is busy: try again in ${retryAfter} s`
      : 'The server is busy: try again in a moment', message];
    case 503: return ['The server is not ready', message];
    default: return [status >= 500 ? 'The server failed' : `The server refused (${status})`, message];
  }
}

/**
 * One call. Options: method, body, type (its Content-Type), accept, as ('json' default, 'blob', 'text',
 * 'response'), authorization (another login than the stored one), signal.
 */
export async function call(path, options = {}) {
  const stored = login();
  const headers = { 'X-Requested-With': 'jnnunet-web' };
  const auth = options.authorization || (stored && stored.authorization);
  if (auth) {
    headers.Authorization = auth;
  }
  if (options.type) {
    headers['Content-Type'] = options.type;
  }
  headers.Accept = options.accept || 'application/json';
  let response;
  try {
    response = await fetch('/api/' + path, {
      method: options.method || (options.body === undefined ? 'GET' : 'POST'),
      headers, body: options.body, signal: options.signal, cache: 'no-store',
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'The server cannot be reached',
      'check that it runs and that this computer is on the lab\'s network');
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    let body = null;
    try {
      body = parseJson(text);
    } catch (notJson) {
      // a proxy's or the container's page: its words are not for a person
    }
    const retryAfter = seconds(response.headers.get('Retry-After'));
    const [title, detail] = explain(response.status, body && body.message, retryAfter);
    if (response.status === 401 && !options.authorization && stored) {
      signOut('Your login is no longer accepted: please sign in again.');
    }
    throw new ApiError(response.status, title, detail, body, retryAfter);
  }
  switch (options.as || 'json') {
    case 'blob': return response.blob();
    case 'text': return response.text();
    case 'response': return response;
    default: return parseJson(await response.text());
  }
}

/**
 * Follows a job's Server-Sent Events until the server closes the stream or the signal aborts: EventSource cannot
 * send the login, so the stream is read with fetch and parsed here ("event:" and "data:" lines, a blank line ends
 * an event, ":" lines are keep-alive comments).
 */
export async function follow(path, onEvent, signal) {
  const response = await call(path, { accept: 'text/event-stream', as: 'response', signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (data.length) {
          onEvent(name, parseJson(data.join('\n')));
        }
        name = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const content = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
          name = content;
        } else if (field === 'data') {
          data.push(content);
        }
      }
    }
  }
}
