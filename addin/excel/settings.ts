// Workbook settings: small JSON values saved inside the document (server address, campaign, …).
// What comes back is checked against a schema: the document may have been edited elsewhere.
import type { z } from 'zod';
import { AdapterError } from './errors';
import type { HostContext } from './host';

/** The setting's value, or undefined when it is absent or no longer matches `schema`. */
export async function readSetting<T>(context: HostContext, key: string, schema: z.ZodType<T>): Promise<T | undefined> {
  const setting = context.workbook.settings.getItemOrNullObject(key);
  setting.load('value');
  await context.sync();
  if (setting.isNullObject) return undefined;
  const parsed = schema.safeParse(setting.value);
  return parsed.success ? parsed.data : undefined;
}

export async function writeSetting(context: HostContext, key: string, value: unknown): Promise<void> {
  if (JSON.stringify(value) === undefined) {
    throw new AdapterError('bad_input', `设置“${key}”的值无法保存为 JSON。/ The value of setting "${key}" cannot be saved as JSON.`);
  }
  context.workbook.settings.add(key, value);
  await context.sync();
}

/** Removes the setting if it exists. Two round trips when it does, one when it does not. */
export async function deleteSetting(context: HostContext, key: string): Promise<void> {
  const setting = context.workbook.settings.getItemOrNullObject(key);
  await context.sync();
  if (setting.isNullObject) return;
  setting.delete();
  await context.sync();
}
