import { createApiClient, reachApi } from '../../api/client.server';
import { requireApiData } from '../../lib/api-result.server';
import { requireToken } from '../../lib/session.server';

/** The experts and audiences the author can choose from (server data, shown as it is). */
export async function loadWizardChoices(request: Request) {
  const api = createApiClient(await requireToken(request), request);
  const [smes, audiences] = await Promise.all([reachApi(api.GET('/v1/smes')), reachApi(api.GET('/v1/audiences'))]);
  return {
    api,
    smes: (await requireApiData(request, smes, 'experts')).items.map(({ id, name, expertise }) => ({ id, name, expertise })),
    audiences: (await requireApiData(request, audiences, 'audiences')).items.map(({ id, name, role, level }) => ({ id, name, role, level })),
  };
}
