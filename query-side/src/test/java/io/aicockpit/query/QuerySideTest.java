package io.aicockpit.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole query side on a random port against the freshly recreated test database. Every test class uses the
 * same properties, so they share one cached context; each test makes its own tenant to stay independent.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=" + TestDatabase.APP_URL)
@ContextConfiguration(initializers = TestDatabase.class)
public @interface QuerySideTest {
}
