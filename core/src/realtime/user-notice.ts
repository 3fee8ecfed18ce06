/**
 * Something for one person's open sockets only (their unread notification count). Every API
 * process hears it on the realtime bus and hands it to the sockets authenticated as exactly that
 * user in exactly that organisation; nobody subscribes to it, so nobody can ask for another's.
 */
export interface UserNotice {
  tenantId: string;
  userId: string;
  unread: number;
}

/** The message a socket receives for a notice. */
export const userNoticeMessage = (notice: UserNotice) => ({ type: 'notifications', unread: notice.unread }) as const;
