// COUNTIFS criteria as Excel reads them: "<>" is any non-empty cell, "" or "=" an empty one, "<43353"
// a number below it (text cells never match a number), "~*" a literal asterisk among * and ? wildcards,
// text compared without regard to case. formulajs's COUNTIFS counts "" as non-empty, numbers-as-text
// as numbers and knows no "~" escapes, so the 汇总 sheet's figures would come out wrong with it.
import type { CellValue } from '../../ledger';

const OPERATOR = /^(<>|>=|<=|<|>|=)?([\s\S]*)$/;

function isEmpty(cell: CellValue): boolean {
  return cell === null || cell === '';
}

function wildcard(operand: string): RegExp {
  const body = operand.replace(/~([*?~])|([*?])|([.+^${}()|[\]\\])/g, (_m, literal?: string, wild?: string, special?: string) =>
    literal ? `\\${literal}` : wild === '*' ? '[\\s\\S]*' : wild === '?' ? '[\\s\\S]' : `\\${special}`,
  );
  return new RegExp(`^${body}$`, 'iu');
}

function ordered(operator: string, d: number): boolean {
  return operator === '<' ? d < 0 : operator === '>' ? d > 0 : operator === '<=' ? d <= 0 : d >= 0;
}

/** Whether a cell equals a criterion's operand (before "<>" turns it round). */
function equals(operand: string): (cell: CellValue) => boolean {
  if (operand === '') return isEmpty;
  const n = Number(operand);
  if (operand.trim() !== '' && Number.isFinite(n)) return (cell) => cell === n || (typeof cell === 'string' && cell.trim() !== '' && Number(cell) === n);
  if (/^(true|false)$/i.test(operand)) return (cell) => cell === (operand.toUpperCase() === 'TRUE');
  const pattern = wildcard(operand);
  return (cell) => typeof cell === 'string' && cell !== '' && pattern.test(cell);
}

/** The test one COUNTIFS criterion applies to each cell. */
export function criterionTest(criterion: CellValue): (cell: CellValue) => boolean {
  if (typeof criterion === 'number') return (cell) => cell === criterion;
  if (typeof criterion === 'boolean') return (cell) => cell === criterion;
  const [, operator = '=', operand = ''] = OPERATOR.exec(criterion ?? '')!;
  if (operator === '=') return equals(operand);
  if (operator === '<>') {
    const eq = equals(operand);
    return (cell) => !eq(cell);
  }
  const n = Number(operand);
  if (operand.trim() !== '' && Number.isFinite(n)) return (cell) => typeof cell === 'number' && ordered(operator, cell - n);
  const text = operand.toLowerCase();
  return (cell) => typeof cell === 'string' && cell !== '' && ordered(operator, cell.toLowerCase() < text ? -1 : cell.toLowerCase() > text ? 1 : 0);
}
