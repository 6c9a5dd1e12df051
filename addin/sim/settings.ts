// workbook.settings: key/value pairs saved in the document, values JSON-serialisable (ExcelApi 1.4).
import { SimObject, type Exec } from './batch';
import type { SimRequestContext } from './context';
import { SimApiError } from './errors';
import type { WorkbookState } from './state';

export class SimSettingCollection extends SimObject<WorkbookState, Record<never, never>> {
  protected readonly typeName = 'SettingCollection';
  protected readonly loaders = {};

  protected locate(exec: Exec): WorkbookState {
    return exec.core.book;
  }

  /** Adds the setting, or replaces its value. */
  add(key: string, value: unknown): SimSetting {
    const text = JSON.stringify(value);
    const setting = new SimSetting(this.context, key, () => ({ key }));
    this.enqueue(
      'SettingCollection.add',
      (exec) => {
        if (key === '') throw new SimApiError('InvalidArgument', 'SettingCollection.add', 'a setting needs a key');
        if (text === undefined) throw new SimApiError('InvalidArgument', 'SettingCollection.add', `the value of "${key}" is not JSON-serialisable`);
        exec.journal.mapSet(exec.core.book.settings, key, text);
        setting.bind(exec, { key });
      },
      { key, value: text ?? null },
      '1.4',
    );
    return setting;
  }

  getItem(key: string): SimSetting {
    return this.spawn(
      new SimSetting(this.context, key, (exec) => {
        if (!exec.core.book.settings.has(key)) throw new SimApiError('ItemNotFound', 'SettingCollection.getItem', `no setting "${key}"`);
        return { key };
      }),
      'SettingCollection.getItem',
      '1.4',
    );
  }

  getItemOrNullObject(key: string): SimSetting {
    return this.spawn(
      new SimSetting(this.context, key, (exec) => (exec.core.book.settings.has(key) ? { key } : null)),
      'SettingCollection.getItemOrNullObject',
      '1.4',
    );
  }
}

export class SimSetting extends SimObject<{ key: string } | null, { key: string; value: unknown }> {
  protected readonly typeName = 'Setting';
  protected readonly loaders = {
    key: (_: Exec, at: { key: string }) => at.key,
    value: (exec: Exec, at: { key: string }): unknown => {
      const text = exec.core.book.settings.get(at.key);
      if (text === undefined) throw new SimApiError('ItemNotFound', 'Setting.value', `setting "${at.key}" was deleted`);
      return JSON.parse(text);
    },
  };

  constructor(
    context: SimRequestContext,
    private readonly settingKey: string,
    private readonly locator: (exec: Exec) => { key: string } | null,
  ) {
    super(context);
  }

  protected locate(exec: Exec): { key: string } | null {
    return this.locator(exec);
  }

  get key(): string {
    return this.read('key');
  }

  get value(): unknown {
    return this.read('value');
  }

  delete(): void {
    this.enqueue(
      'Setting.delete',
      (exec) => {
        this.need(exec, 'Setting.delete');
        exec.journal.mapSet(exec.core.book.settings, this.settingKey, undefined);
      },
      undefined,
      '1.4',
    );
  }
}
