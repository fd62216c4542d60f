/**
 * The read model of tenants' AI service catalogues: {@code ai_service_view} and {@code GET /api/v1/ai-services}.
 * Never holds or shows a secret (no key reference, only the last four characters); writes no other table.
 */
package io.aicockpit.query.aiservice;
