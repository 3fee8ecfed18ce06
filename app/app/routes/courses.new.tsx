import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { AuthoringPage } from '../components/authoring/authoring-page';
import { CourseWizard } from '../components/wizard/course-wizard';
import { wizardAction } from '../components/wizard/wizard-action.server';
import { loadWizardChoices } from '../components/wizard/wizard-loader.server';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction = () => [{ title: 'New course · Mirai' }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { smes, audiences } = await loadWizardChoices(request);
  return { smes, audiences };
}

export const action = ({ request }: ActionFunctionArgs) => wizardAction(request);

export default function NewCourse() {
  const { smes, audiences } = useLoaderData<typeof loader>();
  return (
    <AuthoringPage title="New course">
      <CourseWizard
        action="/courses/new"
        smes={smes}
        audiences={audiences}
        input={{
          step: 'details',
          courseId: null,
          details: { title: '', desiredOutcome: '', language: 'en' },
          smeIds: [],
          audienceIds: [],
          outline: [],
        }}
      />
    </AuthoringPage>
  );
}
