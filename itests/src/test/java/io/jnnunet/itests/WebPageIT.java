package io.jnnunet.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lab's web page in a real headless Chromium (Debian's chromium through its chromedriver, nothing downloaded)
 * against the real distribution, as a biologist uses it: a wrong login is told, the right one shows the models with
 * their Dice, a model's page draws its training curve; a real 16-bit image dropped on the segment page gets its
 * contours, a cell count equal to the labels of the instance mask it downloads, and that mask is nnunet:predict's; a
 * file over the upload limit is told as too large; a broken dataset zip shows every problem with its file; a training
 * started on the jobs page moves its progress bar to done. Every page is photographed into
 * {@code target/screenshots/}.
 */
public class WebPageIT {

    private static final String DATASET = "Dataset001_Cells";
    private static final String PLANS = "tinyPlans";
    private static final String MODEL = DATASET + "__nnUNetTrainer__" + PLANS + "__2d";
    private static final String IMAGE = "BBBC039_100";
    private static final int EPOCHS = 30;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final Duration UI = Duration.ofSeconds(30);
    private static final String SERVER_CFG = "etc/io.jnnunet.server.cfg";
    private static final String JOBS_CFG = "etc/io.jnnunet.jobs.cfg";

    private final ServerClient server = new ServerClient(ServerClient.KARAF);
    private final Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
    private Distribution distribution;
    private WebDriver browser;
    private Path downloads;
    private int shot;

