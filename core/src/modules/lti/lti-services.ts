import type { SessionService } from '../identity/session.service.ts';
import type { LtiDeepLinking } from './lti-deep-linking.ts';
import type { LtiLaunchService } from './lti-launch.service.ts';
import type { LtiPlatformsService } from './lti-platforms.service.ts';
import type { LtiRosterSync } from './lti-roster-sync.ts';
import type { LtiToolKeys } from './lti-tool-keys.ts';
import type { LtiToolsService } from './platform/lti-tools.service.ts';
import type { PlatformAgs } from './platform/platform-ags.ts';
import type { PlatformDeepLinking } from './platform/platform-deep-linking.ts';
import type { PlatformLaunches } from './platform/platform-launches.ts';
import type { PlatformMemberships } from './platform/platform-nrps.ts';
import type { PlatformTokens } from './platform/platform-tokens.ts';
import type { PlatformUrls } from './platform/platform-urls.ts';

/** Everything LTI needs, built once by the composition root (see `ltiParts`). */
export interface LtiParts {
  platforms: LtiPlatformsService;
  keys: LtiToolKeys;
  launches: LtiLaunchService;
  deepLinking: LtiDeepLinking;
  /** NRPS roster sync of launched contexts. */
  roster: LtiRosterSync;
  publicUrl: string;
  urls: { loginUrl: string; launchUrl: string; deepLinkChoiceUrl: string; jwksUrlOf: (tenantId: string) => string };
  /** Mirai as the platform: external tools launched from lessons. */
  platform: {
    tools: LtiToolsService;
    launches: PlatformLaunches;
    tokens: PlatformTokens;
    deepLinking: PlatformDeepLinking;
    ags: PlatformAgs;
    memberships: PlatformMemberships;
    urls: PlatformUrls;
  };
}

/** What the LTI routes are given (apart from the module's index, so the routes do not import it back). */
export interface LtiServices {
  lti: LtiParts;
  sessions: SessionService;
  appUrl: string;
}
