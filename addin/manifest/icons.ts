// The add-in's icon, drawn by code so no binary sits in the repository: a white ledger sheet with
// ruled lines and a check mark, on a deep red tile. Shapes are laid out on a unit square and
// rasterised with 4×4 supersampling, so every size comes out crisp enough for the ribbon.
import { encodePng } from './png';

/** Sizes the manifest refers to: ribbon 16/32/80, IconUrl 32, HighResolutionIconUrl 64, catalogues 128. */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

export function isIconSize(size: number): size is IconSize {
  return (ICON_SIZES as readonly number[]).includes(size);
}

type Rgb = readonly [number, number, number];
const DEEP_RED: Rgb = [0xa3, 0x1f, 0x24];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const RULE_PINK: Rgb = [0xe3, 0xa8, 0xaa];

/** A shape as a signed distance: negative inside, positive outside, in unit-square coordinates. */
type Shape = (x: number, y: number) => number;

function roundedRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2 - r;
  const hy = (y1 - y0) / 2 - r;
  return (x, y) => {
    const dx = Math.abs(x - cx) - hx;
    const dy = Math.abs(y - cy) - hy;
    return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) + Math.min(Math.max(dx, dy), 0) - r;
  };
}

/** A stroke with round caps from (ax, ay) to (bx, by), `width` wide. */
function stroke(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  return (x, y) => {
    const vx = bx - ax;
    const vy = by - ay;
    const t = Math.min(1, Math.max(0, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
    return Math.hypot(x - ax - t * vx, y - ay - t * vy) - width / 2;
  };
}

function union(...shapes: Shape[]): Shape {
  return (x, y) => Math.min(...shapes.map((s) => s(x, y)));
}

// Painted in order, later layers over earlier ones.
const LAYERS: ReadonlyArray<{ shape: Shape; colour: Rgb }> = [
  { shape: roundedRect(0.02, 0.02, 0.98, 0.98, 0.18), colour: DEEP_RED },
  { shape: roundedRect(0.2, 0.12, 0.8, 0.88, 0.06), colour: WHITE },
  {
    shape: union(
      stroke(0.31, 0.27, 0.69, 0.27, 0.07),
      stroke(0.31, 0.4, 0.69, 0.4, 0.07),
      stroke(0.31, 0.53, 0.5, 0.53, 0.07),
    ),
    colour: RULE_PINK,
  },
  { shape: union(stroke(0.36, 0.68, 0.47, 0.78, 0.1), stroke(0.47, 0.78, 0.68, 0.56, 0.1)), colour: DEEP_RED },
];

const SUBSAMPLES = 4;

function render(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const samples = SUBSAMPLES * SUBSAMPLES;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied sums over the subsamples, so edges blend with transparency correctly.
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SUBSAMPLES) / size;
          const y = (py + (sy + 0.5) / SUBSAMPLES) / size;
          let colour: Rgb | null = null;
          for (const layer of LAYERS) if (layer.shape(x, y) <= 0) colour = layer.colour;
          if (colour) {
            r += colour[0];
            g += colour[1];
            b += colour[2];
            a += 1;
          }
        }
      }
      const at = (py * size + px) * 4;
      if (a > 0) {
        rgba[at] = Math.round(r / a);
        rgba[at + 1] = Math.round(g / a);
        rgba[at + 2] = Math.round(b / a);
        rgba[at + 3] = Math.round((255 * a) / samples);
      }
    }
  }
  return rgba;
}

const cache = new Map<IconSize, Buffer>();

/** The icon as a PNG file, `size` × `size` pixels; served at /addin/assets/icon-{size}.png. */
export function iconPng(size: IconSize): Buffer {
  if (!isIconSize(size)) {
    throw new RangeError(`no icon of size ${String(size)}; sizes: ${ICON_SIZES.join(', ')}`);
  }
  let png = cache.get(size);
  if (!png) {
    png = encodePng(size, size, render(size));
    cache.set(size, png);
  }
  return png;
}
