/**
 * A change that ends what an open websocket was authorised for. Every API process hears it on the
 * realtime bus (Redis pub/sub in server mode) and closes the sockets it concerns, so a logout, a
 * removal or a role change takes effect on sockets of every replica, not only on new requests.
 */
export type AccessNotice =
  | { kind: 'session-ended'; sessionId: string }
  /** Any role change or removal of `userId` in `tenantId`; sockets reconnect under the new role, if any. */
  | { kind: 'membership-changed'; tenantId: string; userId: string };

export interface AccessNoticePublisher {
  publish(notice: AccessNotice): Promise<void>;
}

/** Publishes access notices on the realtime bus. */
export const accessNoticesOn = (bus: { publishAccess(notice: AccessNotice): Promise<void> }): AccessNoticePublisher => ({
  publish: (notice) => bus.publishAccess(notice),
});
