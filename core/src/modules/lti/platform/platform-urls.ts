/** Mirai's own URLs as an LTI 1.3 platform (issuer, endpoints), given to tool registrations. */
export interface PlatformUrls {
  issuer: string;
  authorizeUrl: string;
  tokenUrl: string;
  deepLinkReturnUrl: string;
  jwksUrlOf: (tenantId: string) => string;
  lineItemsUrlOf: (courseId: string) => string;
  lineItemUrlOf: (lineItemId: string) => string;
  membershipsUrlOf: (courseId: string) => string;
}

export function platformUrls(publicUrl: string): PlatformUrls {
  const url = (path: string) => new URL(path, publicUrl).toString();
  return {
    // The issuer is the public URL without a trailing slash, as tools compare it verbatim.
    issuer: new URL(publicUrl).origin + new URL(publicUrl).pathname.replace(/\/$/, ''),
    authorizeUrl: url('/lti/platform/authorize'),
    tokenUrl: url('/lti/platform/token'),
    deepLinkReturnUrl: url('/lti/platform/deep-linking/return'),
    jwksUrlOf: (tenantId) => url(`/lti/organisations/${tenantId}/jwks`),
    lineItemsUrlOf: (courseId) => url(`/lti/platform/contexts/${courseId}/line-items`),
    lineItemUrlOf: (lineItemId) => url(`/lti/platform/line-items/${lineItemId}`),
    membershipsUrlOf: (courseId) => url(`/lti/platform/contexts/${courseId}/memberships`),
  };
}
