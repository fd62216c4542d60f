/** Who may call ai-worker, for the relay and the workspace assist alike. */
package io.aicockpit.aiworker.caller;
