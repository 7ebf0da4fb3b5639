package io.finpipe.bank.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.finpipe.bank.testing.RunningApp;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The UI in a real headless Chromium (Debian's chromium + chromium-driver, no Selenium Manager download):
 * register, open two accounts, deposit, transfer, read the history, project savings. Screenshots go to
 * target/screenshots/. A missing browser fails the test with the command that installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private RunningApp server;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install them with `apt-get install chromium chromium-driver` (scripts/prerequisites does)");
        }
        server = RunningApp.onH2();
        profile = Files.createTempDirectory("finpipe-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void customerJourney() throws IOException {
        open("/register");
        type("firstName", "Margaret");
        type("lastName", "Hamilton");
        type("username", "mhamilton");
        type("password", "apollo11 guidance");
        type("passwordRepeat", "apollo11 guidance");
        submit("#register-form");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hello Margaret");

        String checking = openAccount("Everyday", "CHECKING");
        String savings = openAccount("Moon fund", "SAVINGS");

        open("/accounts/" + checking);
        WebElement deposit = browser.findElement(By.id("deposit-form"));
        deposit.findElement(By.name("amount")).sendKeys("2500.00");
        deposit.findElement(By.name("description")).sendKeys("Salary");
        clickAndWait(deposit.findElement(By.tagName("button")));
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("€ 2,500.00");

        clickAndWait(browser.findElement(By.linkText("New transfer")));
        new Select(browser.findElement(By.name("from"))).selectByValue(checking);
        type("to", savings);
        type("amount", "750.25");
        type("description", "Saving for the moon");
        submit("#transfer-form");
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Transfer booked.");
        assertThat(browser.findElement(By.id("balance")).getText()).isEqualTo("€ 1,749.75");
        List<WebElement> rows = browser.findElements(By.cssSelector("#history tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("Saving for the moon", "-750.25");
        assertThat(rows.get(1).getText()).contains("Salary", "2,500.00");
        screenshot("account-history");

        open("/accounts");
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("€ 2,500.00");
        screenshot("accounts");

        open("/savings");
        type("goal", "Trip to Houston");
        type("monthlyAmount", "300");
        type("annualRate", "3.5");
        type("years", "8");
        submit("#savings-form");
        assertThat(browser.findElements(By.cssSelector("#plan-table tbody tr"))).hasSize(8);
        assertThat(browser.findElement(By.id("projected")).getText()).startsWith("€ 33,");
        assertThat(browser.findElement(By.id("projections")).getText()).contains("Trip to Houston");
        screenshot("savings");

        clickAndWait(browser.findElement(By.id("logout")));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    private String openAccount(String name, String type) {
        open("/accounts");
        type("name", name);
        new Select(browser.findElement(By.name("type"))).selectByValue(type);
        submit("#open-account");
        assertThat(browser.findElement(By.id("done")).getText()).isEqualTo("Account opened.");
        return browser.getCurrentUrl().replaceAll(".*/accounts/(FP\\d{12}).*", "$1");
    }

    private void open(String path) {
        browser.get(server.baseUrl + path);
    }

    private void type(String field, String text) {
        WebElement input = browser.findElement(By.name(field));
        input.clear();
        input.sendKeys(text);
    }

    private void submit(String form) {
        clickAndWait(browser.findElement(By.cssSelector(form + " button[type=submit]")));
    }

    /** Clicks and waits until the next page replaced this one, so assertions never read the old page. */
    private void clickAndWait(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.finpipeOldPage = true;");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
                .executeScript("return window.finpipeOldPage === undefined && document.readyState === 'complete';")));
    }

    private void screenshot(String name) throws IOException {
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
