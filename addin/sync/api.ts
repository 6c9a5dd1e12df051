// The service's HTTP API as the task pane uses it. Every answer is parsed with the wire schemas
// before use; failures come back as ServiceError (the service said no, with its bilingual message)
// or OfflineError (the service could not be reached: the caller queues and retries).
import * as z from 'zod';
import { IsoDate, type Lang } from '../../ledger';
import { EVIDENCE_FIELD, EvidenceAnswer, EvidenceList, type EvidenceFile } from '../../ledger/evidence';
import {
  ApiError,
  CampaignInfo,
  CampaignList,
  ConflictChoice,
  ConflictList,
  ConflictView,
  Me,
  PullResult,
  PushResult,
  ResolvedConflict,
  RowAnswer,
  RowList,
  RowState,
  SignInSettings,
  WorkbookLink,
  type ClosureAction,
  type ExtensionAction,
  type PushRequest,
} from '../../ledger/sync-protocol';

export { Me, type CampaignInfo };

/** What POST …/rows/{id}/closure or …/extension is sent. */
export type RowStep = { kind: 'closure'; body: ClosureAction } | { kind: 'extension'; body: ExtensionAction };

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
  }
}

/** The service could not be reached (network down, or a gateway answering 502–504 for it). */
export class OfflineError extends Error {
  override readonly name = 'OfflineError';
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** The service's address, e.g. https://ledger.example.edu.cn */
  baseUrl: string;
  /** The bearer token for each call (an API token, or a fresh Microsoft access token). */
  token: () => Promise<string | undefined>;
  fetch?: FetchLike;
}

/** "https://host/" and "https://host" are one service. */
export function normalizeServiceUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

const GATEWAY_DOWN = new Set([502, 503, 504]);

export class ApiClient {
  readonly baseUrl: string;
  readonly #token: () => Promise<string | undefined>;
  readonly #fetch: FetchLike;

  constructor(opts: ApiClientOptions) {
    this.baseUrl = normalizeServiceUrl(opts.baseUrl);
    this.#token = opts.token;
    this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    const token = await this.#token();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    // A form goes as the browser encodes it: its Content-Type carries the multipart boundary.
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    let res: Response;
    try {
      res = await this.#fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}) });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new OfflineError(`无法连接服务 ${this.baseUrl}：${why} / Cannot reach the service at ${this.baseUrl}: ${why}`);
    }
    if (GATEWAY_DOWN.has(res.status)) throw new OfflineError(`服务 ${this.baseUrl} 暂时不可用（HTTP ${res.status}）/ The service at ${this.baseUrl} is unavailable for now (HTTP ${res.status})`);
    if (!res.ok) {
      const text = await res.text();
      let parsed: ApiError | undefined;
      try {
        parsed = ApiError.safeParse(JSON.parse(text)).data;
      } catch {
        parsed = undefined;
      }
      const e = parsed?.error;
      throw new ServiceError(
        res.status,
        e?.code ?? `http_${res.status}`,
        e?.message ?? `服务返回错误（HTTP ${res.status}）`,
        e?.messageEn ?? `The service answered HTTP ${res.status}`,
      );
    }
    return res;
  }

