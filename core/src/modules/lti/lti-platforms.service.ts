import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type LtiPlatform, LtiPlatformSchema } from './lti.entity.ts';

export interface PlatformRegistration {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  jwksUrl: string;
  tokenUrl: string;
}

/** The LTI platforms an organisation registers; launches find theirs by (issuer, client id) across organisations. */
export class LtiPlatformsService {
  async register(em: EntityManager, auth: AuthContext, input: PlatformRegistration): Promise<LtiPlatform> {
    const taken = await em.count(LtiPlatformSchema, { issuer: input.issuer, clientId: input.clientId }, { filters: { tenant: false } });
    if (taken > 0) throw new MiraiError('MIRAI_ERR_LTI_PLATFORM_EXISTS', `A platform with issuer ${input.issuer} and this client id is registered`);
    const platform = em.create(LtiPlatformSchema, {
      id: crypto.randomUUID(),
      tenantId: auth.tenantId,
      ...input,
      deploymentIds: [...new Set(input.deploymentIds)],
      createdAt: new Date(),
    });
    await em.flush();
    return platform;
  }

  list(em: EntityManager): Promise<LtiPlatform[]> {
    return em.find(LtiPlatformSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    if ((await em.nativeDelete(LtiPlatformSchema, { id })) === 0) throw new MiraiError('MIRAI_ERR_LTI_PLATFORM_NOT_FOUND');
  }

  /** The registration a login initiation names. `clientId` is optional in the spec; without it the issuer must be unambiguous. */
  async forLogin(em: EntityManager, issuer: string, clientId: string | undefined): Promise<LtiPlatform | null> {
    const found = await em.find(LtiPlatformSchema, clientId === undefined ? { issuer } : { issuer, clientId }, {
      filters: { tenant: false },
      limit: 2,
    });
    return found.length === 1 ? (found[0] ?? null) : null;
  }

  byId(em: EntityManager, id: string): Promise<LtiPlatform | null> {
    return em.findOne(LtiPlatformSchema, { id }, { filters: { tenant: false } });
  }
}
