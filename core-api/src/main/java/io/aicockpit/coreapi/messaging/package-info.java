/** Topic names and CloudEvents conventions shared by producers and consumers. */
package io.aicockpit.coreapi.messaging;
