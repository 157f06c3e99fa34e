// session.js - who is signed in: the user, the role and the permissions
// (GET /api/v1/me).  The interface shows only what the permissions allow;
// the server enforces them whatever it shows.
import { api, setCsrf } from './api.js';

let current = null;

export function session() {
  return current;
}

/** 1 when the session's role holds `perm` ("person.write"). */
export function can(perm) {
  return !!current && current.permissions.has(perm);
}

function keep(data) {
  current = {
    user: data.user,
    role: data.role,
    permissions: new Set(data.permissions || []),
    expiresAt: data.expires_at,
  };
  setCsrf(data.csrf_token);
  return current;
}

/** Loads the session of the cookie; null when there is none. */
export async function loadSession() {
  try {
    const { data } = await api('GET', '/api/v1/me');
    return keep(data);
  } catch (e) {
    if (e.status === 401) {
      forget();
      return null;
    }
    throw e;
  }
}

export async function signIn(user, password) {
  await api('POST', '/api/v1/login', { body: { user, password } });
  // the permissions come with /me; the login answers the token and role
  return loadSession();
}

export async function signOut() {
  try {
    await api('POST', '/api/v1/logout');
  } finally {
    forget();
  }
}

export function forget() {
  current = null;
  setCsrf(null);
}
