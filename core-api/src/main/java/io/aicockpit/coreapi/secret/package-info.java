/** Encrypted secrets (AI service API keys): references that travel, ciphertext that stays in the secret store. */
package io.aicockpit.coreapi.secret;
