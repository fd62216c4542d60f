/** The audit detail header: how a service adds what it did to the gateway's audit record of a request. */
package io.aicockpit.support.audit;
