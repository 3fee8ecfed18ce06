/** Where an invitee accepts: an absolute link an admin can copy into any message. */
export function invitationLink(request: Request, token: string): string {
  const url = new URL('/join', new URL(request.url).origin);
  url.searchParams.set('token', token);
  return url.toString();
}