    @After
    public void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (distribution != null) {
                distribution.close();
            }
        }
    }

    @Test
    public void aBiologistSignsInSegmentsA16BitImageUploadsADatasetAndFollowsATraining() throws Exception {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(program)) {
                fail(program + " is missing: WebPageIT needs Debian's chromium and chromium-driver (apt-get install"
                        + " chromium chromium-driver; .ci/run installs them)");
            }
        }
        distribution = Distribution.unpack("web");
        distribution.start(server);
        // the page's mask is compared bit for bit with a job's: both must run with the same threads, whatever
        // Chromium does to the free cores meanwhile (the default takes the cores free when each one starts)
        Path engine = distribution.home().resolve("etc/io.jnnunet.engine.cfg");
        Files.writeString(engine, Files.readString(engine).replaceFirst("(?m)^threads = .*$", "threads = "
                + Runtime.getRuntime().availableProcessors()));
        // canonical: chromedriver takes no ".." in the files it puts into a file input
        Path sample = Path.of(System.getProperty("jnnunet.sampleData"), DATASET).toRealPath();
        distribution.prepareTinyPlans(server, sample, PLANS);
        JsonNode trained = server.await(server.submit(server.training(DATASET, PLANS, "0", EPOCHS)), LONG);
        assertEquals(trained.toString(), "FINISHED", trained.path("state").asText());
        Path raw = distribution.home().resolve("data/nnUNet_raw").resolve(DATASET);
        JsonNode predicted = server.await(server.submit(server.spec("predict", "input",
                raw.resolve("imagesTs").toString(), "output", "predictions", "dataset", DATASET, "configuration",
                "2d", "plans", PLANS, "instances", "auto")), LONG);
        assertEquals(predicted.toString(), "FINISHED", predicted.path("state").asText());
        Path expectedMask = distribution.home().resolve("data/jnnunet/work/predictions").resolve(IMAGE + ".png");

        browser = chromium();
        aWrongLoginIsToldAndTheRightOneShowsTheModels();
        theModelsPageShowsItsTrainingCurve();
        a16BitImageGetsItsCellsAndTheMaskIsNnunetPredicts(sample, expectedMask);
        aFileOverTheUploadLimitIsToldAsTooLarge();
        aBrokenDatasetShowsEveryProblemWithItsFile(sample);
        aTrainingStartedOnTheJobsPageMovesItsBarToDone();
        aFullQueueSaysWhenToTryAgainAndCancelStopsATraining();
        assertNoScriptErrors();
    }

    private void aWrongLoginIsToldAndTheRightOneShowsTheModels() throws Exception {
        browser.get(ServerClient.ORIGIN + "/lab/");
        WebElement user = visible(By.id("login-user"));
        screenshot("login");
        user.sendKeys("karaf");
        browser.findElement(By.id("login-password")).sendKeys("not-the-password");
        browser.findElement(By.id("login-submit")).click();
        WebElement error = visible(By.cssSelector("#login-error .message"));
        assertTrue(error.getText(), error.getText().contains("Wrong user name or password"));
        screenshot("login-wrong");

        WebElement password = browser.findElement(By.id("login-password"));
        password.clear();
        password.sendKeys("karaf");
        browser.findElement(By.id("login-submit")).click();
        WebElement row = visible(By.cssSelector("#models-table tr[data-model='" + MODEL + "']"));
        JsonNode model = server.json(server.get("models/" + MODEL));
        String dice = String.format(Locale.ROOT, "%.3f", model.path("validation_dice").asDouble());
        assertTrue(row.getText() + " shows the validation Dice " + dice, row.getText().contains(dice));
        screenshot("models");
        row.click();
    }

    private void theModelsPageShowsItsTrainingCurve() throws Exception {
        WebElement canvas = visible(By.cssSelector("canvas#curve[data-epochs]"));
        assertEquals(Integer.toString(EPOCHS), canvas.getAttribute("data-epochs"));
        // drawn: pixels in more than a few colours (axes, grid, four curves), not a blank canvas
        Number colours = (Number) js("const c = arguments[0]; const d = c.getContext('2d')"
                + ".getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                + " for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0) seen.add(d[i] << 16 | d[i + 1] << 8"
                + " | d[i + 2]); } return seen.size;", canvas);
        assertTrue("colours on the training curve: " + colours, colours.intValue() > 20);
        WebElement plan = visible(By.id("plan-facts"));
        assertTrue(plan.getText(), plan.getText().contains("64 × 96"));
        assertTrue(plan.getText(), plan.getText().contains("8 · 16 · 32"));
        screenshot("model");
    }

    private void a16BitImageGetsItsCellsAndTheMaskIsNnunetPredicts(Path sample, Path expectedMask) throws Exception {
        browser.get(ServerClient.ORIGIN + "/lab/#/segment?model=" + MODEL);
        Path image = sample.resolve("imagesTs").resolve(IMAGE + "_0000.png");
        Path second = sample.resolve("imagesTs").resolve("BBBC039_101_0000.png");
        assertEquals("the sample image is 16-bit", 16, ImageIO.read(image.toFile()).getColorModel().getPixelSize());
        present(By.id("segment-dropzone-input")).sendKeys(image + "\n" + second);
        visible(By.cssSelector("a#download-mask"));
        int count = Integer.parseInt(browser.findElement(By.id("cell-count")).getText());
        assertTrue("the model found no cell: the test would prove nothing", count > 0);
        assertEquals("one contour per cell", count, browser.findElements(By.cssSelector("#overlay path")).size());
        assertEquals("one row per cell", count, browser.findElements(By.cssSelector("#cells-table tbody tr")).size());
        new WebDriverWait(browser, LONG).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector(".image-item[data-state=done]"), 2));
        screenshot("segment");

        browser.findElement(By.cssSelector("a#download-mask")).click();
        Path mask = downloaded(IMAGE + "_instances.png");
        BufferedImage ours = ImageIO.read(mask.toFile());
        assertEquals("a 16-bit instance mask", 16, ours.getColorModel().getPixelSize());
        int[] labels = ours.getRaster().getPixels(0, 0, ours.getWidth(), ours.getHeight(), (int[]) null);
        assertEquals("the count shown is the mask's number of cells", count,
                Arrays.stream(labels).filter(l -> l > 0).distinct().count());
        BufferedImage theirs = ImageIO.read(expectedMask.toFile());
        assertTrue("the mask downloaded is nnunet:predict's", Arrays.equals(theirs.getRaster().getPixels(0, 0,
                theirs.getWidth(), theirs.getHeight(), (int[]) null), labels));

        browser.findElement(By.cssSelector("#cells-table button[data-key=area]")).click();
        List<Integer> areas = browser.findElements(By.cssSelector("#cells-table tbody tr td:nth-child(2)")).stream()
                .map(td -> Integer.parseInt(td.getText())).toList();
        assertEquals("sorted by area", areas.stream().sorted().toList(), areas);
        browser.findElement(By.id("download-csv")).click();
        List<String> csv = Files.readAllLines(downloaded(IMAGE + "_cells.csv"));
        assertEquals("id,area,mean_intensity", csv.get(0));
        assertEquals("a line per cell", count + 1, csv.size());
        browser.findElement(By.id("show-contours")).click();
        assertFalse(browser.findElement(By.id("overlay")).isDisplayed());
        browser.findElement(By.id("show-contours")).click();
    }

    private void aFileOverTheUploadLimitIsToldAsTooLarge() throws Exception {
        Path cfg = distribution.home().resolve(SERVER_CFG);
        String settings = Files.readString(cfg);
        Files.writeString(cfg, settings.replaceFirst("(?m)^max\\.upload\\.mb = .*$", "max.upload.mb = 1"));
        Path big = downloads.resolve("whole-slide_0000.png");
        ImageIO.write(noise(1400, 1400), "png", big.toFile());
        assertTrue("bigger than 1 MiB: " + Files.size(big), Files.size(big) > 2L << 20);
        long deadline = System.nanoTime() + UI.toNanos();
        while (server.send(server.request("images/preview").header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofFile(big))).statusCode() != 413) {
            assertTrue("max.upload.mb = 1 did not apply", System.nanoTime() < deadline);
            Thread.sleep(500);
        }
        try {
            present(By.id("segment-dropzone-input")).sendKeys(big.toString());
            WebElement failed = visible(By.cssSelector(".image-item[data-state=error]"));
            assertTrue(failed.getText(), failed.getText().contains("File too large"));
            failed.click();
            WebElement message = visible(By.cssSelector(".segment-main .message.error"));
            assertTrue(message.getText(), message.getText().contains("at most 1 MiB"));
            screenshot("segment-too-large");
        } finally {
            Files.writeString(cfg, settings);
        }
    }

    private void aBrokenDatasetShowsEveryProblemWithItsFile(Path sample) throws Exception {
        Path zip = brokenDataset(sample);
        browser.get(ServerClient.ORIGIN + "/lab/#/datasets");
        visible(By.cssSelector("#datasets-table"));
        drop(By.id("dataset-dropzone"), zip, "application/zip");
        WebElement report = visible(By.cssSelector("#dataset-report"));
        assertTrue(report.getText(), report.getText().contains("Dataset009_Broken not accepted"));
        String files = browser.findElements(By.cssSelector("#problems-table td.file")).stream()
                .map(WebElement::getText).collect(Collectors.joining("\n"));
        assertTrue(files, files.contains("labelsTr/broken_002.png"));
        assertTrue(files, files.contains("imagesTr/broken_003_0000.png"));
        screenshot("datasets");
    }

    private void aTrainingStartedOnTheJobsPageMovesItsBarToDone() throws Exception {
        browser.get(ServerClient.ORIGIN + "/lab/#/jobs");
        present(By.cssSelector("#train-dataset option[value='" + DATASET + "']"));
        new Select(browser.findElement(By.id("train-dataset"))).selectByValue(DATASET);
        browser.findElement(By.id("train-mode-plan")).click();
        WebElement plans = visible(By.id("train-plans"));
        plans.clear();
        plans.sendKeys(PLANS);
        new Select(browser.findElement(By.id("train-fold"))).selectByValue("1");
        browser.findElement(By.id("train-epochs")).sendKeys(Integer.toString(EPOCHS));
        browser.findElement(By.id("train-start")).click();
        String job = new WebDriverWait(browser, UI).until(d -> d.findElement(By.id("train-result"))
                .getAttribute("data-job"));
        By bar = By.cssSelector("li.job[data-job='" + job + "'] .progress");
        Set<Integer> seen = new TreeSet<>();
        boolean photographed = false;
        long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            WebElement progress = visible(bar);
            String state = progress.getAttribute("data-state");
            int value = Integer.parseInt(progress.getAttribute("aria-valuenow"));
            if ("RUNNING".equals(state)) {
                seen.add(value);
                if (!photographed && value >= 30) {
                    screenshot("jobs-running");
                    photographed = true;
                }
            }
            if ("FINISHED".equals(state)) {
                assertEquals(100, value);
                assertEquals("done", progress.getText());
                break;
            }
            assertFalse("the training ended " + state, "FAILED".equals(state) || "CANCELLED".equals(state));
            assertTrue("the training did not finish within " + LONG + "; bar values " + seen,
                    System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        assertTrue("the bar moved while the training ran: " + seen, seen.stream().anyMatch(v -> v > 0 && v < 100));
        browser.findElement(By.cssSelector("li.job[data-job='" + job + "'] .job-actions button")).click();
        new WebDriverWait(browser, UI).until(d -> d.findElement(By.cssSelector("li.job[data-job='" + job
                + "'] pre.log")).getText().contains("Training done."));
        screenshot("jobs");
    }

    private void aFullQueueSaysWhenToTryAgainAndCancelStopsATraining() throws Exception {
        JsonNode running = server.submit(server.training(DATASET, PLANS, "2", 1000));
        JsonNode waiting = server.submit(server.training(DATASET, PLANS, "3", 1));
        Path cfg = distribution.home().resolve(JOBS_CFG);
        String settings = Files.readString(cfg);
        Files.writeString(cfg, settings.replaceFirst("(?m)^queue\\.size = .*$", "queue.size = 1"));
        try {
            long deadline = System.nanoTime() + UI.toNanos();
            while (true) {
                HttpResponse<byte[]> probe = server.postJson("jobs", server.training(DATASET, PLANS, "4", 1));
                if (probe.statusCode() == 429) {
                    break;
                }
                // queued before the setting applied: taken back
                server.send(server.request("jobs/" + server.json(probe).path("id").asText()).DELETE());
                assertTrue("queue.size = 1 did not apply", System.nanoTime() < deadline);
                Thread.sleep(500);
            }
            browser.findElement(By.id("train-start")).click();
            WebElement refused = visible(By.cssSelector("#train-result .message.error"));
            assertTrue(refused.getText(), refused.getText().matches("(?s)The server is busy: try again in \\d+ s.*"));
            screenshot("jobs-queue-full");
        } finally {
            Files.writeString(cfg, settings);
        }
        By bar = By.cssSelector("li.job[data-job='" + running.path("id").asText() + "'] .progress");
        new WebDriverWait(browser, LONG).until(d -> "RUNNING".equals(d.findElement(bar).getAttribute("data-state")));
        browser.findElement(By.cssSelector("li.job[data-job='" + running.path("id").asText() + "'] button.cancel"))
                .click();
        new WebDriverWait(browser, LONG).until(d -> "CANCELLED".equals(d.findElement(bar).getAttribute("data-state")));
        assertEquals("CANCELLED", server.await(running, LONG).path("state").asText());
        server.send(server.request("jobs/" + waiting.path("id").asText()).DELETE());
    }

    /** Uncaught script errors and refused security policies show in the console; refused calls are expected. */
    private void assertNoScriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && !entry.getMessage().contains("Failed to load resource")) {
                errors.add(entry.getMessage());
            }
        }
        assertEquals("errors in the browser's console", List.of(), errors);
    }

    private WebDriver chromium() throws IOException {
        Path target = Files.createDirectories(Path.of("target", "web").toAbsolutePath());
        downloads = Files.createTempDirectory(target, "downloads");
        Path profile = Files.createTempDirectory(target, "chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--window-size=1440,1000",
                "--force-device-scale-factor=1", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "safebrowsing.enabled", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver is named, so Selenium Manager is never asked to find (or download) one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    private WebElement visible(By what) {
        return new WebDriverWait(browser, LONG).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private WebElement present(By what) {
        return new WebDriverWait(browser, UI).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    /** A file dropped on an element as a person drags it from their desktop: dragenter, dragover, drop. */
    private void drop(By zone, Path file, String type) throws IOException {
        js("const [zone, name, base64, type] = arguments; const bytes = Uint8Array.from(atob(base64),"
                + " c => c.charCodeAt(0)); const data = new DataTransfer(); data.items.add(new File([bytes], name,"
                + " {type})); for (const kind of ['dragenter', 'dragover', 'drop']) { zone.dispatchEvent("
                + "new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: data})); }",
                present(zone), file.getFileName().toString(),
                java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file)), type);
    }

    private Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(screenshots);
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(String.format(Locale.ROOT, "%02d-%s.png", ++shot, name)), png);
    }

    /** A file the browser downloaded, once it is complete. */
    private Path downloaded(String name) throws Exception {
        Path file = downloads.resolve(name);
        long deadline = System.nanoTime() + UI.toNanos();
        while (!Files.isRegularFile(file) || Files.exists(downloads.resolve(name + ".crdownload"))) {
            assertTrue("no download " + file + " within " + UI, System.nanoTime() < deadline);
            Thread.sleep(200);
        }
        return file;
    }

    private static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
        Random random = new Random(42);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = random.nextInt(65536);
            }
            image.getRaster().setPixels(0, y, width, 1, row);
        }
        return image;
    }

    /**
     * A zip of a dataset with two broken cases among good ones: case 002's label is missing, case 003's image is not
     * a PNG.
     */
    private Path brokenDataset(Path sample) throws IOException {
        String name = "Dataset009_Broken";
        List<Path> images;
        try (Stream<Path> files = Files.list(sample.resolve("imagesTr"))) {
            images = files.sorted().limit(3).toList();
        }
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        for (int i = 0; i < images.size(); i++) {
            String id = String.format(Locale.ROOT, "broken_%03d", i + 1);
            String caseId = images.get(i).getFileName().toString().replace("_0000.png", "");
            entries.put("imagesTr/" + id + "_0000.png", Files.readAllBytes(images.get(i)));
            entries.put("labelsTr/" + id + ".png", Files.readAllBytes(sample.resolve("labelsTr")
                    .resolve(caseId + ".png")));
        }
        entries.remove("labelsTr/broken_002.png");
        entries.put("imagesTr/broken_003_0000.png", "not an image".getBytes(StandardCharsets.UTF_8));
        String datasetJson = Files.readString(sample.resolve("dataset.json"))
                .replaceFirst("\"numTraining\"\\s*:\\s*\\d+", "\"numTraining\": 3");
        entries.put("dataset.json", datasetJson.getBytes(StandardCharsets.UTF_8));
        Path zip = downloads.resolve(name + ".zip");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(name + "/" + entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        Files.write(zip, bytes.toByteArray());
        return zip;
    }
}
