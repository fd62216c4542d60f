package io.aicockpit.coreapi.container;

/** Whether a worker node managed to do what an action asked. */
public enum ContainerActionOutcome { SUCCEEDED, FAILED }
