// fetch with the error shape of API.md turned into an exception the screens can show.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// What to show for a failure: the server's words for an API error.
export const errorText = (error: unknown): string => (error instanceof ApiError ? error.message : String(error));

// Status 0: the request never got an answer (network down, server gone).
export const isNetworkError = (error: unknown): boolean => error instanceof ApiError && error.status === 0;

// A request that hangs (a proxy that swallowed it, a half-open connection) is given up after
// this long and reported like a network error, so callers retry instead of waiting forever.
const kRequestTimeoutMs = 15_000;

export async function requestJson<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), kRequestTimeoutMs);
  try {
    response = await fetch(url, { ...init, signal: abort.signal });
  } catch (cause) {
    throw new ApiError(0, 'network', String(cause));
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error ?? { code: 'http_' + response.status, message: response.statusText };
    throw new ApiError(response.status, error.code, error.message);
  }
  return body as T;
}
