// Calls the gateway with the official openai npm SDK, as a developer's tool would.
// Env: AICOCKPIT_BASE_URL (e.g. http://127.0.0.1:8080/v1), AICOCKPIT_TOKEN (a tenant bearer token), AICOCKPIT_MODEL.
// Prints one JSON line per check; exits non-zero on the first failure.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.AICOCKPIT_BASE_URL,
  apiKey: process.env.AICOCKPIT_TOKEN,
  maxRetries: 0,
  timeout: 30_000,
});
const model = process.env.AICOCKPIT_MODEL ?? 'stub-model';
const messages = [{ role: 'user', content: 'Say hello' }];

const whole = await client.chat.completions.create({ model, messages });
console.log(JSON.stringify({ check: 'non-streaming', content: whole.choices[0].message.content,
  promptTokens: whole.usage?.prompt_tokens, completionTokens: whole.usage?.completion_tokens }));

const stream = await client.chat.completions.create({ model, messages, stream: true,
  stream_options: { include_usage: true } });
let text = '';
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  chunks++;
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
console.log(JSON.stringify({ check: 'streaming', content: text, chunks,
  promptTokens: usage?.prompt_tokens, completionTokens: usage?.completion_tokens }));

const models = await client.models.list();
console.log(JSON.stringify({ check: 'models', count: models.data.length }));
