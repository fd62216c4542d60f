package io.aicockpit.query.web;

/** One entry of an invalid-request problem's {@code errors}: the offending field and what it must be. */
public record InvalidField(String field, String reason) {
}
