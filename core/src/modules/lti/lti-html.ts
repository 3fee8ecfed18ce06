/** The few HTML pages LTI needs: a form the browser posts on (OIDC form_post, deep-linking return) and the course picker. */
const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;

/** A form that posts itself on load (a script-less browser shows the button). */
export function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return page(
    'Continuing…',
    `<form method="post" action="${escapeHtml(action)}">${inputs}<button type="submit">Continue</button></form><script>document.forms[0].submit()</script>`,
  );
}

/** The teacher's choice of a published course during deep linking. */
export function coursePicker(action: string, context: string, courses: ReadonlyArray<{ id: string; title: string }>): string {
  const options = courses
    .map(
      (course, index) =>
        `<p><label><input type="radio" name="course_id" value="${escapeHtml(course.id)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(course.title)}</label></p>`,
    )
    .join('');
  const body =
    courses.length === 0
      ? '<h1>No published course</h1><p>Publish a course in Mirai first.</p>'
      : `<h1>Choose a Mirai course</h1><form method="post" action="${escapeHtml(action)}"><input type="hidden" name="context" value="${escapeHtml(context)}">${options}<button type="submit">Add to the platform</button></form>`;
  return page('Choose a course', body);
}
