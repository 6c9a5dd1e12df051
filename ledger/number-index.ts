// Whole numbers (row or entry numbers) filed under 32-bit keys (text hashes) in two typed arrays,
// probed in order (open addressing): over the 100,000 rows of a merge, a Map of number keys cost
// more in rehashing and garbage collection than the filing itself.

/** Values filed under keys; several values may share a key. Values are whole numbers from 0. */
export class NumberIndex {
  private keys: Int32Array;
  /** Per slot: its value + 1, 0 when the slot was never used, -1 when its value was removed. */
  private values: Int32Array;
  /** Slots in use or removed from: probing stops only at a slot never used. */
  private used = 0;
  private shift: number;

  /** Room for `expected` values before the table grows (refiling everything filed). */
  constructor(expected = 32) {
    const bits = Math.max(6, Math.ceil(Math.log2(expected * 2 + 1)));
    this.keys = new Int32Array(2 ** bits);
    this.values = new Int32Array(2 ** bits);
    this.shift = 32 - bits;
  }

  add(key: number, value: number): void {
    if ((this.used + 1) * 2 > this.keys.length) this.resize();
    let s = this.slotOf(key);
    while (this.values[s] !== 0) s = (s + 1) & (this.keys.length - 1);
    this.keys[s] = key;
    this.values[s] = value + 1;
    this.used++;
  }

  /** A value filed under `key` that `test` accepts, or -1 when none does. */
  find(key: number, test: (value: number) => boolean): number {
    for (let s = this.slotOf(key); this.values[s] !== 0; s = (s + 1) & (this.keys.length - 1)) {
      const value = this.values[s]! - 1;
      if (value >= 0 && this.keys[s] === key && test(value)) return value;
    }
    return -1;
  }

  /** Every value filed under `key`, in no particular order. */
  each(key: number, visit: (value: number) => void): void {
    this.find(key, (value) => {
      visit(value);
      return false;
    });
  }

  remove(key: number, value: number): void {
    for (let s = this.slotOf(key); this.values[s] !== 0; s = (s + 1) & (this.keys.length - 1)) {
      if (this.keys[s] === key && this.values[s] === value + 1) {
        this.values[s] = -1;
        return;
      }
    }
  }

  /** The key's first slot to probe: the top bits of a multiplicative hash, spread over the table. */
  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** Twice the slots (or as many, after many removals), refiled without the removed values. */
  private resize(): void {
    const [keys, values] = [this.keys, this.values];
    let live = 0;
    for (let s = 0; s < values.length; s++) if (values[s]! > 0) live++;
    const size = (live + 1) * 4 > keys.length ? keys.length * 2 : keys.length;
    this.keys = new Int32Array(size);
    this.values = new Int32Array(size);
    this.shift = 32 - Math.log2(size);
    this.used = 0;
    values.forEach((v, s) => v > 0 && this.add(keys[s]!, v - 1));
  }
}
