package io.anticorona.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web app's files: served at /, compressed, and small (no framework, no build step). */
@QuarkusTest
@WithTestResource(UpstreamResource.class)
class WebAppTest {

    private static final Path FILES = Path.of("src/main/resources/META-INF/resources");

    @Test
    void theWebAppIsServedAtTheRoot() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<main id=\"main\""), containsString("<script type=\"module\" src=\"app.js\">"));
        for (String file : new String[] {"app.js", "api.js", "i18n.js"}) {
            given().get("/" + file).then().statusCode(200).contentType(containsString("javascript"));
        }
        given().header("Accept-Encoding", "gzip").get("/app.js").then().statusCode(200).header("Content-Encoding", "gzip");
    }

    @Test
    void theWholeWebAppStaysUnder50KB() throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(FILES)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        assertTrue(bytes < 50_000, "the web app has grown to " + bytes + " bytes");
    }
}