  async #json<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    const res = await this.#send(method, path, body);
    const parsed = schema.safeParse(await res.json());
    if (!parsed.success) {
      throw new ServiceError(res.status, 'bad_response', `服务的回答格式不对：${path}`, `Unexpected answer from the service: ${path}`);
    }
    return parsed.data;
  }

  me(): Promise<Me> {
    return this.#json(Me, 'GET', '/me');
  }

  async campaigns(): Promise<CampaignInfo[]> {
    return (await this.#json(CampaignList, 'GET', '/campaigns')).campaigns;
  }

  campaign(name: string): Promise<CampaignInfo> {
    return this.#json(CampaignInfo, 'GET', `/campaigns/${encodeURIComponent(name)}`);
  }

  rows(campaign: string): Promise<{ rows: RowState[]; cursor: number }> {
    return this.#json(RowList, 'GET', `/campaigns/${encodeURIComponent(campaign)}/rows`);
  }

  changes(campaign: string, since: number): Promise<PullResult> {
    return this.#json(PullResult, 'GET', `/campaigns/${encodeURIComponent(campaign)}/changes?since=${since}`);
  }

  push(campaign: string, request: PushRequest): Promise<PushResult> {
    return this.#json(PushResult, 'POST', `/campaigns/${encodeURIComponent(campaign)}/push`, request);
  }

  async openConflicts(campaign: string): Promise<ConflictView[]> {
    return (await this.#json(ConflictList, 'GET', `/campaigns/${encodeURIComponent(campaign)}/conflicts?state=open`)).conflicts;
  }

  resolveConflict(campaign: string, id: string, choice: ConflictChoice): Promise<{ conflict: ConflictView; row: RowState }> {
    return this.#json(
      ResolvedConflict,
      'POST',
      `/campaigns/${encodeURIComponent(campaign)}/conflicts/${encodeURIComponent(id)}/resolve`,
      { choice },
    );
  }

  /** A step of a row's closure (销号) or extension (延期): the unit asks, the office answers. Gives the row as it now stands. */
  async rowStep(campaign: string, id: string, step: RowStep): Promise<RowState> {
    const path = `/campaigns/${encodeURIComponent(campaign)}/rows/${encodeURIComponent(id)}/${step.kind}`;
    return (await this.#json(RowAnswer, 'POST', path, step.body)).row;
  }

  /**
   * A link that downloads the consolidated workbook once, within a minute, with no token: for a
   * browser outside Office, which cannot send the pane's Authorization header.
   */
  workbookLink(campaign: string, asOf: IsoDate, lang: Lang): Promise<WorkbookLink> {
    return this.#json(WorkbookLink, 'POST', `/campaigns/${encodeURIComponent(campaign)}/workbook-link?asOf=${asOf}&lang=${lang}`);
  }

  /** The evidence files (佐证材料) attached to a row, as the service lists them. */
  async evidence(campaign: string, rowId: string): Promise<EvidenceFile[]> {
    return (await this.#json(EvidenceList, 'GET', `/campaigns/${encodeURIComponent(campaign)}/rows/${encodeURIComponent(rowId)}/evidence`)).files;
  }

  /** Attaches a file to a row; the service judges its kind by its content and refuses (415, 413) before storing anything. */
  async uploadEvidence(campaign: string, rowId: string, file: Blob, fileName: string): Promise<EvidenceFile> {
    const form = new FormData();
    // A picked file carries its own name; only a Blob is given one (Internet Explorer's FormData takes no file name).
    if (typeof File !== 'undefined' && file instanceof File && file.name === fileName) form.append(EVIDENCE_FIELD, file);
    else form.append(EVIDENCE_FIELD, file, fileName);
    return (await this.#json(EvidenceAnswer, 'POST', `/campaigns/${encodeURIComponent(campaign)}/rows/${encodeURIComponent(rowId)}/evidence`, form)).file;
  }

  /** An evidence file's bytes (the pane cannot open an address that needs its token, so it saves them from a link). */
  async evidenceFile(campaign: string, fileId: string): Promise<Blob> {
    const res = await this.#send('GET', `/campaigns/${encodeURIComponent(campaign)}/evidence/${encodeURIComponent(fileId)}`);
    return res.blob();
  }

  /** A link that downloads an evidence file once, within a minute, with no token: for a browser outside Office. */
  evidenceLink(campaign: string, fileId: string): Promise<WorkbookLink> {
    return this.#json(WorkbookLink, 'POST', `/campaigns/${encodeURIComponent(campaign)}/evidence/${encodeURIComponent(fileId)}/link`);
  }

  async removeEvidence(campaign: string, fileId: string): Promise<EvidenceFile> {
    return (await this.#json(EvidenceAnswer, 'DELETE', `/campaigns/${encodeURIComponent(campaign)}/evidence/${encodeURIComponent(fileId)}`)).file;
  }

  /** The consolidated workbook (the office: every row; a unit: its own), as a file. */
  async workbook(campaign: string, asOf: IsoDate): Promise<Blob> {
    const res = await this.#send('GET', `/campaigns/${encodeURIComponent(campaign)}/workbook.xlsx?asOf=${asOf}`);
    return res.blob();
  }
}

/**
 * How the service signs people in with Microsoft (GET /api/sign-in, asked before there is a token),
 * or undefined from a service too old to say.
 */
export async function signInSettings(serviceUrl: string, fetchFn: FetchLike): Promise<SignInSettings | undefined> {
  const url = `${normalizeServiceUrl(serviceUrl)}/api/sign-in`;
  let res: Response;
  try {
    res = await fetchFn(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new OfflineError(`无法连接服务 ${serviceUrl}：${e instanceof Error ? e.message : String(e)}`);
  }
  if (res.status === 404) return undefined;
  const parsed = res.ok ? SignInSettings.safeParse(await res.json().catch(() => undefined)) : undefined;
  if (!parsed?.success) throw new ServiceError(res.status, 'bad_response', `服务的回答格式不对：${url}`, `Unexpected answer from the service: ${url}`);
  return parsed.data;
}
