import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type Audience, AudienceSchema } from './audience.entity.ts';

export type AudienceInput = Pick<Audience, 'name' | 'role' | 'level' | 'priorKnowledge' | 'goals'>;

export class AudiencesService {
  list(em: EntityManager): Promise<Audience[]> {
    return em.find(AudienceSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  async get(em: EntityManager, id: string): Promise<Audience> {
    const audience = await em.findOne(AudienceSchema, { id });
    if (audience === null) throw new MiraiError('MIRAI_ERR_AUDIENCE_NOT_FOUND');
    return audience;
  }

  async create(em: EntityManager, tenantId: string, input: AudienceInput): Promise<Audience> {
    const audience = em.create(AudienceSchema, { id: randomUUID(), tenantId, ...input });
    await em.flush();
    return audience;
  }

  async update(em: EntityManager, id: string, input: Partial<AudienceInput>): Promise<Audience> {
    const audience = await this.get(em, id);
    em.assign(audience, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    await em.flush();
    return audience;
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    await em.remove(await this.get(em, id)).flush();
  }
}
