// What the running Excel can do, from Office.context.requirements. Office 2016/2019 perpetual
// builds stop at old requirement sets; the add-in degrades or refuses with a message, never with
// a bare "ApiNotFound".
import { AdapterError } from './errors';
import type { Requirements } from './host';

export const API_SETS = {
  /** Conditional formats (Range.conditionalFormats). */
  statusFormats: '1.6',
  /** Range.dataValidation. */
  dropdowns: '1.8',
  /** Range.getMergedAreasOrNullObject. */
  mergedCells: '1.13',
} as const;

export type Capability = keyof typeof API_SETS;

const WHAT: Record<Capability, { zh: string; en: string }> = {
  statusFormats: { zh: '按状态自动着色（条件格式）', en: 'colour rows by status (conditional formats)' },
  dropdowns: { zh: '下拉列表（数据验证）', en: 'add drop-down lists (data validation)' },
  mergedCells: { zh: '读取合并单元格', en: 'read merged cells' },
};

export function supports(requirements: Requirements, capability: Capability): boolean {
  return requirements.isSetSupported('ExcelApi', API_SETS[capability]);
}

export function hostCapabilities(requirements: Requirements): Record<Capability, boolean> {
  return {
    statusFormats: supports(requirements, 'statusFormats'),
    dropdowns: supports(requirements, 'dropdowns'),
    mergedCells: supports(requirements, 'mergedCells'),
  };
}

export function unsupportedMessage(capability: Capability): string {
  const v = API_SETS[capability];
  const { zh, en } = WHAT[capability];
  return (
    `当前 Excel 版本不支持${zh}（需要 ExcelApi ${v} 或更高；较早的 Office 2016/2019 等买断版本不具备）。请改用 Microsoft 365 或网页版 Excel。` +
    ` / This version of Excel cannot ${en} (it needs ExcelApi ${v} or later, which older perpetual Office such as 2016/2019 lacks). Use Microsoft 365 or Excel on the web.`
  );
}

export function requireCapability(requirements: Requirements, capability: Capability): void {
  if (!supports(requirements, capability)) throw new AdapterError('unsupported_api', unsupportedMessage(capability));
}
