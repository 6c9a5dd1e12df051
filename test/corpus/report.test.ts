// The human-readable report of `ledger check`/`merge`: what the office reads in a terminal names the
// closure and extension work in hand beside the status figures.
import { describe, expect, it } from 'vitest';
import { checkLedgers, readLedger } from '../../ledger';
import { formatReport } from '../../server/cli/report';
import { book, grid } from '../ledger/grids';

const ledger = readLedger(
  book(
    '化学化工学院整改台账.xlsx',
    grid('整改台账', [
      ['序号', '存在问题', '整改措施', '责任单位', '完成时限', '完成情况', '销号情况', '延期情况'],
      [1, '实验室安全管理制度不健全', '修订实验室安全管理办法', '化学化工学院', '2018年9月底前', '已完成', '已销号（2018年9月20日，整改办）', null],
      [2, '危化品台账不清', '建立危化品出入库台账', '化学化工学院', '2018年9月底前', '已完成', '申请销号', null],
      [3, '实验室改造滞后', '完成通风系统改造', '化学化工学院', '2018年10月31日', '正在推进', null, '申请延期至2018年12月31日：设备到货延迟'],
    ]),
  ),
);

describe('the report a person reads', () => {
  it('names closed measures and extensions waiting, in Chinese and in English', () => {
    const { findings, rollup } = checkLedgers([ledger], { asOf: '2018-09-10' });
    const zh = formatReport([ledger], findings, rollup, 'zh');
    expect(zh).toContain('已销号 1');
    expect(zh).toContain('延期待审 1');
    expect(zh).toContain('已销号1项');
    const en = formatReport([ledger], findings, checkLedgers([ledger], { asOf: '2018-09-10', lang: 'en' }).rollup, 'en');
    expect(en).toContain('closed off 1');
    expect(en).toContain('extensions waiting 1');
  });

  it('says nothing of closure where nothing is closed or waiting', () => {
    const plain = readLedger(
      book('图书馆整改台账.xlsx', grid('整改台账', [['序号', '存在问题', '整改措施', '责任单位', '完成情况'], [1, '阅览室消防通道堵塞', '清理消防通道', '图书馆', '正在推进']])),
    );
    const { findings, rollup } = checkLedgers([plain], { asOf: '2018-09-10' });
    expect(formatReport([plain], findings, rollup, 'zh')).not.toMatch(/销号|延期/);
  });
});
