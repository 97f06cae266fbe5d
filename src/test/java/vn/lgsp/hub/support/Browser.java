package vn.lgsp.hub.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the console's browser tests ({@code *BrowserIT}, {@code mvn verify -Pbrowser-it}),
 * driven through Debian's packages: the browser {@value #CHROMIUM} and its driver {@value #CHROMEDRIVER}
 * ({@code apt-get install chromium chromium-driver}, as {@code .ci/run} does). Both are named, so
 * Selenium Manager never looks for, nor downloads, either ({@code SE_OFFLINE=true} too). One browser per
 * instance; close it ({@link AutoCloseable}).
 */
public final class Browser implements AutoCloseable {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** The sign-in form's key field and button: the console's {@code input[name=apiKey]} in a form. */
    public static final By SIGN_IN_KEY = By.cssSelector("form input[name='apiKey']");
    public static final By SIGN_IN_SUBMIT = By.cssSelector("form button[type='submit']");
    /** What a signed-in console shows: the sign-out button, and who is signed in. */
    public static final By SIGN_OUT = By.id("sign-out");
    public static final By WHO = By.id("who");

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String base;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    /** A browser for the hub at this base address, e.g. {@code http://127.0.0.1:8080}. */
    public Browser(String base) {
        this.base = base;
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    /** Whether this machine has the browser and its driver (else the browser tests cannot run). */
    public static boolean installed() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a page of the hub: {@code /console/}, or any path. */
    public Browser open(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
        return this;
    }

    /** Signs in through the console's sign-in form (the console already open) and waits for the signed-in state. */
    public Browser signIn(String apiKey) {
        WebElement key = waitFor(SIGN_IN_KEY);
        key.clear();
        key.sendKeys(apiKey);
        driver.findElement(SIGN_IN_SUBMIT).click();
        waitFor(SIGN_OUT);
        return this;
    }

    /** Clicks sign-out and waits until the sign-out button is gone and the sign-in form is shown. */
    public Browser signOut() {
        waitFor(SIGN_OUT).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(SIGN_OUT));
        waitFor(SIGN_IN_KEY);
        return this;
    }

    /** The element once it is displayed; fails after 15 s. */
    public WebElement waitFor(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the element's text contains this text. */
    public void waitForText(By locator, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    /** Waits until the current address contains this text. */
    public void waitForUrl(String fragment) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains(fragment));
    }

    /** A screenshot of the window as PNG, written to this file (its folders created). */
    public Path screenshot(Path file) {
        File taken = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(taken.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            taken.delete();
        }
        return file;
    }

    /**
     * The browser console's messages since the last call (Chromium hands each once): the page's
     * {@code console.*} calls, failed loads, content-security-policy violations.
     */
    public List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Where a browser test writes its screenshots and logs: {@code target/browser-it}, or the profile's setting. */
    public static Path output() {
        return Path.of(System.getProperty("hub.it.browser-output", "target/browser-it"));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
