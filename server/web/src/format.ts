// Figures as the office writes them in reports: whole counts, rates to one decimal place.

/** 0.381 → "38.1%" */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
