// The page's addresses after the #: the overview (#/), a unit's own view
// (#/campaigns/{c}/units/{unit}) and one measure (#/campaigns/{c}/rows/{id}, the address the
// consolidated workbook links to: ledger's rowPagePath).
import { rowPagePath } from '../../../ledger/evidence';

export type Route = { kind: 'home' } | { kind: 'unit'; campaign: string; unit: string } | { kind: 'row'; campaign: string; id: string };

function decoded(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export function parseRoute(hash: string): Route {
  const m = /^#\/campaigns\/([^/]+)\/(units|rows)\/([^/]+)$/.exec(hash);
  const campaign = m?.[1] === undefined ? undefined : decoded(m[1]);
  const target = m?.[3] === undefined ? undefined : decoded(m[3]);
  if (!m || !campaign || !target) return { kind: 'home' };
  return m[2] === 'units' ? { kind: 'unit', campaign, unit: target } : { kind: 'row', campaign, id: target };
}

export function unitHref(campaign: string, unit: string): string {
  return `#/campaigns/${encodeURIComponent(campaign)}/units/${encodeURIComponent(unit)}`;
}

/** Within the page: the hash of the address the workbook links to. */
export function rowHref(campaign: string, id: string): string {
  return rowPagePath(campaign, id).replace(/^\//, '');
}
