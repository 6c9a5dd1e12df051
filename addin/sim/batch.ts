// Proxy objects and batch execution, as Office.js does them: every method call or property write
// on a proxy queues an action; `load` queues a read; nothing reaches the workbook and nothing can be
// read back until `context.sync()` runs the whole batch.
import type { CellValue } from '../../ledger';
import type { Rect } from './address';
import type { SimCore } from './core';
import type { SimRequestContext } from './context';
import type { ShiftEvent } from './shift';
import { SimApiError, SimPropertyNotLoadedError } from './errors';
import { Journal, type SheetState } from './state';

/** Office.js sends each action as a small JSON object besides its arguments. */
export const ACTION_BYTES = 64;

const encoder = new TextEncoder();

/** Bytes of the UTF-8 JSON text of `value`: what crosses the wire. */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? 'null').length;
}

export interface Action {
  readonly bytes: number;
  run(exec: Exec): void;
}

export interface CellChange {
  sheet: SheetState;
  rect: Rect;
  /** Before and after, when exactly one cell changed. */
  single?: { before: CellValue; after: CellValue };
  /** Cells inserted or deleted rather than edited. */
  structure?: ShiftEvent;
}

/** One `context.sync()` being executed on the host's side. */
export class Exec {
  readonly journal = new Journal();
  responseBytes = 0;
  readonly changes: CellChange[] = [];
  readonly #commits: (() => void)[] = [];

  constructor(readonly core: SimCore) {}

  requireApi(version: string, location: string): void {
    if (!this.core.supports('ExcelApi', version)) {
      throw new SimApiError('ApiNotFound', location, `${location} needs ExcelApi ${version}; this host supports up to ${this.core.maxApiVersion}`);
    }
  }

  respond(value: unknown): void {
    this.responseBytes += jsonBytes(value);
  }

  /** Runs when the whole batch succeeded: results reach the proxies only then. */
  onCommit(fn: () => void): void {
    this.#commits.push(fn);
  }

  commit(): void {
    for (const fn of this.#commits) fn();
  }
}

/** The address a range proxy stands for, once the host has worked it out. */
export interface RangeAt {
  sheet: SheetState;
  rect: Rect;
}

/** What any proxy offers, whatever it resolves to. */
export interface SimProxy {
  readonly context: SimRequestContext;
  resolveIn(exec: Exec): unknown;
  load(names?: string | string[]): unknown;
}

type Loaders<R, P> = { readonly [K in keyof P]: (exec: Exec, at: NonNullable<R>) => P[K] };

/**
 * A proxy. `R` is what it resolves to on the host (null for a null object), `P` its loadable
 * scalar properties. Resolution happens once, inside the first batch that uses the proxy, and
 * sticks only if that batch succeeds.
 */
export abstract class SimObject<R, P extends object> {
  readonly context: SimRequestContext;
  protected readonly loaded: Partial<P> = {};
  protected abstract readonly typeName: string;
  protected abstract readonly loaders: Loaders<R, P>;
  #settled: { value: R } | undefined;
  #pending: { exec: Exec; value: R } | undefined;

  constructor(context: SimRequestContext) {
    this.context = context;
  }

  protected abstract locate(exec: Exec): R;

  resolveIn(exec: Exec): R {
    if (this.#settled) return this.#settled.value;
    if (this.#pending?.exec === exec) return this.#pending.value;
    return this.bind(exec, this.locate(exec));
  }

  /** Fixes what this proxy stands for (an object the batch has just created). */
  bind(exec: Exec, value: R): R {
    this.#pending = { exec, value };
    exec.onCommit(() => {
      this.#settled = { value };
    });
    return value;
  }

  get isNullObject(): boolean {
    if (!this.#settled) throw new SimPropertyNotLoadedError(this.typeName, 'isNullObject');
    return this.#settled.value === null;
  }

  /** Navigation properties usable in load paths ("format/fill/color"). */
  protected child(_name: string): SimProxy | undefined {
    return undefined;
  }

  load(names?: string | string[]): this {
    const list =
      names === undefined
        ? Object.keys(this.loaders)
        : (typeof names === 'string' ? names.split(',') : names).map((n) => n.trim()).filter((n) => n !== '');
    const own: (keyof P & string)[] = [];
    for (const name of list) {
      const slash = name.indexOf('/');
      if (slash >= 0) {
        const head = name.slice(0, slash);
        const next = this.child(head);
        if (!next) throw new SimApiError('InvalidArgument', `${this.typeName}.load`, `${this.typeName} has no navigation property '${head}'`);
        next.load(name.slice(slash + 1));
      } else if (this.#isProperty(name)) own.push(name);
      else throw new SimApiError('InvalidArgument', `${this.typeName}.load`, `${this.typeName} has no loadable property '${name}'`);
    }
    if (own.length > 0) this.enqueue(`${this.typeName}.load`, (exec) => this.fetch(exec, own));
    return this;
  }

  /** Reads properties inside a running batch (all of them when `names` is omitted). */
  fetch(exec: Exec, names?: readonly string[]): void {
    const at = this.resolveIn(exec);
    if (at === null || at === undefined) return;
    const values: Partial<P> = {};
    for (const name of names ?? Object.keys(this.loaders)) {
      if (!this.#isProperty(name)) throw new SimApiError('InvalidArgument', `${this.typeName}.load`, `${this.typeName} has no loadable property '${name}'`);
      const value = this.loaders[name](exec, at);
      exec.respond(value);
      values[name] = value;
    }
    exec.onCommit(() => Object.assign(this.loaded, values));
  }

  #isProperty(name: string): name is keyof P & string {
    return Object.hasOwn(this.loaders, name);
  }

  protected read<K extends keyof P & string>(name: K): P[K] {
    if (!Object.hasOwn(this.loaded, name)) throw new SimPropertyNotLoadedError(this.typeName, name);
    return this.loaded[name] as P[K];
  }

  /** Office.js keeps a written value on the proxy, so reading it back needs no sync. */
  protected remember<K extends keyof P>(name: K, value: P[K]): void {
    this.loaded[name] = value;
  }

  protected enqueue(location: string, run: (exec: Exec) => void, payload?: unknown, version?: string): void {
    this.context.enqueue({
      bytes: ACTION_BYTES + (payload === undefined ? 0 : jsonBytes(payload)),
      run: (exec) => {
        if (version) exec.requireApi(version, location);
        run(exec);
      },
    });
  }

  /** Queues the creation of `made` so a bad call (unknown sheet, too new an API) fails at sync. */
  protected spawn<T extends SimProxy>(made: T, location: string, version?: string): T {
    this.enqueue(location, (exec) => void made.resolveIn(exec), undefined, version);
    return made;
  }

  /** The resolution, refusing null objects for operations that need a real one. */
  protected need(exec: Exec, location: string): NonNullable<R> {
    const at = this.resolveIn(exec);
    if (at === null || at === undefined) throw new SimApiError('ItemNotFound', location, `${this.typeName} is a null object`);
    return at;
  }

  protected sameContext(other: SimProxy, location: string): void {
    if (other.context !== this.context) throw new SimApiError('InvalidRequestContext', location);
  }
}
