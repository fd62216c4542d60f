/**
 * The workspace read model: {@link io.aicockpit.query.workspace.WorkspaceProjection} alone writes
 * {@code query.workspace_view} from workspace events; the reader and controller only read it, always for one
 * tenant. The live status stream reads the same rows by their {@code change_seq}, woken by PostgreSQL notifications.
 * Nothing here touches the event store except through Axon's tracking processor.
 */
package io.aicockpit.query.workspace;
