/**
 * The one catalogue of problem types every service answers with ({@link io.aicockpit.support.problem.ProblemType});
 * docs/problems.md lists it and {@code ProblemCatalogTest} keeps code, catalogue and docs in step. Rendering stays
 * with each service's single problem handler.
 */
package io.aicockpit.support.problem;
