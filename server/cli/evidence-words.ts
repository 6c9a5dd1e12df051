// What `ledger evidence` says about files, Chinese or English.
import { dateIn, type Lang } from '../../ledger';
import type { EvidenceFile } from '../../ledger/evidence';
import { sizeText } from '../evidence/limits';

const about = (f: EvidenceFile) => ({ name: f.fileName, size: sizeText(f.size), day: f.uploadedAt.slice(0, 10) });

const WORDS = {
  zh: {
    notAFile: '不是普通文件',
    unreadable: (path: string, why: string) => `无法读取文件“${path}”（${why}），没有上传任何文件`,
    stored: (f: EvidenceFile, already: boolean) => `${already ? '服务上已有同名同内容的文件' : '已上传'}：${f.fileName}（${about(f).size}，${f.mime}），编号 ${f.id}`,
    refused: (path: string, message: string) => `未上传“${path}”：${message}`,
    none: '该行还没有佐证材料。',
    count: (n: number) => `佐证材料 ${n} 个：`,
    listed: (f: EvidenceFile) => `  ${f.fileName}（${about(f).size}，${f.mime}），${f.uploadedBy} 于 ${dateIn('zh', about(f).day)} 上传，编号 ${f.id}`,
    exists: (path: string) => `“${path}”已存在，没有覆盖（要覆盖请加 --force）`,
    unwritable: (path: string, why: string) => `无法写入“${path}”：${why}`,
    written: (path: string, size: number) => `已保存：${path}（${size} 字节）`,
    removed: (f: EvidenceFile) => `已删除：${f.fileName}（编号 ${f.id}）`,
  },
  en: {
    notAFile: 'not a regular file',
    unreadable: (path: string, why: string) => `Cannot read "${path}" (${why}); no file was sent`,
    stored: (f: EvidenceFile, already: boolean) => `${already ? 'Already on the service (same name and content)' : 'Attached'}: ${f.fileName} (${about(f).size}, ${f.mime}), id ${f.id}`,
    refused: (path: string, message: string) => `Not attached "${path}": ${message}`,
    none: 'No evidence files on this row yet.',
    count: (n: number) => `${n} evidence file${n === 1 ? '' : 's'}:`,
    listed: (f: EvidenceFile) => `  ${f.fileName} (${about(f).size}, ${f.mime}), uploaded by ${f.uploadedBy} on ${dateIn('en', about(f).day)}, id ${f.id}`,
    exists: (path: string) => `"${path}" exists already and was not overwritten (add --force to overwrite it)`,
    unwritable: (path: string, why: string) => `Cannot write "${path}": ${why}`,
    written: (path: string, size: number) => `Written: ${path} (${size} bytes)`,
    removed: (f: EvidenceFile) => `Removed: ${f.fileName} (id ${f.id})`,
  },
};

export type EvidenceWords = (typeof WORDS)['zh'];

export function evidenceWords(lang: Lang): EvidenceWords {
  return WORDS[lang];
}
