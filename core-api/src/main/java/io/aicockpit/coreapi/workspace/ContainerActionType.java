package io.aicockpit.coreapi.workspace;

/** What a worker node is asked to do with a workspace's container. */
public enum ContainerActionType { START, STOP, DELETE }
