import { createHash, timingSafeEqual } from 'node:crypto';

export interface MetricsAccess {
  /** MIRAI_METRICS_TOKEN: scrapers send `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** Server mode without a token: the main port does not expose /metrics (use MIRAI_METRICS_PORT or a token). */
  openWithoutToken: boolean;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Why a scrape is refused, or null when it may read the metrics. Constant-time in the token. */
export function metricsRefusal(access: MetricsAccess, authorization: string | undefined): string | null {
  if (access.token === undefined)
    return access.openWithoutToken ? null : 'Metrics need MIRAI_METRICS_TOKEN (bearer) or MIRAI_METRICS_PORT (a port only the cluster reaches)';
  const presented = authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length) : '';
  return timingSafeEqual(digest(presented), digest(access.token)) ? null : 'Metrics need the bearer token of MIRAI_METRICS_TOKEN';
}
