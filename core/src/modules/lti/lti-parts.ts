import type { SecretBox } from '../../plugin-host/secret-box.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { SeatPolicy } from '../identity/members.service.ts';
import type { EnrolmentsService } from '../learning/enrolments.service.ts';
import type { PublishingService } from '../learning/publishing.service.ts';
import { LtiDeepLinking } from './lti-deep-linking.ts';
import { IdTokenVerifier } from './lti-id-token.ts';
import { LtiLaunchService } from './lti-launch.service.ts';
import { LtiPlatformsService } from './lti-platforms.service.ts';
import { LtiRosterSync } from './lti-roster-sync.ts';
import { LtiScorePassback } from './lti-score-passback.ts';
import type { LtiParts } from './lti-services.ts';
import { LtiToolKeys } from './lti-tool-keys.ts';
import { LtiToolsService } from './platform/lti-tools.service.ts';
import { PlatformAgs } from './platform/platform-ags.ts';
import { PlatformDeepLinking } from './platform/platform-deep-linking.ts';
import { PlatformLaunches } from './platform/platform-launches.ts';
import { PlatformMemberships } from './platform/platform-nrps.ts';
import { PlatformTokens } from './platform/platform-tokens.ts';
import { platformUrls } from './platform/platform-urls.ts';
import { ToolKeySets } from './platform/tool-key-sets.ts';

/** Builds the LTI services and the score passback the background tick drives. */
export function ltiParts(options: {
  box: SecretBox;
  secretKey: Buffer;
  publicUrl: string;
  enrolments: EnrolmentsService;
  /** The plan's seats: a platform's new user takes one like an accepted invitation. */
  seats?: SeatPolicy;
  publishing: PublishingService;
  lessons: LessonsService;
  /** Outbound requests to platforms (JWKS, token, scores); the egress guard's fetch in production. */
  fetch: typeof globalThis.fetch;
}): { lti: LtiParts; passback: LtiScorePassback } {
  const url = (path: string) => new URL(path, options.publicUrl).toString();
  const urls = {
    loginUrl: url('/lti/login'),
    launchUrl: url('/lti/launch'),
    deepLinkChoiceUrl: url('/lti/deep-linking/response'),
    jwksUrlOf: (tenantId: string) => url(`/lti/organisations/${tenantId}/jwks`),
  };
  const keys = new LtiToolKeys(options.box);
  const platforms = new LtiPlatformsService();
  const deepLinking = new LtiDeepLinking({ secretKey: options.secretKey, keys, publishing: options.publishing, launchUrl: urls.launchUrl });
  const launches = new LtiLaunchService({
    platforms,
    verifier: new IdTokenVerifier(options.fetch),
    enrolments: options.enrolments,
    publishing: options.publishing,
    deepLinking,
    ...(options.seats === undefined ? {} : { seats: options.seats }),
  });
  const pUrls = platformUrls(options.publicUrl);
  const tools = new LtiToolsService();
  const keySets = new ToolKeySets(options.fetch);
  const { enrolments, publishing, lessons } = options;
  const platform = {
    tools,
    launches: new PlatformLaunches({ tools, keys, enrolments, publishing, lessons, urls: pUrls }),
    tokens: new PlatformTokens({ tools, keySets, tokenUrl: pUrls.tokenUrl }),
    deepLinking: new PlatformDeepLinking({ tools, keySets, lessons, urls: pUrls }),
    ags: new PlatformAgs({ enrolments, publishing, urls: pUrls }),
    memberships: new PlatformMemberships({ tools, urls: pUrls }),
    urls: pUrls,
  };
  const roster = new LtiRosterSync({ platforms, keys, enrolments, publishing, seats: options.seats, fetch: options.fetch });
  return {
    lti: { platforms, keys, launches, deepLinking, roster, publicUrl: options.publicUrl, urls, platform },
    passback: new LtiScorePassback(keys, options.fetch),
  };
}
