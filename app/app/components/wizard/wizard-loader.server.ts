import { api } from '../../lib/api.server';
import { requireApiData } from '../../lib/api-result.server';

/** The experts and audiences the author can choose from (server data, shown as it is). */
export async function loadWizardChoices(request: Request) {
  const client = await api(request);
  const [smes, audiences] = await Promise.all([client.GET('/v1/smes'), client.GET('/v1/audiences')]);
  return {
    client,
    smes: (await requireApiData(smes, 'experts')).items.map(({ id, name, expertise }) => ({ id, name, expertise })),
    audiences: (await requireApiData(audiences, 'audiences')).items.map(({ id, name, role, level }) => ({ id, name, role, level })),
  };
}
