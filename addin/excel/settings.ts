// Workbook settings: small JSON values saved inside the document (server address, campaign, …).
// What comes back is checked against a schema: the document may have been edited elsewhere.
import type * as z from 'zod';
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

/**
 * Several settings in one round trip: each value, or undefined when absent or no longer matching
 * its schema.
 */
export async function readSettings<S extends Record<string, z.ZodType>>(
  context: HostContext,
  schemas: S,
): Promise<{ [K in keyof S]: z.infer<S[K]> | undefined }> {
  const items = Object.entries(schemas).map(([key, schema]) => {
    const setting = context.workbook.settings.getItemOrNullObject(key);
    setting.load('value');
    return { key, schema, setting };
  });
  await context.sync();
  const out: Record<string, unknown> = {};
  for (const { key, schema, setting } of items) {
    const parsed = setting.isNullObject ? undefined : schema.safeParse(setting.value);
    out[key] = parsed?.success ? parsed.data : undefined;
  }
  return out as { [K in keyof S]: z.infer<S[K]> | undefined };
}

/** Several settings written in one round trip. */
export async function writeSettings(context: HostContext, values: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (JSON.stringify(value) === undefined) {
      throw new AdapterError('bad_input', `设置“${key}”的值无法保存为 JSON。/ The value of setting "${key}" cannot be saved as JSON.`);
    }
    context.workbook.settings.add(key, value);
  }
  await context.sync();
}

