import { AiService, AiServiceInput, AiServiceKind } from '../../api/admin';

export interface AiServiceForm {
  name: string;
  kind: AiServiceKind;
  baseUrl: string;
  /** write-only: empty keeps the stored key when editing */
  apiKey: string;
  defaultModel: string;
  azureDeployment: string;
  azureApiVersion: string;
}

export const KINDS: { kind: AiServiceKind; label: string; baseUrl: string; keyRequired: boolean }[] = [
  { kind: 'OPENAI', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', keyRequired: true },
  { kind: 'AZURE_OPENAI', label: 'Azure OpenAI', baseUrl: 'https://<resource>.openai.azure.com', keyRequired: true },
  { kind: 'LM_STUDIO', label: 'LM Studio', baseUrl: 'http://lmstudio.internal:1234/v1', keyRequired: false },
  { kind: 'CUSTOM', label: 'Custom (OpenAI-compatible)', baseUrl: 'https://llm.example.com/v1', keyRequired: false },
];

export const kindLabel = (k: string) => KINDS.find((x) => x.kind === k)?.label ?? k;

export const emptyForm = (kind: AiServiceKind = 'OPENAI'): AiServiceForm => ({
  name: '', kind, baseUrl: '', apiKey: '', defaultModel: '', azureDeployment: '', azureApiVersion: kind === 'AZURE_OPENAI' ? '2024-10-21' : '',
});

export const formOf = (s: AiService): AiServiceForm => ({
  name: s.name, kind: s.kind, baseUrl: s.baseUrl, apiKey: '', defaultModel: s.defaultModel,
  azureDeployment: s.azureDeployment ?? '', azureApiVersion: s.azureApiVersion ?? '',
});

/** What the form cannot send, per field, before the server is asked. */
export function formErrors(f: AiServiceForm, editing: AiService | null): Partial<Record<keyof AiServiceForm, string>> {
  const e: Partial<Record<keyof AiServiceForm, string>> = {};
  if (!f.name.trim()) e.name = 'required';
  else if (f.name.trim().length > 64) e.name = 'at most 64 characters';
  if (!/^https?:\/\/\S+$/i.test(f.baseUrl.trim())) e.baseUrl = 'an http(s) URL';
  if (!f.defaultModel.trim()) e.defaultModel = 'required';
  if (f.apiKey && !/^[\x21-\x7E]{1,4096}$/.test(f.apiKey)) e.apiKey = 'printable characters without spaces';
  const needsKey = KINDS.find((k) => k.kind === f.kind)?.keyRequired;
  if (needsKey && !f.apiKey && !(editing && editing.apiKeyLast4)) e.apiKey = 'required for this kind';
  if (f.kind === 'AZURE_OPENAI') {
    if (!f.azureDeployment.trim()) e.azureDeployment = 'required for Azure OpenAI';
    if (!f.azureApiVersion.trim()) e.azureApiVersion = 'required for Azure OpenAI';
  }
  return e;
}

/**
 * The request body: everything for a new service (Azure fields only for Azure); for an edit (PATCH) only the
 * fields that changed, and the key only when one was typed (it is write-only: the form never holds the stored one).
 */
export function requestBody(f: AiServiceForm, editing: AiService | null): AiServiceInput {
  const azure = f.kind === 'AZURE_OPENAI';
  const next: AiServiceInput = {
    name: f.name.trim(), kind: f.kind, baseUrl: f.baseUrl.trim(), defaultModel: f.defaultModel.trim(),
    ...(azure ? { azureDeployment: f.azureDeployment.trim(), azureApiVersion: f.azureApiVersion.trim() } : {}),
    ...(f.apiKey ? { apiKey: f.apiKey } : {}),
  };
  if (!editing) return next;
  const before = formOf(editing);
  const changed: AiServiceInput = {};
  for (const [k, v] of Object.entries(next) as [keyof AiServiceInput, string][]) {
    if (k === 'apiKey' || before[k as keyof AiServiceForm] !== v) (changed as Record<string, string>)[k] = v;
  }
  return changed;
}

/** The outcome of "test connection" in plain words. */
export function describeTest(t: { succeeded: boolean; latencyMillis: number; error: string | null }): string {
  return t.succeeded
    ? `Connected in ${t.latencyMillis} ms.`
    : `Could not connect: ${t.error?.trim() || 'no reason given'} (after ${t.latencyMillis} ms).`;
}
