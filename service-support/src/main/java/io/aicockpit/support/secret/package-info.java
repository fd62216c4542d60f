/** Encryption of secrets at rest (AI service API keys); only the ciphertext reaches the secret store. */
package io.aicockpit.support.secret;
