import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from '@remix-run/node';
import { type ShouldRevalidateFunction, useLoaderData } from '@remix-run/react';

import { AuthoringPage } from '../components/authoring/authoring-page';
import { CourseWizard } from '../components/wizard/course-wizard';
import { wizardAction } from '../components/wizard/wizard-action.server';
import { loadWizardChoices } from '../components/wizard/wizard-loader.server';
import { requireApiData } from '../lib/api-result.server';
import { draftFromOutline } from '../machines/outline-draft';
import { resumeStep } from '../machines/wizard-resume';
import authoring from '../styles/authoring.css?url';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? 'Course'} · set-up · Mirai` }];
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: authoring }];

/**
 * Starting the lessons ends the wizard, which then opens the generation view following that job.
 * Reloading this loader after it would redirect there first, without the job (this loader cannot
 * know it), and the view would miss a run that ended before its socket subscribed.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'startLessons' ? false : defaultShouldRevalidate;

/** Resumes the wizard where the author left it, from the course, its choices and its outline. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const courseId = params.courseId ?? '';
  const { client, smes, audiences } = await loadWizardChoices(request);
  const path = { params: { path: { id: courseId } } };
  const [courseResult, outlineResult] = await Promise.all([client.GET('/v1/courses/{id}', path), client.GET('/v1/courses/{id}/outline', path)]);
  const course = await requireApiData(courseResult, 'the course');
  const outline = await requireApiData(outlineResult, 'the outline');
  const step = resumeStep(course, outline);
  if (step === 'generation') throw redirect(`/courses/${courseId}/generate`);
  return {
    title: course.title,
    smes,
    audiences,
    input: {
      step,
      courseId,
      details: { title: course.title, desiredOutcome: course.desiredOutcome, language: course.language },
      smeIds: course.smeIds,
      audienceIds: course.audienceIds,
      outline: draftFromOutline(outline.modules),
    },
  };
}

export const action = ({ request }: ActionFunctionArgs) => wizardAction(request);

export default function CourseSetup() {
  const { title, smes, audiences, input } = useLoaderData<typeof loader>();
  return (
    <AuthoringPage title={title}>
      <CourseWizard key={input.courseId} action={`/courses/${input.courseId}/setup`} smes={smes} audiences={audiences} input={input} />
    </AuthoringPage>
  );
}
