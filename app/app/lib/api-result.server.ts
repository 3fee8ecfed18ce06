import { data } from '@remix-run/node';
import { formErrorsFromProblem } from './form-errors';
import { signOutAndRedirect } from './session.server';

/** The shape of an openapi-fetch result, whatever the route. */
interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** A thrown response for when the API could not be reached at all. */
export function apiUnreachable() {
  return data('The Mirai server could not be reached. Please try again in a moment.', { status: 503 });
}

/** Throws a redirect to /sign-in (dropping the stale token) when the API answered 401. */
export async function signOutIfUnauthorized(request: Request, result: ApiResult<unknown> | undefined): Promise<void> {
  if (result?.response.status === 401) throw await signOutAndRedirect(request);
}

/**
 * The data of a successful API call. Otherwise throws: a redirect to /sign-in on 401, else an
 * error response carrying the problem's detail for the route's error boundary.
 */
export async function requireApiData<T>(request: Request, result: ApiResult<T> | undefined, what: string): Promise<T> {
  if (result === undefined) throw apiUnreachable();
  await signOutIfUnauthorized(request, result);
  if (result.data !== undefined) return result.data;
  const status = result.response.status >= 400 ? result.response.status : 502;
  throw data(formErrorsFromProblem(result.error, `Could not load ${what}.`).message, { status });
}
