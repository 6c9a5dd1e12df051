// The headers this system writes, and field names in messages.
import type { Field } from './schema';

/** The hidden column of due dates the system writes beside deadlines kept in the office's words. */
export const DUE_HEADER = '__due';

/** The consolidated workbook's column of each measure's evidence files, linked to the office page; never read back. */
export const EVIDENCE_FILES_HEADER = '佐证材料附件';

export const FIELD_LABELS: Record<Field, { zh: string; en: string }> = {
  seq: { zh: '序号', en: 'No.' },
  category: { zh: '问题类别', en: 'Category' },
  problemNo: { zh: '问题编号', en: 'Problem no.' },
  problem: { zh: '存在问题', en: 'Problem' },
  measureNo: { zh: '措施编号', en: 'Measure no.' },
  measure: { zh: '整改措施', en: 'Measure' },
  leader: { zh: '责任领导', en: 'Responsible leader' },
  leadUnit: { zh: '牵头单位', en: 'Lead unit' },
  unit: { zh: '责任单位', en: 'Responsible unit' },
  coUnit: { zh: '配合单位', en: 'Cooperating unit' },
  owner: { zh: '责任人', en: 'Owner' },
  deadline: { zh: '完成时限', en: 'Deadline' },
  status: { zh: '完成情况', en: 'Status' },
  progress: { zh: '进展情况', en: 'Progress' },
  completedOn: { zh: '完成时间', en: 'Completed on' },
  evidence: { zh: '佐证材料', en: 'Evidence' },
  remarks: { zh: '备注', en: 'Remarks' },
  closure: { zh: '销号情况', en: 'Closure' },
  extension: { zh: '延期情况', en: 'Extension' },
  id: { zh: '__id', en: '__id' },
  version: { zh: '__version', en: '__version' },
};
