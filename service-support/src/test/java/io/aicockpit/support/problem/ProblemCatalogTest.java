package io.aicockpit.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue, docs/problems.md and the services' code name the same problem types. */
class ProblemCatalogTest {
    /** A type written out in full anywhere. */
    private static final Pattern TYPE_URI = Pattern.compile("urn:aicockpit:problem:([a-z0-9][a-z0-9-]*)");
    /**
     * Kinds given as strings to a problem builder instead of a {@link ProblemType}: {@code new XProblem(409, "kind", …)},
     * {@code WorkspaceProblem.invalid("kind", …)}, {@code WorkspaceProblem.tooMany("kind", …)}. No service does any
     * more; the scan keeps a new one from slipping past the catalogue.
     */
    private static final List<Pattern> STRING_KINDS = List.of(
            Pattern.compile("Problem\\w*\\(\\s*\\d{3},\\s*\"([a-z0-9][a-z0-9-]*)\""),
            Pattern.compile("WorkspaceProblem\\.(?:invalid|tooMany)\\(\\s*\"([a-z0-9][a-z0-9-]*)\""));
    private static final Pattern DOC_ROW = Pattern.compile(
            "^\\| `urn:aicockpit:problem:([a-z0-9-]+)` \\| (\\d{3}) \\| ([^|]+?) \\|");

    @Test
    void kindsAreLowercaseWordsJoinedByHyphens() {
        assertThat(ProblemType.values()).allSatisfy(type -> {
            assertThat(type.kind()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(type.uri()).hasToString(ProblemType.URI_PREFIX + type.kind());
            assertThat(type.status()).isBetween(400, 599);
        });
    }

    @Test
    void theDocsListExactlyTheCatalogue() throws IOException {
        Map<String, String> documented = new TreeMap<>();
        for (String line : Files.readAllLines(repoRoot().resolve("docs/problems.md"))) {
            Matcher row = DOC_ROW.matcher(line);
            if (row.find()) {
                documented.put(row.group(1), row.group(2) + " " + row.group(3));
            }
        }
        Map<String, String> catalogued = Arrays.stream(ProblemType.values()).collect(Collectors.toMap(
                ProblemType::kind, type -> type.status() + " " + type.title(), (a, b) -> a, TreeMap::new));

        assertThat(documented).isEqualTo(catalogued);
    }

    @Test
    void everyTypeTheServicesUseIsInTheCatalogue() throws IOException {
        Map<String, Set<String>> unknown = new TreeMap<>();
        try (Stream<Path> files = Files.walk(repoRoot())) {
            files.filter(ProblemCatalogTest::isServiceSource).forEach(file -> {
                for (String kind : kindsIn(read(file))) {
                    if (ProblemType.ofKind(kind).isEmpty()) {
                        unknown.computeIfAbsent(kind, k -> new TreeSet<>()).add(repoRoot().relativize(file).toString());
                    }
                }
            });
        }

        assertThat(unknown).as("problem kinds used in code but missing from ProblemType (and docs/problems.md)")
                .isEmpty();
    }

    @Test
    void theScanFindsKindsWrittenAsUrisAndAsBuilderStrings() {
        String code = """
                URI type = URI.create("urn:aicockpit:problem:made-up-kind");
                throw new WorkspaceProblem(409, "another-kind", "detail");
                throw WorkspaceProblem.tooMany("third-kind", "detail", 5);
                AssistProblem.invalid("field", "reason");
                """;

        assertThat(kindsIn(code)).containsExactlyInAnyOrder("made-up-kind", "another-kind", "third-kind");
    }

    private static Set<String> kindsIn(String code) {
        Set<String> kinds = new TreeSet<>();
        Stream.concat(Stream.of(TYPE_URI), STRING_KINDS.stream()).forEach(pattern -> {
            Matcher matcher = pattern.matcher(code);
            while (matcher.find()) {
                kinds.add(matcher.group(1));
            }
        });
        return kinds;
    }

    private static boolean isServiceSource(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.endsWith(".java") && path.contains("/src/main/") && !path.contains("/target/")
                && !path.contains("/node_modules/") && !path.contains("/service-support/");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repoRoot() {
        String configured = System.getProperty("aicockpit.repo.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/problems.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root (with docs/problems.md)").isNotNull();
        return dir;
    }
}
