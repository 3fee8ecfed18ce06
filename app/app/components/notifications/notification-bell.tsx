import { NavLink } from '@remix-run/react';
import { useUnreadCount } from '../../lib/ws-unread-count';

/** The header's link to the notification centre, with the unread count kept live over the websocket. */
export function NotificationBell({ unread: initial }: { unread: number }) {
  const unread = useUnreadCount(initial, true);
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <NavLink to="/notifications" className="notification-bell" aria-label={label}>
      <span aria-hidden="true">🔔</span>
      {unread > 0 ? (
        <span className="notification-bell__count" data-testid="unread-count" aria-hidden="true">
          {unread}
        </span>
      ) : null}
    </NavLink>
  );
}
