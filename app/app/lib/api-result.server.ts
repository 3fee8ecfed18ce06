import { data } from '@remix-run/node';
import { formErrorsFromProblem } from './form-errors';

/** The shape of an openapi-fetch result, whatever the route. */
interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** A thrown response for when the API could not be reached at all (`api(request)` throws it). */
export function apiUnreachable() {
  return data('The Mirai server could not be reached. Please try again in a moment.', { status: 503 });
}

/**
 * The data of a successful API call; otherwise throws an error response carrying the problem's
 * detail for the route's error boundary. (A 401 never gets here: `api(request)` signs out first.)
 */
export function requireApiData<T>(result: ApiResult<T>, what: string): T {
  if (result.data !== undefined) return result.data;
  const status = result.response.status >= 400 ? result.response.status : 502;
  throw data(formErrorsFromProblem(result.error, `Could not load ${what}.`).message, { status });
}
