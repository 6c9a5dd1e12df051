// Which parts of the pane are folded. Each fold follows what the pane's state suggests (the column
// mapping folds once set-up is done) until the user opens or closes it; that choice holds until the
// state suggests otherwise, so a mapping opened to correct it stays open while it is corrected.
export class Folds {
  readonly #chosen = new Map<string, { byDefault: boolean; open: boolean }>();

  isOpen(key: string, byDefault: boolean): boolean {
    const chosen = this.#chosen.get(key);
    if (chosen && chosen.byDefault === byDefault) return chosen.open;
    this.#chosen.delete(key);
    return byDefault;
  }

  toggle(key: string, byDefault: boolean): void {
    this.#chosen.set(key, { byDefault, open: !this.isOpen(key, byDefault) });
  }
}
