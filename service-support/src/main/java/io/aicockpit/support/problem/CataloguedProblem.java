package io.aicockpit.support.problem;

import java.util.Map;

/**
 * An exception that knows how it is answered: its {@link ProblemType} and any extra members of the problem body.
 * A service's one error handler answers every such exception alike, so a feature adds a failure without teaching
 * the web layer about it. The exception's message is the problem's {@code detail} and must be safe to show.
 */
public interface CataloguedProblem {
    ProblemType problemType();

    /** Extra members of the problem body, e.g. the current status of a conflict; none by default. */
    default Map<String, Object> problemProperties() {
        return Map.of();
    }
}
