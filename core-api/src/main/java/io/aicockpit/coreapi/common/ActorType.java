package io.aicockpit.coreapi.common;

/** Who caused a change: a person, an integration's OAuth client, a platform operator or the platform itself. */
public enum ActorType { USER, INTEGRATION, OPERATOR, SYSTEM }
