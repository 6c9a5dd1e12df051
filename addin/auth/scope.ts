// The delegated permission the service's app registration exposes: api://<host>/<client id>/access_as_user
// (the Office add-in convention, where the App ID URI names the host that serves the add-in).
export function accessScope(serviceUrl: string, clientId: string): string {
  return `api://${new URL(serviceUrl).host}/${clientId}/access_as_user`;
}

/** Work and school accounts of any tenant; the service decides which tenants it accepts. */
export const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com/organizations';
