import { problems } from '../../http/common.schemas.ts';
import { authOf, requireAuth } from '../../http/request-scope.ts';
import type { TypedApp } from '../../http/typed-app.ts';
import { MeView } from './identity.schemas.ts';
import type { Role } from './roles.ts';

export async function meRoutes(app: TypedApp): Promise<void> {
  app.get(
    '/v1/me',
    {
      preHandler: requireAuth(),
      schema: { tags: ['auth'], summary: 'The signed-in user, organisation and role', response: { 200: MeView, ...problems(400, 401, 403) } },
    },
    async (request) => {
      const auth = authOf(request);
      // Memberships across tenants are the user's own data, so this one query crosses the tenant filter on purpose.
      const rows = await request.em.execute<{ id: string; name: string; slug: string; role: Role }[]>(
        'select t.id, t.name, t.slug, m.role from membership m join tenant t on t.id = m.tenant_id where m.user_id = ? order by m.created_at',
        [auth.userId],
      );
      const tenants = rows.map((row) => ({ tenant: { id: row.id, name: row.name, slug: row.slug }, role: row.role }));
      const current = tenants.find((entry) => entry.tenant.id === auth.tenantId);
      if (current === undefined) throw new Error('session tenant missing from memberships');
      const [user] = await request.em.execute<{ email_verified_at: Date | null }[]>('select email_verified_at from app_user where id = ?', [
        auth.userId,
      ]);
      const emailVerified = user !== undefined && user.email_verified_at !== null;
      return { user: { id: auth.userId, email: auth.email, emailVerified }, tenant: current.tenant, role: auth.role, tenants };
    },
  );
}
