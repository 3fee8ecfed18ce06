import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { utcMinute } from '../lib/account-forms';
import { api } from '../lib/api.server';
import { requireApiData } from '../lib/api-result.server';
import { textField } from '../lib/form-data';

export const meta: MetaFunction = () => [{ title: 'Notifications · Mirai' }];

const PAGE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const client = await api(request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get('unread') === '1';
  const offset = Math.max(0, Number.parseInt(url.searchParams.get('offset') ?? '0', 10) || 0);
  const page = await requireApiData(
    await client.GET('/v1/me/notifications', { params: { query: { unread: unreadOnly, limit: PAGE, offset } } }),
    'your notifications',
  );
  return { ...page, unreadOnly, offset };
}

export async function action({ request }: ActionFunctionArgs) {
  const client = await api(request);
  const form = await request.formData();
  if (textField(form, 'intent') === 'read-all') await requireApiData(await client.POST('/v1/me/notifications/read-all'), 'marking all read');
  else {
    const id = textField(form, 'id');
    await requireApiData(await client.POST('/v1/me/notifications/{id}/read', { params: { path: { id } } }), 'marking it read');
  }
  return { done: true };
}

export default function Notifications() {
  const { items, unread, unreadOnly, nextOffset, offset } = useLoaderData<typeof loader>();
  const filter = unreadOnly ? '&unread=1' : '';
  return (
    <section className="panel panel--narrow" aria-labelledby="notifications-heading">
      <h1 id="notifications-heading">Notifications</h1>
      <p>
        {unread === 0 ? 'Nothing unread.' : `${unread} unread.`}{' '}
        <Link to={unreadOnly ? '/notifications' : '/notifications?unread=1'}>{unreadOnly ? 'Show all' : 'Show unread only'}</Link>
        {' · '}
        <Link to="/account#notification-preferences-heading">Choose what reaches you</Link>
      </p>
      {unread > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button button--secondary">
            Mark all read
          </button>
        </Form>
      ) : null}
      {items.length === 0 ? (
        <p>No notifications.</p>
      ) : (
        <ul className="notification-list">
          {items.map((item) => (
            <li key={item.id} className={item.readAt === null ? 'notification notification--unread' : 'notification'}>
              <h2 className="notification__title">{item.link === null ? item.title : <Link to={item.link}>{item.title}</Link>}</h2>
              <p>{item.body}</p>
              <p className="notification__meta">
                {utcMinute(item.createdAt)}
                {item.readAt === null ? ' · unread' : ''}
              </p>
              {item.readAt === null ? (
                <Form method="post">
                  <input type="hidden" name="id" value={item.id} />
                  <button type="submit" className="button button--link" aria-label={`Mark read: ${item.title}`}>
                    Mark read
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <nav aria-label="Pages" className="pager">
        {offset > 0 ? <Link to={`/notifications?offset=${Math.max(0, offset - PAGE)}${filter}`}>Newer</Link> : null}
        {nextOffset !== null ? <Link to={`/notifications?offset=${nextOffset}${filter}`}>Older</Link> : null}
      </nav>
    </section>
  );
}
