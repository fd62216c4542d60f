/** Internal messages between command-side and the container-worker nodes. Never published on public topics. */
package io.aicockpit.coreapi.container;
