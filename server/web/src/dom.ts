// Building the page's dynamic parts with the DOM itself: no HTML strings, so no markup injection
// from ledger text, and nothing a strict CSP would refuse.
type Child = Node | string | number;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  children: Child[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children.map((c) => (typeof c === 'number' ? String(c) : c)));
  return el;
}

export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`office page: #${id} is missing from index.html or is not a ${type.name}`);
  return el;
}
