// The DOM methods the pane calls that IE11 and Edge Legacy lack and core-js does not supply:
// replaceChildren (every redraw) and CSS.escape (finding the focused control again after one).

if (typeof Element.prototype.replaceChildren !== 'function') {
  Element.prototype.replaceChildren = function replaceChildren(this: Element, ...nodes: (Node | string)[]) {
    while (this.lastChild) this.removeChild(this.lastChild);
    for (const node of nodes) this.appendChild(typeof node === 'string' ? document.createTextNode(node) : node);
  };
}

/** CSS.escape as the CSSOM specification defines it (serialize an identifier). */
function escapeIdent(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const digit = code >= 0x30 && code <= 0x39;
    if (code === 0) out += '\uFFFD';
    else if ((code >= 0x01 && code <= 0x1f) || code === 0x7f || (digit && (i === 0 || (i === 1 && value.charCodeAt(0) === 0x2d)))) out += `\\${code.toString(16)} `;
    else if (i === 0 && code === 0x2d && value.length === 1) out += `\\${value.charAt(i)}`;
    else if (code >= 0x80 || code === 0x2d || code === 0x5f || digit || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) out += value.charAt(i);
    else out += `\\${value.charAt(i)}`;
  }
  return out;
}

const css = (window as { CSS?: Partial<typeof CSS> }).CSS;
if (!css) Object.defineProperty(window, 'CSS', { value: { escape: escapeIdent }, configurable: true, writable: true });
else if (typeof css.escape !== 'function') css.escape = escapeIdent;
