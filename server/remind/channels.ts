// Delivering a digest: e-mail over SMTP (nodemailer) and the group-chat robots of 企业微信, 钉钉 and
// 飞书 in each vendor's documented webhook format and signing scheme. A robot answers HTTP 200 with an
// error code in the body when it refuses a message, so the body decides. Error texts name what failed
// and never carry a webhook or a password (they end up in the send log).
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ROBOT_LABELS } from '../../ledger/reminder-settings';
import type { DigestMessage } from './message';
import type { Robot, StoredSettings } from './settings';

const TIMEOUT_MS = 15_000;

export async function sendEmail(smtp: NonNullable<StoredSettings['smtp']>, to: string[], m: DigestMessage): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 2,
  });
  try {
    await transport.sendMail({ from: smtp.from, to, subject: m.subject, text: m.text, html: m.html });
  } catch (e) {
    throw new Error(`邮件发送失败 / e-mail not sent: ${(e as Error).message}`, { cause: e });
  } finally {
    transport.close();
  }
}

/** Base64 HMAC-SHA256. */
const hmac = (key: string, message: string) => createHmac('sha256', key).update(message, 'utf8').digest('base64');

/** 钉钉 加签: `${timestamp}\n${secret}` signed with the secret; timestamp in milliseconds, both in the query. */
function dingtalkSign(secret: string, timestampMs: number): string {
  return hmac(secret, `${timestampMs}\n${secret}`);
}

/** 飞书 签名校验: the empty message signed with the key `${timestamp}\n${secret}`; timestamp in seconds, both in the body. */
function feishuSign(secret: string, timestampSeconds: number): string {
  return hmac(`${timestampSeconds}\n${secret}`, '');
}

/** The documented message size limits, less room for the JSON around the text. */
const LIMIT_BYTES = { wecom: 4000, dingtalk: 15_000, feishu: 15_000 } as const;

/** Where to post and what, for each robot. */
export function robotRequest(robot: Robot, m: DigestMessage, now: Date): { url: string; body: unknown } {
  switch (robot.kind) {
    case 'wecom':
      return { url: robot.url, body: { msgtype: 'markdown', markdown: { content: m.markdown(LIMIT_BYTES.wecom) } } };
    case 'dingtalk': {
      const url = new URL(robot.url);
      if (robot.secret) {
        const timestamp = now.getTime();
        url.searchParams.set('timestamp', String(timestamp));
        url.searchParams.set('sign', dingtalkSign(robot.secret, timestamp));
      }
      return { url: url.toString(), body: { msgtype: 'markdown', markdown: { title: m.subject, text: m.markdown(LIMIT_BYTES.dingtalk, '\n\n') } } };
    }
    case 'feishu': {
      const timestamp = Math.floor(now.getTime() / 1000);
      const signed = robot.secret ? { timestamp: String(timestamp), sign: feishuSign(robot.secret, timestamp) } : {};
      return { url: robot.url, body: { ...signed, msg_type: 'post', content: { post: { zh_cn: m.feishuPost(LIMIT_BYTES.feishu) } } } };
    }
  }
}

/** The vendor's error code and message in an answer body: 企业微信 and 钉钉 say errcode, 飞书 code (StatusCode in older answers). */
function refusalIn(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const code = b.errcode ?? b.code ?? b.StatusCode;
  if (code === undefined || code === 0) return undefined;
  return `errcode ${String(code)}: ${String(b.errmsg ?? b.msg ?? b.StatusMessage ?? '')}`;
}

export async function sendRobot(robot: Robot, m: DigestMessage, now = new Date()): Promise<void> {
  const label = `${ROBOT_LABELS[robot.kind].zh}机器人 / ${ROBOT_LABELS[robot.kind].en} robot`;
  const { url, body } = robotRequest(robot, m, now);
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (e) {
    const cause = (e as Error & { cause?: Error }).cause;
    throw new Error(`${label}无法连接 / unreachable: ${cause?.message ?? (e as Error).message}`, { cause: e });
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${label}答复 HTTP ${res.status} / answered HTTP ${res.status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${label}的答复不是 JSON / answered something other than JSON`);
  }
  const refusal = refusalIn(parsed);
  if (refusal) throw new Error(`${label}拒收 / refused: ${refusal}`);
}
