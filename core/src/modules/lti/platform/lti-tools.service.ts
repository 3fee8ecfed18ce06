import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../../errors/mirai-error.ts';
import type { AuthContext } from '../../identity/auth-context.ts';
import { type LtiTool, LtiToolSchema } from './lti-tool.entity.ts';

export interface ToolRegistration {
  name: string;
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkingUrl?: string | undefined;
}

/** The external LTI tools an organisation registers; Mirai issues each a client id and a deployment id. */
export class LtiToolsService {
  async register(em: EntityManager, auth: AuthContext, input: ToolRegistration): Promise<LtiTool> {
    const tool = em.create(LtiToolSchema, {
      id: randomUUID(),
      tenantId: auth.tenantId,
      name: input.name,
      clientId: randomUUID(),
      deploymentId: randomUUID(),
      loginUrl: input.loginUrl,
      launchUrl: input.launchUrl,
      jwksUrl: input.jwksUrl,
      deepLinkingUrl: input.deepLinkingUrl ?? null,
      createdAt: new Date(),
    });
    await em.flush();
    return tool;
  }

  list(em: EntityManager): Promise<LtiTool[]> {
    return em.find(LtiToolSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  /** A tool of the caller's organisation (the tenant filter applies). */
  async get(em: EntityManager, id: string): Promise<LtiTool> {
    const tool = await em.findOne(LtiToolSchema, { id });
    if (tool === null) throw new MiraiError('MIRAI_ERR_LTI_TOOL_NOT_FOUND');
    return tool;
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    if ((await em.nativeDelete(LtiToolSchema, { id })) === 0) throw new MiraiError('MIRAI_ERR_LTI_TOOL_NOT_FOUND');
  }

  /** The tool a protocol message names by its client id, whatever organisation registered it. */
  byClientId(em: EntityManager, clientId: string): Promise<LtiTool | null> {
    return em.findOne(LtiToolSchema, { clientId }, { filters: { tenant: false } });
  }
}
