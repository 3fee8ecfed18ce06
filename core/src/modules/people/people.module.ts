import type { BackgroundServices, ProcessRole } from '../../background/background-services.ts';
import type { MiraiConfig } from '../../config/config.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import type { JobsService } from '../../jobs/jobs.service.ts';
import type { PluginHost } from '../../plugin-host/plugin-host.ts';
import { SecretBox } from '../../plugin-host/secret-box.ts';
import { accessNoticesOn } from '../../realtime/access-notice.ts';
import { certificatesRoutes } from '../certificates/certificates.routes.ts';
import { CertificatesService } from '../certificates/certificates.service.ts';
import { SigningKeys } from '../certificates/signing-keys.ts';
import { LinkTokens } from '../identity/link-tokens.ts';
import { EmailChangeService } from '../identity/recovery/email-change.service.ts';
import { PasswordResetService } from '../identity/recovery/password-reset.service.ts';
import { recoveryRoutes } from '../identity/recovery/recovery.routes.ts';
import type { RecoveryDeps } from '../identity/recovery/recovery-context.ts';
import type { SignInThrottle } from '../identity/throttle/sign-in-throttle.ts';
import { ACCOUNT_MAIL_JOB, accountMailHandler } from './account-mail.ts';
import { invitationComposer } from './invitation-mail.ts';

export interface PeopleModuleDeps {
  app: TypedApp;
  role: ProcessRole;
  config: MiraiConfig;
  secretKey: Buffer;
  host: PluginHost;
  background: BackgroundServices;
  jobs: JobsService;
  throttle: SignInThrottle;
}

/**
 * The people side (docs/people.md): account recovery and change of e-mail, invitation mail and
 * certificates. Registers its mail job on every process and its routes on API processes; called
 * once from the composition root after the request scope is in place.
 */
export async function registerPeople(deps: PeopleModuleDeps): Promise<void> {
  const { config, host, background } = deps;
  const authProvider = host.implementation(config.authProvider, 'auth');
  const recovery: RecoveryDeps = {
    providerName: config.authProvider,
    provider: authProvider.kind === 'password' ? authProvider : null,
    jobs: deps.jobs,
    throttle: deps.throttle,
    access: accessNoticesOn(background.bus),
    appUrl: config.appUrl,
    afterCommit: () => background.relay.kick(),
  };
  const resets = new PasswordResetService(recovery, new LinkTokens(deps.secretKey, 'password reset'));
  const emailChanges = new EmailChangeService(recovery, new LinkTokens(deps.secretKey, 'email change'));
  background.runner.register(
    ACCOUNT_MAIL_JOB,
    accountMailHandler({
      mail: () => host.implementation(config.mailProvider, 'mail'),
      composers: {
        ...resets.composers,
        ...emailChanges.composers,
        // The same derivation MembersService uses when it creates the invitation.
        ...invitationComposer(new LinkTokens(deps.secretKey, 'invitation'), config.appUrl),
      },
    }),
  );
  if (deps.role === 'worker') return;
  await deps.app.register(recoveryRoutes, { resets, emailChanges, throttle: deps.throttle });
  const keys = new SigningKeys(new SecretBox(deps.secretKey));
  await deps.app.register(certificatesRoutes, {
    certificates: new CertificatesService({ keys, publicUrl: config.publicUrl, appUrl: config.appUrl }),
  });
}
