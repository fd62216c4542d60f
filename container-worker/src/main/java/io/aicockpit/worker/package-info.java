/**
 * The container-worker application: runs workspace container actions received from Kafka on this node's Docker
 * engine. Holds only the entry point and the module's configuration; features live in sub-packages.
 */
package io.aicockpit.worker;
