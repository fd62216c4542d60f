/** Workspace commands and events: create, rename, start, stop, delete, and the worker's results. */
package io.aicockpit.coreapi.workspace;
