// Calls the gateway with the official openai npm SDK and a token the gateway refuses, as a developer's tool with a
// wrong key would, and prints what the SDK reports: a readable message needs an OpenAI error object on /v1.
// Env: AICOCKPIT_BASE_URL (e.g. http://127.0.0.1:8080/v1), AICOCKPIT_TOKEN (a bad token).
// Prints one JSON line; exits non-zero if the call did not fail as an API error.
import OpenAI from 'openai';

const client = new OpenAI({
  baseURL: process.env.AICOCKPIT_BASE_URL,
  apiKey: process.env.AICOCKPIT_TOKEN,
  maxRetries: 0,
  timeout: 30_000,
});

try {
  await client.chat.completions.create({ model: 'gpt-stub', messages: [{ role: 'user', content: 'hello' }] });
  console.log(JSON.stringify({ check: 'bad-token', failed: false }));
  process.exit(1);
} catch (err) {
  if (!(err instanceof OpenAI.APIError)) throw err;
  console.log(JSON.stringify({ check: 'bad-token', failed: true, status: err.status, message: err.message,
    type: err.type, code: err.code, authenticationError: err instanceof OpenAI.AuthenticationError }));
}
