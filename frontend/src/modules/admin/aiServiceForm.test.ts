import { describe, expect, it } from 'vitest';
import { AiService } from '../../api/admin';
import { describeTest, emptyForm, formErrors, formOf, requestBody } from './aiServiceForm';

const stored: AiService = {
  aiServiceId: 's1', name: 'openai', kind: 'OPENAI', baseUrl: 'https://api.openai.com/v1', apiKeyLast4: 'abcd',
  defaultModel: 'gpt-4o-mini', azureDeployment: null, azureApiVersion: null, active: true, fallback: false,
  lastTest: null, createdAt: '', updatedAt: '', version: 1,
};

describe('AI service form', () => {
  it('sends every field of a new service, Azure fields only for Azure', () => {
    const f = { ...emptyForm('OPENAI'), name: ' stub ', baseUrl: 'http://h/v1', apiKey: 'sk-1', defaultModel: 'm',
      azureDeployment: 'ignored' };
    expect(requestBody(f, null)).toEqual({ name: 'stub', kind: 'OPENAI', baseUrl: 'http://h/v1', defaultModel: 'm',
      apiKey: 'sk-1' });
    const az = { ...emptyForm('AZURE_OPENAI'), name: 'az', baseUrl: 'https://r.openai.azure.com', apiKey: 'k',
      defaultModel: 'gpt', azureDeployment: 'dep' };
    expect(requestBody(az, null)).toMatchObject({ azureDeployment: 'dep', azureApiVersion: '2024-10-21' });
  });
  it('patches only what changed and never sends an empty key', () => {
    expect(requestBody({ ...formOf(stored), defaultModel: 'gpt-4o' }, stored)).toEqual({ defaultModel: 'gpt-4o' });
    expect(requestBody(formOf(stored), stored)).toEqual({});
    expect(requestBody({ ...formOf(stored), apiKey: 'sk-new' }, stored)).toEqual({ apiKey: 'sk-new' });
  });
  it('requires a key for OpenAI unless one is stored, and Azure its deployment', () => {
    expect(formErrors({ ...emptyForm('OPENAI'), name: 'x', baseUrl: 'https://a/v1', defaultModel: 'm' }, null).apiKey)
      .toBe('required for this kind');
    expect(formErrors(formOf(stored), stored)).toEqual({});
    expect(formErrors({ ...emptyForm('LM_STUDIO'), name: 'x', baseUrl: 'http://a:1234/v1', defaultModel: 'm' }, null))
      .toEqual({});
    const az = formErrors({ ...emptyForm('AZURE_OPENAI'), name: 'x', baseUrl: 'ftp://a', defaultModel: 'm', apiKey: 'k' }, null);
    expect(az).toEqual({ baseUrl: 'an http(s) URL', azureDeployment: 'required for Azure OpenAI' });
  });
  it('says the test result in plain words', () => {
    expect(describeTest({ succeeded: true, latencyMillis: 42, error: null })).toBe('Connected in 42 ms.');
    expect(describeTest({ succeeded: false, latencyMillis: 3, error: 'connection refused' }))
      .toBe('Could not connect: connection refused (after 3 ms).');
  });
});
