package io.anticorona.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One user's headless Chromium: Debian's {@code /usr/bin/chromium} driven through {@code /usr/bin/chromedriver}, both
 * given by path so that Selenium Manager never downloads a browser or a driver ({@code scripts/ensure-chromium.sh}
 * installs them). Each browser has its own profile, so its own session cookie, and asks for pages in one language.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("anticorona.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("anticorona.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/screenshots");
    /** Long enough for an event to go through Kafka and a function on a busy 2-core machine; waits end as soon as it shows. */
    static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static final AtomicInteger FAILURES = new AtomicInteger();

    private final String language;
    private final Path profile;
    private final ChromeDriver driver;
    private final WebDriverWait wait;

    private Browser(String language) {
        this.language = language;
        try {
            this.profile = Files.createTempDirectory("anticorona-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile)
                .setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, EVENTUALLY);
        wait.ignoring(StaleElementReferenceException.class);  // the page re-renders while a wait looks
    }

    /** A fresh browser (no cookies, no storage) whose {@code Accept-Language} is {@code language}, e.g. {@code ko}. */
    static Browser open(String language) {
        return new Browser(language);
    }

    String language() {
        return language;
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens a path of the gateway, e.g. {@code /#/vaccines}. */
    Browser go(String path) {
        driver.get(RunningSystem.url(io.anticorona.devstack.Function.GATEWAY) + path);
        return this;
    }

    /** Signs in the way a person does: the web app's sign-in link, then Keycloak's own login form. */
    Browser signIn(String user) {
        go("/#/vaccines");
        click(By.id("signin"));
        signInOnKeycloak(user);
        return awaitSignedIn(user);
    }

    /**
     * Back from Keycloak on the vaccines page: the header names the user and the page is drawn. The app names the
     * user before it draws the first page, so a navigation in between would be drawn over once more.
     */
    Browser awaitSignedIn(String user) {
        until(ExpectedConditions.textToBe(By.id("whoami"), user));
        present(By.id("vaccines"));
        return this;
    }

    /** Fills Keycloak's login form, which must be showing. */
    void signInOnKeycloak(String user) {
        find(By.id("username")).sendKeys(user);
        find(By.id("password")).sendKeys(user);
        click(By.id("kc-login"));
    }

    WebElement find(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement present(By by) {
        return until(ExpectedConditions.presenceOfElementLocated(by));
    }

    void click(By by) {
        until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** Waits until the condition holds (not null or false), for at most {@link #EVENTUALLY}. */
    <T> T until(Function<WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            // What the page showed when the wait gave up, for whoever reads the failure.
            Path shot = screenshot("failed-" + FAILURES.incrementAndGet());
            List<WebElement> message = driver.findElements(By.id("message"));
            throw new TimeoutException("Gave up at " + driver.getCurrentUrl() + " (screenshot " + shot + ", #message: "
                    + (message.isEmpty() ? "none" : "'" + message.get(0).getText() + "'") + ")", e);
        }
    }

    String attribute(By by, String name) {
        return present(by).getDomAttribute(name);
    }

    Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    /** Saves {@code target/screenshots/<language>-<step>.png}. */
    Path screenshot(String step) {
        Path file = SCREENSHOTS.resolve(language + "-" + step + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Runs axe-core on the page as it is now; fails on any serious or critical violation, after printing them all. */
    void assertAccessible(String page) {
        Results results = new AxeBuilder().analyze(driver);
        if (results.isErrored()) {
            fail("axe-core could not check " + page + ": " + results.getErrorMessage());
        }
        List<Rule> violations = results.getViolations();
        String report = violations.stream().map(Browser::describe).collect(Collectors.joining("\n"));
        System.out.printf("AXE: %s %s (%s): %d violations%s%n", language, page, driver.getCurrentUrl(), violations.size(),
                report.isEmpty() ? "" : "\n" + report);
        List<Rule> blocking = violations.stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())).toList();
        if (!blocking.isEmpty()) {
            fail("axe-core: serious or critical violations on " + page + " (" + language + "):\n"
                    + blocking.stream().map(Browser::describe).collect(Collectors.joining("\n")));
        }
    }

    private static String describe(Rule rule) {
        return "  [" + rule.getImpact() + "] " + rule.getId() + ": " + rule.getHelp() + " (" + rule.getHelpUrl() + ")"
                + rule.getNodes().stream().limit(5).map(node -> "\n    " + node.getTarget() + " " + node.getHtml())
                        .collect(Collectors.joining());
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary profile is harmless.
            }
        }
    }
}
