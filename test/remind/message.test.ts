// A long digest still reaches a group chat: robot messages stay within each vendor's size limit,
// whole items only, and say how many more there are; the e-mail lists every item.
import { describe, expect, it } from 'vitest';
import { reminderDigest } from '../../ledger/reminders';
import { robotRequest } from '../../server/remind/channels';
import { digestMessage } from '../../server/remind/message';

const measures = Array.from({ length: 200 }, (_, k) => ({
  id: `m${k}`,
  extras: {},
  unit: '后勤管理处',
  problem: '学生宿舍消防设施老化、安全隐患排查不彻底',
  measureNo: `3.${k + 1}`,
  measure: `第${k + 1}栋学生宿舍楼更换消防喷淋系统并组织消防演练`,
  status: 'in_progress' as const,
  deadline: { kind: 'date' as const, date: '2018-08-01', text: '2018年7月底前' },
}));
const digest = reminderDigest(measures, '2018-09-10', { warnAfterDays: 30, accountAfterDays: 60 });
const message = digestMessage(digest.units[0]!, '2018-09-10', digest.dueSoonDays);
const now = new Date('2018-09-10T01:00:00Z');

/** How many items a robot message lists, and how many it says it left out. */
function counted(text: string): { listed: number; more: number } {
  const listed = text.split('\n').filter((l) => /^\d+\. /.test(l)).length;
  return { listed, more: Number(/另有(\d+)项/.exec(text)?.[1] ?? 0) };
}

describe('digest messages', () => {
  it('lists every measure in the e-mail', () => {
    expect(message.subject).toBe('【整改提醒】后勤管理处：已逾期200项');
    expect(message.text.split('\n').filter((l) => l.includes('告诫：已逾期40天'))).toHaveLength(200);
  });

  it('keeps each robot message within its limit, counting what it leaves out', () => {
    const wecom = robotRequest({ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', secret: null }, message, now).body as { markdown: { content: string } };
    expect(Buffer.byteLength(wecom.markdown.content)).toBeLessThanOrEqual(4096);
    const w = counted(wecom.markdown.content);
    expect(w.listed).toBeGreaterThan(5);
    expect(w.listed + w.more).toBe(200);

    const ding = robotRequest({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECx' }, message, now).body as { markdown: { text: string } };
    expect(Buffer.byteLength(ding.markdown.text)).toBeLessThanOrEqual(20_000);
    const d = counted(ding.markdown.text.replace(/\n\n/g, '\n'));
    expect(d.listed + d.more).toBe(200);

    const feishu = robotRequest({ kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/h', secret: null }, message, now).body;
    expect(Buffer.byteLength(JSON.stringify(feishu))).toBeLessThanOrEqual(20 * 1024);
    const post = (feishu as { content: { post: { zh_cn: { content: { text: string }[][] } } } }).content.post.zh_cn;
    const f = counted(post.content.map((p) => p[0]!.text).join('\n'));
    expect(f.listed + f.more).toBe(200);
  });
});
