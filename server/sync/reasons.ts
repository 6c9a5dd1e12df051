// Why a pushed row was refused, in words a unit's staff can act on (Chinese first, English too).
import { findingMessage } from '../../ledger/messages';
import { MAX_CELL_TEXT } from '../../ledger/schema';
import type { RejectCode, RejectReason } from './protocol';

interface ReasonParams {
  unit?: string | null;
  fields?: string[];
  baseVersion?: number;
  version?: number;
  value?: string;
}

function text(code: RejectCode, p: ReasonParams): { zh: string; en: string } {
  const list = (p.fields ?? []).join(', ');
  switch (code) {
    case 'unknown_status':
      return {
        zh: `${findingMessage('unknown_status', 'zh', { value: p.value ?? '' })}（整行未保存）`,
        en: `${findingMessage('unknown_status', 'en', { value: p.value ?? '' })} (row not stored)`,
      };
    case 'text_too_long':
      return {
        zh: `字段 ${list} 的文字超过 Excel 单元格的上限 ${MAX_CELL_TEXT.toLocaleString('en')} 个字符，请精简或改为附件（整行未保存）`,
        en: `fields ${list} hold more text than an Excel cell can (${MAX_CELL_TEXT.toLocaleString('en')} characters); shorten it or attach it as a file (row not stored)`,
      };
    case 'other_unit':
      return {
        zh: `该行属于“${p.unit ?? '未指定单位'}”，只能填报本单位的行`,
        en: `this row belongs to "${p.unit ?? 'no unit'}"; a unit may only write its own rows`,
      };
    case 'other_campaign':
      return {
        zh: '该行标识属于另一项整改任务',
        en: 'this row id belongs to another campaign',
      };
    case 'office_field':
      return {
        zh: `字段 ${list} 由整改办确定，单位不能修改（已拒绝整行）`,
        en: `fields ${list} are assigned by the rectification office and cannot be changed by a unit (row refused)`,
      };
    case 'closure_office_only':
      return {
        zh: '销号审批由整改办办理，单位只能申请销号',
        en: 'only the office approves or returns a closure; a unit may only request it',
      };
    case 'row_deleted':
      return {
        zh: '该行已被整改办删除',
        en: 'this row was deleted by the office',
      };
    case 'version_ahead':
      return {
        zh: `该行的版本号 ${p.baseVersion ?? '?'} 比服务器上的 ${p.version ?? '?'} 还新，请重新拉取台账`,
        en: `the row's version ${p.baseVersion ?? '?'} is newer than the service's ${p.version ?? '?'}; pull the ledger again`,
      };
    case 'empty_row':
      return {
        zh: '新行没有任何内容',
        en: 'the new row has no values',
      };
  }
}

export function reject(code: RejectCode, params: ReasonParams = {}): RejectReason {
  return { code, ...(params.fields ? { fields: params.fields } : {}), ...text(code, params) };
}
