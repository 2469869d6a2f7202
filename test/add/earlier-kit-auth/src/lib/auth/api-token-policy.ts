// What an API token may do and for how long: shared by the server (which
// enforces it) and the account page (which offers it). No server imports here.

/**
 * Scopes, chosen when a token is created: `read` (GET requests), `write`
 * (every other method), `admin` (admin and role middleware).
 */
export const API_TOKEN_SCOPES = ['read', 'write', 'admin'] as const
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number]
export const DEFAULT_API_TOKEN_SCOPES: ApiTokenScope[] = ['read', 'write']

/** Tokens expire: 90 days unless chosen otherwise, never more than a year. */
export const DEFAULT_API_TOKEN_DAYS = 90
export const MAX_API_TOKEN_DAYS = 365
