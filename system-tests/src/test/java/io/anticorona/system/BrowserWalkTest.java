package io.anticorona.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.anticorona.devstack.Function;
import io.anticorona.devstack.Tokens;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walk through the web app in headless Chromium, once in English and once in Korean: the vaccine admin
 * registers a vaccine with one dose, Alice books it, Bob is first on the waitlist, Alice cancels, Bob's open My Page
 * turns BOOKED by itself, the nurse marks his injection done and the admin's table shows the stock down by one. Every
 * user has their own browser (the session is a cookie); axe-core checks every page; screenshots go to
 * {@code target/screenshots/<language>-<step>.png}. With {@code -Danticorona.screenshots.docs=true} the main page of
 * each role is copied to {@code docs/screenshots/} for the README.
 */
@ExtendWith(RunningSystem.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserWalkTest {

    private static final Pattern HANGUL = Pattern.compile("\\p{IsHangul}");
    /** The README's pictures: one per role's main page, from the English walk. */
    private static final Map<String, String> DOCS_SCREENSHOTS = Map.of(
            "en-08-mypage-promoted.png", "customer-mypage.png",
            "en-10-agent.png", "booking-agent.png",
            "en-11-admin-stock.png", "vaccine-admin.png",
            "en-09-worklist.png", "injection-admin-worklist.png");
    private static long started;

    @BeforeAll
    static void startClock() {
        started = System.nanoTime();
    }

    @AfterAll
    static void report() throws IOException {
        // The stack is started once for all system tests, so this is what the browser test adds to a test run.
        System.out.printf("BROWSER TEST: %.1f s for both walks (the shared stack's start not included)%n",
                (System.nanoTime() - started) / 1e9);
        if (Boolean.getBoolean("anticorona.screenshots.docs")) {
            Path docs = Path.of(System.getProperty("anticorona.project.root", "..")).resolve("docs/screenshots");
            Files.createDirectories(docs);
            for (Map.Entry<String, String> shot : DOCS_SCREENSHOTS.entrySet()) {
                Files.copy(Browser.SCREENSHOTS.resolve(shot.getKey()), docs.resolve(shot.getValue()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void walkInEnglish() {
        walk("en", Tokens.ALICE, Tokens.BOB, Api.uniqueName("Comirnaty"));
    }

    @Test
    @Order(2)
    void walkInKorean() {
        walk("ko", Tokens.CAROL, Tokens.BOB, Api.uniqueName("코미나티"));
        try (Browser anyone = Browser.open("ko")) {
            switchesLanguage(anyone.go("/#/vaccines"));
        }
    }

    private void walk(String language, String first, String second, String vaccineName) {
        cancelActiveBookings(first, second);

        // 1. The vaccine admin signs in (the sign-in page is checked on the way) and registers a vaccine with one dose.
        long vaccineId;
        try (Browser admin = Browser.open(language)) {
            admin.go("/#/vaccines");
            admin.find(By.id("vaccines"));
            assertLanguage(admin);
            admin.screenshot("01-vaccines-signed-out");
            admin.assertAccessible("vaccines (signed out)");
            admin.click(By.id("signin"));
            admin.find(By.id("username"));
            assertEquals(language, admin.attribute(By.tagName("html"), "lang"), "Keycloak's sign-in page speaks the browser's language");
            admin.screenshot("02-sign-in");
            admin.assertAccessible("sign-in");
            admin.signInOnKeycloak(Tokens.VADMIN);
            admin.awaitSignedIn(Tokens.VADMIN);

            admin.go("/#/admin");
            admin.find(By.id("new-vaccine-name")).sendKeys(vaccineName);
            WebElement stock = admin.find(By.id("new-vaccine-stock"));
            stock.clear();
            stock.sendKeys("1");
            admin.click(By.id("register-vaccine"));
            WebElement row = admin.until(d -> d.findElements(By.cssSelector("#stock tr[data-vaccine-id]")).stream()
                    .filter(r -> vaccineName.equals(text(r, "td.name"))).findFirst().orElse(null));
            vaccineId = Long.parseLong(row.getDomAttribute("data-vaccine-id"));
            assertEquals("1", text(row, "td.stock"));
            assertLanguage(admin);
            admin.screenshot("03-admin-registered");
            admin.assertAccessible("admin");
        }
        Api.vaccine(vaccineId).body("name", equalTo(vaccineName), "stock", equalTo(1), "reserved", equalTo(0));
        By vaccineRow = By.cssSelector("#vaccines tr[data-vaccine-id='" + vaccineId + "']");

        try (Browser firstBrowser = Browser.open(language); Browser secondBrowser = Browser.open(language)) {
            // 2. The first customer books the last dose.
            firstBrowser.signIn(first).go("/#/vaccines");
            firstBrowser.until(d -> "1".equals(text(d.findElement(vaccineRow), "td.available")));
            firstBrowser.assertAccessible("vaccines");
            firstBrowser.click(By.cssSelector("#vaccines tr[data-vaccine-id='" + vaccineId + "'] button.book"));
            assertEquals("BOOKED", firstBrowser.until(d -> d.findElement(By.id("booking-result")).getDomAttribute("data-status")));
            firstBrowser.screenshot("04-first-booked");
            String firstBooking = activeBooking(first);
            Api.booking(firstBooking).body("status", equalTo("BOOKED"), "vaccineId", equalTo((int) vaccineId));

            // 3. The second customer is put on the waitlist, first in line, and keeps My Page open.
            secondBrowser.signIn(second).go("/#/vaccines");
            secondBrowser.until(d -> "0".equals(text(d.findElement(vaccineRow), "td.available")));
            secondBrowser.click(By.cssSelector("#vaccines tr[data-vaccine-id='" + vaccineId + "'] button.book"));
            assertEquals("WAITING", secondBrowser.until(d -> d.findElement(By.id("booking-result")).getDomAttribute("data-status")));
            assertEquals(1, number(secondBrowser.find(By.cssSelector("#booking-result .waitlist-position"))));
            assertTrue(secondBrowser.find(By.id("booking-result")).getText().length() > 20, "the waitlist is explained");
            assertLanguage(secondBrowser);
            secondBrowser.screenshot("05-second-waiting");
            String secondBooking = activeBooking(second);
            Api.booking(secondBooking).body("status", equalTo("WAITING"));

            secondBrowser.go("/#/mypage");
            secondBrowser.find(By.cssSelector("#live[data-state='open']"));
            By secondRow = By.cssSelector("#bookings tr[data-booking-id='" + secondBooking + "']");
            assertEquals("WAITING", secondBrowser.find(secondRow).getDomAttribute("data-status"));
            assertEquals(1, number(secondBrowser.find(secondRow).findElement(By.cssSelector(".waitlist-position"))));
            int promotedBefore = count(secondBrowser, "#notifications li[data-kind='PROMOTED']");
            int injectedBefore = count(secondBrowser, "#notifications li[data-kind='INJECTED']");
            secondBrowser.script("window.anticoronaSamePage = true;");  // gone if the page were loaded again
            assertLanguage(secondBrowser);
            secondBrowser.screenshot("06-second-mypage-waiting");
            secondBrowser.assertAccessible("mypage");

            // 4. The first customer cancels, after saying no once to the confirmation.
            firstBrowser.go("/#/mypage");
            By firstRow = By.cssSelector("#bookings tr[data-booking-id='" + firstBooking + "']");
            By firstCancel = By.cssSelector("#bookings tr[data-booking-id='" + firstBooking + "'] button.cancel");
            assertEquals("BOOKED", firstBrowser.find(firstRow).getDomAttribute("data-status"));
            firstBrowser.click(firstCancel);
            firstBrowser.find(By.cssSelector("dialog#confirm"));
            firstBrowser.click(By.id("confirm-no"));
            firstBrowser.until(d -> !d.findElement(By.id("confirm")).isDisplayed());
            assertEquals("BOOKED", firstBrowser.find(firstRow).getDomAttribute("data-status"));
            Api.booking(firstBooking).body("status", equalTo("BOOKED"));
            firstBrowser.click(firstCancel);
            firstBrowser.find(By.cssSelector("dialog#confirm"));
            firstBrowser.screenshot("07-first-confirm-cancel");
            firstBrowser.assertAccessible("mypage (cancel dialog)");
            firstBrowser.click(By.id("confirm-yes"));
            assertOnlyRow(firstBrowser, "#bookings", firstBooking, "CANCELLED");
            Api.booking(firstBooking).body("status", equalTo("CANCELLED"));

            // 5. The second customer's open page turns BOOKED by itself, with the PROMOTED notification.
            assertOnlyRow(secondBrowser, "#bookings", secondBooking, "BOOKED");
            secondBrowser.until(d -> count(secondBrowser, "#notifications li[data-kind='PROMOTED']") == promotedBefore + 1);
            assertEquals(Boolean.TRUE, secondBrowser.script("return window.anticoronaSamePage === true;"), "no reload");
            assertEquals("PROMOTED", secondBrowser.find(By.cssSelector("#notifications li")).getDomAttribute("data-kind"),
                    "newest first");
            Api.booking(secondBooking).body("status", equalTo("BOOKED"));
            secondBrowser.screenshot("08-mypage-promoted");
            secondBrowser.assertAccessible("mypage (promoted)");

            // 6. The nurse marks the injection done; the open page follows.
            try (Browser nurse = Browser.open(language)) {
                nurse.signIn(Tokens.NURSE).go("/#/worklist");
                By worklistRow = By.cssSelector("#worklist tr[data-booking-id='" + secondBooking + "']");
                untilAfterReloads(nurse, worklistRow);
                assertEquals(second, text(nurse.find(worklistRow), "td.customer"));
                assertLanguage(nurse);
                nurse.screenshot("09-worklist");
                nurse.assertAccessible("worklist");
                nurse.click(By.cssSelector("#worklist tr[data-booking-id='" + secondBooking + "'] button.complete"));
                nurse.until(d -> d.findElements(worklistRow).isEmpty());
            }
            assertOnlyRow(secondBrowser, "#bookings", secondBooking, "INJECTED");
            secondBrowser.until(d -> count(secondBrowser, "#notifications li[data-kind='INJECTED']") == injectedBefore + 1);
            assertEquals(Boolean.TRUE, secondBrowser.script("return window.anticoronaSamePage === true;"), "no reload");
            // booking-fn learns of the injection from its own event, maybe after My Page did.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> Api.booking(secondBooking).body("status", equalTo("INJECTED")));

            // The booking agent looks the customer up.
            try (Browser agent = Browser.open(language)) {
                agent.signIn(Tokens.AGENT).go("/#/agent");
                agent.find(By.id("agent-customer")).sendKeys(second);
                agent.click(By.id("agent-lookup"));
                assertOnlyRow(agent, "#agent-bookings", secondBooking, "INJECTED");
                assertLanguage(agent);
                agent.screenshot("10-agent");
                agent.assertAccessible("agent");
            }
        }

        // The admin's table shows the stock down by one, nothing reserved.
        try (Browser admin = Browser.open(language)) {
            admin.signIn(Tokens.VADMIN).go("/#/admin");
            By row = By.cssSelector("#stock tr[data-vaccine-id='" + vaccineId + "']");
            admin.until(d -> {
                List<WebElement> rows = d.findElements(row);
                if (!rows.isEmpty() && "0".equals(text(rows.get(0), "td.stock")) && "0".equals(text(rows.get(0), "td.reserved"))) {
                    return true;
                }
                d.navigate().refresh();  // the table is read when the page loads
                return false;
            });
            admin.screenshot("11-admin-stock");
            admin.assertAccessible("admin (stock down by one)");
        }
        Api.vaccine(vaccineId).body("stock", equalTo(0), "reserved", equalTo(0));
    }

    /** {@code #lang} switches the page's language, and the choice outlives a reload. */
    private static void switchesLanguage(Browser browser) {
        browser.find(By.id("vaccines"));
        assertLanguage(browser);
        new Select(browser.find(By.id("lang"))).selectByValue("en");
        browser.until(d -> "en".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        browser.until(d -> !HANGUL.matcher(d.findElement(By.tagName("h1")).getText()).find());
        browser.driver().navigate().refresh();
        browser.find(By.id("vaccines"));
        assertEquals("en", browser.attribute(By.tagName("html"), "lang"), "the choice is kept");
        browser.screenshot("12-switched-to-en");
        new Select(browser.find(By.id("lang"))).selectByValue("ko");
        browser.until(d -> "ko".equals(d.findElement(By.tagName("html")).getDomAttribute("lang")));
        browser.until(d -> HANGUL.matcher(d.findElement(By.tagName("h1")).getText()).find());
    }

    /** The page is in the browser's language: {@code <html lang>}, and Hangul in the heading exactly when Korean. */
    private static void assertLanguage(Browser browser) {
        assertEquals(browser.language(), browser.attribute(By.tagName("html"), "lang"));
        String heading = browser.find(By.tagName("h1")).getText();
        assertEquals("ko".equals(browser.language()), HANGUL.matcher(heading).find(), "heading: " + heading);
        if ("ko".equals(browser.language())) {
            assertTrue(HANGUL.matcher(browser.find(By.cssSelector("nav, header")).getText()).find(), "Korean labels");
        }
    }

    /** Waits for an element that a page shows only as read when it loads (the worklist is fed by events). */
    private static void untilAfterReloads(Browser browser, By by) {
        browser.until(d -> {
            if (!d.findElements(by).isEmpty()) {
                return true;
            }
            d.navigate().refresh();
            return false;
        });
    }

    /** Tests before this one may have left these customers with a booking, and a customer has one at a time. */
    private static void cancelActiveBookings(String... customers) {
        for (String customer : customers) {
            List<Map<String, Object>> bookings = Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING))
                    .get("/bookings?customerId=" + customer).then().statusCode(200).extract().jsonPath().getList("$");
            for (Map<String, Object> booking : bookings) {
                if (List.of("BOOKED", "WAITING").contains(booking.get("status"))) {
                    Api.cancel((String) booking.get("id")).statusCode(200);
                }
            }
        }
    }

    private static String activeBooking(String customer) {
        return Api.asAgent().baseUri(RunningSystem.url(Function.BOOKING)).get("/bookings?customerId=" + customer)
                .then().statusCode(200).extract().path("find { it.status == 'BOOKED' || it.status == 'WAITING' }.id");
    }

    /** Waits for the booking's row in that status; the row drawn anew replaces the old one, so it is the only one. */
    private static void assertOnlyRow(Browser browser, String table, String bookingId, String status) {
        String rows = table + " tr[data-booking-id='" + bookingId + "']";
        browser.find(By.cssSelector(rows + "[data-status='" + status + "']"));
        assertEquals(List.of(status), browser.driver().findElements(By.cssSelector(rows)).stream()
                .map(row -> row.getDomAttribute("data-status")).toList(), "the rows of booking " + bookingId + " in " + table);
    }

    private static String text(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText().trim();
    }

    private static int number(WebElement element) {
        String digits = element.getText().replaceAll("\\D", "");
        assertFalse(digits.isEmpty(), "a number in: " + element.getText());
        return Integer.parseInt(digits);
    }

    private static int count(Browser browser, String css) {
        return browser.driver().findElements(By.cssSelector(css)).size();
    }
}
